// Form schemas for signing up, signing in, the links in account emails and the account's
// email preferences, shared by the actions that parse them and the pages that check them
// as the user types (so nothing server-only here). The server adds the common-password list to every new password
// (`newPasswordField` in passwords.server.ts): see the `…ServerSchema`s in the services.
import { z } from "zod";
import { checkboxField, displayNameField, emailField, idParam, passwordLengthField } from "~/utils/validation";

/** Where to go after signing in, and the idea a visitor clicked Vote on before they had an account. */
const returnFields = {
  redirectTo: z.string().max(500).optional(),
  // Only our own links set it: anything but a post id is dropped rather than refused.
  vote: idParam.optional().catch(undefined),
};

export const signupSchema = z.object({
  displayName: displayNameField,
  email: emailField,
  password: passwordLengthField,
  ...returnFields,
});

// Sign-in checks nothing a stranger could learn from: every failure, an over-long field
// included, is the one form-level "wrong email or password".
export const loginSchema = z
  .object({
    email: z.string().trim().default(""),
    password: z.string().default(""),
    ...returnFields,
  })
  .refine((input) => input.email.length <= 254 && input.password.length <= 200, "error.wrongCredentials");

// A password that cannot be the one typed at sign-up is just a wrong one (see confirmSignup).
export const confirmSignupSchema = z.object({ password: z.string().max(200).catch("") });

export const forgotPasswordSchema = z.object({ email: emailField });

export const newPasswordSchema = z.object({ password: passwordLengthField });

/** Which account emails the user wants; in-app notices are always on. */
// emailWeeklyDigest: the team's weekly digest; staff see the box, and only theirs is saved.
export const notificationPreferencesSchema = z.object({ emailOnStatus: checkboxField, emailOnComment: checkboxField, emailWeeklyDigest: checkboxField });
