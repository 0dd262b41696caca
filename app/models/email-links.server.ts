// Links in account emails. The email holds a random token; the table holds only its
// SHA-256, the account the link is for, when it expires and when it was used. Which
// table the hash is in says what the link does: finish a sign-up (signup_requests, with
// what the sign-up form held) or choose a new password (password_resets). Both kinds are
// made, found, spent and forgotten the same way, here.
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { passwordResets, signupRequests, users } from "~/db/schema";
import { tokenHashOf } from "~/utils/email-tokens.server";

const LINKS = {
  // The account stays a placeholder (no password) until its sign-up link is used.
  signup: { table: signupRequests, forAccountWithPassword: false },
  // Only an account that has a password can choose a new one.
  passwordReset: { table: passwordResets, forAccountWithPassword: true },
} as const;

export type EmailLinkPurpose = keyof typeof LINKS;
type LinkTable<P extends EmailLinkPurpose> = (typeof LINKS)[P]["table"];
export type EmailLinkRow<P extends EmailLinkPurpose> = LinkTable<P>["$inferSelect"];
/** What the caller says about a new link; the token's hash and the bookkeeping are this module's. */
export type NewEmailLink<P extends EmailLinkPurpose> = Omit<LinkTable<P>["$inferInsert"], "id" | "tokenHash" | "createdAt" | "usedAt">;

// Drizzle cannot type a query over "one of two tables", so queries see the columns both
// tables share, and each function gives its caller back the row type of its purpose.
type SharedTable = typeof passwordResets;
const tableOf = (purpose: EmailLinkPurpose) => LINKS[purpose].table as SharedTable;

export function insertEmailLink<P extends EmailLinkPurpose>(db: Db, purpose: P, token: string, values: NewEmailLink<P>): EmailLinkRow<P> {
  const row = db
    .insert(LINKS[purpose].table)
    .values({ ...values, tokenHash: tokenHashOf(token) } as LinkTable<P>["$inferInsert"])
    .returning()
    .get();
  return row as EmailLinkRow<P>;
}

/** The link a token stands for while it can still be used (unused, unexpired, and the account still in the state the link expects), with the account's address. */
export function findOpenEmailLink<P extends EmailLinkPurpose>(purpose: P, token: string, now: number): (EmailLinkRow<P> & { email: string }) | undefined {
  const table = tableOf(purpose);
  const accountState = LINKS[purpose].forAccountWithPassword ? isNotNull(users.passwordHash) : isNull(users.passwordHash);
  const found = getDb()
    .select({ link: LINKS[purpose].table, email: users.email })
    .from(table)
    .innerJoin(users, eq(users.id, table.userId))
    .where(and(eq(table.tokenHash, tokenHashOf(token)), isNull(table.usedAt), gt(table.expiresAt, now), accountState))
    .get();
  return found && { ...(found.link as EmailLinkRow<P>), email: found.email };
}

/** Marks the link used; false when another request used it first. */
export function spendEmailLink(db: Db, purpose: EmailLinkPurpose, id: number, now: number): boolean {
  const table = tableOf(purpose);
  return (
    db
      .update(table)
      .set({ usedAt: now })
      .where(and(eq(table.id, id), isNull(table.usedAt)))
      .run().changes === 1
  );
}

/** Marks every still-unused link of this kind for the account used. */
export function spendEmailLinksOfUser(db: Db, purpose: EmailLinkPurpose, userId: number, now: number): void {
  const table = tableOf(purpose);
  db.update(table)
    .set({ usedAt: now })
    .where(and(eq(table.userId, userId), isNull(table.usedAt)))
    .run();
}

/** Deletes links used, or expired, before `cutoff`; returns how many. */
export function deleteEmailLinksDoneBefore(purpose: EmailLinkPurpose, cutoff: number): number {
  const table = tableOf(purpose);
  return getDb()
    .delete(table)
    .where(or(lt(table.expiresAt, cutoff), and(isNotNull(table.usedAt), lt(table.usedAt, cutoff))))
    .run().changes;
}
