// The public link of a survey (/s/:surveyId): a signed-in customer gives a score on the
// survey's scale and, if they like, the reason. Visitors sign in first and come back here.
// Answering again replaces the earlier answer (the latest wins).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { linkAnswerSchema, SURVEY_REASON_MAX } from "~/schemas/surveys";
import { requireUser } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { canAnswerSurvey } from "~/services/policy.server";
import { answerSurveyByLink, previousAnswer, surveyQuestion, surveyToAnswer } from "~/services/surveys.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { idParamOrNotFound, notFound, throwIfNotFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const surveyId = idParamOrNotFound(params.surveyId);
  const user = await requireUser(request, `/s/${surveyId}`);
  const survey = surveyToAnswer(surveyId) ?? notFound();
  return {
    survey: { id: survey.id, kind: survey.kind, closed: survey.status === "closed" },
    asked: surveyQuestion(survey, await resolveLocale(request, user)),
    // Staff may look at what customers see; their answer is refused (see answerSurveyByLink).
    canAnswer: canAnswerSurvey(user),
    previous: previousAnswer(survey.id, user.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const surveyId = idParamOrNotFound(params.surveyId);
  const user = await requireUser(request, `/s/${surveyId}`);
  const submission = parseSubmission(await readForm(request), linkAnswerSchema);
  if (submission.status !== "success") return reject(submission);
  const answered = answerSurveyByLink(user, { surveyId, ...submission.value, locale: await resolveLocale(request, user) });
  if (!answered.ok) throwIfNotFound(answered);
  return answered.ok ? redirect(`/s/${surveyId}?thanks=1`) : reject(submission, answered);
}

export default function SurveyByLink() {
  const t = useT();
  const format = useFormat();
  const { survey, asked, canAnswer, previous } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [params] = useSearchParams();
  const [form, fields] = useSchemaForm(linkAnswerSchema, reply, {
    defaultValue: previous ? { score: String(previous.score), reason: previous.reason } : undefined,
  });
  const scores = Array.from({ length: asked.max - asked.min + 1 }, (_, i) => asked.min + i);
  const typedScore = typedValue(fields.score.initialValue);
  const scoreError = firstError(fields.score.errors);
  const reasonError = firstError(fields.reason.errors);

  if (survey.closed) {
    return (
      <div className="card mx-auto max-w-lg space-y-2 p-6" data-testid="survey-closed">
        <h1 className="text-xl font-semibold">{t("surveys.link.closedHeading")}</h1>
        <p className="text-muted">{t("error.surveyClosed")}</p>
        <Link to="/">{t("surveys.link.toBoard")}</Link>
      </div>
    );
  }

  if (params.get("thanks") === "1" && !reply && previous) {
    return (
      <div className="card mx-auto max-w-lg space-y-3 p-6" data-testid="survey-thanks">
        <h1 className="text-xl font-semibold">{t("surveys.link.thanks")}</h1>
        <p>{t("surveys.link.recorded", { score: format.number(previous.score) })}</p>
        <p className="text-sm text-muted">
          {t("surveys.link.changeHint")} <Link to={`/s/${survey.id}`}>{t("surveys.link.change")}</Link>
        </p>
        <Link to="/">{t("surveys.link.toBoard")}</Link>
      </div>
    );
  }

  return (
    <div className="card mx-auto max-w-2xl p-5 sm:p-6">
      {/* The question is the visible heading (the fieldset's legend); the page's title says what the page is. */}
      <h1 className="sr-only">{t("surveys.link.heading")}</h1>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-5" noValidate>
        <FormError id={form.errorId} error={firstError(form.errors)} />
        {canAnswer ? null : (
          <p className="rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm" data-testid="staff-preview">
            {t("surveys.link.staffPreview")}
          </p>
        )}
        {previous ? (
          <p className="text-sm text-muted">{t("surveys.link.previous", { score: format.number(previous.score), date: format.date(previous.answeredAt) })}</p>
        ) : null}
        <fieldset className="space-y-2" aria-describedby={scoreError ? "field-score-error" : "score-scale-ends"}>
          <legend className="mb-2 text-lg font-semibold" dir="auto">
            {asked.question}
          </legend>
          {/* A grid flows with the page's direction, so the scale runs right to left in Arabic and Persian. */}
          <div className="grid gap-1 sm:gap-1.5" style={{ gridTemplateColumns: `repeat(${scores.length}, minmax(0, 1fr))` }} data-testid="score-scale">
            {scores.map((score) => (
              <label key={score} className="relative block">
                <input type="radio" name="score" value={String(score)} defaultChecked={typedScore === String(score)} className="peer sr-only" />
                <span className="flex h-11 cursor-pointer items-center justify-center rounded-md border border-line text-sm font-semibold tabular-nums hover:bg-line/50 peer-checked:border-accent peer-checked:bg-accent peer-checked:text-accent-ink peer-focus-visible:ring-2 peer-focus-visible:ring-accent">
                  {format.number(score)}
                </span>
              </label>
            ))}
          </div>
          <div id="score-scale-ends" className="flex justify-between gap-4 text-xs text-muted">
            <span className="text-start">{t(`surveys.scale.${survey.kind}.low`)}</span>
            <span className="text-end">{t(`surveys.scale.${survey.kind}.high`)}</span>
          </div>
          {scoreError ? (
            <p id="field-score-error" className="text-sm text-danger" role="alert" tabIndex={-1}>
              {t(scoreError)}
            </p>
          ) : null}
        </fieldset>
        <div className="space-y-1">
          <label htmlFor="field-reason" className="block font-medium" dir="auto">
            {asked.followUp}
          </label>
          <textarea
            id="field-reason"
            name="reason"
            rows={4}
            className="input"
            dir="auto"
            maxLength={SURVEY_REASON_MAX}
            aria-invalid={Boolean(reasonError)}
            aria-describedby={reasonError ? "field-reason-error" : "field-reason-hint"}
            defaultValue={typedValue(fields.reason.initialValue)}
          />
          <p id="field-reason-hint" className="text-xs text-muted">
            {t("surveys.link.reasonHint")}
          </p>
          {reasonError ? (
            <p id="field-reason-error" className="text-sm text-danger" role="alert">
              {t(reasonError)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={!canAnswer}>
          {t(previous ? "surveys.link.replace" : "surveys.link.submit")}
        </button>
      </Form>
    </div>
  );
}
