// The verbatims: what customers wrote with their survey scores, each with its score and
// group in words (not colour alone), who wrote it, where, and the ideas they voted for;
// and, for staff, "Make it an idea". Used by the verbatims page and the insights page.
import type { SubmissionResult } from "@conform-to/react";
import { Link, useFetcher, useLocation } from "@remix-run/react";
import { StatusBadge } from "~/components/Badges";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { RelativeTime } from "~/components/RelativeTime";
import { useHydrated } from "~/components/useHydrated";
import { LOCALE_NAMES } from "~/i18n";
import { ideaDraftFrom, makeIdeaSchema } from "~/schemas/verbatims";
import type { AnswerGroup, Verbatim } from "~/services/insights-types";

/** What the make-idea action answers: the idea made, or the form to fix for one answer. */
export type MakeIdeaAnswer = { postId: number } | { answerId: number; reply: SubmissionResult<string[]> };

type MakeIdea = {
  /** The boards an idea may go on. */
  boards: { id: number; name: string }[];
  /** The verbatims route, which makes the idea. */
  action: string;
  /** A reply to a plain (no-JavaScript) post, for the form of its answer. */
  rejected?: MakeIdeaAnswer | null;
};

type Props = {
  items: Verbatim[];
  /** The loader's clock, so relative dates read the same on the server and in the browser. */
  now: number;
  /** Without it the list only reads (no "Make it an idea"). */
  makeIdea?: MakeIdea;
};

const GROUP_STYLE: Record<AnswerGroup, string> = {
  promoter: "border-ok/50 bg-ok/10 text-ok",
  passive: "border-line text-muted",
  detractor: "border-danger/50 bg-danger/10 text-danger",
};

export function VerbatimList({ items, now, makeIdea }: Props) {
  return (
    <ul className="space-y-3">
      {items.map((verbatim) => (
        <VerbatimItem key={verbatim.answerId} verbatim={verbatim} now={now} makeIdea={makeIdea} />
      ))}
    </ul>
  );
}

function VerbatimItem({ verbatim: v, now, makeIdea }: { verbatim: Verbatim; now: number; makeIdea?: MakeIdea }) {
  const t = useT();
  const format = useFormat();
  return (
    <li id={`verbatim-${v.answerId}`} className="card min-w-0 space-y-3 p-4" data-testid="verbatim">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="badge border-line font-semibold" data-testid="verbatim-score">
          {t("verbatims.score", { kind: t(`verbatims.kind.${v.kind}`), score: format.number(v.score) })}
        </span>
        <span className={`badge ${GROUP_STYLE[v.group]}`} data-testid="verbatim-group">
          {t(`verbatims.group.${v.group}`)}
        </span>
        <span className="min-w-0 text-muted [overflow-wrap:anywhere]" dir="auto">
          {v.surveyName}
        </span>
        <RelativeTime at={v.answeredAt} now={now} className="ms-auto text-xs text-muted" />
      </div>
      <blockquote className="whitespace-pre-wrap border-s-4 border-line ps-3 [overflow-wrap:anywhere]" dir="auto" data-testid="verbatim-reason">
        {v.reason}
      </blockquote>
      <p className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-muted">
        <bdi className="font-medium text-ink [overflow-wrap:anywhere]">{v.respondent.name}</bdi>
        <span>{LOCALE_NAMES[v.locale]}</span>
        <span>{t(`surveys.channel.${v.channel}`)}</span>
      </p>
      {v.votedFor.length > 0 ? (
        <div className="space-y-1 text-sm">
          <p className="text-xs font-medium text-muted">{t("verbatims.votedFor")}</p>
          <ul className="space-y-1" data-testid="verbatim-voted-for">
            {v.votedFor.map((idea) => (
              <li key={idea.id} className="flex min-w-0 items-center gap-2">
                <Link to={`/posts/${idea.id}`} className="min-w-0 truncate" dir="auto">
                  {idea.title}
                </Link>
                <StatusBadge status={idea.status} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {v.postId !== null ? (
        <p className="text-sm">
          <Link to={`/posts/${v.postId}`} className="font-medium" data-testid="verbatim-posted">
            {t("verbatims.postedAs", { id: v.postId })}
          </Link>
        </p>
      ) : makeIdea ? (
        <MakeIdeaForm verbatim={v} {...makeIdea} />
      ) : null}
    </li>
  );
}

/**
 * "Make it an idea": a disclosure that opens without JavaScript too. With JavaScript it
 * posts through a fetcher, so the list stays where it is and the item then shows the
 * idea; without it, the page comes back at this item.
 */
function MakeIdeaForm({ verbatim, boards, action, rejected }: { verbatim: Verbatim } & MakeIdea) {
  const t = useT();
  const hydrated = useHydrated();
  const location = useLocation();
  const fetcher = useFetcher<MakeIdeaAnswer>();
  const id = verbatim.answerId;
  const answer = fetcher.data ?? (rejected && "answerId" in rejected && rejected.answerId === id ? rejected : undefined);
  const reply = answer && "reply" in answer ? answer.reply : undefined;
  const draft = ideaDraftFrom(verbatim.reason);
  const [form, fields] = useSchemaForm(makeIdeaSchema, reply, {
    id: `idea-form-${id}`,
    defaultValue: { answerId: String(id), boardId: String(boards[0]?.id ?? ""), title: draft.title, body: draft.body },
  });
  const busy = fetcher.state !== "idle";
  return (
    <details open={reply !== undefined} className="text-sm">
      <summary className="cursor-pointer font-medium text-accent">{t("verbatims.makeIdea")}</summary>
      <fetcher.Form method="post" action={action} id={form.id} onSubmit={form.onSubmit} noValidate className="mt-3 space-y-3">
        <input type="hidden" name="answerId" value={id} />
        <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}#verbatim-${id}`} />
        {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
        <FormError error={firstError(fields.answerId.errors) ?? firstError(form.errors)} />
        <Field name={`idea-${id}-board`} label={t("verbatims.ideaBoard")} error={firstError(fields.boardId.errors)}>
          {(p) => (
            <select {...p} name="boardId" className="input" defaultValue={typedValue(fields.boardId.initialValue)}>
              {boards.map((board) => (
                <option key={board.id} value={board.id}>
                  {board.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name={`idea-${id}-title`} label={t("verbatims.ideaTitle")} error={firstError(fields.title.errors)}>
          {(p) => <input {...p} name="title" className="input" dir="auto" maxLength={120} defaultValue={typedValue(fields.title.initialValue)} />}
        </Field>
        <Field name={`idea-${id}-body`} label={t("verbatims.ideaBody")} hint={t("verbatims.ideaHint")} error={firstError(fields.body.errors)}>
          {(p) => <textarea {...p} name="body" rows={4} className="input" dir="auto" maxLength={10_000} defaultValue={typedValue(fields.body.initialValue)} />}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("verbatims.createIdea")}
        </button>
      </fetcher.Form>
    </details>
  );
}
