import { and, eq, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { surveys, type CsatAnswer } from "~/db/schema";

export type SurveyRow = typeof surveys.$inferSelect;

/** The latest answer wins; a comment already given is kept unless a new one replaces it. */
export function upsertCsatAnswer(postId: number, userId: number, answer: CsatAnswer, at: number): void {
  getDb()
    .insert(surveys)
    .values({ postId, userId, answer, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: [surveys.postId, surveys.userId], set: { answer, updatedAt: at } })
    .run();
}

export function setCsatComment(postId: number, userId: number, comment: string, at: number): boolean {
  return (
    getDb()
      .update(surveys)
      .set({ comment, updatedAt: at })
      .where(and(eq(surveys.postId, postId), eq(surveys.userId, userId)))
      .run().changes > 0
  );
}

export type CsatSummary = { yes: number; partly: number; no: number; total: number };

export function csatSummary(postId: number): CsatSummary {
  const row = getDb()
    .select({
      yes: sql<number>`coalesce(sum(${surveys.answer} = 'yes'), 0)`,
      partly: sql<number>`coalesce(sum(${surveys.answer} = 'partly'), 0)`,
      no: sql<number>`coalesce(sum(${surveys.answer} = 'no'), 0)`,
      total: sql<number>`count(*)`,
    })
    .from(surveys)
    .where(eq(surveys.postId, postId))
    .get();
  return row ?? { yes: 0, partly: 0, no: 0, total: 0 };
}

export function listCsatComments(postId: number, limit: number): { answer: CsatAnswer; comment: string; updatedAt: number }[] {
  return getDb()
    .select({ answer: surveys.answer, comment: surveys.comment, updatedAt: surveys.updatedAt })
    .from(surveys)
    .where(and(eq(surveys.postId, postId), sql`${surveys.comment} <> ''`))
    .orderBy(sql`${surveys.updatedAt} desc`)
    .limit(limit)
    .all();
}
