import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { subscriptions } from "~/db/schema";
import { preparedSql, preparedStatement } from "~/db/prepared.server";
import { inBatches } from "./batches.server";

export type SubscriptionState = "subscribed" | "unsubscribed";

/** Subscribes unless a row exists: an earlier unsubscribe stays in force. */
const subscribeUnlessDecidedStatement = preparedSql(
  "insert into subscriptions (post_id, user_id, state) values (@postId, @userId, 'subscribed') on conflict do nothing",
);

export function subscribeUnlessDecided(db: Db, postId: number, userId: number): void {
  subscribeUnlessDecidedStatement(db).run({ postId, userId });
}

/** An explicit choice by the user; it overrides any earlier state. */
export function setSubscription(db: Db, postId: number, userId: number, state: SubscriptionState): void {
  db.insert(subscriptions)
    .values({ postId, userId, state })
    .onConflictDoUpdate({ target: [subscriptions.postId, subscriptions.userId], set: { state } })
    .run();
}

const subscriptionStateStatement = preparedStatement((db) =>
  db
    .select({ state: subscriptions.state })
    .from(subscriptions)
    .where(and(eq(subscriptions.postId, sql.placeholder("postId")), eq(subscriptions.userId, sql.placeholder("userId"))))
    .prepare(),
);

export function subscriptionState(postId: number, userId: number): SubscriptionState | null {
  return subscriptionStateStatement().get({ postId, userId })?.state ?? null;
}

export function countSubscribers(postId: number): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(subscriptions)
    .where(and(eq(subscriptions.postId, postId), eq(subscriptions.state, "subscribed")))
    .get()!.n;
}

export type SubscriptionView = { postId: number; title: string; state: SubscriptionState };

export function subscriptionsOfUser(userId: number): SubscriptionView[] {
  return getDb().all<SubscriptionView>(sql`
    select s.post_id as postId, p.title as title, s.state as state
    from subscriptions s join posts p on p.id = s.post_id
    where s.user_id = ${userId} and p.deleted_at is null order by s.created_at desc limit 200`);
}

export type SubscriptionRow = typeof subscriptions.$inferSelect;

/**
 * Moves one post's followers to another. A user who already has a row on the target
 * keeps it (their choice there wins); the source's rows are returned for an exact undo.
 * Returns the source's rows and which users got a new row on the target.
 */
export function moveSubscriptions(db: Db, fromPostId: number, toPostId: number): { rows: SubscriptionRow[]; addedUserIds: number[] } {
  const rows = db.select().from(subscriptions).where(eq(subscriptions.postId, fromPostId)).all();
  const added = db.all<{ user_id: number }>(sql`
    insert into subscriptions (post_id, user_id, state, created_at)
    select ${toPostId}, user_id, state, created_at from subscriptions where post_id = ${fromPostId} and true
    on conflict do nothing
    returning user_id`);
  db.delete(subscriptions).where(eq(subscriptions.postId, fromPostId)).run();
  return { rows, addedUserIds: added.map((r) => r.user_id) };
}

/**
 * Undoes moveSubscriptions: removes the rows the move added to the target and puts the
 * source's rows back. Returns whose target rows were removed.
 */
export function restoreSubscriptions(db: Db, toPostId: number, rows: SubscriptionRow[], addedUserIds: number[]): number[] {
  const removed = inBatches(addedUserIds, (batch) =>
    db
      .delete(subscriptions)
      .where(and(eq(subscriptions.postId, toPostId), inArray(subscriptions.userId, batch)))
      .returning({ userId: subscriptions.userId })
      .all()
      .map((r) => r.userId),
  );
  inBatches(rows, (batch) => void db.insert(subscriptions).values(batch).onConflictDoNothing().run());
  return removed;
}

/** Inserts one subscription row unless the user already has one on that post; true if inserted. */
export function insertSubscriptionRowIfAbsent(db: Db, row: SubscriptionRow): boolean {
  return db.insert(subscriptions).values(row).onConflictDoNothing().run().changes > 0;
}
