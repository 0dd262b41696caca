// The optional question after a one-click answer: "Anything you want to add?" after
// "Did this solve it?", and the survey's follow-up ("What is the main reason for your
// score?") after a score, from an email link or the board's prompt. One text field, sent
// by a plain form (or a fetcher's form), then a short "saved" note in its place.
import type { SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ComponentType, ReactNode } from "react";
import type { z } from "zod";
import { Field } from "./Field";
import { firstError, typedValue, useSchemaForm } from "./forms";

type FormLike = ComponentType<React.ComponentProps<typeof Form>>;

type Props = {
  /** A schema with one text field, `name`. */
  schema: z.ZodTypeAny;
  name: string;
  label: ReactNode;
  submitLabel: string;
  savedMessage: string;
  saved: boolean;
  reply?: SubmissionResult<string[]> | null;
  action?: string;
  /** A fetcher's Form where the page stays put (the board's prompt); Remix's Form otherwise. */
  as?: FormLike;
  id?: string;
  children?: ReactNode;
};

export function FollowUpForm({ schema, name, label, submitLabel, savedMessage, saved, reply, action, as: FormComponent = Form, id, children }: Props) {
  const [form, fields] = useSchemaForm(schema, saved ? undefined : reply, { id });
  const field = (fields as unknown as Record<string, { errors?: string[]; initialValue?: unknown }>)[name];
  if (saved) {
    return (
      <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
        {savedMessage}
      </p>
    );
  }
  return (
    <FormComponent method="post" action={action} id={form.id} onSubmit={form.onSubmit} className="space-y-2" noValidate>
      {children}
      <Field name={name} label={label} error={firstError(field?.errors)}>
        {(p) => <textarea {...p} rows={3} className="input" dir="auto" maxLength={2000} defaultValue={typedValue(field?.initialValue)} />}
      </Field>
      <button type="submit" className="btn btn-primary">
        {submitLabel}
      </button>
    </FormComponent>
  );
}
