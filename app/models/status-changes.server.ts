import { asc, eq, sql } from "drizzle-orm";
import { preparedStatement } from "~/db/prepared.server";
import type { Db } from "~/db/client.server";
import { statusChanges, users, type PostStatus } from "~/db/schema";

export type StatusChangeRow = typeof statusChanges.$inferSelect;
export type TimelineEntry = {
  id: number;
  fromStatus: PostStatus;
  toStatus: PostStatus;
  actorName: string;
  responseHtml: string;
  createdAt: number;
};

const timelineColumns = {
  id: statusChanges.id,
  fromStatus: statusChanges.fromStatus,
  toStatus: statusChanges.toStatus,
  actorName: users.displayName,
  responseHtml: statusChanges.responseHtml,
  createdAt: statusChanges.createdAt,
};

export function insertStatusChange(
  db: Db,
  values: { postId: number; fromStatus: PostStatus; toStatus: PostStatus; actorId: number; responseMd: string; responseHtml: string; createdAt: number },
): StatusChangeRow {
  return db.insert(statusChanges).values(values).returning().get();
}

/** A post's status history, oldest first: public, it only holds what staff announced. */
const listTimelineStatement = preparedStatement((db) =>
  db
    .select(timelineColumns)
    .from(statusChanges)
    .innerJoin(users, eq(users.id, statusChanges.actorId))
    .where(eq(statusChanges.postId, sql.placeholder("postId")))
    .orderBy(asc(statusChanges.createdAt), asc(statusChanges.id))
    .prepare(),
);

export function listTimeline(postId: number): TimelineEntry[] {
  return listTimelineStatement().all({ postId });
}

/** The latest official response of a post, if any status change carried one. */
const latestResponseStatement = preparedStatement((db) =>
  db
    .select(timelineColumns)
    .from(statusChanges)
    .innerJoin(users, eq(users.id, statusChanges.actorId))
    .where(sql`${statusChanges.postId} = ${sql.placeholder("postId")} and ${statusChanges.responseHtml} <> ''`)
    .orderBy(sql`${statusChanges.createdAt} desc, ${statusChanges.id} desc`)
    .limit(1)
    .prepare(),
);

export function latestResponse(postId: number): TimelineEntry | undefined {
  return latestResponseStatement().get({ postId });
}

export function deleteStatusChange(db: Db, id: number): void {
  db.delete(statusChanges).where(eq(statusChanges.id, id)).run();
}
