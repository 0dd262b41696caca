// The verbatims: survey answers that carry a reason, as the insights page lists them, and
// the link from an answer to the idea staff made of it.
import { and, between, desc, eq, gte, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { posts, surveyAnswers, surveys, users, SURVEY_KINDS, SURVEY_SCORE_GROUPS, type Locale, type SurveyChannel } from "~/db/schema";
// The insights' shared shapes (a plain types file): the rows are the contract's verbatims.
import type { AnswerGroup, Verbatim } from "~/services/insights-types";

/** The group of an answer's score on its own kind's scale, from the one table of bounds. */
const answerGroup = sql<AnswerGroup>`case ${sql.join(
  SURVEY_KINDS.map((kind) => {
    const { promoter, passive } = SURVEY_SCORE_GROUPS[kind];
    return sql`when ${surveyAnswers.kind} = ${kind} then case when ${surveyAnswers.score} >= ${promoter[0]} then 'promoter' when ${surveyAnswers.score} >= ${passive[0]} then 'passive' else 'detractor' end`;
  }),
  sql` `,
)} end`;

/** Answers in the group, written as score ranges per kind so that SQLite compares plain columns. */
function inGroup(group: AnswerGroup): SQL {
  return or(...SURVEY_KINDS.map((kind) => and(eq(surveyAnswers.kind, kind), between(surveyAnswers.score, ...SURVEY_SCORE_GROUPS[kind][group]))))!;
}

export type VerbatimQuery = {
  from: number;
  to: number;
  boardId?: number | null;
  channel?: SurveyChannel | null;
  group?: AnswerGroup | null;
  surveyId?: number | null;
  locale?: Locale | null;
  /** A MATCH expression from toFtsQuery, which makes any input safe. */
  ftsQuery?: string | null;
  /** The (answeredAt, id) of the last answer already shown. */
  after?: { answeredAt: number; id: number } | null;
  limit: number;
};

/** A verbatim as stored; the service adds what the respondent voted for. */
export type VerbatimRow = Omit<Verbatim, "respondent" | "votedFor"> & { respondentId: number; respondentName: string };

/**
 * One page of answers with a reason in the period, newest first, keyset-paginated on
 * (answered_at, id), which the answered_at index serves in order.
 */
export function listVerbatimRows(query: VerbatimQuery): VerbatimRow[] {
  const conditions: SQL[] = [gte(surveyAnswers.answeredAt, query.from), lt(surveyAnswers.answeredAt, query.to), ne(surveyAnswers.reason, "")];
  if (query.boardId) conditions.push(eq(surveyAnswers.boardId, query.boardId));
  if (query.channel) conditions.push(eq(surveyAnswers.channel, query.channel));
  if (query.surveyId) conditions.push(eq(surveyAnswers.surveyId, query.surveyId));
  if (query.locale) conditions.push(eq(surveyAnswers.locale, query.locale));
  if (query.group) conditions.push(inGroup(query.group));
  if (query.ftsQuery) {
    conditions.push(sql`${surveyAnswers.id} in (select rowid from survey_answers_fts where survey_answers_fts match ${query.ftsQuery})`);
  }
  if (query.after) conditions.push(sql`(${surveyAnswers.answeredAt}, ${surveyAnswers.id}) < (${query.after.answeredAt}, ${query.after.id})`);
  return getDb()
    .select({
      answerId: surveyAnswers.id,
      surveyId: surveyAnswers.surveyId,
      surveyName: surveys.name,
      kind: surveyAnswers.kind,
      score: surveyAnswers.score,
      group: answerGroup,
      reason: surveyAnswers.reason,
      locale: surveyAnswers.locale,
      channel: surveyAnswers.channel,
      answeredAt: surveyAnswers.answeredAt,
      respondentId: surveyAnswers.userId,
      respondentName: users.displayName,
      // An idea deleted since no longer stands for the answer.
      postId: sql<number | null>`case when ${posts.deletedAt} is null then ${surveyAnswers.postId} end`,
    })
    .from(surveyAnswers)
    .innerJoin(surveys, eq(surveys.id, surveyAnswers.surveyId))
    .innerJoin(users, eq(users.id, surveyAnswers.userId))
    .leftJoin(posts, eq(posts.id, surveyAnswers.postId))
    .where(and(...conditions))
    .orderBy(desc(surveyAnswers.answeredAt), desc(surveyAnswers.id))
    .limit(query.limit)
    .all();
}

export type AnswerForIdea = { id: number; userId: number; reason: string; postId: number | null };

/** The answer an idea would be made from, with the idea already made of it (if still live). */
export function findAnswerForIdea(db: Db, answerId: number): AnswerForIdea | undefined {
  return db
    .select({
      id: surveyAnswers.id,
      userId: surveyAnswers.userId,
      reason: surveyAnswers.reason,
      postId: sql<number | null>`case when ${posts.deletedAt} is null then ${surveyAnswers.postId} end`,
    })
    .from(surveyAnswers)
    .leftJoin(posts, eq(posts.id, surveyAnswers.postId))
    .where(eq(surveyAnswers.id, answerId))
    .get();
}

export function linkAnswerToPost(db: Db, answerId: number, postId: number): void {
  db.update(surveyAnswers).set({ postId }).where(eq(surveyAnswers.id, answerId)).run();
}
