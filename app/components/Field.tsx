import { useEffect, type ReactNode } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "./i18n";

type FieldProps = {
  name: string;
  label: ReactNode;
  hint?: string;
  error?: MessageKey;
  children: (props: { id: string; name: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => ReactNode;
};

/** A labelled control with its hint and its error right beside it. */
export function Field({ name, label, hint, error, children }: FieldProps) {
  const t = useT();
  const id = `field-${name}`;
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, name, "aria-invalid": Boolean(error), "aria-describedby": described || undefined })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-danger" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * An error about the whole form. Give it the form's `errorId` when it sits outside the
 * form, so that focus still finds it after a reply (see useSchemaForm).
 */
export function FormError({ error, id }: { error?: MessageKey | null; id?: string }) {
  const t = useT();
  if (!error) return null;
  return (
    <p id={id} role="alert" tabIndex={-1} className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
      {t(error)}
    </p>
  );
}

/** Hidden from people, tempting to bots; see assertNoBot on the server. */
export function Honeypot() {
  const t = useT();
  return (
    <div className="hp-field" aria-hidden="true">
      <label htmlFor="hp-website">{t("honeypot.label")}</label>
      <input id="hp-website" type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}

/** A choice of one among a few, each with a line saying what it means; its error below the choices. */
export function RadioField<V extends string>({
  name,
  legend,
  options,
  value,
  error,
  onChange,
}: {
  name: string;
  legend: ReactNode;
  options: { value: V; label: ReactNode; hint: ReactNode }[];
  value: V;
  error?: MessageKey;
  onChange?: (value: V) => void;
}) {
  const t = useT();
  const errorId = `field-${name}-error`;
  return (
    <fieldset className="space-y-2" aria-describedby={error ? errorId : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="flex items-start gap-2">
          <input
            type="radio"
            name={name}
            value={option.value}
            defaultChecked={option.value === value}
            onChange={() => onChange?.(option.value)}
            className="mt-1"
          />
          <span>
            <span className="block font-medium">{option.label}</span>
            <span className="block text-sm text-muted">{option.hint}</span>
          </span>
        </label>
      ))}
      {error ? (
        <p id={errorId} className="text-sm text-danger" role="alert" tabIndex={-1}>
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * When a submission comes back with errors, focus moves to the first field marked
 * invalid, or else to the form's error: the submit button, disabled while sending, had
 * dropped focus on <body>, so keyboard and screen-reader users were left nowhere.
 */
export function useFocusAfterErrors(outcome: unknown): void {
  useEffect(() => {
    if (!outcome) return;
    document.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  }, [outcome]);
}
