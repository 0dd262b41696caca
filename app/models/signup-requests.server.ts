// Sign-ups waiting for the emailed link to be opened.
import { and, eq, gt, isNotNull, isNull, lt, or } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { signupRequests, users, type Locale } from "~/db/schema";

export type SignupRequestRow = typeof signupRequests.$inferSelect;

export function insertSignupRequest(
  db: Db,
  values: {
    userId: number;
    tokenHash: string;
    displayName: string;
    passwordHash: string;
    locale: Locale | null;
    redirectTo: string | null;
    votePostId: number | null;
    expiresAt: number;
  },
): SignupRequestRow {
  return db.insert(signupRequests).values(values).returning().get();
}

/** The request behind a token while it can still be used, with the address it is for. */
export function findOpenSignupRequest(tokenHash: string, now: number): (SignupRequestRow & { email: string }) | undefined {
  return getDb()
    .select({ request: signupRequests, email: users.email })
    .from(signupRequests)
    .innerJoin(users, eq(users.id, signupRequests.userId))
    .where(and(eq(signupRequests.tokenHash, tokenHash), isNull(signupRequests.usedAt), gt(signupRequests.expiresAt, now), isNull(users.passwordHash)))
    .all()
    .map((row) => ({ ...row.request, email: row.email }))[0];
}

/** Marks the request used; false when another tab or click used it first. */
export function markSignupRequestUsed(db: Db, id: number, now: number): boolean {
  return (
    db
      .update(signupRequests)
      .set({ usedAt: now })
      .where(and(eq(signupRequests.id, id), isNull(signupRequests.usedAt)))
      .run().changes === 1
  );
}

/** Deletes requests used, or expired, before `cutoff`; returns how many. */
export function deleteSignupRequestsDoneBefore(cutoff: number): number {
  return getDb()
    .delete(signupRequests)
    .where(or(lt(signupRequests.expiresAt, cutoff), and(isNotNull(signupRequests.usedAt), lt(signupRequests.usedAt, cutoff))))
    .run().changes;
}
