// Staff: every answer of a survey as a CSV download (score, reason, channel, language,
// date in ISO 8601 UTC, respondent's email), for a spreadsheet or another tool.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/services/guards.server";
import { surveyAnswersCsv } from "~/services/surveys.server";
import { csvDownload } from "~/utils/csv.server";
import { idParamOrNotFound, notFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const surveyId = idParamOrNotFound(params.id);
  const csv = surveyAnswersCsv(surveyId) ?? notFound();
  return csvDownload(`survey-${surveyId}-answers.csv`, csv);
}
