// Staff: the surveys (NPS, CES, CSAT) with their answer counts, and a form for a new one.
// Staff run surveys as they run the changelog: no admin-only step here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { Field, FormError, RadioField } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { InAppPromptCheckbox, SurveyTextsFields } from "~/components/surveys/SurveyFormParts";
import { useHydrated } from "~/components/useHydrated";
import { SURVEY_KINDS, type SurveyKind } from "~/db/enums";
import { newSurveySchema, SURVEY_NAME_MAX } from "~/schemas/surveys";
import { requireStaff } from "~/services/guards.server";
import { createSurvey, defaultSurveyTexts, surveysForStaff } from "~/services/surveys.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { surveys: surveysForStaff(), defaults: defaultSurveyTexts() };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const submission = parseSubmission(await readForm(request), newSurveySchema);
  if (submission.status !== "success") return reject(submission);
  const created = createSurvey(submission.value, staff);
  return created.ok ? redirect(`/admin/surveys/${created.value.surveyId}`) : reject(submission, created);
}

export default function AdminSurveys() {
  const t = useT();
  const format = useFormat();
  const { surveys, defaults } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(newSurveySchema, useActionData<typeof action>());
  const typedKind = typedValue(fields.kind.initialValue);
  const [kind, setKind] = useState<SurveyKind>(SURVEY_KINDS.find((k) => k === typedKind) ?? "nps");
  // Without JavaScript the texts cannot follow the kind picked, so they show for any kind.
  const hydrated = useHydrated();
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("surveys.admin.heading")}</h1>
        <p className="text-muted">{t("surveys.admin.intro")}</p>
      </div>

      {surveys.length === 0 ? (
        <p className="card p-4 text-muted">{t("surveys.admin.empty")}</p>
      ) : (
        <ul className="space-y-2">
          {surveys.map((survey) => (
            <li key={survey.id} className="card space-y-1 p-3" data-testid="survey-row">
              <div className="flex items-center gap-2">
                <span className={`badge ${survey.status === "active" ? "border-ok/50 text-ok" : "border-line text-muted"}`}>
                  {t(`surveys.status.${survey.status}`)}
                </span>
                <Link to={`/admin/surveys/${survey.id}`} className="min-w-0 flex-1 font-semibold [overflow-wrap:anywhere]" dir="auto">
                  {survey.name}
                </Link>
              </div>
              {/* The facts on a line of their own, so a phone's narrow row never squeezes the name. */}
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
                <span className="badge border-line text-ink">{t(`surveys.kind.${survey.kind}`)}</span>
                <span>{t("surveys.admin.answerCount", { count: survey.answerCount })}</span>
                <span>{t(survey.inAppPrompt ? "surveys.admin.promptOn" : "surveys.admin.promptOff")}</span>
                <time dateTime={new Date(survey.createdAt).toISOString()}>{t("surveys.admin.createdOn", { date: format.date(survey.createdAt) })}</time>
              </div>
            </li>
          ))}
        </ul>
      )}

      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="card space-y-4 p-5" noValidate aria-labelledby="new-survey-heading">
        <h2 id="new-survey-heading" className="text-lg font-semibold">
          {t("surveys.admin.newHeading")}
        </h2>
        <FormError id={form.errorId} error={firstError(form.errors)} />
        <Field name="name" label={t("surveys.admin.name")} hint={t("surveys.admin.nameHint")} error={firstError(fields.name.errors)}>
          {(p) => <input {...p} className="input" dir="auto" maxLength={SURVEY_NAME_MAX} defaultValue={typedValue(fields.name.initialValue)} />}
        </Field>
        <RadioField
          name="kind"
          legend={t("surveys.admin.kind")}
          options={SURVEY_KINDS.map((option) => ({ value: option, label: t(`surveys.kind.${option}`), hint: t(`surveys.kindHint.${option}`) }))}
          value={kind}
          error={firstError(fields.kind.errors)}
          onChange={setKind}
        />
        <InAppPromptCheckbox defaultChecked={typedValue(fields.inAppPrompt.initialValue) === "on"} />
        <SurveyTextsFields texts={fields.texts} kind={hydrated ? kind : null} placeholders={defaults[hydrated ? kind : "nps"]} />
        <button type="submit" className="btn btn-primary">
          {t("surveys.admin.create")}
        </button>
      </Form>
    </div>
  );
}
