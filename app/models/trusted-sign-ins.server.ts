import { and, eq, gte, lt, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { trustedSignIns, users } from "~/db/schema";

/** Records (or refreshes) that this account signed in from this client. */
export function recordTrustedSignIn(userId: number, clientHash: string, at: number): void {
  getDb()
    .insert(trustedSignIns)
    .values({ userId, clientHash, signedInAt: at })
    .onConflictDoUpdate({
      target: [trustedSignIns.userId, trustedSignIns.clientHash],
      set: { signedInAt: sql`max(${trustedSignIns.signedInAt}, excluded.signed_in_at)` },
    })
    .run();
}

/** Whether the account of this address signed in from this client since `since`. */
export function signedInFromClientSince(email: string, clientHash: string, since: number): boolean {
  const row = getDb()
    .select({ userId: trustedSignIns.userId })
    .from(trustedSignIns)
    .innerJoin(users, eq(users.id, trustedSignIns.userId))
    .where(and(eq(users.email, email), eq(trustedSignIns.clientHash, clientHash), gte(trustedSignIns.signedInAt, since)))
    .get();
  return row !== undefined;
}

export function deleteTrustedSignInsBefore(cutoff: number): number {
  return getDb().delete(trustedSignIns).where(lt(trustedSignIns.signedInAt, cutoff)).run().changes;
}
