// The survey forms: staff creating and editing a survey, staff recording an answer heard
// on a call, and a customer answering through the public link. Shared by the actions
// that parse them and the pages that check them as people type (nothing server-only).
import { z } from "zod";
import { LOCALES, STAFF_RECORDED_CHANNELS, SURVEY_KINDS } from "~/db/enums";
import { checkboxField, emailField } from "~/utils/validation";

export const SURVEY_NAME_MAX = 120;
export const SURVEY_TEXT_MAX = 300;
export const SURVEY_REASON_MAX = 2000;

/** One optional text: blank means "the catalogue's default in that language". */
const surveyText = z.string().trim().max(SURVEY_TEXT_MAX, "surveys.error.textTooLong").optional();

/** What staff may write per language; fields are named `texts.en.question` and so on. */
const localeTexts = z.object({ question: surveyText, followUp: surveyText, object: surveyText }).optional();
export const surveyTextsField = z
  .object(Object.fromEntries(LOCALES.map((locale) => [locale, localeTexts])) as Record<(typeof LOCALES)[number], typeof localeTexts>)
  .optional();

const surveyName = z
  .string({ message: "surveys.error.nameRequired" })
  .trim()
  .min(1, "surveys.error.nameRequired")
  .max(SURVEY_NAME_MAX, "surveys.error.nameTooLong");

/** What can change after a survey is created: not its kind, which its answers' scores are on. */
export const editSurveySchema = z.object({
  name: surveyName,
  inAppPrompt: checkboxField,
  texts: surveyTextsField,
});
export type EditSurveyInput = z.output<typeof editSurveySchema>;

export const newSurveySchema = editSurveySchema.extend({
  kind: z.enum(SURVEY_KINDS, { message: "surveys.error.kindInvalid" }),
});
export type NewSurveyInput = z.output<typeof newSurveySchema>;

/** A score on the survey's scale; which scale is checked by the service, which knows the survey. */
const surveyScore = z.number({ message: "error.surveyScore" }).int("error.surveyScore");
const surveyReason = z.string().trim().max(SURVEY_REASON_MAX, "error.surveyReasonLong").optional();

/** Staff recording what a customer said on the phone, in a chat or in person. */
export const recordAnswerSchema = z.object({
  email: emailField,
  score: surveyScore,
  reason: surveyReason,
  channel: z.enum(STAFF_RECORDED_CHANNELS, { message: "surveys.error.channelInvalid" }),
});
export type RecordAnswerInput = z.output<typeof recordAnswerSchema>;

/** A signed-in customer's answer through the public link /s/:surveyId. */
export const linkAnswerSchema = z.object({ score: surveyScore, reason: surveyReason });
