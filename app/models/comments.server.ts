import { and, asc, eq, gt, isNull, or, sql, type SQL } from "drizzle-orm";
import { preparedStatement } from "~/db/prepared.server";
import { getDb, type Db } from "~/db/client.server";
import { comments, users, type Role } from "~/db/schema";

export type CommentRow = typeof comments.$inferSelect;

export type PublicComment = {
  id: number;
  parentId: number | null;
  authorId: number;
  authorName: string;
  /** Shown as a "Team" badge beside staff and admins. */
  authorRole: Role;
  bodyHtml: string;
  deletedAt: number | null;
  editedAt: number | null;
  createdAt: number;
  mergedFromPostId: number | null;
};

/** The public thread of a post, oldest first; internal notes are never selected here. */
const listPublicCommentsStatement = preparedStatement((db) =>
  db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      authorId: comments.authorId,
      authorName: users.displayName,
      authorRole: users.role,
      bodyHtml: comments.bodyHtml,
      deletedAt: comments.deletedAt,
      editedAt: comments.editedAt,
      createdAt: comments.createdAt,
      mergedFromPostId: comments.mergedFromPostId,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.postId, sql.placeholder("postId")), eq(comments.isInternal, false)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .prepare(),
);

export function listPublicComments(postId: number): PublicComment[] {
  return listPublicCommentsStatement().all({ postId });
}

export function findPublicComment(id: number, db: Db = getDb()): CommentRow | undefined {
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.id, id), eq(comments.isInternal, false)))
    .get();
}

export function insertComment(db: Db, values: { postId: number; authorId: number; parentId: number | null; bodyMd: string; bodyHtml: string }): CommentRow {
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

export type InternalNote = { id: number; authorName: string; bodyHtml: string; createdAt: number };

/** Staff-only notes of a post. Never call this from a customer-reachable path. */
export function listInternalNotes(postId: number): InternalNote[] {
  return getDb()
    .select({ id: comments.id, authorName: users.displayName, bodyHtml: comments.bodyHtml, createdAt: comments.createdAt })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.postId, postId), eq(comments.isInternal, true), isNull(comments.deletedAt)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all();
}

export function insertInternalNote(db: Db, values: { postId: number; authorId: number; bodyMd: string; bodyHtml: string }): CommentRow {
  return db
    .insert(comments)
    .values({ ...values, isInternal: true })
    .returning()
    .get();
}

/** Any comment of the post, internal ones included: for staff moderation only. */
export function findCommentForStaff(id: number): CommentRow | undefined {
  return getDb().select().from(comments).where(eq(comments.id, id)).get();
}

export type MovedComment = { id: number; mergedFromPostId: number | null };

/** Moves every comment of one post to another, labelled with where it came from. */
export function moveComments(db: Db, fromPostId: number, toPostId: number): MovedComment[] {
  const moved = db.select({ id: comments.id, mergedFromPostId: comments.mergedFromPostId }).from(comments).where(eq(comments.postId, fromPostId)).all();
  db.update(comments).set({ postId: toPostId, mergedFromPostId: fromPostId }).where(eq(comments.postId, fromPostId)).run();
  return moved;
}

export function restoreComments(db: Db, postId: number, moved: MovedComment[]): void {
  for (const c of moved) {
    db.update(comments).set({ postId, mergedFromPostId: c.mergedFromPostId }).where(eq(comments.id, c.id)).run();
  }
}

/** comment_count counts live public comments only: internal notes never show in a count. */
/** What comment_count of the post in the outer query must be: live public comments. */
export const liveCommentCount = sql`(select count(*) from comments c where c.post_id = posts.id and c.is_internal = 0 and c.deleted_at is null)`;

export function recountComments(db: Db, postId: number): void {
  db.run(sql`update posts set comment_count = ${liveCommentCount} where id = ${postId}`);
}

/** A comment or internal note as the API shows it, with its author's address (the API acts as an admin). */
export type CommentForStaff = {
  id: number;
  postId: number;
  parentId: number | null;
  authorId: number;
  authorName: string;
  authorEmail: string;
  bodyMd: string;
  bodyHtml: string;
  isInternal: boolean;
  deletedAt: number | null;
  editedAt: number | null;
  createdAt: number;
};

const commentForStaffColumns = {
  id: comments.id,
  postId: comments.postId,
  parentId: comments.parentId,
  authorId: comments.authorId,
  authorName: users.displayName,
  authorEmail: users.email,
  bodyMd: comments.bodyMd,
  bodyHtml: comments.bodyHtml,
  isInternal: comments.isInternal,
  deletedAt: comments.deletedAt,
  editedAt: comments.editedAt,
  createdAt: comments.createdAt,
};

/**
 * One keyset page of a post's thread in thread order (oldest first), after `after`.
 * Internal notes only when `withNotes` says so: staff's eyes only.
 */
export function listCommentsPage(
  postId: number,
  options: { withNotes: boolean; after: { createdAt: number; id: number } | null; limit: number },
): CommentForStaff[] {
  const { withNotes, after, limit } = options;
  const conditions: (SQL | undefined)[] = [eq(comments.postId, postId)];
  if (!withNotes) conditions.push(eq(comments.isInternal, false));
  if (after) conditions.push(or(gt(comments.createdAt, after.createdAt), and(eq(comments.createdAt, after.createdAt), gt(comments.id, after.id))));
  return getDb()
    .select(commentForStaffColumns)
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(...conditions))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit)
    .all();
}

/** Any one comment or note with its author: staff only. */
export function findCommentWithAuthor(id: number): CommentForStaff | undefined {
  return getDb().select(commentForStaffColumns).from(comments).innerJoin(users, eq(users.id, comments.authorId)).where(eq(comments.id, id)).get();
}
