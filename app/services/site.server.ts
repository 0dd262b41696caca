// Site-wide settings and first-run setup.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { STATUS_CHANGE_NOTICE_STATUSES } from "~/db/schema";
import { isLocale, type Locale } from "~/i18n";
import { insertBoard } from "~/models/boards.server";
import { countAdmins } from "~/models/users.server";
import { readSettings, writeSettings } from "~/models/settings.server";
import { createAccount } from "./auth.server";
import { emailField, displayNameField, newPasswordField } from "./validation.server";

export type NoticeStatus = (typeof STATUS_CHANGE_NOTICE_STATUSES)[number];
export type SiteSettings = {
  siteName: string;
  defaultLocale: Locale;
  /** New posts by customers wait in the approval queue. */
  requireApproval: boolean;
  /** The status changes that notify followers; an admin can switch each off. */
  noticeStatuses: NoticeStatus[];
};

export function getSiteSettings(): SiteSettings {
  const raw = readSettings();
  const notices = raw.noticeStatuses === undefined ? [...STATUS_CHANGE_NOTICE_STATUSES] : raw.noticeStatuses.split(",");
  return {
    siteName: raw.siteName || "Closeloop",
    defaultLocale: isLocale(raw.defaultLocale) ? raw.defaultLocale : "en",
    requireApproval: raw.requireApproval === "1",
    noticeStatuses: STATUS_CHANGE_NOTICE_STATUSES.filter((s) => notices.includes(s)),
  };
}

const checkbox = z.preprocess((v) => v === "on" || v === "1" || v === "true", z.boolean());

export const siteSettingsSchema = z.object({
  siteName: z.string().trim().min(1, "error.nameRequired").max(60, "error.nameTooLong"),
  defaultLocale: z.enum(["en", "ar", "fa"], { message: "error.localeInvalid" }),
});

export const loopSettingsSchema = z.object({
  requireApproval: checkbox,
  notice_planned: checkbox,
  notice_in_progress: checkbox,
  notice_shipped: checkbox,
  notice_declined: checkbox,
});

export function updateSiteSettings(values: z.output<typeof siteSettingsSchema>): void {
  writeSettings(values);
}

export function updateLoopSettings(values: z.output<typeof loopSettingsSchema>): void {
  writeSettings({
    requireApproval: values.requireApproval ? "1" : "0",
    noticeStatuses: STATUS_CHANGE_NOTICE_STATUSES.filter((s) => values[`notice_${s}`]).join(","),
  });
}

// Checked on every request until setup is done; after that the answer never changes.
let setupDone = false;

export function needsSetup(): boolean {
  if (setupDone) return false;
  setupDone = countAdmins() > 0;
  return !setupDone;
}

export const setupSchema = siteSettingsSchema.extend({
  adminName: displayNameField,
  adminEmail: emailField,
  adminPassword: newPasswordField,
});

/** Creates the admin, the settings and a default board. Returns null if setup already happened. */
export async function runSetup(
  input: z.output<typeof setupSchema>,
  boardText: { name: string; description: string },
  adminLocale: Locale,
) {
  if (!needsSetup()) return null;
  const created = await createAccount({
    email: input.adminEmail,
    displayName: input.adminName,
    password: input.adminPassword,
    // The language the admin was using while setting up, not the visitors' default.
    locale: adminLocale,
    role: "admin",
  });
  if (!created.ok) return null;
  transaction(() => {
    writeSettings({ siteName: input.siteName, defaultLocale: input.defaultLocale });
    insertBoard({ slug: "feedback", name: boardText.name, description: boardText.description });
  });
  setupDone = true;
  return created.user;
}
