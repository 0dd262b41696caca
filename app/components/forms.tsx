// The browser half of the form convention (ADR 010): the same zod schema the action
// parses checks the form as the user types, and a reply from the server (conform's
// submission result) puts each error beside its field and refills what was typed.
import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { useEffect, type FormEvent } from "react";
import type { z } from "zod";
import type { MessageKey } from "~/i18n";
import { catalogueErrorMap } from "~/utils/validation";

/** The name of the button conform submits with when it validates a field by itself. */
const CONFORM_INTENT = "__intent__";

/**
 * conform's `useForm` set up the house way: validate on blur, revalidate as the user
 * types, and after a server reply move focus to the first error. `defaultValue` is what
 * an edit form holds before any reply; after one, the fields hold what was typed.
 */
export function useSchemaForm<S extends z.ZodTypeAny>(
  schema: S,
  lastResult: SubmissionResult<string[]> | null | undefined,
  options: { id?: string; defaultValue?: DefaultValue<z.input<S>> } = {},
) {
  const [form, fields] = useForm<z.input<S>>({
    id: options.id,
    defaultValue: options.defaultValue,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, errorMap: catalogueErrorMap }),
  });
  // After a server reply, focus goes to the first field to fix in this form (not the
  // page's first: a staff page holds several forms, each with its own errors).
  // A form-wide error shown above the form is found by the form's errorId.
  const formId = form.id;
  const formErrorId = form.errorId;
  // conform takes the reply into its state in an effect of its own, so the errors are on
  // the page one render later: look for them after the next frame.
  useEffect(() => {
    if (!lastResult?.error) return;
    const frame = requestAnimationFrame(() => {
      const inForm = document.getElementById(formId)?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]');
      (inForm ?? document.getElementById(formErrorId))?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [lastResult, formId, formErrorId]);
  // When the browser's check stops a submission the user made, focus goes to the first
  // field to fix too. conform also submits the form itself to validate a field as the
  // user types or leaves it (its submitter is named CONFORM_INTENT): focus stays put then.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    form.onSubmit(event);
    if (!event.defaultPrevented || submitter?.getAttribute("name") === CONFORM_INTENT) return;
    requestAnimationFrame(() => element.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  };
  // conform's form metadata is made of getters, so a spread would lose them; wrap instead.
  const withFocus = new Proxy(form, { get: (target, key) => (key === "onSubmit" ? onSubmit : Reflect.get(target, key)) });
  return [withFocus, fields] as const;
}

/** The fields of a form set up by `useSchemaForm`, for components that render some of them. */
export type SchemaFields<S extends z.ZodTypeAny> = ReturnType<typeof useSchemaForm<S>>[1];

/** The first error of a field or form. Schemas and services only ever give catalogue keys. */
export function firstError(errors: string[] | undefined | null): MessageKey | undefined {
  return errors?.[0] as MessageKey | undefined;
}

/** What the user typed into a field, as the server sent it back. */
export function typedValue(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The first error of a reply, whichever field it is beside: for a page that shows only the message. */
export function replyError(reply: SubmissionResult<string[]> | null | undefined): MessageKey | undefined {
  return firstError(Object.values(reply?.error ?? {}).flatMap((errors) => errors ?? []));
}
