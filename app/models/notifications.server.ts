import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { alias } from "drizzle-orm/sqlite-core";
import { comments, notifications, posts, users, type NotificationType, type PostStatus } from "~/db/schema";
import { selectRecipients, type Recipients } from "./recipients.server";

export type NotificationView = {
  id: number;
  postId: number;
  postTitle: string;
  type: NotificationType;
  status: PostStatus | null;
  relatedPostId: number | null;
  readAt: number | null;
  createdAt: number;
  /** Who wrote the comment it is about, or who assigned the post (null for a status change or merge: the team did those). */
  actorName: string | null;
  /** The comment's HTML, or the response the status change carried; null when none (or deleted). */
  quoteHtml: string | null;
};

const actors = alias(users, "actors");

/**
 * One in-app notification per recipient, written by a single INSERT … SELECT so a
 * fan-out to any number of subscribers is one statement in the caller's transaction.
 */
export function insertNotificationsFor(
  db: Db,
  recipients: Recipients,
  values: {
    postId: number;
    type: NotificationType;
    status?: PostStatus | null;
    relatedPostId?: number | null;
    commentId?: number | null;
    actorId?: number | null;
    createdAt: number;
  },
): number {
  return db.run(sql`
    insert into notifications (user_id, post_id, type, status, related_post_id, comment_id, actor_id, created_at)
    select r.user_id, ${values.postId}, ${values.type}, ${values.status ?? null}, ${values.relatedPostId ?? null},
           ${values.commentId ?? null}, ${values.actorId ?? null}, ${values.createdAt}
    from (${selectRecipients(recipients)}) r
  `).changes;
}

// A deleted post (staff deleted it, or rejected it while it awaited approval) takes its
// notifications with it: its title must not reach a follower's page or badge.
const postNotDeleted = sql`not exists (select 1 from ${posts} where ${posts.id} = ${notifications.postId} and ${posts.deletedAt} is not null)`;

export function listNotifications(userId: number, limit: number, beforeId?: number): NotificationView[] {
  const conditions = [eq(notifications.userId, userId), isNull(posts.deletedAt)];
  if (beforeId) conditions.push(lt(notifications.id, beforeId));
  return getDb()
    .select({
      id: notifications.id,
      postId: notifications.postId,
      postTitle: posts.title,
      type: notifications.type,
      status: notifications.status,
      relatedPostId: notifications.relatedPostId,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      actorName: actors.displayName,
      // A status notice names no change row; its change is the post's latest to that status
      // made when it was sent (the same transaction wrote both, with the same clock).
      quoteHtml: sql<string | null>`coalesce(${comments.bodyHtml}, (select nullif(sc.response_html, '') from status_changes sc
        where sc.post_id = ${notifications.postId} and sc.to_status = ${notifications.status} and sc.created_at <= ${notifications.createdAt}
        order by sc.created_at desc, sc.id desc limit 1))`,
    })
    .from(notifications)
    .innerJoin(posts, eq(posts.id, notifications.postId))
    .leftJoin(comments, and(eq(comments.id, notifications.commentId), isNull(comments.deletedAt), eq(comments.isInternal, false)))
    .leftJoin(actors, eq(actors.id, sql`coalesce(${notifications.actorId}, ${comments.authorId})`))
    .where(and(...conditions))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all();
}

export function countUnread(userId: number): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), postNotDeleted))
    .get()!.n;
}

export function markRead(userId: number, id: number, at: number): boolean {
  return (
    getDb()
      .update(notifications)
      .set({ readAt: at })
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
      .run().changes > 0
  );
}

/**
 * Marks read, in one UPDATE, the user's unread notifications about a post: those on it
 * and the merge notices that point to it. How many it marked.
 */
export function markReadForPost(userId: number, postId: number, at: number): number {
  return getDb()
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), or(eq(notifications.postId, postId), eq(notifications.relatedPostId, postId))))
    .run().changes;
}

export function markAllRead(userId: number, at: number): number {
  return getDb()
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run().changes;
}
