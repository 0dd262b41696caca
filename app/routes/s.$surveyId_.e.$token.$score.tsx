// A score clicked in a survey email: the signed link records it without a login (the
// latest click wins), then the page asks the follow-up question, as "Did this solve it?"
// does (csat.$token.$answer.tsx). A closed survey records nothing and says so; an altered
// link is not found.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SurveyClosed, SurveyThanks } from "~/components/surveys/SurveyThanks";
import { surveyReasonSchema } from "~/schemas/survey-prompt";
import { getViewer } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { answerByEmail, giveReasonByEmail } from "~/services/surveys.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { notFound, throwIfNotFound } from "~/utils/http.server";
import { idParam } from "~/utils/validation";
import { z } from "zod";

const scoreParam = z.coerce.number().int().min(0).max(10);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const surveyId = idParam.safeParse(params.surveyId);
  const score = scoreParam.safeParse(params.score);
  if (!surveyId.success || !score.success) notFound();
  const locale = await resolveLocale(request, await getViewer(request));
  const answered = answerByEmail(params.token ?? "", surveyId.data, score.data, locale);
  if (!answered.ok) notFound();
  const { survey } = answered.value;
  if (answered.value.closed) return data({ closed: true as const, survey, score: score.data }, { status: 410 });
  return { closed: false as const, survey, score: score.data };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const surveyId = idParam.safeParse(params.surveyId);
  if (!surveyId.success) notFound();
  const submission = parseSubmission(await readForm(request), surveyReasonSchema);
  if (submission.status !== "success") return reject(submission);
  const saved = giveReasonByEmail(params.token ?? "", surveyId.data, submission.value.reason);
  if (!saved.ok) {
    throwIfNotFound(saved);
    return reject(submission, saved);
  }
  return { reasonSaved: true as const };
}

export default function SurveyEmailAnswer() {
  const { closed, survey, score } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  if (closed) return <SurveyClosed />;
  const saved = Boolean(outcome && "reasonSaved" in outcome);
  return <SurveyThanks survey={survey} score={score} saved={saved} reply={outcome && !("reasonSaved" in outcome) ? outcome : undefined} />;
}
