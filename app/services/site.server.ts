// Site-wide settings, the link secret, and whether first-run setup is still to do (the
// setup itself is setup.server.ts). Nothing here needs the auth module, so loading the
// settings at start does not load argon2.
import crypto from "node:crypto";
import type { z } from "zod";
import { STATUS_CHANGE_NOTICE_STATUSES } from "~/db/schema";
import { isLocale, type Locale } from "~/i18n";
import { readSetting, readSettings, writeSettings } from "~/models/settings.server";
import { countAdmins } from "~/models/users.server";
import type { loopSettingsSchema, scheduleSettingsSchema, siteSettingsSchema } from "~/schemas/admin";
import { ok, type Result } from "~/utils/result";
import { setLinkSecret } from "~/utils/signed-links.server";
import { isTimeZone } from "~/utils/zoned-time";

export type NoticeStatus = (typeof STATUS_CHANGE_NOTICE_STATUSES)[number];
export type SiteSettings = {
  siteName: string;
  defaultLocale: Locale;
  /** New posts by customers wait in the approval queue. */
  requireApproval: boolean;
  /** The status changes that notify followers; an admin can switch each off. */
  noticeStatuses: NoticeStatus[];
  /** Customers see ideas' kinds (bug, feature request…); staff always do. */
  showKindsPublicly: boolean;
  /** The IANA time zone the weekly digest's "Monday 08:00" is read in. */
  timezone: string;
};

/** LINK_SECRET when set; otherwise a random secret made once and kept in the database. */
export function loadLinkSecret(): void {
  let secret = process.env.LINK_SECRET || readSetting("linkSecret");
  if (!secret) {
    secret = crypto.randomBytes(32).toString("base64url");
    writeSettings({ linkSecret: secret });
  }
  setLinkSecret(secret);
}

export function getSiteSettings(): SiteSettings {
  const raw = readSettings();
  const notices = raw.noticeStatuses === undefined ? [...STATUS_CHANGE_NOTICE_STATUSES] : raw.noticeStatuses.split(",");
  return {
    siteName: raw.siteName || "Closeloop",
    defaultLocale: isLocale(raw.defaultLocale) ? raw.defaultLocale : "en",
    requireApproval: raw.requireApproval === "1",
    noticeStatuses: STATUS_CHANGE_NOTICE_STATUSES.filter((s) => notices.includes(s)),
    showKindsPublicly: raw.showKindsPublicly === "1",
    // A zone this server's Intl no longer knows (after an upgrade) falls back to UTC rather than failing every digest run.
    timezone: raw.timezone && isTimeZone(raw.timezone) ? raw.timezone : "UTC",
  };
}

export function updateSiteSettings(values: z.output<typeof siteSettingsSchema>): Result {
  writeSettings(values);
  return ok();
}

export function updateScheduleSettings(values: z.output<typeof scheduleSettingsSchema>): Result {
  writeSettings({ timezone: values.timezone });
  return ok();
}

export function updateLoopSettings(values: z.output<typeof loopSettingsSchema>): Result {
  writeSettings({
    requireApproval: values.requireApproval ? "1" : "0",
    showKindsPublicly: values.showKindsPublicly ? "1" : "0",
    noticeStatuses: STATUS_CHANGE_NOTICE_STATUSES.filter((s) => values[`notice_${s}`]).join(","),
  });
  return ok();
}

// Checked on every request until setup is done; after that the answer never changes.
let setupDone = false;

export function needsSetup(): boolean {
  if (setupDone) return false;
  setupDone = countAdmins() > 0;
  return !setupDone;
}
