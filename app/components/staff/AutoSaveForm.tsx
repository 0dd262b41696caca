// A staff property form that saves itself. With JavaScript, changing a select or a
// checkbox submits the form's intent through a fetcher at once: the control already
// shows the new value (optimistic), a small status says "Saving…" then "Saved", and an
// error appears beside its field. Without JavaScript it is a plain form with a visible
// Save button, and the triage action redirects back.
import { useFetcher, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SerializeFrom } from "@remix-run/node";
import type { z } from "zod";
import type { action as triageAction } from "~/routes/posts.$id_.triage";
import { FormError } from "../Field";
import { firstError, useSchemaForm, type SchemaFields } from "../forms";
import { useT } from "../i18n";
import { useHydrated } from "../useHydrated";
import { triagePath } from "./types";
import { answerKey } from "../StaffForm";

type TriageAnswer = SerializeFrom<typeof triageAction>;

export type AutoSaveState<S extends z.ZodTypeAny> = {
  fields: SchemaFields<S>;
  busy: boolean;
  hydrated: boolean;
};

type Props<S extends z.ZodTypeAny> = {
  postId: number;
  intent: string;
  schema: S;
  /** What the no-JS Save button saves (read out after "Save"). */
  label: string;
  className?: string;
  /** Save on each change of a select or checkbox (default); off for forms with a button of their own. */
  auto?: boolean | ((target: HTMLInputElement | HTMLSelectElement) => boolean);
  confirm?: string;
  /** Where a no-JS save comes back to; the post page by default. */
  redirectTo?: string;
  children: (state: AutoSaveState<S>) => ReactNode;
};

export function AutoSaveForm<S extends z.ZodTypeAny>(props: Props<S>) {
  const t = useT();
  const fetcher = useFetcher<typeof triageAction>();
  const answer = fetcher.data;
  const busy = fetcher.state !== "idle";
  const failed = answer !== undefined && "reply" in answer;
  let status = "";
  if (busy) status = t("sidebar.saving");
  else if (answer !== undefined && !failed) status = t("admin.saved");
  return (
    <div>
      {/* A fresh form per answer: after a save it is drawn from the revalidated page data. */}
      <AutoSaveFormFor key={answerKey(answer)} fetcher={fetcher} {...props} />
      <p role="status" aria-live="polite" className="mt-0.5 text-xs text-ok empty:mt-0" data-testid={`saved-${props.intent}`}>
        {status}
      </p>
    </div>
  );
}

function AutoSaveFormFor<S extends z.ZodTypeAny>({
  fetcher,
  postId,
  intent,
  schema,
  label,
  className,
  auto = true,
  confirm: confirmText,
  redirectTo,
  children,
}: Props<S> & { fetcher: ReturnType<typeof useFetcher<TriageAnswer>> }) {
  const t = useT();
  const hydrated = useHydrated();
  const location = useLocation();
  const answer = fetcher.data;
  const [form, fields] = useSchemaForm(schema, answer !== undefined && "reply" in answer ? answer.reply : undefined, { id: `${intent}-${postId}` });
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form
      method="post"
      action={triagePath(postId)}
      id={form.id}
      className={className}
      noValidate
      onChange={(event) => {
        const target = event.target as HTMLInputElement | HTMLSelectElement;
        const changes = target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio"));
        if (!changes || !target.name) return;
        // requestSubmit runs conform's check and Remix's fetcher submit, as the button would.
        if (typeof auto === "function" ? auto(target) : auto) event.currentTarget.requestSubmit();
      }}
      onSubmit={(event) => {
        form.onSubmit(event);
        if (!event.defaultPrevented && confirmText && !window.confirm(confirmText)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="redirectTo" value={redirectTo ?? `${location.pathname}${location.search}`} />
      {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
      <FormError error={firstError(form.errors)} />
      {children({ fields, busy, hydrated })}
      {/* Without JavaScript nothing saves on change: the button does. */}
      {!hydrated && auto !== false ? (
        <button type="submit" className="btn mt-1 text-sm">
          {t("sidebar.save")}
          <span className="sr-only"> {label}</span>
        </button>
      ) : null}
    </fetcher.Form>
  );
}
