// "Forgot your password" links waiting to be used.
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { passwordResets, users } from "~/db/schema";

export type PasswordResetRow = typeof passwordResets.$inferSelect;

export function insertPasswordReset(db: Db, values: { userId: number; tokenHash: string; expiresAt: number }): PasswordResetRow {
  return db.insert(passwordResets).values(values).returning().get();
}

/** The reset behind a token while it can still be used, with the account's address. */
export function findOpenPasswordReset(tokenHash: string, now: number): (PasswordResetRow & { email: string }) | undefined {
  return getDb()
    .select({ reset: passwordResets, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now), isNotNull(users.passwordHash)))
    .all()
    .map((row) => ({ ...row.reset, email: row.email }))[0];
}

/** Ends every open reset of the account; false when this one was already used. */
export function markPasswordResetsUsed(db: Db, reset: { id: number; userId: number }, now: number): boolean {
  const claimed =
    db
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)))
      .run().changes === 1;
  if (claimed)
    db.update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt)))
      .run();
  return claimed;
}

/** Deletes resets used, or expired, before `cutoff`; returns how many. */
export function deletePasswordResetsDoneBefore(cutoff: number): number {
  return getDb()
    .delete(passwordResets)
    .where(or(lt(passwordResets.expiresAt, cutoff), and(isNotNull(passwordResets.usedAt), lt(passwordResets.usedAt, cutoff))))
    .run().changes;
}
