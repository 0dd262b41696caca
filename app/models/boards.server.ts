import { and, asc, eq, gt, isNull, ne } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { preparedStatement } from "~/db/prepared.server";
import { boards } from "~/db/schema";

export type BoardRow = typeof boards.$inferSelect;

// Every page reads it (the board list and the board filter).
const listPublicBoardsStatement = preparedStatement((db) => db.select().from(boards).where(isNull(boards.archivedAt)).orderBy(asc(boards.id)).prepare());

export function listPublicBoards(): BoardRow[] {
  return listPublicBoardsStatement().all();
}

export function listAllBoards(): BoardRow[] {
  return getDb().select().from(boards).orderBy(asc(boards.id)).all();
}

export function findPublicBoardBySlug(slug: string): BoardRow | undefined {
  return getDb()
    .select()
    .from(boards)
    .where(and(eq(boards.slug, slug), isNull(boards.archivedAt)))
    .get();
}

export function findBoardById(id: number): BoardRow | undefined {
  return getDb().select().from(boards).where(eq(boards.id, id)).get();
}

export function slugInUse(slug: string, exceptId?: number): boolean {
  const where = exceptId ? and(eq(boards.slug, slug), ne(boards.id, exceptId)) : eq(boards.slug, slug);
  return getDb().select({ id: boards.id }).from(boards).where(where).get() !== undefined;
}

export function insertBoard(values: { slug: string; name: string; description: string }): BoardRow {
  return getDb().insert(boards).values(values).returning().get();
}

export function updateBoard(id: number, values: Partial<{ slug: string; name: string; description: string; archivedAt: number | null }>): void {
  getDb().update(boards).set(values).where(eq(boards.id, id)).run();
}

/** Every board, archived ones too, oldest first: one keyset page after the board `afterId`. */
export function listBoardsAfter(afterId: number, limit: number): BoardRow[] {
  return getDb().select().from(boards).where(gt(boards.id, afterId)).orderBy(asc(boards.id)).limit(limit).all();
}

export function findBoardBySlug(slug: string): BoardRow | undefined {
  return getDb().select().from(boards).where(eq(boards.slug, slug)).get();
}
