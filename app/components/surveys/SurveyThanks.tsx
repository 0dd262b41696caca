// The page after a score: from a survey email's link, or from the board's prompt without
// JavaScript. It thanks, says which score was kept, and asks the follow-up question.
import type { SubmissionResult } from "@conform-to/react";
import { Link } from "@remix-run/react";
import { surveyReasonSchema } from "~/schemas/survey-prompt";
import type { SurveyPrompt } from "~/services/surveys.server";
import { FollowUpForm } from "../FollowUpForm";
import { useFormat, useT } from "../i18n";

type Props = {
  survey: SurveyPrompt;
  score: number;
  saved: boolean;
  reply?: SubmissionResult<string[]> | null;
  /** Where the page came from (the board), when it is a page of ours. */
  back?: string;
};

export function SurveyThanks({ survey, score, saved, reply, back }: Props) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="card mx-auto max-w-lg space-y-4 p-6" data-testid="survey-thanks">
      <h1 className="text-xl font-semibold">{t("surveys.thanks.title")}</h1>
      <p className="text-muted [overflow-wrap:anywhere]" dir="auto">
        {survey.question}
      </p>
      <p data-testid="survey-recorded">{t("surveys.thanks.recorded", { score: format.number(score) })}</p>
      <FollowUpForm
        schema={surveyReasonSchema}
        name="reason"
        label={<span dir="auto">{survey.followUp}</span>}
        submitLabel={t("surveys.reason.send")}
        savedMessage={t("surveys.reason.saved")}
        saved={saved}
        reply={reply}
      />
      {back ? (
        <p>
          <Link to={back}>{t("surveys.thanks.back")}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** A link to a survey that no longer takes answers: nothing was recorded. */
export function SurveyClosed() {
  const t = useT();
  return (
    <div className="card mx-auto max-w-lg space-y-3 p-6" data-testid="survey-closed">
      <h1 className="text-xl font-semibold">{t("surveys.closed.title")}</h1>
      <p>{t("surveys.closed.body")}</p>
    </div>
  );
}
