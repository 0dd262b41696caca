// Staff: one survey's page. Its texts and settings (save, close, reopen), how many gave
// each score, the latest answers, and the ways to collect more: the public link, the
// staff's "record an answer", sending it by email, and the CSV of every answer.
// (The "_" keeps this page out of admin.surveys's layout: it sits in the admin layout only.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { InAppPromptCheckbox, SurveyTextsFields } from "~/components/surveys/SurveyFormParts";
import { LOCALE_NAMES } from "~/i18n";
import { editSurveySchema, SURVEY_NAME_MAX } from "~/schemas/surveys";
import { requireStaff } from "~/services/guards.server";
import { editSurvey, setSurveyOpen, surveyForStaff } from "~/services/surveys.server";
import { readForm } from "~/utils/forms.server";
import { idParamOrNotFound, notFound } from "~/utils/http.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const page = surveyForStaff(idParamOrNotFound(params.id));
  if (!page) notFound();
  return { ...page, publicUrl: `${new URL(request.url).origin}/s/${page.survey.id}` };
}

type Ctx = { request: Request; surveyId: number };
const staffOnly = ({ request }: Ctx) => requireStaff(request);
const intents = {
  save: intent({ schema: editSurveySchema, authorise: staffOnly, run: (input, _staff, { surveyId }) => editSurvey(surveyId, input) }),
  close: intent({ schema: z.object({}), authorise: staffOnly, run: (_input, _staff, { surveyId }) => setSurveyOpen(surveyId, false) }),
  reopen: intent({ schema: z.object({}), authorise: staffOnly, run: (_input, _staff, { surveyId }) => setSurveyOpen(surveyId, true) }),
};

const DONE = { save: "saved", close: "closed", reopen: "reopened" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  await requireStaff(request);
  const surveyId = idParamOrNotFound(params.id);
  const ran = await runIntent(await readForm(request), intents, { request, surveyId });
  if (!ran.ok) return ran.rejected;
  return redirect(`/admin/surveys/${surveyId}?done=${DONE[ran.outcome.intent]}`);
}

export default function AdminSurvey() {
  const t = useT();
  const format = useFormat();
  const { survey, texts, distribution, answerCount, latest, placeholders, publicUrl } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(editSurveySchema, rejected?.intent === "save" ? rejected.reply : undefined, {
    defaultValue: { name: survey.name, inAppPrompt: survey.inAppPrompt ? "on" : undefined, texts },
  });
  const pageError = rejected && rejected.intent !== "save" ? firstError(rejected.reply.error?.[""]) : undefined;
  const [params] = useSearchParams();
  const done = rejected ? null : params.get("done");
  const closed = survey.status === "closed";
  const most = Math.max(1, ...distribution.map((row) => row.count));

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/admin/surveys" className="text-sm">
        {t("surveys.admin.back")}
      </Link>
      <FormError error={pageError} />
      {done === "saved" || done === "closed" || done === "reopened" ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t(`surveys.admin.done.${done}`)}
        </p>
      ) : null}

      <header className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <span className={`badge ${closed ? "border-line text-muted" : "border-ok/50 text-ok"}`}>{t(`surveys.status.${survey.status}`)}</span>
          <span className="badge border-line">{t(`surveys.kind.${survey.kind}`)}</span>
        </div>
        <h1 className="text-2xl font-bold [overflow-wrap:anywhere]" dir="auto">
          {survey.name}
        </h1>
        <p className="text-sm text-muted">
          {closed && survey.closedAt ? t("surveys.admin.closedOn", { date: format.date(survey.closedAt) }) : t("surveys.admin.openNote")}
        </p>
      </header>

      <section className="card space-y-3 p-5" aria-labelledby="collect-heading">
        <h2 id="collect-heading" className="text-lg font-semibold">
          {t("surveys.admin.collectHeading")}
        </h2>
        <div className="space-y-1">
          <label htmlFor="public-link" className="block text-sm font-medium">
            {t("surveys.admin.publicLink")}
          </label>
          {/* Read-only and selected on focus: copying works without JavaScript too. */}
          <input
            id="public-link"
            readOnly
            value={publicUrl}
            dir="ltr"
            className="input font-mono text-sm"
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby="public-link-hint"
          />
          <p id="public-link-hint" className="text-xs text-muted">
            {t("surveys.admin.publicLinkHint")}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          {closed ? null : (
            <>
              <Link to={`/admin/surveys/${survey.id}/record`} className="btn">
                {t("surveys.admin.record")}
              </Link>
              <Link to={`/admin/surveys/${survey.id}/send`} className="btn">
                {t("surveys.admin.send")}
              </Link>
            </>
          )}
          {/* A download, not a page: a plain link so the browser saves the file. */}
          <a href={`/admin/surveys/${survey.id}/export.csv`} className="btn" download>
            {t("surveys.admin.exportCsv")}
          </a>
        </div>
      </section>

      <section className="card space-y-3 p-5" aria-labelledby="scores-heading">
        <h2 id="scores-heading" className="text-lg font-semibold">
          {t("surveys.admin.scoresHeading")}
        </h2>
        <p className="text-sm text-muted">{t("surveys.admin.answerCount", { count: answerCount })}</p>
        <table className="w-full text-sm" data-testid="score-distribution">
          <caption className="sr-only">{t("surveys.admin.scoresHeading")}</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">{t("surveys.admin.score")}</th>
              <th scope="col">{t("surveys.admin.answers")}</th>
            </tr>
          </thead>
          <tbody>
            {distribution.map((row) => (
              <tr key={row.score} data-score={row.score}>
                <th scope="row" className="w-10 py-0.5 pe-2 text-end font-medium tabular-nums">
                  {format.number(row.score)}
                </th>
                <td className="py-0.5">
                  <div className="flex items-center gap-2">
                    <span
                      className="h-3 rounded-sm bg-accent"
                      style={{ width: `${(row.count / most) * 80}%`, minWidth: row.count ? "0.25rem" : 0 }}
                      aria-hidden="true"
                    />
                    <span className="tabular-nums text-muted">{format.number(row.count)}</span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card space-y-3 p-5" aria-labelledby="latest-heading">
        <h2 id="latest-heading" className="text-lg font-semibold">
          {t("surveys.admin.latestHeading")}
        </h2>
        {latest.length === 0 ? (
          <p className="text-sm text-muted">{t("surveys.admin.noAnswers")}</p>
        ) : (
          <ul className="divide-y divide-line">
            {latest.map((answer) => (
              <li key={answer.id} className="space-y-1 py-2" data-testid="survey-answer">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className="badge border-accent/50 font-semibold tabular-nums" title={t("surveys.admin.score")}>
                    {format.number(answer.score)}
                  </span>
                  <span className="font-medium [overflow-wrap:anywhere]" dir="auto">
                    {answer.respondentName}
                  </span>
                  <span className="text-muted [overflow-wrap:anywhere]" dir="ltr">
                    {answer.respondentEmail}
                  </span>
                  <span className="text-xs text-muted">{t(`surveys.channel.${answer.channel}`)}</span>
                  <span className="text-xs text-muted" lang={answer.locale}>
                    {LOCALE_NAMES[answer.locale]}
                  </span>
                  <time className="text-xs text-muted" dateTime={new Date(answer.answeredAt).toISOString()}>
                    {format.date(answer.answeredAt)}
                  </time>
                </div>
                {answer.reason ? (
                  <p className="whitespace-pre-line text-sm [overflow-wrap:anywhere]" dir="auto">
                    {answer.reason}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="card space-y-4 p-5" noValidate aria-labelledby="edit-survey-heading">
        <h2 id="edit-survey-heading" className="text-lg font-semibold">
          {t("surveys.admin.editHeading")}
        </h2>
        <FormError id={form.errorId} error={firstError(form.errors)} />
        <Field name="name" label={t("surveys.admin.name")} hint={t("surveys.admin.nameHint")} error={firstError(fields.name.errors)}>
          {(p) => <input {...p} className="input" dir="auto" maxLength={SURVEY_NAME_MAX} defaultValue={typedValue(fields.name.initialValue)} />}
        </Field>
        <InAppPromptCheckbox defaultChecked={typedValue(fields.inAppPrompt.initialValue) === "on"} />
        <SurveyTextsFields texts={fields.texts} kind={survey.kind} placeholders={placeholders} />
        <div className="flex flex-wrap items-center gap-3 border-t border-line pt-4">
          <button type="submit" name="intent" value="save" className="btn btn-primary">
            {t("surveys.admin.save")}
          </button>
        </div>
      </Form>

      <Form method="post" className="card space-y-2 p-5" aria-labelledby="status-heading">
        <h2 id="status-heading" className="text-lg font-semibold">
          {t(closed ? "surveys.admin.reopenHeading" : "surveys.admin.closeHeading")}
        </h2>
        <p className="text-sm text-muted">{t(closed ? "surveys.admin.reopenHint" : "surveys.admin.closeHint")}</p>
        <button type="submit" name="intent" value={closed ? "reopen" : "close"} className="btn">
          {t(closed ? "surveys.admin.reopen" : "surveys.admin.close")}
        </button>
      </Form>
    </div>
  );
}
