// Site-wide settings and first-run setup.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { isLocale, type Locale } from "~/i18n";
import { insertBoard } from "~/models/boards.server";
import { countAdmins } from "~/models/users.server";
import { readSettings, writeSettings } from "~/models/settings.server";
import { createAccount } from "./auth.server";
import { emailField, displayNameField, newPasswordField } from "./validation.server";

export type SiteSettings = { siteName: string; defaultLocale: Locale };

export function getSiteSettings(): SiteSettings {
  const raw = readSettings();
  return {
    siteName: raw.siteName || "Closeloop",
    defaultLocale: isLocale(raw.defaultLocale) ? raw.defaultLocale : "en",
  };
}

export const siteSettingsSchema = z.object({
  siteName: z.string().trim().min(1, "error.nameRequired").max(60, "error.nameTooLong"),
  defaultLocale: z.enum(["en", "ar", "fa"], { message: "error.localeInvalid" }),
});

export function updateSiteSettings(values: z.output<typeof siteSettingsSchema>): void {
  writeSettings(values);
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
