// Staff: record a survey answer heard on the phone, in a chat or in person (call centres,
// sales calls). An unknown email gets the claimable placeholder account that on-behalf
// votes use. After each answer the form comes back empty, ready for the next call.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { Message, useFormat, useT } from "~/components/i18n";
import { STAFF_RECORDED_CHANNELS } from "~/db/enums";
import { recordAnswerSchema, SURVEY_REASON_MAX } from "~/schemas/surveys";
import { requireStaff } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { recordAnswerFor, recordedAnswer, surveyQuestion, surveyToAnswer } from "~/services/surveys.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { idParamOrNotFound, notFound } from "~/utils/http.server";
import { idParam } from "~/utils/validation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const survey = surveyToAnswer(idParamOrNotFound(params.id)) ?? notFound();
  // The answer just recorded, named by the redirect after it (an id, not the email: nothing typed is echoed from the URL).
  const recordedId = idParam.safeParse(new URL(request.url).searchParams.get("recorded"));
  return {
    survey: { id: survey.id, name: survey.name, kind: survey.kind, status: survey.status },
    // What the agent reads out, in the agent's language.
    asked: surveyQuestion(survey, await resolveLocale(request, staff)),
    recorded: recordedId.success ? recordedAnswer(survey.id, recordedId.data) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const surveyId = idParamOrNotFound(params.id);
  const submission = parseSubmission(await readForm(request), recordAnswerSchema);
  if (submission.status !== "success") return reject(submission);
  const { email, ...answer } = submission.value;
  // The answer's language: the customer's own if the account has one, else the agent's.
  const recorded = recordAnswerFor(email, { ...answer, surveyId, locale: await resolveLocale(request, staff), recordedById: staff.id });
  return recorded.ok ? redirect(`/admin/surveys/${surveyId}/record?recorded=${recorded.value.answerId}`) : reject(submission, recorded);
}

export default function RecordSurveyAnswer() {
  const t = useT();
  const format = useFormat();
  const { survey, asked, recorded } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(recordAnswerSchema, reply);
  // A new location after each recorded answer: the form starts again empty for the next call.
  const location = useLocation();
  const scores = Array.from({ length: asked.max - asked.min + 1 }, (_, i) => asked.min + i);
  const typedScore = typedValue(fields.score.initialValue);
  const typedChannel = typedValue(fields.channel.initialValue) ?? "phone";
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Link to={`/admin/surveys/${survey.id}`} className="text-sm">
        {t("surveys.record.back")}
      </Link>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("surveys.record.heading")}</h1>
        <p className="text-muted [overflow-wrap:anywhere]" dir="auto">
          {survey.name}
        </p>
      </div>
      {recorded && !reply ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok" data-testid="answer-recorded">
          <Message id="surveys.record.recorded" values={{ email: recorded.respondentEmail, score: format.number(recorded.score) }} />
        </p>
      ) : null}
      {survey.status === "closed" ? (
        <p className="card p-4 text-muted">{t("error.surveyClosed")}</p>
      ) : (
        <Form key={location.key} method="post" id={form.id} onSubmit={form.onSubmit} className="card space-y-4 p-5" noValidate aria-labelledby="record-heading">
          <h2 id="record-heading" className="sr-only">
            {t("surveys.record.heading")}
          </h2>
          <FormError id={form.errorId} error={firstError(form.errors)} />
          <div className="space-y-1 rounded-md bg-line/30 p-3 text-sm">
            <p className="font-medium">{t("surveys.record.readOut")}</p>
            <p dir="auto">{asked.question}</p>
            <p dir="auto" className="text-muted">
              {asked.followUp}
            </p>
          </div>
          <Field name="email" label={t("surveys.record.email")} hint={t("surveys.record.emailHint")} error={firstError(fields.email.errors)}>
            {(p) => <input {...p} type="email" className="input" dir="ltr" autoComplete="off" defaultValue={typedValue(fields.email.initialValue)} />}
          </Field>
          <Field
            name="score"
            label={t("surveys.record.score", { min: format.number(asked.min), max: format.number(asked.max) })}
            error={firstError(fields.score.errors)}
          >
            {(p) => (
              <select {...p} className="input w-auto" defaultValue={typedScore ?? ""}>
                <option value="">{t("surveys.record.scorePick")}</option>
                {scores.map((score) => (
                  <option key={score} value={String(score)}>
                    {format.number(score)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="reason" label={t("surveys.record.reason")} error={firstError(fields.reason.errors)}>
            {(p) => (
              <textarea {...p} rows={4} className="input" dir="auto" maxLength={SURVEY_REASON_MAX} defaultValue={typedValue(fields.reason.initialValue)} />
            )}
          </Field>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">{t("surveys.record.channel")}</legend>
            <div className="flex flex-wrap gap-4">
              {STAFF_RECORDED_CHANNELS.map((channel) => (
                <label key={channel} className="flex items-center gap-2">
                  <input type="radio" name="channel" value={channel} defaultChecked={channel === typedChannel} />
                  {t(`surveys.channel.${channel}`)}
                </label>
              ))}
            </div>
            {fields.channel.errors ? (
              <p className="text-sm text-danger" role="alert" tabIndex={-1}>
                {t(firstError(fields.channel.errors)!)}
              </p>
            ) : null}
          </fieldset>
          <button type="submit" className="btn btn-primary">
            {t("surveys.record.submit")}
          </button>
          <p className="text-xs text-muted">{t("surveys.record.placeholderNote")}</p>
        </Form>
      )}
    </div>
  );
}
