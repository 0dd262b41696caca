import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { apiKeys, users } from "~/db/schema";
import type { ApiScope } from "~/db/enums";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function insertApiKey(values: { name: string; scope: ApiScope; keyPrefix: string; keyHash: string; createdById: number }): ApiKeyRow {
  return getDb().insert(apiKeys).values(values).returning().get();
}

/** Every key, newest first, revoked ones included (the admin page shows them struck through). */
export function listApiKeys(): ApiKeyRow[] {
  return getDb().select().from(apiKeys).orderBy(desc(apiKeys.id)).all();
}

/** A live key by the hash of what the caller sent, with the account it acts as. */
export function findLiveApiKeyByHash(keyHash: string) {
  return getDb()
    .select({ key: apiKeys, creator: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.createdById))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
}

/** Revokes a live key; false when there is none with that id (or it was revoked already). */
export function revokeApiKeyRow(id: number, revokedAt: number): boolean {
  return (
    getDb()
      .update(apiKeys)
      .set({ revokedAt })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .run().changes > 0
  );
}

/**
 * Records a use. At most one write a minute per key: "last used" is for the admin's eye,
 * and a write on every API read would serialise readers behind the WAL.
 */
export function touchApiKey(id: number, now: number): void {
  getDb()
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - 60_000))))
    .run();
}
