// The board's in-app survey prompt: a small card above the ideas with the question, one
// submit button per score and a dismiss button. Without JavaScript each button posts a
// plain form and the server redirects to the follow-up question; with it, fetchers keep
// the page where it is, the thanks and the follow-up question show at once, and the card
// stays while the board's data reloads (the server shows a prompt once per session).
import { useFetcher, useLocation } from "@remix-run/react";
import { useState } from "react";
import { SURVEY_SCALES } from "~/db/enums";
import { surveyReasonSchema } from "~/schemas/survey-prompt";
import type { SurveyPrompt } from "~/services/surveys.server";
import { FollowUpForm } from "../FollowUpForm";
import { replyError } from "../forms";
import { useFormat, useT } from "../i18n";
import { useHydrated } from "../useHydrated";
import type { SubmissionResult } from "@conform-to/react";

type Props = { prompt: SurveyPrompt | null; boardId: number | null };

/** Keyed by the location, so the card shown by this page's load survives a revalidation but not a navigation. */
export function BoardSurveyPrompt({ prompt, boardId }: Props) {
  const location = useLocation();
  return <KeptPrompt key={location.key} prompt={prompt} boardId={boardId} />;
}

function KeptPrompt({ prompt: loaded, boardId }: Props) {
  const [prompt] = useState(loaded);
  return prompt ? <PromptCard prompt={prompt} boardId={boardId} /> : null;
}

type Reply = { ok: true } | { intent: string; reply: SubmissionResult<string[]> };

export function ScoreButtons({ kind, question }: Pick<SurveyPrompt, "kind" | "question">) {
  const t = useT();
  const format = useFormat();
  const { min, max } = SURVEY_SCALES[kind];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return (
    <div className="space-y-1">
      {/* A row in the page's direction: the lowest score at the start, so it mirrors in Arabic and Persian. */}
      <div role="group" aria-label={question} className="flex gap-1" data-testid="survey-scores">
        {scores.map((score) => (
          <button
            key={score}
            type="submit"
            name="score"
            value={score}
            className="btn min-w-0 flex-1 px-0 py-2 tabular-nums"
            data-testid={`survey-score-${score}`}
          >
            {format.number(score)}
          </button>
        ))}
      </div>
      <div className="flex justify-between gap-2 text-xs text-muted" aria-hidden="true">
        <span>{t(`surveys.scale.low.${kind}`)}</span>
        <span className="text-end">{t(`surveys.scale.high.${kind}`)}</span>
      </div>
    </div>
  );
}

function PromptCard({ prompt, boardId }: { prompt: SurveyPrompt; boardId: number | null }) {
  const t = useT();
  const location = useLocation();
  const hydrated = useHydrated();
  const answer = useFetcher<Reply>();
  const dismiss = useFetcher<Reply>();
  const reason = useFetcher<{ reasonSaved: true } | SubmissionResult<string[]>>();
  const back = location.pathname + location.search;
  const action = `/s/${prompt.surveyId}/prompt`;
  const headingId = `survey-prompt-${prompt.surveyId}`;

  // Optimistic: gone as soon as it is dismissed, and the follow-up shows as soon as a score is sent.
  if (dismiss.state !== "idle" || (dismiss.data && "ok" in dismiss.data)) return null;
  const answerFailed = answer.state === "idle" && answer.data && "reply" in answer.data ? replyError(answer.data.reply) : undefined;
  const answered = !answerFailed && (answer.state !== "idle" || Boolean(answer.data));
  const reasonSaved = reason.state !== "idle" || Boolean(reason.data && "reasonSaved" in reason.data);

  return (
    <section aria-labelledby={headingId} className="card relative space-y-3 border-accent/50 p-4" data-testid="survey-prompt">
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 className="text-xs font-semibold uppercase tracking-wide text-muted">{t("surveys.prompt.label")}</h2>
          <p id={headingId} className="font-medium [overflow-wrap:anywhere]" dir="auto" data-testid="survey-question">
            {prompt.question}
          </p>
        </div>
        <dismiss.Form method="post" action={action} className="shrink-0">
          <input type="hidden" name="intent" value="dismiss" />
          <input type="hidden" name="back" value={back} />
          {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
          <button
            type="submit"
            className="btn h-8 w-8 p-0"
            aria-label={t("surveys.prompt.dismiss")}
            title={t("surveys.prompt.dismiss")}
            data-testid="survey-dismiss"
          >
            <span aria-hidden="true">×</span>
          </button>
        </dismiss.Form>
      </div>
      {answered ? (
        <div className="space-y-2" data-testid="survey-follow-up">
          <p role="status" className="text-sm text-ok">
            {t("surveys.prompt.thanks")}
          </p>
          <FollowUpForm
            as={reason.Form}
            action={`/s/${prompt.surveyId}/thanks`}
            id={`survey-reason-${prompt.surveyId}`}
            schema={surveyReasonSchema}
            name="reason"
            label={<span dir="auto">{prompt.followUp}</span>}
            submitLabel={t("surveys.reason.send")}
            savedMessage={t("surveys.reason.saved")}
            saved={reasonSaved}
            reply={reason.data && !("reasonSaved" in reason.data) ? reason.data : undefined}
          />
        </div>
      ) : (
        <answer.Form method="post" action={action} className="space-y-1">
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="back" value={back} />
          {boardId ? <input type="hidden" name="boardId" value={boardId} /> : null}
          {hydrated ? <input type="hidden" name="via" value="fetcher" /> : null}
          <ScoreButtons kind={prompt.kind} question={prompt.question} />
          {answerFailed ? (
            <p role="alert" className="text-sm text-danger">
              {t(answerFailed)}
            </p>
          ) : null}
        </answer.Form>
      )}
    </section>
  );
}
