// Webhook endpoints and their deliveries. A delivery row is written in the same
// transaction as the change it reports (one INSERT … SELECT over the subscribed
// endpoints), then leased, sent and settled by the worker in services/webhook-worker.
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { preparedSql } from "~/db/prepared.server";
import { boards, comments, posts, postTags, tags, users, webhookDeliveries, webhooks } from "~/db/schema";
import type { WebhookEvent } from "~/db/enums";

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function insertWebhook(values: { url: string; events: WebhookEvent[]; secret: string; createdById: number }): WebhookRow {
  return getDb()
    .insert(webhooks)
    .values({ ...values, events: JSON.stringify(values.events) })
    .returning()
    .get();
}

/** Every endpoint, newest first, with how its deliveries stand. */
export function listWebhooks() {
  return getDb()
    .select({
      webhook: webhooks,
      pending: sql<number>`(select count(*) from ${webhookDeliveries} d where d.webhook_id = ${webhooks.id} and d.status in ('pending', 'sending'))`,
      failed: sql<number>`(select count(*) from ${webhookDeliveries} d where d.webhook_id = ${webhooks.id} and d.status = 'failed')`,
      lastDeliveredAt: sql<number | null>`(select max(d.delivered_at) from ${webhookDeliveries} d where d.webhook_id = ${webhooks.id})`,
    })
    .from(webhooks)
    .orderBy(desc(webhooks.id))
    .all();
}

export function findWebhook(id: number, db: Db = getDb()): WebhookRow | undefined {
  return db.select().from(webhooks).where(eq(webhooks.id, id)).get();
}

/** Turns an endpoint on (its failure count starts again) or off; false when there is no such endpoint. */
export function setWebhookEnabledRow(db: Db, id: number, enabled: boolean, now: number): boolean {
  return (
    db
      .update(webhooks)
      .set(enabled ? { enabled: true, disabledAt: null, consecutiveFailures: 0 } : { enabled: false, disabledAt: now })
      .where(eq(webhooks.id, id))
      .run().changes > 0
  );
}

export function setWebhookSecret(id: number, secret: string): boolean {
  return getDb().update(webhooks).set({ secret }).where(eq(webhooks.id, id)).run().changes > 0;
}

/** Deletes the endpoint and (by the foreign key's cascade) its deliveries. */
export function deleteWebhookRow(id: number): boolean {
  return getDb().delete(webhooks).where(eq(webhooks.id, id)).run().changes > 0;
}

/** Whether any enabled endpoint takes this event: the caller builds a payload only then. */
// Runs on every vote, comment and status change (webhooks.server's queueWebhookEvent).
const hasSubscribersStatement = preparedSql(
  "select 1 from webhooks where enabled = 1 and exists (select 1 from json_each(events) e where e.value = @event) limit 1",
);

export function hasSubscribers(db: Db, event: WebhookEvent): boolean {
  return hasSubscribersStatement(db).get({ event }) !== undefined;
}

/**
 * One pending delivery per enabled endpoint subscribed to the event, in one statement.
 * Each gets its own Standard Webhooks message id ("msg_" + 128 random bits), kept on
 * every retry so receivers can dedupe.
 */
export function insertDeliveries(db: Db, event: WebhookEvent, payload: string, now: number): number {
  return db.run(sql`
    insert into webhook_deliveries (webhook_id, event, message_id, payload, status, next_attempt_at, created_at)
    select w.id, ${event}, 'msg_' || lower(hex(randomblob(16))), ${payload}, 'pending', ${now}, ${now}
    from webhooks w
    where w.enabled = 1 and exists (select 1 from json_each(w.events) e where e.value = ${event})
  `).changes;
}

/** A live post as webhooks describe it, read inside the change's transaction. */
export function postForWebhook(db: Db, postId: number) {
  const row = db
    .select({
      id: posts.id,
      title: posts.title,
      bodyMd: posts.bodyMd,
      status: posts.status,
      kind: posts.kind,
      boardId: boards.id,
      boardSlug: boards.slug,
      boardName: boards.name,
      authorId: users.id,
      authorName: users.displayName,
      authorEmail: users.email,
      ownerId: posts.ownerId,
      voteCount: posts.voteCount,
      commentCount: posts.commentCount,
      pendingApproval: posts.pendingApproval,
      mergedIntoId: posts.mergedIntoId,
      createdAt: posts.createdAt,
      updatedAt: posts.updatedAt,
      tags: sql<string>`coalesce((select json_group_array(t.name) from ${postTags} pt join ${tags} t on t.id = pt.tag_id where pt.post_id = ${posts.id}), '[]')`,
    })
    .from(posts)
    .innerJoin(boards, eq(boards.id, posts.boardId))
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(eq(posts.id, postId), sql`${posts.deletedAt} is null`))
    .get();
  return row ? { ...row, tags: JSON.parse(row.tags) as string[] } : undefined;
}

/** A public comment with its author; undefined for an internal note (never sent out) or a deleted comment. */
export function publicCommentForWebhook(db: Db, commentId: number) {
  return db
    .select({
      id: comments.id,
      postId: comments.postId,
      parentId: comments.parentId,
      bodyMd: comments.bodyMd,
      createdAt: comments.createdAt,
      authorId: users.id,
      authorName: users.displayName,
      authorEmail: users.email,
    })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.id, commentId), eq(comments.isInternal, false), sql`${comments.deletedAt} is null`))
    .get();
}

export function userForWebhook(db: Db, userId: number) {
  return db.select({ id: users.id, name: users.displayName, email: users.email }).from(users).where(eq(users.id, userId)).get();
}

export type LeasedDelivery = DeliveryRow & { url: string; secret: string };

/**
 * Takes up to `limit` due deliveries of enabled endpoints: pending ones whose time has
 * come, and ones whose lease ran out (the process died while sending them). Each gets a
 * fresh lease and one more attempt. A disabled endpoint's deliveries wait, untouched,
 * until it is enabled again.
 */
export function leaseDueDeliveries(now: number, leaseMs: number, limit: number): LeasedDelivery[] {
  const db = getDb();
  return db.$client
    .transaction(() => {
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(
          and(
            eq(webhooks.enabled, true),
            sql`((${webhookDeliveries.status} = 'pending' and ${webhookDeliveries.nextAttemptAt} <= ${now})
              or (${webhookDeliveries.status} = 'sending' and ${webhookDeliveries.leaseUntil} < ${now}))`,
          ),
        )
        .orderBy(webhookDeliveries.id)
        .limit(limit)
        .all()
        .map((r) => r.id);
      if (due.length === 0) return [];
      db.update(webhookDeliveries)
        .set({ status: "sending", leaseUntil: now + leaseMs, attempts: sql`${webhookDeliveries.attempts} + 1` })
        .where(inArray(webhookDeliveries.id, due))
        .run();
      return db
        .select({ delivery: webhookDeliveries, url: webhooks.url, secret: webhooks.secret })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(inArray(webhookDeliveries.id, due))
        .orderBy(webhookDeliveries.id)
        .all()
        .map((r) => ({ ...r.delivery, url: r.url, secret: r.secret }));
    })
    .immediate();
}

/** What one attempt got back, for the admin's delivery log. */
export type AttemptRecord = { responseStatus: number | null; responseBody: string | null; durationMs: number; lastError: string | null };

/** Delivered: the endpoint's run of failures ends. */
export function markDelivered(db: Db, delivery: Pick<DeliveryRow, "id" | "webhookId">, attempt: AttemptRecord, at: number): void {
  db.update(webhookDeliveries)
    .set({ ...attempt, status: "delivered", deliveredAt: at, leaseUntil: null })
    .where(eq(webhookDeliveries.id, delivery.id))
    .run();
  db.update(webhooks).set({ consecutiveFailures: 0 }).where(eq(webhooks.id, delivery.webhookId)).run();
}

export function markForRetry(db: Db, id: number, attempt: AttemptRecord, nextAttemptAt: number): void {
  db.update(webhookDeliveries)
    .set({ ...attempt, status: "pending", nextAttemptAt, leaseUntil: null })
    .where(eq(webhookDeliveries.id, id))
    .run();
}

/** Failed for good; returns the endpoint's run of failed deliveries, this one included. */
export function markFailed(db: Db, delivery: Pick<DeliveryRow, "id" | "webhookId">, attempt: AttemptRecord): number {
  db.update(webhookDeliveries)
    .set({ ...attempt, status: "failed", leaseUntil: null })
    .where(eq(webhookDeliveries.id, delivery.id))
    .run();
  const row = db
    .update(webhooks)
    .set({ consecutiveFailures: sql`${webhooks.consecutiveFailures} + 1` })
    .where(eq(webhooks.id, delivery.webhookId))
    .returning({ consecutiveFailures: webhooks.consecutiveFailures })
    .get();
  return row?.consecutiveFailures ?? 0;
}

/** Disables an enabled endpoint; false when it was already off (so it is announced once). */
export function disableWebhookIfEnabled(db: Db, id: number, now: number): boolean {
  return (
    db
      .update(webhooks)
      .set({ enabled: false, disabledAt: now })
      .where(and(eq(webhooks.id, id), eq(webhooks.enabled, true)))
      .run().changes > 0
  );
}

/** An endpoint's deliveries, newest first, `limit` of them before `beforeId`. */
export function listDeliveries(webhookId: number, limit: number, beforeId?: number): DeliveryRow[] {
  return getDb()
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.webhookId, webhookId), beforeId ? lt(webhookDeliveries.id, beforeId) : undefined))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
    .all();
}

/**
 * Sends a settled delivery again, with a fresh set of attempts and the same message id
 * (a receiver that already has it may dedupe it). Not one a worker holds or still retries.
 */
export function requeueDelivery(webhookId: number, deliveryId: number, now: number): boolean {
  return (
    getDb()
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId), inArray(webhookDeliveries.status, ["delivered", "failed"])))
      .run().changes > 0
  );
}
