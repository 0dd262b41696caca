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

export const readSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("readAll") }),
]);

export function markNotificationsRead(user: SessionUser, input: z.output<typeof readSchema>, now = Date.now()): number {
  return input.intent === "readAll" ? markAllRead(user.id, now) : Number(markRead(user.id, input.id, now));
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
