// Surveys: the NPS, CES and CSAT questions behind the insights page, and the one rule for
// recording an answer, whichever channel it came through (in-app prompt, email link,
// public link, or staff recording a conversation). See docs/decisions/012-insights.md.
import { z } from "zod";
import { getDb, transaction, type Db } from "~/db/client.server";
import { LOCALES, SURVEY_SCALES, type Locale, type SurveyAudience, type SurveyChannel, type SurveyKind } from "~/db/schema";
import type { PayloadOf } from "~/emails/templates";
import { findBoardById } from "~/models/boards.server";
import { countRecipients, surveyAudience } from "~/models/recipients.server";
import { translate } from "~/i18n/catalogues.server";
import { findOrCreatePlaceholderUser, findUserById } from "~/models/users.server";
import {
  findAnswerWithRespondent,
  findPromptableSurvey,
  findSurveyPrompt,
  findSurveySend,
  insertSurveySend,
  listSurveySends,
  recordPromptShown,
  setPromptDismissed,
  setSurveySendRecipients,
  type SurveySendListed,
  findSurvey,
  findSurveyAnswer,
  insertSurvey,
  listSurveysWithAnswerCounts,
  setSurveyAnswerReason,
  surveyAnswersWithRespondents,
  surveyScoreCounts,
  updateSurvey,
  upsertSurveyAnswer,
  type SurveyRow,
} from "~/models/surveys.server";
import { SURVEY_REASON_MAX, SURVEY_TEXT_MAX, type EditSurveyInput, type NewSurveyInput } from "~/schemas/surveys";
import { csvDocument } from "~/utils/csv.server";
import { err, ok, type Result } from "~/utils/result";
import { keyedHash, verifyLink } from "~/utils/signed-links.server";
import { normalizeEmail, type SessionUser } from "./auth.server";
import { canAnswerSurvey, canBeAskedInApp } from "./policy.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { getSiteSettings } from "./site.server";

// The limits live with the forms' schemas, which the browser checks too.
export { SURVEY_REASON_MAX, SURVEY_TEXT_MAX } from "~/schemas/surveys";

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
    const customer = findOrCreatePlaceholderUser(db, address);
    // Surveys measure customers: a colleague's email is refused beside the field.
    if (!canAnswerSurvey(customer)) return err("surveys.error.emailIsStaff", "email");
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

// --- Staff managing surveys (/admin/surveys) and customers answering the public link (/s/:surveyId).

/**
 * The texts as stored: only what staff wrote, trimmed (a blank field means "the
 * catalogue's default in that language", so it is not stored), and the CES object only
 * on a CES survey.
 */
function storedSurveyTexts(kind: SurveyKind, texts: EditSurveyInput["texts"]): string {
  const stored: SurveyTexts = {};
  for (const locale of LOCALES) {
    const own = texts?.[locale];
    const kept = Object.fromEntries(
      (["question", "followUp", "object"] as const)
        .filter((key) => key !== "object" || kind === "ces")
        .map((key) => [key, own?.[key]?.trim() ?? ""])
        .filter(([, text]) => text !== ""),
    );
    if (Object.keys(kept).length > 0) stored[locale] = kept;
  }
  return JSON.stringify(stored);
}

export function createSurvey(input: NewSurveyInput, staff: Pick<SessionUser, "id">, now = Date.now()): Result<{ surveyId: number }> {
  return transaction((db) => {
    const row = insertSurvey(db, {
      name: input.name,
      kind: input.kind,
      texts: storedSurveyTexts(input.kind, input.texts),
      inAppPrompt: input.inAppPrompt,
      createdById: staff.id,
      createdAt: now,
    });
    return ok({ surveyId: row.id });
  });
}

export function editSurvey(surveyId: number, input: EditSurveyInput): Result {
  const survey = findSurvey(surveyId);
  if (!survey) return err("error.notFound");
  return transaction((db) => {
    updateSurvey(db, surveyId, { name: input.name, inAppPrompt: input.inAppPrompt, texts: storedSurveyTexts(survey.kind, input.texts) });
    return ok();
  });
}

/** Closing keeps every answer and refuses new ones (see `answerable`); reopening takes them again. */
export function setSurveyOpen(surveyId: number, open: boolean, now = Date.now()): Result {
  const survey = findSurvey(surveyId);
  if (!survey) return err("error.notFound");
  return transaction((db) => {
    updateSurvey(db, surveyId, open ? { status: "active", closedAt: null } : { status: "closed", closedAt: survey.closedAt ?? now });
    return ok();
  });
}

export function surveysForStaff() {
  return listSurveysWithAnswerCounts();
}

export type SurveyPlaceholders = Record<Locale, { question: string; followUp: string; object: string }>;

/**
 * What a blank field asks, per language: the placeholders of the survey forms. For a
 * survey already made, the CES question's default uses that survey's own object.
 */
function placeholdersFor(kind: SurveyKind, texts: SurveyTexts): SurveyPlaceholders {
  const inLocale = (locale: Locale) => {
    const object = texts[locale]?.object;
    const { question, followUp } = surveyQuestion({ kind, texts: JSON.stringify({ [locale]: { object } }) }, locale);
    return { question, followUp, object: translate(locale, "surveys.defaultCesObject") };
  };
  return { en: inLocale("en"), ar: inLocale("ar"), fa: inLocale("fa") };
}

/** The placeholders of the new-survey form, for each kind it may be given. */
export function defaultSurveyTexts(): Record<SurveyKind, SurveyPlaceholders> {
  return { nps: placeholdersFor("nps", {}), ces: placeholdersFor("ces", {}), csat: placeholdersFor("csat", {}) };
}

const LATEST_ANSWERS_SHOWN = 50;

/** The survey's staff page: its texts as written, how many gave each score on its scale, and the latest answers. */
export function surveyForStaff(surveyId: number) {
  const survey = findSurvey(surveyId);
  if (!survey) return null;
  const { min, max } = SURVEY_SCALES[survey.kind];
  const given = new Map(surveyScoreCounts(surveyId).map((row) => [row.score, row.count]));
  const distribution = Array.from({ length: max - min + 1 }, (_, i) => ({ score: min + i, count: given.get(min + i) ?? 0 }));
  const texts = parseSurveyTexts(survey.texts);
  return {
    survey,
    texts,
    placeholders: placeholdersFor(survey.kind, texts),
    distribution,
    answerCount: distribution.reduce((sum, row) => sum + row.count, 0),
    latest: surveyAnswersWithRespondents(surveyId, LATEST_ANSWERS_SHOWN),
  };
}

/** The survey, for the pages that take answers to it (the public link, staff recording). */
export function surveyToAnswer(surveyId: number): SurveyRow | null {
  return findSurvey(surveyId) ?? null;
}

/** The viewer's own answer, so the public link shows what they said last (a new answer replaces it). */
export function previousAnswer(surveyId: number, userId: number) {
  const answer = findSurveyAnswer(surveyId, userId);
  return answer ? { score: answer.score, reason: answer.reason, answeredAt: answer.answeredAt } : null;
}

export function recordedAnswer(surveyId: number, answerId: number) {
  return findAnswerWithRespondent(surveyId, answerId) ?? null;
}

/**
 * A signed-in customer's answer through the public link. Staff are refused rather than
 * quietly not counted: a staff member trying the link sees plainly that it did nothing,
 * instead of a thank-you for an answer that no figure will ever include.
 */
export function answerSurveyByLink(viewer: SessionUser, answer: Omit<NewAnswer, "channel" | "recordedById">): Result<{ answerId: number }> {
  if (!canAnswerSurvey(viewer)) return err("surveys.error.staffNotCounted");
  return answerSurvey(viewer.id, { ...answer, channel: "link", recordedById: null });
}

export const SURVEY_CSV_COLUMNS = ["answered_at", "score", "reason", "channel", "language", "respondent_email"];

/** Every answer of the survey as CSV (dates in ISO 8601 UTC), or null when there is no such survey. */
export function surveyAnswersCsv(surveyId: number): string | null {
  if (!findSurvey(surveyId)) return null;
  const rows = surveyAnswersWithRespondents(surveyId).map((a) => [
    new Date(a.answeredAt).toISOString(),
    a.score,
    a.reason,
    a.channel,
    a.locale,
    a.respondentEmail,
  ]);
  return csvDocument(SURVEY_CSV_COLUMNS, rows);
}

// ── Channel 1: the in-app prompt on the board ───────────────────────────────────────────

/** A customer is asked a survey at most once in this window, and not when they answered it within it. */
export const PROMPT_WINDOW_MS = 90 * 24 * 3_600_000;

/** What the board shows in its prompt (the wording in the viewer's language). */
export type SurveyPrompt = AskedSurvey & { surveyId: number; kind: SurveyKind };

/**
 * The survey to ask this viewer now, recorded as shown, or null. Sampling rules: signed-in
 * customers only; at most one prompt in a session (once one was shown, no other, and not
 * the same again on the next page); a survey at most once per customer per 90 days, never
 * one they answered in that time; only active surveys with the prompt on. The session is
 * kept as a keyed hash: survey_prompts holds no working session id.
 */
export function promptFor(viewer: SessionUser | null, sessionId: string | null, locale: Locale, now = Date.now()): SurveyPrompt | null {
  if (!canBeAskedInApp(viewer) || !sessionId) return null;
  const sessionKey = keyedHash("survey-prompt-session", sessionId);
  // Most page views have nothing to ask: find that out with a read, so that they take no
  // write lock (an IMMEDIATE transaction on every signed-in page serialised them all, issue 15).
  // The write transaction below asks again, so two pages at once still show one prompt.
  if (!findPromptableSurvey(getDb(), viewer.id, sessionKey, now - PROMPT_WINDOW_MS)) return null;
  return transaction((db) => {
    const survey = findPromptableSurvey(db, viewer.id, sessionKey, now - PROMPT_WINDOW_MS);
    if (!survey) return null;
    recordPromptShown(db, { surveyId: survey.id, userId: viewer.id, sessionId: sessionKey, shownAt: now });
    return { surveyId: survey.id, kind: survey.kind, ...surveyQuestion(survey, locale) };
  });
}

/** A prompt may be answered or dismissed only by the customer it was shown to. */
function shownPrompt(viewer: SessionUser, surveyId: number): Result {
  return canBeAskedInApp(viewer) && findSurveyPrompt(surveyId, viewer.id) ? ok() : err("error.notFound");
}

/** The score from the prompt, about the board it was shown on (a board that no longer exists is dropped). */
export function answerPrompt(
  viewer: SessionUser,
  input: { surveyId: number; score: number; boardId?: number | null },
  locale: Locale,
  now = Date.now(),
): Result<{ answerId: number }> {
  const shown = shownPrompt(viewer, input.surveyId);
  if (!shown.ok) return shown;
  const boardId = input.boardId && findBoardById(input.boardId) ? input.boardId : null;
  return answerSurvey(viewer.id, { surveyId: input.surveyId, score: input.score, channel: "in_app", locale, boardId, now });
}

export function dismissPrompt(viewer: SessionUser, surveyId: number, now = Date.now()): Result {
  const shown = shownPrompt(viewer, surveyId);
  if (!shown.ok) return shown;
  setPromptDismissed(surveyId, viewer.id, now);
  return ok();
}

/** The viewer's own answer and the survey's wording, for the page after a score (the follow-up question). */
export function ownAnswer(viewer: SessionUser, surveyId: number, locale: Locale): Result<{ survey: SurveyPrompt; score: number; reason: string }> {
  const survey = findSurvey(surveyId);
  const answer = survey ? findSurveyAnswer(surveyId, viewer.id) : undefined;
  if (!survey || !answer) return err("error.notFound");
  return ok({ survey: { surveyId, kind: survey.kind, ...surveyQuestion(survey, locale) }, score: answer.score, reason: answer.reason });
}

// ── Channel 2: the survey email ─────────────────────────────────────────────────────────

export type SendAudience = { audience: SurveyAudience; activeDays?: number; boardId?: number };
const DAY_MS = 24 * 3_600_000;

function recipientsOf(input: SendAudience, now: number): Result<ReturnType<typeof surveyAudience>> {
  if (input.audience === "active_customers" && !input.activeDays) return err("error.surveyActiveDays", "activeDays");
  if (input.audience === "board_voters" && !(input.boardId && findBoardById(input.boardId))) return err("error.surveyBoard", "boardId");
  return ok(
    surveyAudience(input.audience, {
      activeSince: input.audience === "active_customers" ? now - input.activeDays! * DAY_MS : null,
      boardId: input.audience === "board_voters" ? input.boardId : null,
    }),
  );
}

/** How many customers a send to this audience would email now ("This will email 132 customers"). */
export function countSurveyAudience(input: SendAudience, now = Date.now()): Result<number> {
  const recipients = recipientsOf(input, now);
  return recipients.ok ? ok(countRecipients(recipients.value)) : recipients;
}

/**
 * Emails the survey to the audience: the send and one outbox row per recipient (deduplicated
 * per send and user) in one transaction, each in the recipient's language, with the same
 * unsubscribe preference and List-Unsubscribe as the status emails.
 */
export function sendSurvey(surveyId: number, input: SendAudience, staff: SessionUser, now = Date.now()): Result<{ sendId: number; recipients: number }> {
  const survey = findSurvey(surveyId);
  if (!survey) return err("error.notFound");
  if (survey.status !== "active") return err("error.surveyClosed");
  const recipients = recipientsOf(input, now);
  if (!recipients.ok) return recipients;
  const wording = Object.fromEntries(
    LOCALES.map((locale) => {
      const { question, followUp } = surveyQuestion(survey, locale);
      return [locale, { question, followUp }];
    }),
  ) as PayloadOf<"survey">["wording"];
  const sent = transaction((db) => {
    const send = insertSurveySend(db, {
      surveyId,
      audience: input.audience,
      activeDays: input.audience === "active_customers" ? input.activeDays : null,
      boardId: recipients.value.boardId,
      sentById: staff.id,
      createdAt: now,
    });
    const emailed = announce(db, recipients.value, {
      email: {
        template: "survey",
        payload: { siteName: getSiteSettings().siteName, surveyId, sendId: send.id, kind: survey.kind, wording },
        dedupePrefix: `survey_send:${send.id}:user:`,
        preference: "status",
      },
      now,
    });
    setSurveySendRecipients(db, send.id, emailed);
    return { sendId: send.id, recipients: emailed };
  });
  if (sent.recipients > 0) kickOutbox();
  return ok(sent);
}

/** What the send page shows: the survey and its sends so far, newest first. */
export function surveyWithSends(surveyId: number): Result<{ survey: Pick<SurveyRow, "id" | "name" | "kind" | "status">; sends: SurveySendListed[] }> {
  const survey = findSurvey(surveyId);
  if (!survey) return err("error.notFound");
  return ok({ survey: { id: survey.id, name: survey.name, kind: survey.kind, status: survey.status }, sends: listSurveySends(surveyId) });
}

export type EmailedAnswer = { closed: true; survey: SurveyPrompt } | { closed: false; survey: SurveyPrompt; score: number; reason: string; userId: number };

/** The survey, recipient and send a score link names, or null when the link is not one we signed for this survey. */
function emailedClaim(token: string, surveyId: number) {
  const claim = verifyLink(token, "survey");
  if (!claim || claim.surveyId !== surveyId) return null;
  const survey = findSurvey(surveyId);
  const user = findUserById(claim.userId);
  const send = findSurveySend(claim.sendId);
  if (!survey || !user || !send || send.surveyId !== surveyId) return null;
  return { survey, user, send };
}

/**
 * A click on a score in the email: records it (the latest click wins), about the board
 * the send was for. A closed survey records nothing and says so; a link that was altered,
 * or a score off the scale, is not found.
 */
export function answerByEmail(token: string, surveyId: number, score: number, pageLocale: Locale, now = Date.now()): Result<EmailedAnswer> {
  const found = emailedClaim(token, surveyId);
  if (!found || !scoreInRange(found.survey.kind, score)) return err("error.notFound");
  const { survey, user, send } = found;
  const asked: SurveyPrompt = { surveyId, kind: survey.kind, ...surveyQuestion(survey, pageLocale) };
  if (survey.status !== "active") return ok({ closed: true, survey: asked });
  const answered = answerSurvey(user.id, {
    surveyId,
    score,
    channel: "email",
    locale: user.locale ?? getSiteSettings().defaultLocale,
    boardId: send.boardId,
    now,
  });
  if (!answered.ok) return answered;
  const reason = findSurveyAnswer(surveyId, user.id)?.reason ?? "";
  return ok({ closed: false, survey: asked, score, reason, userId: user.id });
}

/** The follow-up's reason from the page a score link opened (the same signed link authorises it). */
export function giveReasonByEmail(token: string, surveyId: number, reason: string): Result {
  const found = emailedClaim(token, surveyId);
  if (!found) return err("error.notFound");
  return giveSurveyReason(surveyId, found.user.id, reason);
}
