import { and, eq, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { solvedAnswers, type CsatAnswer } from "~/db/schema";

export type SolvedAnswerRow = typeof solvedAnswers.$inferSelect;

/** The latest answer wins; a comment already given is kept unless a new one replaces it. */
export function upsertCsatAnswer(postId: number, userId: number, answer: CsatAnswer, at: number): void {
  getDb()
    .insert(solvedAnswers)
    .values({ postId, userId, answer, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: [solvedAnswers.postId, solvedAnswers.userId], set: { answer, updatedAt: at } })
    .run();
}

export function setCsatComment(postId: number, userId: number, comment: string, at: number): boolean {
  return (
    getDb()
      .update(solvedAnswers)
      .set({ comment, updatedAt: at })
      .where(and(eq(solvedAnswers.postId, postId), eq(solvedAnswers.userId, userId)))
      .run().changes > 0
  );
}

export type CsatSummary = { yes: number; partly: number; no: number; total: number };

export function csatSummary(postId: number): CsatSummary {
  const row = getDb()
    .select({
      yes: sql<number>`coalesce(sum(${solvedAnswers.answer} = 'yes'), 0)`,
      partly: sql<number>`coalesce(sum(${solvedAnswers.answer} = 'partly'), 0)`,
      no: sql<number>`coalesce(sum(${solvedAnswers.answer} = 'no'), 0)`,
      total: sql<number>`count(*)`,
    })
    .from(solvedAnswers)
    .where(eq(solvedAnswers.postId, postId))
    .get();
  return row ?? { yes: 0, partly: 0, no: 0, total: 0 };
}

export function listCsatComments(postId: number, limit: number): { answer: CsatAnswer; comment: string; updatedAt: number }[] {
  return getDb()
    .select({ answer: solvedAnswers.answer, comment: solvedAnswers.comment, updatedAt: solvedAnswers.updatedAt })
    .from(solvedAnswers)
    .where(and(eq(solvedAnswers.postId, postId), sql`${solvedAnswers.comment} <> ''`))
    .orderBy(sql`${solvedAnswers.updatedAt} desc`)
    .limit(limit)
    .all();
}
