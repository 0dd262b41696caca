// The board's survey prompt posts here: a score, or "dismiss". A fetcher (the page runs
// JavaScript) gets JSON and stays on the board; a plain form is redirected, to the
// follow-up question after a score, back to the board after a dismissal.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { promptAnswerSchema, promptDismissSchema } from "~/schemas/survey-prompt";
import { requireUser, safeRedirectPath } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { answerPrompt, dismissPrompt } from "~/services/surveys.server";
import { readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { intent, runIntent } from "~/utils/intents.server";
import { idParam } from "~/utils/validation";

type Ctx = { request: Request; surveyId: number };

const promptIntents = {
  answer: intent({
    schema: promptAnswerSchema,
    authorise: ({ request }: Ctx) => requireUser(request),
    run: async ({ score, boardId }, viewer, { request, surveyId }) => answerPrompt(viewer, { surveyId, score, boardId }, await resolveLocale(request, viewer)),
  }),
  dismiss: intent({
    schema: promptDismissSchema,
    authorise: ({ request }: Ctx) => requireUser(request),
    run: (_input, viewer, { surveyId }) => dismissPrompt(viewer, surveyId),
  }),
};

export async function loader() {
  throw redirect("/");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const surveyId = idParam.safeParse(params.surveyId);
  if (!surveyId.success) notFound();
  const form = await readForm(request);
  const ran = await runIntent(form, promptIntents, { request, surveyId: surveyId.data });
  if (!ran.ok) return ran.rejected;
  if (form.get("via") === "fetcher") return Response.json({ ok: true });
  const back = safeRedirectPath(form.get("back"), "/");
  if (ran.outcome.intent === "dismiss") return redirect(back);
  return redirect(`/s/${surveyId.data}/thanks?${new URLSearchParams({ back })}`);
}
