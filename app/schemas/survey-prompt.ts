// The forms of a survey's answer on the board (the in-app prompt) and of the follow-up
// question after any score (prompt or email link): shared by their actions and pages.
import { z } from "zod";
import { idParam } from "~/utils/validation";

/** "What is the main reason for your score?": asked after the score, so it has to say something. */
export const surveyReasonSchema = z.object({
  reason: z.string({ message: "error.surveyReasonEmpty" }).trim().min(1, "error.surveyReasonEmpty").max(2_000, "error.surveyReasonLong"),
});

// `back`: the board page the prompt was on (checked with safeRedirectPath); `via`: set
// once the page runs JavaScript, so the fetcher gets JSON and a plain form a redirect.
const fromBoard = { back: z.string().max(2_000).optional(), via: z.literal("fetcher").optional() };

/** A score button of the prompt; the survey's own scale is checked by the service. */
export const promptAnswerSchema = z.object({
  score: z.coerce.number({ message: "error.surveyScore" }).int("error.surveyScore").min(0, "error.surveyScore").max(10, "error.surveyScore"),
  boardId: idParam.optional(),
  ...fromBoard,
});

export const promptDismissSchema = z.object(fromBoard);
