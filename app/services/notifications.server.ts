// In-app notifications and the email preferences a user keeps at /settings/notifications.
import { z } from "zod";
import { countUnread, listNotifications, markAllRead, markRead, markReadForPost, type NotificationView } from "~/models/notifications.server";
import { subscriptionsOfUser } from "~/models/subscriptions.server";
import { findUserById, updateEmailPreferences } from "~/models/users.server";
import type { notificationPreferencesSchema } from "~/schemas/account";
import { plainTextOf } from "~/utils/html-text.mjs";
import { excerptOf } from "~/utils/markdown.server";
import type { SessionUser } from "./auth.server";
import { isStaff } from "./policy.server";

const PAGE = 50;
/** How many rows the bell's dropdown shows. */
const LATEST = 6;

/**
 * One row of the notifications list: a notice, or several comments on one idea grouped
 * ("3 new comments on …"), shown where the newest of them falls.
 */
export type NotificationGroup = Omit<NotificationView, "quoteHtml" | "actorName" | "id"> & {
  /** The newest notice's id; `ids` holds every notice in the row. */
  id: number;
  ids: number[];
  count: number;
  /** Who wrote the grouped comments, newest first, each once. */
  actorNames: string[];
  /** A short plain-text quote of the newest comment or of the response. */
  excerpt: string | null;
};

const QUOTE_LENGTH = 140;

/** Groups comment notices on the same idea (unread with unread, read with read); every other notice is its own row. */
export function groupNotifications(items: NotificationView[]): NotificationGroup[] {
  const groups: NotificationGroup[] = [];
  const byKey = new Map<string, NotificationGroup>();
  for (const { quoteHtml, actorName, ...item } of items) {
    const key = item.type === "comment" ? `${item.postId}:${item.readAt ? "read" : "unread"}` : null;
    const existing = key ? byKey.get(key) : undefined;
    if (existing) {
      existing.ids.push(item.id);
      existing.count += 1;
      if (actorName && !existing.actorNames.includes(actorName)) existing.actorNames.push(actorName);
      continue;
    }
    const group: NotificationGroup = {
      ...item,
      ids: [item.id],
      count: 1,
      actorNames: actorName ? [actorName] : [],
      excerpt: quoteHtml ? excerptOf(plainTextOf(quoteHtml, " "), QUOTE_LENGTH) || null : null,
    };
    groups.push(group);
    if (key) byKey.set(key, group);
  }
  return groups;
}

export function notificationsPage(user: SessionUser, beforeId?: number) {
  const items = listNotifications(user.id, PAGE + 1, beforeId);
  const more = items.length > PAGE;
  const shown = items.slice(0, PAGE);
  return { items: groupNotifications(shown), nextBefore: more ? shown[shown.length - 1].id : null, unread: countUnread(user.id), now: Date.now() };
}

/** The bell's dropdown: the latest few rows, grouped as on the full page. */
export function latestNotifications(user: SessionUser) {
  return { items: groupNotifications(listNotifications(user.id, LATEST * 3)).slice(0, LATEST), unread: countUnread(user.id), now: Date.now() };
}

/**
 * The viewer opened the idea: what it notified them of (and merge notices pointing to
 * it) is read now. Returns how many notifications are still unread.
 */
export function readNotificationsOfPost(user: SessionUser, postId: number, now = Date.now()): number {
  markReadForPost(user.id, postId, now);
  return countUnread(user.id);
}

/** Marks read the user's unread notifications about one idea (a grouped row's button); how many. */
export function markPostNotificationsRead(user: SessionUser, postId: number, now = Date.now()): number {
  return markReadForPost(user.id, postId, now);
}

export function unreadCount(userId: number): number {
  return countUnread(userId);
}

/** Marks one of the user's notifications read; 1 if it was unread, else 0. */
export function markNotificationRead(user: SessionUser, id: number, now = Date.now()): number {
  return Number(markRead(user.id, id, now));
}

/** Marks all of the user's notifications read; how many were unread. */
export function markAllNotificationsRead(user: SessionUser, now = Date.now()): number {
  return markAllRead(user.id, now);
}

export function notificationPreferences(user: SessionUser) {
  const row = findUserById(user.id)!;
  return {
    emailOnStatus: row.emailOnStatus,
    emailOnComment: row.emailOnComment,
    /** The weekly digest's box, for staff only (null: not shown). */
    weeklyDigest: isStaff(row) ? row.emailWeeklyDigest : null,
    suppressed: row.emailSuppressedAt !== null,
    subscriptions: subscriptionsOfUser(user.id),
  };
}

export function saveNotificationPreferences(user: SessionUser, input: z.output<typeof notificationPreferencesSchema>): void {
  const { emailWeeklyDigest, ...always } = input;
  // A customer's form has no digest box: its absence must not read as "off".
  updateEmailPreferences(user.id, isStaff(user) ? { ...always, emailWeeklyDigest } : always);
}
