// First-run setup: the first admin, the site's settings and a default board, once.
import type { z } from "zod";
import { transaction } from "~/db/client.server";
import type { Locale } from "~/i18n";
import { insertBoard } from "~/models/boards.server";
import { writeSettings } from "~/models/settings.server";
import { countAdmins, findUserByEmail, insertUser, type UserRow } from "~/models/users.server";
import { setupSchema } from "~/schemas/admin";
import { newPasswordField } from "~/utils/passwords.server";
import { err, ok, type Result } from "~/utils/result";
import { hashPassword, normalizeEmail } from "./auth.server";
import { needsSetup } from "./site.server";

/** The setup form as the browser checks it, plus the common-password list for the admin's password. */
export const setupServerSchema = setupSchema.extend({ adminPassword: newPasswordField });

/**
 * Creates the admin, the settings and a default board, once. The password is hashed
 * first; then "is there an admin yet?" and every insert are one synchronous
 * transaction, so of several submissions racing here exactly one wins and the others
 * find setup gone ("not found": the route's "already set up" 404).
 */
export async function runSetup(
  input: z.output<typeof setupServerSchema>,
  boardText: { name: string; description: string },
  adminLocale: Locale,
): Promise<Result<UserRow, "error.notFound" | "error.emailTaken">> {
  if (!needsSetup()) return err("error.notFound");
  const passwordHash = await hashPassword(input.adminPassword);
  const email = normalizeEmail(input.adminEmail);
  return transaction((): Result<UserRow, "error.notFound" | "error.emailTaken"> => {
    if (countAdmins() > 0) return err("error.notFound");
    // An account made before setup (a sign-up posted straight to the action) keeps its address.
    if (findUserByEmail(email)) return err("error.emailTaken", "adminEmail");
    // The language the admin was using while setting up, not the visitors' default.
    const admin = insertUser({ email, displayName: input.adminName, passwordHash, role: "admin", locale: adminLocale });
    writeSettings({ siteName: input.siteName, defaultLocale: input.defaultLocale });
    insertBoard({ slug: "feedback", name: boardText.name, description: boardText.description });
    return ok(admin);
  });
}
