// Closing the loop: a status change, and everyone who follows the post hearing about
// it. One transaction writes the status row, the post, one in-app notification per
// follower and one outbox row per follower whose email preference allows it, each
// fan-out a single INSERT … SELECT. The email worker sends after the commit.
import { transaction, type Db } from "~/db/client.server";
import { SETTABLE_STATUSES, isClosedStatus, type PostStatus } from "~/db/schema";
import type { PayloadOf } from "~/emails/templates";
import { findLivePost, recordStaffResponse, updatePost, type PostRow } from "~/models/posts.server";
import { insertStatusChange } from "~/models/status-changes.server";
import { followersOfPost } from "~/models/recipients.server";
import type { SessionUser } from "./auth.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { getSiteSettings, type NoticeStatus } from "./site.server";
import { queueWebhookEvent } from "./webhooks.server";
import { err, ok, type Err, type Result } from "~/utils/result";

export { SETTABLE_STATUSES };
export type SettableStatus = (typeof SETTABLE_STATUSES)[number];

export type StatusChangeOutcome = { statusChangeId: number; announced: boolean; emailed: number };

/** An official response, written in markdown and already rendered (ADR 007: rendering is async). */
export type StatusResponse = { md: string; html: string };
export const NO_RESPONSE: StatusResponse = { md: "", html: "" };

type ChangeOptions = {
  /** Whether followers get an email; a changelog sends its own single email instead. */
  emails: boolean;
  now: number;
};

/** Changes one post's status inside an open transaction; see the file comment. */
export function changeStatusIn(
  db: Db,
  post: PostRow,
  toStatus: PostStatus,
  response: StatusResponse,
  actor: SessionUser,
  options: ChangeOptions,
): StatusChangeOutcome {
  const { md: responseMd, html: responseHtml } = response;
  const change = insertStatusChange(db, {
    postId: post.id,
    fromStatus: post.status,
    toStatus,
    actorId: actor.id,
    responseMd,
    responseHtml,
    createdAt: options.now,
  });
  if (toStatus !== post.status) {
    updatePost(db, post.id, {
      status: toStatus,
      statusChangedAt: options.now,
      shippedAt: toStatus === "shipped" ? options.now : post.shippedAt,
      updatedAt: options.now,
    });
    queueWebhookEvent(db, "post.status_changed", { postId: post.id, oldStatus: post.status, newStatus: toStatus, response, actorId: actor.id }, options.now);
    if (toStatus === "shipped") queueWebhookEvent(db, "post.shipped", { postId: post.id, response }, options.now);
  }
  recordStaffResponse(db, post.id, options.now, isClosedStatus(toStatus));
  const site = getSiteSettings();
  const announces = toStatus !== post.status && (site.noticeStatuses as PostStatus[]).includes(toStatus as NoticeStatus);
  if (!announces) return { statusChangeId: change.id, announced: false, emailed: 0 };

  const payload: PayloadOf<"status_change"> = { siteName: site.siteName, postId: post.id, title: post.title, status: toStatus, responseHtml };
  const emailed = announce(db, followersOfPost(post.id, { except: actor.id }), {
    inApp: { postId: post.id, type: "status_change", status: toStatus },
    email: options.emails ? { template: "status_change", payload, dedupePrefix: `status_change:${change.id}:user:`, preference: "status" } : undefined,
    now: options.now,
  });
  return { statusChangeId: change.id, announced: true, emailed };
}

/** Why a status change cannot be made, with the field it belongs beside; null when it can. */
export function statusChangeRefusal(post: PostRow | undefined, toStatus: PostStatus, responseMd: string): Err | null {
  if (!post) return err("error.notFound");
  if (post.mergedIntoId) return err("error.postMerged", "status");
  if (post.status === toStatus && !responseMd) return err("error.statusUnchanged", "status");
  return null;
}

/** Whether moving a post to this status notifies its followers (the site's notice settings). */
export function statusNotifies(toStatus: PostStatus): boolean {
  return (getSiteSettings().noticeStatuses as PostStatus[]).includes(toStatus);
}

/** An official response rendered once, before the transaction that stores it (ADR 007: rendering is async). */
export async function renderStatusResponse(responseMd: string): Promise<StatusResponse> {
  return responseMd ? { md: responseMd, html: (await renderMarkdown(responseMd)).html } : NO_RESPONSE;
}

/** A staff member's status change inside an open transaction: refused (statusChangeRefusal), or made and announced. */
export function staffStatusChangeIn(
  db: Db,
  postId: number,
  toStatus: SettableStatus,
  response: StatusResponse,
  actor: SessionUser,
  now: number,
): Result<StatusChangeOutcome> {
  const post = findLivePost(postId, db);
  const refusal = statusChangeRefusal(post, toStatus, response.md);
  if (refusal) return refusal;
  return ok(changeStatusIn(db, post!, toStatus, response, actor, { emails: true, now }));
}

/**
 * A staff member moves a post to a new status, optionally with an official response.
 * Refusals belong beside the status field: the same status again, or a merged-away post.
 */
export async function changeStatus(
  postId: number,
  toStatus: SettableStatus,
  responseMd: string,
  actor: SessionUser,
  now = Date.now(),
): Promise<Result<StatusChangeOutcome>> {
  const response = await renderStatusResponse(responseMd);
  const result = transaction((db) => staffStatusChangeIn(db, postId, toStatus, response, actor, now));
  if (result.ok && result.value.emailed > 0) kickOutbox();
  return result;
}

/** The same status for several posts at once, in one transaction; unchanged posts are skipped. */
export function changeStatusOfMany(postIds: number[], toStatus: SettableStatus, actor: SessionUser, now = Date.now()): number {
  let emailed = 0;
  const changed = transaction((db) => {
    let count = 0;
    for (const postId of postIds) {
      const post = findLivePost(postId, db);
      if (!post || post.mergedIntoId || post.status === toStatus) continue;
      emailed += changeStatusIn(db, post, toStatus, NO_RESPONSE, actor, { emails: true, now }).emailed;
      count += 1;
    }
    return count;
  });
  if (emailed > 0) kickOutbox();
  return changed;
}
