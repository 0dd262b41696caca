// The survey email's audience, read by the send page's action (send) and its loader (the
// recipient count before sending).
import { z } from "zod";
import { SURVEY_AUDIENCES } from "~/db/enums";
import { idParam } from "~/utils/validation";

export const surveySendSchema = z
  .object({
    audience: z.enum(SURVEY_AUDIENCES, { message: "error.required" }),
    activeDays: z.coerce
      .number({ message: "error.surveyActiveDays" })
      .int("error.surveyActiveDays")
      .min(1, "error.surveyActiveDays")
      .max(365, "error.surveyActiveDays")
      .optional(),
    boardId: idParam.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.audience === "active_customers" && value.activeDays === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["activeDays"], message: "error.surveyActiveDays" });
    }
    if (value.audience === "board_voters" && value.boardId === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["boardId"], message: "error.surveyBoard" });
    }
  });
