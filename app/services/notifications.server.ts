// In-app notifications and the email preferences a user keeps at /settings/notifications.
import { z } from "zod";
import { countUnread, listNotifications, markAllRead, markRead } from "~/models/notifications.server";
import { subscriptionsOfUser } from "~/models/subscriptions.server";
import { findUserById, updateEmailPreferences } from "~/models/users.server";
import type { notificationPreferencesSchema } from "~/schemas/account";
import type { SessionUser } from "./auth.server";

const PAGE = 50;

export function notificationsPage(user: SessionUser, beforeId?: number) {
  const items = listNotifications(user.id, PAGE + 1, beforeId);
  const more = items.length > PAGE;
  const shown = items.slice(0, PAGE);
  return { items: shown, nextBefore: more ? shown[shown.length - 1].id : null, unread: countUnread(user.id) };
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
    suppressed: row.emailSuppressedAt !== null,
    subscriptions: subscriptionsOfUser(user.id),
  };
}

export function saveNotificationPreferences(user: SessionUser, input: z.output<typeof notificationPreferencesSchema>): void {
  updateEmailPreferences(user.id, input);
}
