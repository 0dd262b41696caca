import { and, asc, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { boards, surveyAnswers, surveyPrompts, surveySends, surveys, users } from "~/db/schema";

export type SurveyRow = typeof surveys.$inferSelect;
export type NewSurvey = typeof surveys.$inferInsert;
export type SurveyAnswerRow = typeof surveyAnswers.$inferSelect;
export type NewSurveyAnswer = Omit<typeof surveyAnswers.$inferInsert, "id">;

export function insertSurvey(db: Db, values: NewSurvey): SurveyRow {
  return db.insert(surveys).values(values).returning().get();
}

export function findSurvey(id: number, db: Db = getDb()): SurveyRow | undefined {
  return db.select().from(surveys).where(eq(surveys.id, id)).get();
}

export function listSurveys(): SurveyRow[] {
  return getDb().select().from(surveys).orderBy(desc(surveys.id)).all();
}

export function updateSurvey(db: Db, id: number, values: Partial<Pick<SurveyRow, "name" | "texts" | "status" | "inAppPrompt" | "closedAt">>): number {
  return db.update(surveys).set(values).where(eq(surveys.id, id)).run().changes;
}

/**
 * The latest answer wins: a new score replaces the old one, with its channel, board and
 * time; the reason is replaced only by a non-blank one, so a score clicked again in an
 * email does not erase what the customer wrote after the first click.
 */
export function upsertSurveyAnswer(db: Db, values: NewSurveyAnswer): SurveyAnswerRow {
  return db
    .insert(surveyAnswers)
    .values(values)
    .onConflictDoUpdate({
      target: [surveyAnswers.surveyId, surveyAnswers.userId],
      set: {
        score: values.score,
        channel: values.channel,
        locale: values.locale,
        boardId: values.boardId ?? null,
        recordedById: values.recordedById ?? null,
        answeredAt: values.answeredAt,
        reason: sql`case when excluded.reason <> '' then excluded.reason else ${surveyAnswers.reason} end`,
      },
    })
    .returning()
    .get();
}

/** The follow-up's reason, written after the score (the email and prompt flows). */
export function setSurveyAnswerReason(db: Db, surveyId: number, userId: number, reason: string): boolean {
  return (
    db
      .update(surveyAnswers)
      .set({ reason })
      .where(sql`${surveyAnswers.surveyId} = ${surveyId} and ${surveyAnswers.userId} = ${userId}`)
      .run().changes > 0
  );
}

export function findSurveyAnswer(surveyId: number, userId: number): SurveyAnswerRow | undefined {
  return getDb()
    .select()
    .from(surveyAnswers)
    .where(sql`${surveyAnswers.surveyId} = ${surveyId} and ${surveyAnswers.userId} = ${userId}`)
    .get();
}

// --- The staff's survey pages (/admin/surveys): lists, counts and answers with their respondents.

export type SurveyListRow = SurveyRow & { answerCount: number };

/** Every survey, newest first, with how many answers it has. */
export function listSurveysWithAnswerCounts(): SurveyListRow[] {
  // A join, not a correlated subquery: drizzle writes a subquery's outer column unqualified,
  // which SQLite would read as the answers' own id.
  return getDb()
    .select({ ...getTableColumns(surveys), answerCount: sql<number>`count(${surveyAnswers.id})` })
    .from(surveys)
    .leftJoin(surveyAnswers, eq(surveyAnswers.surveyId, surveys.id))
    .groupBy(surveys.id)
    .orderBy(desc(surveys.id))
    .all();
}

/** How many answers gave each score (only the scores someone gave). */
export function surveyScoreCounts(surveyId: number): { score: number; count: number }[] {
  return getDb()
    .select({ score: surveyAnswers.score, count: sql<number>`count(*)` })
    .from(surveyAnswers)
    .where(eq(surveyAnswers.surveyId, surveyId))
    .groupBy(surveyAnswers.score)
    .all();
}

export type AnswerWithRespondent = Pick<SurveyAnswerRow, "id" | "score" | "reason" | "channel" | "locale" | "answeredAt"> & {
  respondentEmail: string;
  respondentName: string;
};

const answerWithRespondent = {
  id: surveyAnswers.id,
  score: surveyAnswers.score,
  reason: surveyAnswers.reason,
  channel: surveyAnswers.channel,
  locale: surveyAnswers.locale,
  answeredAt: surveyAnswers.answeredAt,
  respondentEmail: users.email,
  respondentName: users.displayName,
};

/** The survey's latest answers, newest first (`limit` of them; all of them for the CSV export). */
export function surveyAnswersWithRespondents(surveyId: number, limit?: number): AnswerWithRespondent[] {
  const query = getDb()
    .select(answerWithRespondent)
    .from(surveyAnswers)
    .innerJoin(users, eq(users.id, surveyAnswers.userId))
    .where(eq(surveyAnswers.surveyId, surveyId))
    .orderBy(desc(surveyAnswers.answeredAt), desc(surveyAnswers.id));
  return limit === undefined ? query.all() : query.limit(limit).all();
}

export function findAnswerWithRespondent(surveyId: number, answerId: number): AnswerWithRespondent | undefined {
  return getDb()
    .select(answerWithRespondent)
    .from(surveyAnswers)
    .innerJoin(users, eq(users.id, surveyAnswers.userId))
    .where(and(eq(surveyAnswers.surveyId, surveyId), eq(surveyAnswers.id, answerId)))
    .get();
}
// ── The in-app prompt (survey_prompts): which survey a customer may be asked now ──

export type SurveyPromptRow = typeof surveyPrompts.$inferSelect;

/**
 * The active prompting survey this customer may be shown now, oldest first, or none:
 * none at all once any prompt was shown in this session; otherwise a survey neither
 * shown to them nor answered by them since `since`.
 */
export function findPromptableSurvey(db: Db, userId: number, sessionKey: string, since: number): SurveyRow | undefined {
  return db
    .select()
    .from(surveys)
    .where(
      and(
        eq(surveys.status, "active"),
        eq(surveys.inAppPrompt, true),
        sql`not exists (select 1 from ${surveyPrompts} p where p.session_id = ${sessionKey})`,
        sql`not exists (select 1 from ${surveyPrompts} p where p.survey_id = ${surveys.id} and p.user_id = ${userId} and p.shown_at > ${since})`,
        sql`not exists (select 1 from ${surveyAnswers} a where a.survey_id = ${surveys.id} and a.user_id = ${userId} and a.answered_at > ${since})`,
      ),
    )
    .orderBy(asc(surveys.id))
    .limit(1)
    .get();
}

/** A prompt counts when it is shown: the latest showing replaces the one before (one row per survey and customer). */
export function recordPromptShown(db: Db, values: { surveyId: number; userId: number; sessionId: string; shownAt: number }): void {
  db.insert(surveyPrompts)
    .values({ ...values, dismissedAt: null })
    .onConflictDoUpdate({
      target: [surveyPrompts.surveyId, surveyPrompts.userId],
      set: { sessionId: values.sessionId, shownAt: values.shownAt, dismissedAt: null },
    })
    .run();
}

export function findSurveyPrompt(surveyId: number, userId: number): SurveyPromptRow | undefined {
  return getDb()
    .select()
    .from(surveyPrompts)
    .where(and(eq(surveyPrompts.surveyId, surveyId), eq(surveyPrompts.userId, userId)))
    .get();
}

export function setPromptDismissed(surveyId: number, userId: number, at: number): boolean {
  return (
    getDb()
      .update(surveyPrompts)
      .set({ dismissedAt: at })
      .where(and(eq(surveyPrompts.surveyId, surveyId), eq(surveyPrompts.userId, userId)))
      .run().changes > 0
  );
}

// ── Survey emails (survey_sends) ──

export type SurveySendRow = typeof surveySends.$inferSelect;
export type SurveySendListed = SurveySendRow & { boardName: string | null; sentByName: string | null };

export function insertSurveySend(db: Db, values: Omit<typeof surveySends.$inferInsert, "id" | "recipients">): SurveySendRow {
  return db.insert(surveySends).values(values).returning().get();
}

export function setSurveySendRecipients(db: Db, sendId: number, recipients: number): void {
  db.update(surveySends).set({ recipients }).where(eq(surveySends.id, sendId)).run();
}

export function findSurveySend(id: number): SurveySendRow | undefined {
  return getDb().select().from(surveySends).where(eq(surveySends.id, id)).get();
}

/** A survey's sends, newest first, with the board and the staff member's name. */
export function listSurveySends(surveyId: number): SurveySendListed[] {
  return getDb()
    .select({ ...getTableColumns(surveySends), boardName: boards.name, sentByName: users.displayName })
    .from(surveySends)
    .leftJoin(boards, eq(boards.id, surveySends.boardId))
    .leftJoin(users, eq(users.id, surveySends.sentById))
    .where(eq(surveySends.surveyId, surveyId))
    .orderBy(desc(surveySends.id))
    .all();
}
