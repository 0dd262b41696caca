// After a score from the board's prompt: the follow-up question. Without JavaScript the
// prompt's form lands here; with it, the prompt's own follow-up form posts here too.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SurveyThanks } from "~/components/surveys/SurveyThanks";
import { surveyReasonSchema } from "~/schemas/survey-prompt";
import { requireUser, safeRedirectPath } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { giveSurveyReason, ownAnswer } from "~/services/surveys.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { notFound, refuse, throwIfNotFound } from "~/utils/http.server";
import { idParam } from "~/utils/validation";

function surveyIdOf(params: LoaderFunctionArgs["params"]): number {
  const id = idParam.safeParse(params.surveyId);
  if (!id.success) notFound();
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const answer = ownAnswer(viewer, surveyIdOf(params), await resolveLocale(request, viewer));
  if (!answer.ok) refuse(answer);
  const back = new URL(request.url).searchParams.get("back");
  return { ...answer.value, back: back ? safeRedirectPath(back, "/") : "/" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const surveyId = surveyIdOf(params);
  const viewer = await requireUser(request);
  const submission = parseSubmission(await readForm(request), surveyReasonSchema);
  if (submission.status !== "success") return reject(submission);
  const saved = giveSurveyReason(surveyId, viewer.id, submission.value.reason);
  if (!saved.ok) {
    throwIfNotFound(saved);
    return reject(submission, saved);
  }
  return { reasonSaved: true as const };
}

export default function SurveyThanksPage() {
  const { survey, score, back } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const saved = Boolean(outcome && "reasonSaved" in outcome);
  return <SurveyThanks survey={survey} score={score} back={back} saved={saved} reply={outcome && !("reasonSaved" in outcome) ? outcome : undefined} />;
}
