// Surveys: the NPS, CES and CSAT questions behind the insights page, and the one rule for
// recording an answer, whichever channel it came through (in-app prompt, email link,
// public link, or staff recording a conversation). See docs/decisions/012-insights.md.
import { z } from "zod";
import { transaction, type Db } from "~/db/client.server";
import { LOCALES, SURVEY_SCALES, type Locale, type SurveyChannel, type SurveyKind } from "~/db/schema";
import { translate } from "~/i18n/catalogues.server";
import { findOrCreatePlaceholderUser } from "~/models/users.server";
import { findSurvey, setSurveyAnswerReason, upsertSurveyAnswer, type SurveyRow } from "~/models/surveys.server";
import { err, ok, type Result } from "~/utils/result";
import { normalizeEmail } from "./auth.server";

export const SURVEY_TEXT_MAX = 300;
export const SURVEY_REASON_MAX = 2000;

const localeTextsSchema = z
  .object({
    question: z.string().max(SURVEY_TEXT_MAX).optional(),
    followUp: z.string().max(SURVEY_TEXT_MAX).optional(),
    // CES only: what "How easy was it to …?" asks about, e.g. "get help from us".
    object: z.string().max(SURVEY_TEXT_MAX).optional(),
  })
  .partial();
const surveyTextsSchema = z.object(Object.fromEntries(LOCALES.map((l) => [l, localeTextsSchema.optional()]))).partial();
export type SurveyTexts = Partial<Record<Locale, z.infer<typeof localeTextsSchema>>>;

/** The stored texts, tolerating a row written by an older version (anything unreadable is a default). */
export function parseSurveyTexts(json: string): SurveyTexts {
  try {
    const parsed = surveyTextsSchema.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as SurveyTexts) : {};
  } catch {
    return {};
  }
}

export type AskedSurvey = { question: string; followUp: string; min: number; max: number };

/** What the survey asks in this locale: the admin's text, or the catalogue's default. */
export function surveyQuestion(survey: Pick<SurveyRow, "kind" | "texts">, locale: Locale): AskedSurvey {
  const own = parseSurveyTexts(survey.texts)[locale] ?? {};
  const object = own.object?.trim() || translate(locale, "surveys.defaultCesObject");
  const question =
    own.question?.trim() ||
    (survey.kind === "nps"
      ? translate(locale, "surveys.defaultQuestion.nps")
      : survey.kind === "ces"
        ? translate(locale, "surveys.defaultQuestion.ces", { object })
        : translate(locale, "surveys.defaultQuestion.csat"));
  const followUp = own.followUp?.trim() || translate(locale, "surveys.defaultFollowUp");
  return { question, followUp, ...SURVEY_SCALES[survey.kind] };
}

export function scoreInRange(kind: SurveyKind, score: number): boolean {
  const { min, max } = SURVEY_SCALES[kind];
  return Number.isInteger(score) && score >= min && score <= max;
}

export type NewAnswer = {
  surveyId: number;
  score: number;
  reason?: string;
  channel: SurveyChannel;
  locale: Locale;
  boardId?: number | null;
  recordedById?: number | null;
  now?: number;
};

/** Why this answer cannot be recorded, or the survey it is for. */
function answerable(answer: NewAnswer): Result<SurveyRow> {
  const survey = findSurvey(answer.surveyId);
  if (!survey) return err("error.notFound");
  if (survey.status !== "active") return err("error.surveyClosed");
  if (!scoreInRange(survey.kind, answer.score)) return err("error.surveyScore", "score");
  if ((answer.reason ?? "").length > SURVEY_REASON_MAX) return err("error.surveyReasonLong", "reason");
  return ok(survey);
}

function saveAnswer(db: Db, survey: SurveyRow, userId: number, locale: Locale, answer: NewAnswer): number {
  return upsertSurveyAnswer(db, {
    surveyId: survey.id,
    kind: survey.kind,
    userId,
    score: answer.score,
    reason: answer.reason?.trim() ?? "",
    channel: answer.channel,
    locale,
    boardId: answer.boardId ?? null,
    recordedById: answer.recordedById ?? null,
    answeredAt: answer.now ?? Date.now(),
  }).id;
}

/** Records (or replaces: the latest answer wins) one respondent's answer. */
export function answerSurvey(userId: number, answer: NewAnswer): Result<{ answerId: number }> {
  const survey = answerable(answer);
  if (!survey.ok) return survey;
  return transaction((db) => ok({ answerId: saveAnswer(db, survey.value, userId, answer.locale, answer) }));
}

/**
 * An answer heard on the phone, in a chat or in person, recorded by staff for the
 * customer's email. An unknown email gets the claimable placeholder account that
 * on-behalf votes use, so the answer follows the customer when they sign up.
 */
export function recordAnswerFor(email: string, answer: NewAnswer & { recordedById: number }): Result<{ answerId: number; userId: number }> {
  const survey = answerable(answer);
  if (!survey.ok) return survey;
  const address = normalizeEmail(email);
  return transaction((db) => {
    const customer = findOrCreatePlaceholderUser(db, address, address.split("@")[0]);
    const answerId = saveAnswer(db, survey.value, customer.id, customer.locale ?? answer.locale, answer);
    return ok({ answerId, userId: customer.id });
  });
}

/** The follow-up ("What is the main reason for your score?") after a score already recorded. */
export function giveSurveyReason(surveyId: number, userId: number, reason: string): Result {
  const survey = findSurvey(surveyId);
  if (!survey) return err("error.notFound");
  if (survey.status !== "active") return err("error.surveyClosed");
  if (reason.length > SURVEY_REASON_MAX) return err("error.surveyReasonLong", "reason");
  return transaction((db) => (setSurveyAnswerReason(db, surveyId, userId, reason.trim()) ? ok() : err("error.notFound")));
}
