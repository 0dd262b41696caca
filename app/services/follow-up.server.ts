// What a recipient does from an email without logging in: answer "Did this solve it?"
// and unsubscribe. Each link is signed for one user and one post (signed-links).
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { CSAT_ANSWERS, type CsatAnswer } from "~/db/schema";
import { findPostDetail } from "~/models/posts.server";
import { setSubscription } from "~/models/subscriptions.server";
import { setCsatComment, upsertCsatAnswer } from "~/models/solved-answers.server";
import { findUserById, updateEmailPreferences } from "~/models/users.server";
import { verifyLink } from "~/utils/signed-links.server";

export const csatAnswerParam = z.enum(CSAT_ANSWERS);

export type CsatContext = { postId: number; postTitle: string; userId: number; answer: CsatAnswer };

/** Records the answer the link carries; null when the link is not valid. */
export function recordCsatAnswer(token: string, answer: CsatAnswer, now = Date.now()): CsatContext | null {
  const claim = verifyLink(token, "csat");
  if (!claim) return null;
  const post = findPostDetail(claim.postId);
  if (!post || !findUserById(claim.userId)) return null;
  upsertCsatAnswer(claim.postId, claim.userId, answer, now);
  return { postId: post.id, postTitle: post.title, userId: claim.userId, answer };
}

export function addCsatComment(token: string, comment: string, now = Date.now()): boolean {
  const claim = verifyLink(token, "csat");
  return claim ? setCsatComment(claim.postId, claim.userId, comment, now) : false;
}

export type UnsubscribeTarget = { scope: "post"; postId: number; postTitle: string } | { scope: "all" };

/** What an unsubscribe link is for, or null when it is not valid. */
export function unsubscribeTarget(token: string): (UnsubscribeTarget & { userId: number }) | null {
  const all = verifyLink(token, "unsubscribe-all");
  if (all && findUserById(all.userId)) return { scope: "all", userId: all.userId };
  const one = verifyLink(token, "unsubscribe-post");
  if (!one || !findUserById(one.userId)) return null;
  const post = findPostDetail(one.postId);
  return post ? { scope: "post", postId: post.id, postTitle: post.title, userId: one.userId } : null;
}

/** Unsubscribing sticks: a later vote or comment does not subscribe the user again. */
export function unsubscribeByLink(token: string): UnsubscribeTarget | null {
  const target = unsubscribeTarget(token);
  if (!target) return null;
  if (target.scope === "all") updateEmailPreferences(target.userId, { emailOnStatus: false, emailOnComment: false, emailWeeklyDigest: false });
  else transaction((db) => setSubscription(db, target.postId, target.userId, "unsubscribed"));
  const { userId: _userId, ...rest } = target;
  return rest;
}
