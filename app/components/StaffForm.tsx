import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { MessageKey } from "~/i18n";
import { FormError } from "./Field";
import { useHydrated } from "./useHydrated";
import { useT } from "./i18n";

export type ActionOutcome = {
  ok: boolean;
  intent?: string;
  errors?: Record<string, MessageKey | undefined>;
  formError?: MessageKey;
  values?: Record<string, string>;
};

type Props = {
  action: string;
  intent: string;
  className?: string;
  resetOnSuccess?: boolean;
  confirm?: string;
  children: (state: { errors: Record<string, MessageKey | undefined>; values: Record<string, string>; busy: boolean }) => ReactNode;
};

/**
 * A staff action form. With JavaScript it posts through a fetcher, so the page stays
 * where it is and errors appear beside the field with what was typed; without it, it is
 * a plain form and the server redirects back.
 */
export function StaffForm({ action, intent, className, resetOnSuccess, confirm: confirmText, children }: Props) {
  const t = useT();
  const fetcher = useFetcher<ActionOutcome>();
  const hydrated = useHydrated();
  const formRef = useRef<HTMLFormElement>(null);
  const busy = fetcher.state !== "idle";
  const outcome = busy ? undefined : fetcher.data;
  const succeeded = fetcher.state === "idle" && fetcher.data?.ok === true;
  useEffect(() => {
    if (succeeded && resetOnSuccess) formRef.current?.reset();
  }, [succeeded, resetOnSuccess]);
  return (
    <fetcher.Form
      ref={formRef}
      method="post"
      action={action}
      className={className}
      noValidate
      onSubmit={(e) => {
        if (confirmText && !window.confirm(confirmText)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      {outcome?.formError ? <FormError error={outcome.formError} /> : null}
      {children({ errors: outcome?.errors ?? {}, values: outcome?.ok === false ? (outcome.values ?? {}) : {}, busy })}
      {succeeded ? (
        <span role="status" className="ms-2 text-sm text-ok">
          {t("admin.saved")}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
