// Sign-up and sign-in as the user sees them: rate limits, the pending vote of a
// visitor who clicked Vote before signing in, and the way back to where they were.
import { redirect } from "@remix-run/node";
import { z } from "zod";
import type { Locale } from "~/i18n";
import { findUserById } from "~/models/users.server";
import { createAccount, startSession, verifyCredentials, type SessionUser } from "./auth.server";
import { safeRedirectPath } from "./guards.server";
import { allowAttempt } from "./rate-limit.server";
import { displayNameField, emailField, idParam, newPasswordField } from "./validation.server";
import { castVote, VoteError } from "./votes.server";

const returnFields = {
  redirectTo: z.string().max(500).optional(),
  vote: z.preprocess((v) => (v === "" ? undefined : v), idParam.optional()).catch(undefined),
};

export const signupSchema = z.object({
  displayName: displayNameField,
  email: emailField,
  password: newPasswordField,
  ...returnFields,
});

export const loginSchema = z.object({
  email: z.string().trim().max(254).default(""),
  password: z.string().max(200).default(""),
  ...returnFields,
});

type Return = { redirectTo?: string; vote?: number };

async function finishSignIn(userId: number, request: Request, back: Return) {
  const cookie = await startSession(userId, request);
  const user = findUserById(userId)!;
  if (back.vote) {
    try {
      castVote(back.vote, user as SessionUser);
    } catch (error) {
      // The post may have gone or the user may be banned; signing in still succeeds.
      if (!(error instanceof VoteError)) throw error;
    }
  }
  const fallback = back.vote ? `/posts/${back.vote}` : "/";
  return redirect(safeRedirectPath(back.redirectTo, fallback), { headers: { "Set-Cookie": cookie } });
}

export type AccountFailure = { formError?: "error.rateLimited" | "error.wrongCredentials"; fieldErrors?: { email?: "error.emailTaken" }; status: number };

export async function signIn(input: z.output<typeof loginSchema>, request: Request, clientIp: string): Promise<Response | AccountFailure> {
  const email = input.email.toLowerCase();
  if (!allowAttempt("login", `${clientIp}:${email}`)) return { formError: "error.rateLimited", status: 429 };
  const user = await verifyCredentials(email, input.password);
  if (!user) return { formError: "error.wrongCredentials", status: 400 };
  return finishSignIn(user.id, request, input);
}

export async function signUp(
  input: z.output<typeof signupSchema>,
  locale: Locale,
  request: Request,
  clientIp: string,
): Promise<Response | AccountFailure> {
  if (!allowAttempt("signup", clientIp)) return { formError: "error.rateLimited", status: 429 };
  const result = await createAccount({ ...input, locale });
  if (!result.ok) return { fieldErrors: { email: "error.emailTaken" }, status: 400 };
  return finishSignIn(result.user.id, request, input);
}
