// Single sign-on tokens already used (issue 14): a token's `jti` is accepted once, and
// remembered until the token would have expired anyway.
import { lt } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { ssoUsedTokens } from "~/db/schema";

/** Records the token as used; false when this `jti` was used before. */
export function recordUsedSsoToken(db: Db, jti: string, expiresAt: number): boolean {
  return db.insert(ssoUsedTokens).values({ jti, expiresAt }).onConflictDoNothing().run().changes === 1;
}

/** Forgets tokens that have expired: an expired token is refused before its `jti` is looked at. */
export function pruneUsedSsoTokens(db: Db, now: number): void {
  db.delete(ssoUsedTokens).where(lt(ssoUsedTokens.expiresAt, now)).run();
}
