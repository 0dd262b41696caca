import { useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import type { z } from "zod";
import type { action as triageAction } from "~/routes/posts.$id_.triage";
import { FormError } from "./Field";
import { firstError, useSchemaForm, type SchemaFields } from "./forms";
import { useHydrated } from "./useHydrated";
import { useT } from "./i18n";

type Props<S extends z.ZodTypeAny> = {
  action: string;
  intent: string;
  /** What the form's fields must be, checked as staff type and again by the action. */
  schema: S;
  className?: string;
  resetOnSuccess?: boolean;
  confirm?: string;
  children: (state: { fields: SchemaFields<S>; busy: boolean }) => ReactNode;
};

/**
 * A staff action form. With JavaScript it posts through a fetcher, so the page stays
 * where it is and errors appear beside the field with what was typed; without it, it is
 * a plain form and the server redirects back.
 */
export function StaffForm<S extends z.ZodTypeAny>({ action, intent, schema, className, resetOnSuccess, confirm: confirmText, children }: Props<S>) {
  const t = useT();
  const fetcher = useFetcher<typeof triageAction>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const busy = fetcher.state !== "idle";
  const answer = fetcher.data;
  const succeeded = !busy && answer !== undefined && !("reply" in answer);
  // Once saved, the page's own data is the truth again: what was typed before is forgotten.
  const lastResult = useMemo(() => (answer === undefined ? undefined : "reply" in answer ? answer.reply : { initialValue: null }), [answer]);
  const [form, fields] = useSchemaForm(schema, lastResult);
  useEffect(() => {
    if (succeeded && resetOnSuccess) formRef.current?.reset();
  }, [succeeded, resetOnSuccess]);
  return (
    <fetcher.Form
      ref={formRef}
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
