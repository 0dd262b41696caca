// The first-run checklist on the admin home (issue 12): what is left to make the board
// useful, each step linking to where it is done. Plain forms, so it works without JS.
import { Form, Link } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import type { Checklist, ChecklistStep } from "~/services/checklist.server";
import { useT } from "./i18n";

const STEP_TEXT: Record<ChecklistStep, { label: MessageKey; hint: MessageKey; to?: string }> = {
  email: { label: "checklist.email", hint: "checklist.emailHint", to: "/admin/emails" },
  boards: { label: "checklist.boards", hint: "checklist.boardsHint", to: "/admin/settings" },
  team: { label: "checklist.team", hint: "checklist.teamHint", to: "/admin/team" },
  share: { label: "checklist.share", hint: "checklist.shareHint" },
};

export function SetupChecklist({ checklist }: { checklist: Checklist }) {
  const t = useT();
  const left = checklist.steps.filter((s) => !s.done).length;
  return (
    <section className="card space-y-3 p-5" aria-labelledby="checklist-heading" data-testid="setup-checklist">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 id="checklist-heading" className="text-lg font-semibold">
          {t("checklist.heading")}
        </h2>
        <p className="text-sm text-muted">{t("checklist.left", { count: left })}</p>
        <Form method="post" action="/admin/checklist" className="ms-auto">
          <input type="hidden" name="intent" value="dismiss" />
          <button type="submit" className="btn text-sm">
            {t("checklist.dismiss")}
          </button>
        </Form>
      </div>
      <ol className="space-y-2">
        {checklist.steps.map(({ step, done }) => {
          const text = STEP_TEXT[step];
          return (
            <li key={step} className="flex items-start gap-3" data-step={step} data-done={done ? "true" : "false"}>
              <span
                aria-hidden="true"
                className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full border text-xs ${done ? "border-ok bg-ok text-surface" : "border-line"}`}
              >
                {done ? "✓" : ""}
              </span>
              <div className="min-w-0 flex-1 space-y-1">
                <p className={done ? "text-muted line-through" : "font-medium"}>
                  {text.to && !done ? <Link to={text.to}>{t(text.label)}</Link> : t(text.label)}
                  <span className="sr-only"> ({t(done ? "checklist.done" : "checklist.todo")})</span>
                </p>
                {done ? null : <p className="text-sm text-muted">{t(text.hint)}</p>}
                {step === "share" && !done ? (
                  <div className="flex flex-wrap items-center gap-2">
                    <code dir="ltr" className="break-all rounded bg-canvas px-2 py-1 text-sm" data-testid="board-link">
                      {checklist.boardUrl}
                    </code>
                    <Form method="post" action="/admin/checklist">
                      <input type="hidden" name="intent" value="shared" />
                      <button type="submit" className="btn text-sm">
                        {t("checklist.shared")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
