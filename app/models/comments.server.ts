import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { comments, users } from "~/db/schema";

export type CommentRow = typeof comments.$inferSelect;

export type PublicComment = {
  id: number;
  parentId: number | null;
  authorId: number;
  authorName: string;
  bodyHtml: string;
  bodyMd: string;
  deletedAt: number | null;
  editedAt: number | null;
  createdAt: number;
  mergedFromPostId: number | null;
};

/** The public thread of a post, oldest first; internal notes are never selected here. */
export function listPublicComments(postId: number): PublicComment[] {
  return getDb()
    .select({
      id: comments.id,
      parentId: comments.parentId,
      authorId: comments.authorId,
      authorName: users.displayName,
      bodyHtml: comments.bodyHtml,
      bodyMd: comments.bodyMd,
      deletedAt: comments.deletedAt,
      editedAt: comments.editedAt,
      createdAt: comments.createdAt,
      mergedFromPostId: comments.mergedFromPostId,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.postId, postId), eq(comments.isInternal, false)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all();
}

export function findPublicComment(id: number, db: Db = getDb()): CommentRow | undefined {
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.id, id), eq(comments.isInternal, false)))
    .get();
}

export function insertComment(
  db: Db,
  values: { postId: number; authorId: number; parentId: number | null; bodyMd: string; bodyHtml: string },
): CommentRow {
  return db.insert(comments).values(values).returning().get();
}

export function updateCommentBody(db: Db, id: number, bodyMd: string, bodyHtml: string, at: number): void {
  db.update(comments)
    .set({ bodyMd, bodyHtml, editedAt: at })
    .where(and(eq(comments.id, id), isNull(comments.deletedAt)))
    .run();
}

/** Soft delete: the row stays so replies keep their place; its text is dropped. */
export function softDeleteComment(db: Db, id: number, at: number): boolean {
  return (
    db
      .update(comments)
      .set({ deletedAt: at, bodyMd: "", bodyHtml: "" })
      .where(and(eq(comments.id, id), isNull(comments.deletedAt)))
      .run().changes > 0
  );
}
