// Form schemas for first-run setup and the admin's settings and team pages, shared by
// the actions that parse them and the pages that check them as the user types (so
// nothing server-only here; setup's password gets the common-password list on the
// server, see `setupServerSchema` in setup.server.ts).
import { z } from "zod";
import { LOCALES } from "~/i18n";
import { isTimeZone } from "~/utils/zoned-time";
import { checkboxField, displayNameField, emailField, idParam, passwordLengthField } from "~/utils/validation";

export const siteSettingsSchema = z.object({
  siteName: z.string({ message: "error.nameRequired" }).trim().min(1, "error.nameRequired").max(60, "error.nameTooLong"),
  defaultLocale: z.enum(LOCALES, { message: "error.localeInvalid" }),
});

export const setupSchema = siteSettingsSchema.extend({
  adminName: displayNameField,
  adminEmail: emailField,
  adminPassword: passwordLengthField,
});

export const loopSettingsSchema = z.object({
  requireApproval: checkboxField,
  showKindsPublicly: checkboxField,
  notice_planned: checkboxField,
  notice_in_progress: checkboxField,
  notice_shipped: checkboxField,
  notice_declined: checkboxField,
});

/** The site's time zone (an IANA name such as "Asia/Riyadh"): when "Monday 08:00" is, for the weekly digest. */
export const scheduleSettingsSchema = z.object({
  timezone: z
    .string({ message: "error.timezoneInvalid" })
    .trim()
    .refine((name) => isTimeZone(name), "error.timezoneInvalid"),
});

/** /admin/digest's "Send me a test": a button, nothing to fill in. */
export const digestTestSchema = z.object({});

const boardFields = {
  name: z.string({ message: "error.nameRequired" }).trim().min(1, "error.nameRequired").max(60, "error.nameTooLong"),
  slug: z
    .string({ message: "error.slugInvalid" })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "error.slugInvalid")
    .max(40, "error.slugInvalid"),
  description: z.string().trim().max(500, "error.descriptionTooLong").default(""),
};

export const createBoardSchema = z.object(boardFields);
export const updateBoardSchema = z.object({ ...boardFields, boardId: idParam });
export const archiveBoardSchema = z.object({ boardId: idParam, archived: z.enum(["true", "false"]) });

export const promoteSchema = z.object({ email: emailField });
/** Invite by email (issue 12): the address and the role the invite gives. */
export const inviteSchema = z.object({ inviteEmail: emailField, role: z.enum(["staff", "admin"], { message: "error.required" }) });
/** Joining from an invite without an account: a name and a password (the email link proved the address). */
export const joinSchema = z.object({ displayName: displayNameField, password: passwordLengthField });
/** Demote and unban name the account by id. */
export const teamMemberSchema = z.object({ userId: idParam });
