// Team invites by email (issue 12): an admin names an address and a role; the outbox
// sends a link; whoever opens it either makes the account there (the link proved the
// address) or, signed in as that address, accepts. A used, expired or made-up link says so.
import type { z } from "zod";
import { transaction } from "~/db/client.server";
import type { Role } from "~/db/enums";
import { acceptTeamInvite, findTeamInvite, insertTeamInvite, listOpenTeamInvites } from "~/models/team-invites.server";
import { claimPlaceholderUser, findOrCreatePlaceholderUser, findUserByEmail, recipientUser, updateUserRole } from "~/models/users.server";
import { joinSchema, type inviteSchema } from "~/schemas/admin";
import { newEmailToken } from "~/utils/email-tokens.server";
import { newPasswordField } from "~/utils/passwords.server";
import { err, ok, type Result } from "~/utils/result";
import { hashPassword, normalizeEmail, startSession, type SessionUser } from "./auth.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { allowAttempt } from "./rate-limit.server";
import { getSiteSettings } from "./site.server";

export const INVITE_LIFETIME_MS = 7 * 24 * 3_600_000;

/** The join form as the browser checks it, plus the common-password list. */
export const joinServerSchema = joinSchema.extend({ password: newPasswordField });

export type InviteError = "error.rateLimited" | "error.alreadyStaff";

/** Queues the invite email (in the invitee's language if they have one, else the admin's). */
export function inviteToTeam(input: z.output<typeof inviteSchema>, admin: SessionUser, now = Date.now()): Result<{ email: string }, InviteError> {
  if (!allowAttempt("teamInvite", String(admin.id), now)) return err("error.rateLimited", "inviteEmail");
  const email = normalizeEmail(input.inviteEmail);
  const existing = findUserByEmail(email);
  if (existing && existing.role !== "customer") return err("error.alreadyStaff", "inviteEmail");
  const token = newEmailToken();
  const { siteName, defaultLocale } = getSiteSettings();
  transaction((db) => {
    const account = findOrCreatePlaceholderUser(db, email);
    const invite = insertTeamInvite(db, token, { email, role: input.role, invitedBy: admin.id, expiresAt: now + INVITE_LIFETIME_MS });
    announce(db, recipientUser(account.id), {
      email: {
        template: "team_invite",
        payload: { siteName, token, inviterName: admin.displayName, role: input.role },
        dedupePrefix: `team-invite:${invite.id}:`,
        preference: "account",
        locale: admin.locale ?? defaultLocale,
      },
      now,
    });
  });
  kickOutbox();
  return ok({ email });
}

export function openInvites(now = Date.now()) {
  return listOpenTeamInvites(now);
}

/** What the /join page shows for a token and the person looking at it. */
export type JoinState =
  | { state: "invalid" }
  | { state: "signup" | "signin" | "accept"; email: string; role: Role; inviterName: string }
  | { state: "otherAccount"; email: string; role: Role; inviterName: string; viewerEmail: string };

function usableInvite(token: string, now: number) {
  const invite = findTeamInvite(token);
  if (!invite || invite.acceptedAt !== null || invite.expiresAt <= now) return undefined;
  return invite;
}

export function joinState(token: string, viewer: SessionUser | null, now = Date.now()): JoinState {
  const invite = usableInvite(token, now);
  if (!invite) return { state: "invalid" };
  const shown = { email: invite.email, role: invite.role, inviterName: invite.inviterName };
  if (viewer) return viewer.email === invite.email ? { state: "accept", ...shown } : { state: "otherAccount", ...shown, viewerEmail: viewer.email };
  const account = findUserByEmail(invite.email);
  return { state: account?.passwordHash ? "signin" : "signup", ...shown };
}

/** Never lowers a role: an admin who accepts a staff invite stays admin. */
function raisedRole(current: Role, invited: Role): Role {
  return current === "admin" || invited === "admin" ? "admin" : "staff";
}

/** The signed-in invitee accepts: they join the team with the invite's role. */
export function acceptInvite(token: string, viewer: SessionUser, now = Date.now()): Result<void, "error.inviteInvalid" | "error.inviteOtherAccount"> {
  const invite = usableInvite(token, now);
  if (!invite) return err("error.inviteInvalid");
  if (viewer.email !== invite.email) return err("error.inviteOtherAccount");
  const accepted = transaction((db) => {
    if (!acceptTeamInvite(db, invite.id, now)) return false;
    updateUserRole(viewer.id, raisedRole(viewer.role, invite.role));
    return true;
  });
  return accepted ? ok() : err("error.inviteInvalid");
}

/** The invitee has no account yet: it is made here, on the team, and signed in. */
export async function joinWithInvite(
  token: string,
  input: z.output<typeof joinSchema>,
  request: Request,
  now = Date.now(),
): Promise<Result<{ sessionCookie: string }, "error.inviteInvalid" | "error.rateLimited" | "error.inviteSignIn">> {
  const invite = usableInvite(token, now);
  if (!invite) return err("error.inviteInvalid");
  if (!allowAttempt("teamJoin", String(invite.id), now)) return err("error.rateLimited");
  const placeholder = findUserByEmail(invite.email);
  if (placeholder?.passwordHash) return err("error.inviteSignIn");
  const passwordHash = await hashPassword(input.password);
  let joined;
  try {
    joined = transaction((db) => {
      if (!acceptTeamInvite(db, invite.id, now)) return undefined;
      const account = placeholder ?? findOrCreatePlaceholderUser(db, invite.email, input.displayName);
      const claimed = claimPlaceholderUser(account.id, { displayName: input.displayName, passwordHash, locale: account.locale });
      // The account got a password since the check above: undo the acceptance; they sign in instead.
      if (!claimed) throw new InviteRace();
      updateUserRole(claimed.id, raisedRole(claimed.role, invite.role));
      return claimed;
    });
  } catch (error) {
    if (error instanceof InviteRace) return err("error.inviteSignIn");
    throw error;
  }
  if (!joined) return err("error.inviteInvalid");
  return ok({ sessionCookie: await startSession(joined.id, request) });
}

class InviteRace extends Error {}
