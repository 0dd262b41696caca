// Site-wide settings and first-run setup.
import crypto from "node:crypto";
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { STATUS_CHANGE_NOTICE_STATUSES } from "~/db/schema";
import { isLocale, LOCALES, type Locale } from "~/i18n";
import { insertBoard } from "~/models/boards.server";
import { countAdmins, findUserByEmail, insertUser, type UserRow } from "~/models/users.server";
import { readSetting, readSettings, writeSettings } from "~/models/settings.server";
import { setLinkSecret } from "~/utils/signed-links.server";
import { hashPassword, normalizeEmail } from "./auth.server";
import { emailField, displayNameField } from "~/utils/validation";
import { newPasswordField } from "~/utils/passwords.server";

export type NoticeStatus = (typeof STATUS_CHANGE_NOTICE_STATUSES)[number];
export type SiteSettings = {
  siteName: string;
  defaultLocale: Locale;
  /** New posts by customers wait in the approval queue. */
  requireApproval: boolean;
  /** The status changes that notify followers; an admin can switch each off. */
  noticeStatuses: NoticeStatus[];
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
  };
}

const checkbox = z.preprocess((v) => v === "on" || v === "1" || v === "true", z.boolean());

export const siteSettingsSchema = z.object({
  siteName: z.string().trim().min(1, "error.nameRequired").max(60, "error.nameTooLong"),
  defaultLocale: z.enum(LOCALES, { message: "error.localeInvalid" }),
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

export type SetupResult =
  { ok: true; admin: UserRow } | { ok: false; done: true } | { ok: false; done: false; fieldErrors: { adminEmail: "error.emailTaken" } };

/**
 * Creates the admin, the settings and a default board, once. The password is hashed
 * first; then "is there an admin yet?" and every insert are one synchronous
 * transaction, so of several submissions racing here exactly one wins and the others
 * get `done` (the route's "already set up" 404).
 */
export async function runSetup(
  input: z.output<typeof setupSchema>,
  boardText: { name: string; description: string },
  adminLocale: Locale,
): Promise<SetupResult> {
  if (!needsSetup()) return { ok: false, done: true };
  const passwordHash = await hashPassword(input.adminPassword);
  const email = normalizeEmail(input.adminEmail);
  const result = transaction((): SetupResult => {
    if (countAdmins() > 0) return { ok: false, done: true };
    // An account made before setup (a sign-up posted straight to the action) keeps its address.
    if (findUserByEmail(email)) return { ok: false, done: false, fieldErrors: { adminEmail: "error.emailTaken" } };
    // The language the admin was using while setting up, not the visitors' default.
    const admin = insertUser({ email, displayName: input.adminName, passwordHash, role: "admin", locale: adminLocale });
    writeSettings({ siteName: input.siteName, defaultLocale: input.defaultLocale });
    insertBoard({ slug: "feedback", name: boardText.name, description: boardText.description });
    return { ok: true, admin };
  });
  setupDone = result.ok || result.done;
  return result;
}
