import { useFetcher, type FetcherWithComponents } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SerializeFrom } from "@remix-run/node";
import type { z } from "zod";
import type { action as triageAction } from "~/routes/posts.$id_.triage";
import { FormError } from "./Field";
import { firstError, useSchemaForm, type SchemaFields } from "./forms";
import { useHydrated } from "./useHydrated";
import { useT } from "./i18n";

type TriageAnswer = SerializeFrom<typeof triageAction>;

type Props<S extends z.ZodTypeAny> = {
  action: string;
  intent: string;
  /** What the form's fields must be, checked as staff type and again by the action. */
  schema: S;
  className?: string;
  confirm?: string;
  children: (state: { fields: SchemaFields<S>; busy: boolean }) => ReactNode;
};

/**
 * A staff action form. With JavaScript it posts through a fetcher, so the page stays
 * where it is and errors appear beside the field with what was typed; without it, it is
 * a plain form and the server redirects back.
 */
export function StaffForm<S extends z.ZodTypeAny>(props: Props<S>) {
  const fetcher = useFetcher<typeof triageAction>();
  // Each answer starts the form afresh. After a rejection it holds what was typed and the
  // errors; after a save it holds the page's data again (the save revalidated it), never
  // the values the form was first drawn with: those went stale with the save, and a tag
  // box shown unticked would untag the idea on the next save.
  return <StaffFormFor key={answerKey(fetcher.data)} fetcher={fetcher} {...props} />;
}

const answerKeys = new WeakMap<object, number>();
let nextAnswerKey = 1;

/** A key that changes with each answer the fetcher gets (each is a new object). */
export function answerKey(answer: unknown): number {
  if (typeof answer !== "object" || answer === null) return 0;
  let key = answerKeys.get(answer);
  if (key === undefined) {
    key = nextAnswerKey++;
    answerKeys.set(answer, key);
  }
  return key;
}

function StaffFormFor<S extends z.ZodTypeAny>({
  fetcher,
  action,
  intent,
  schema,
  className,
  confirm: confirmText,
  children,
}: Props<S> & { fetcher: FetcherWithComponents<TriageAnswer> }) {
  const t = useT();
  const hydrated = useHydrated();
  const busy = fetcher.state !== "idle";
  const answer = fetcher.data;
  const succeeded = !busy && answer !== undefined && !("reply" in answer);
  const [form, fields] = useSchemaForm(schema, answer !== undefined && "reply" in answer ? answer.reply : undefined);
  return (
    <fetcher.Form
      method="post"
      action={action}
      id={form.id}
      className={className}
      noValidate
      onSubmit={(event) => {
        form.onSubmit(event);
        if (!event.defaultPrevented && confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <FormError error={firstError(form.errors)} />
      {children({ fields, busy })}
      {succeeded ? (
        <span role="status" className="ms-2 text-sm text-ok">
          {t("admin.saved")}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
