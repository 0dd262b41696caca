// Webhooks (issue 14): admins register receivers; every change a receiver subscribed to
// is recorded as a delivery in the same transaction as the change (`queueWebhookEvent`),
// and the worker (webhook-worker.server.ts) signs and sends it after the commit.
// Payloads follow the Standard Webhooks shape: { type, timestamp, data }, ids as
// numbers, times as ISO 8601 UTC.
import { randomBytes } from "node:crypto";
import type { Db } from "~/db/client.server";
import { transaction } from "~/db/client.server";
import { WEBHOOK_EVENTS, type PostStatus, type WebhookEvent } from "~/db/enums";
import {
  deleteWebhookRow,
  findWebhook,
  hasSubscribers,
  insertDeliveries,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  postForWebhook,
  publicCommentForWebhook,
  requeueDelivery,
  setWebhookEnabledRow,
  setWebhookSecret,
  userForWebhook,
  type DeliveryRow,
  type WebhookRow,
} from "~/models/webhooks.server";
import { isoTime } from "~/utils/api.server";
import { err, ok, type Result } from "~/utils/result";
import { publicUrl } from "~/utils/signed-links.server";
import type { SessionUser } from "./auth.server";
import { checkTarget, type Resolver } from "./webhook-target.server";
import { kickWebhooks } from "./webhook-worker.server";

export { WEBHOOK_EVENTS };

/** Which of a post's properties a `post.updated` reports. */
export type PostChange = "kind" | "tags" | "owner";

/** What each event's caller says; the payload's `data` is built from it inside the same transaction. */
export type WebhookEventInput = {
  "post.created": { postId: number };
  "post.updated": { postId: number; changed: PostChange[] };
  "post.status_changed": { postId: number; oldStatus: PostStatus; newStatus: PostStatus; response: { md: string; html: string }; actorId: number };
  "post.shipped": { postId: number; response: { md: string; html: string } };
  "post.merged": { postId: number; intoPostId: number };
  "comment.created": { commentId: number };
  "vote.created": { postId: number; userId: number; onBehalf?: { addedById: number; note?: string } };
  "vote.deleted": { postId: number; userId: number };
};

function postData(db: Db, postId: number) {
  const p = postForWebhook(db, postId);
  if (!p) return undefined;
  return {
    id: p.id,
    title: p.title,
    body: p.bodyMd,
    url: `${publicUrl()}/posts/${p.id}`,
    status: p.status,
    kind: p.kind,
    board: { id: p.boardId, slug: p.boardSlug, name: p.boardName },
    author: { id: p.authorId, name: p.authorName, email: p.authorEmail },
    ownerId: p.ownerId,
    tags: p.tags,
    voteCount: p.voteCount,
    commentCount: p.commentCount,
    pendingApproval: p.pendingApproval,
    mergedIntoId: p.mergedIntoId,
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(p.updatedAt),
  };
}

const responseData = (response: { md: string; html: string }) => (response.md ? { markdown: response.md, html: response.html } : null);

/** Each event's `data`, or undefined when what it reports is gone (or is not for outside eyes: an internal note). */
const BUILD: { [E in WebhookEvent]: (db: Db, input: WebhookEventInput[E], now: number) => object | undefined } = {
  "post.created": (db, { postId }) => {
    const post = postData(db, postId);
    return post && { post };
  },
  "post.updated": (db, { postId, changed }) => {
    const post = postData(db, postId);
    return post && { post, changed };
  },
  "post.status_changed": (db, { postId, oldStatus, newStatus, response, actorId }) => {
    const post = postData(db, postId);
    const actor = userForWebhook(db, actorId);
    return post && { post, oldStatus, newStatus, response: responseData(response), changedBy: actor ? { id: actor.id, name: actor.name } : null };
  },
  "post.shipped": (db, { postId, response }) => {
    const post = postData(db, postId);
    return post && { post, response: responseData(response) };
  },
  "post.merged": (db, { postId, intoPostId }) => {
    const post = postData(db, postId);
    const into = postData(db, intoPostId);
    return post && into && { post, into };
  },
  "comment.created": (db, { commentId }) => {
    const c = publicCommentForWebhook(db, commentId);
    const post = c && postData(db, c.postId);
    if (!c || !post) return undefined;
    const comment = {
      id: c.id,
      postId: c.postId,
      parentId: c.parentId,
      body: c.bodyMd,
      author: { id: c.authorId, name: c.authorName, email: c.authorEmail },
      createdAt: isoTime(c.createdAt),
    };
    return { comment, post };
  },
  "vote.created": (db, { postId, userId, onBehalf }, now) => {
    const post = postData(db, postId);
    const voter = userForWebhook(db, userId);
    if (!post || !voter) return undefined;
    return {
      vote: { postId, voter, onBehalf: onBehalf ? { addedById: onBehalf.addedById, note: onBehalf.note ?? null } : null, createdAt: isoTime(now) },
      post,
    };
  },
  "vote.deleted": (db, { postId, userId }, now) => {
    const post = postData(db, postId);
    const voter = userForWebhook(db, userId);
    if (!post || !voter) return undefined;
    return { vote: { postId, voter, deletedAt: isoTime(now) }, post };
  },
};

/**
 * Records `event` for every enabled endpoint subscribed to it, inside the caller's open
 * transaction: the delivery rows commit or roll back with the change. Nothing is read
 * or built when nobody subscribed. How many deliveries were queued.
 */
export function queueWebhookEvent<E extends WebhookEvent>(db: Db, event: E, input: WebhookEventInput[E], now = Date.now()): number {
  if (!hasSubscribers(db, event)) return 0;
  const data = BUILD[event](db, input, now);
  if (!data) return 0;
  const queued = insertDeliveries(db, event, JSON.stringify({ type: event, timestamp: isoTime(now), data }), now);
  // better-sqlite3 transactions are synchronous, so this runs once the caller's
  // transaction has ended: committed, or rolled back (then the worker finds nothing).
  if (queued > 0) setImmediate(kickWebhooks);
  return queued;
}

/** `post.updated` for each of these posts (those no longer there are skipped). */
export function queuePostsUpdated(db: Db, postIds: number[], changed: PostChange, now = Date.now()): number {
  return postIds.reduce((queued, postId) => queued + queueWebhookEvent(db, "post.updated", { postId, changed: [changed] }, now), 0);
}

/** "whsec_" + 24 random bytes in base64: the form the standardwebhooks library takes. */
function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export type WebhookInput = { url: string; events: WebhookEvent[] };

/** Registers a receiver after checking where its URL points (refusals beside the URL field). */
export async function createWebhook(input: WebhookInput, admin: Pick<SessionUser, "id">, resolve?: Resolver): Promise<Result<{ webhookId: number }>> {
  const target = await checkTarget(input.url, resolve);
  if (!target.ok) return target;
  const row = insertWebhook({ url: target.value.url.href, events: input.events, secret: newSecret(), createdById: admin.id });
  return ok({ webhookId: row.id });
}

const eventsOf = (row: WebhookRow): WebhookEvent[] => {
  const events: unknown = JSON.parse(row.events);
  return Array.isArray(events) ? WEBHOOK_EVENTS.filter((e) => events.includes(e)) : [];
};

/** The admin's list: each endpoint, what it takes, and how its deliveries stand (no secrets). */
export function webhooksForAdmin() {
  return listWebhooks().map(({ webhook, pending, failed, lastDeliveredAt }) => ({
    id: webhook.id,
    url: webhook.url,
    events: eventsOf(webhook),
    enabled: webhook.enabled,
    disabledAt: webhook.disabledAt,
    createdAt: webhook.createdAt,
    pending,
    failed,
    lastDeliveredAt,
  }));
}

const DELIVERY_PAGE = 50;

/** The payload indented for the admin's eye (it is sent compact). */
function readable(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export type DeliveryForAdmin = Omit<DeliveryRow, "payload" | "leaseUntil" | "webhookId"> & { payload: string };

/**
 * One endpoint for its admin page: its settings and secret (an admin may reveal it; it
 * has to be stored readable to sign with), and its deliveries, newest first, a page at a time.
 */
export function webhookPage(
  id: number,
  beforeId?: number,
): Result<{
  webhook: ReturnType<typeof webhooksForAdmin>[number] & { secret: string; consecutiveFailures: number };
  deliveries: DeliveryForAdmin[];
  olderBefore: number | null;
}> {
  const row = findWebhook(id);
  if (!row) return err("error.notFound");
  const rows = listDeliveries(id, DELIVERY_PAGE + 1, beforeId);
  const shown = rows.slice(0, DELIVERY_PAGE);
  const summary = webhooksForAdmin().find((w) => w.id === id)!;
  return ok({
    webhook: { ...summary, secret: row.secret, consecutiveFailures: row.consecutiveFailures },
    deliveries: shown.map(({ leaseUntil: _lease, webhookId: _webhook, ...d }) => ({ ...d, payload: readable(d.payload) })),
    olderBefore: rows.length > DELIVERY_PAGE ? shown[shown.length - 1].id : null,
  });
}

/** On again (its deliveries that waited become due, its failure count starts again), or off. */
export function setWebhookEnabled(id: number, enabled: boolean, now = Date.now()): Result {
  const changed = transaction((db) => setWebhookEnabledRow(db, id, enabled, now));
  if (!changed) return err("error.notFound");
  if (enabled) kickWebhooks();
  return ok();
}

/** A new signing secret; the next attempt of every delivery is signed with it. */
export function rotateWebhookSecret(id: number): Result {
  return setWebhookSecret(id, newSecret()) ? ok() : err("error.notFound");
}

export function deleteWebhook(id: number): Result {
  return deleteWebhookRow(id) ? ok() : err("error.notFound");
}

/** Sends a delivered or failed delivery again; refused while it still waits or is being sent, or while the endpoint is off. */
export function resendDelivery(webhookId: number, deliveryId: number, now = Date.now()): Result {
  const row = findWebhook(webhookId);
  if (!row) return err("error.notFound");
  if (!row.enabled) return err("error.webhookResendDisabled");
  if (!requeueDelivery(webhookId, deliveryId, now)) return err("error.webhookResendBusy");
  kickWebhooks();
  return ok();
}
