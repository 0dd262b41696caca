// Team invitations (issue 12): the emailed token's hash, the address and role it is for,
// who sent it, and when it expires and was accepted.
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { teamInvites, users, type Role } from "~/db/schema";
import { tokenHashOf } from "~/utils/email-tokens.server";

export type TeamInviteRow = typeof teamInvites.$inferSelect;

export function insertTeamInvite(db: Db, token: string, values: { email: string; role: Role; invitedBy: number; expiresAt: number }): TeamInviteRow {
  return db
    .insert(teamInvites)
    .values({ ...values, tokenHash: tokenHashOf(token) })
    .returning()
    .get();
}

/** The invite a token stands for, used or not, with the name of whoever sent it. */
export function findTeamInvite(token: string): (TeamInviteRow & { inviterName: string }) | undefined {
  const found = getDb()
    .select({ invite: teamInvites, inviterName: users.displayName })
    .from(teamInvites)
    .innerJoin(users, eq(users.id, teamInvites.invitedBy))
    .where(eq(teamInvites.tokenHash, tokenHashOf(token)))
    .get();
  return found && { ...found.invite, inviterName: found.inviterName };
}

/** Marks the invite accepted; false when it was accepted already or has expired. */
export function acceptTeamInvite(db: Db, id: number, now: number): boolean {
  return (
    db
      .update(teamInvites)
      .set({ acceptedAt: now })
      .where(and(eq(teamInvites.id, id), isNull(teamInvites.acceptedAt), gt(teamInvites.expiresAt, now)))
      .run().changes === 1
  );
}

/** Invites still waiting for an answer, newest first, for the team page. */
export function listOpenTeamInvites(now: number): { id: number; email: string; role: Role; expiresAt: number }[] {
  return getDb()
    .select({ id: teamInvites.id, email: teamInvites.email, role: teamInvites.role, expiresAt: teamInvites.expiresAt })
    .from(teamInvites)
    .where(and(isNull(teamInvites.acceptedAt), gt(teamInvites.expiresAt, now)))
    .orderBy(sql`${teamInvites.id} desc`)
    .all();
}

export function countTeamInvitesSent(): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(teamInvites)
    .get()!.n;
}

export function countTeamInvitesAccepted(): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(teamInvites)
    .where(isNotNull(teamInvites.acceptedAt))
    .get()!.n;
}
