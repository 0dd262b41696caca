// API keys (issue 14): made by an admin, shown once, kept as a SHA-256 only. A key acts as
// the admin who made it, through the same services and policy as that admin's forms, and
// only while that account is still an admin and not banned.
import { createHash, randomBytes } from "node:crypto";
import type { ApiScope } from "~/db/enums";
import { findLiveApiKeyByHash, insertApiKey, listApiKeys, revokeApiKeyRow, touchApiKey, type ApiKeyRow } from "~/models/api-keys.server";
import { err, ok, type Result } from "~/utils/result";
import { sessionUserOf, type SessionUser } from "./auth.server";

const KEY_PREFIX = "cl_";

export type ApiCaller = { keyId: number; scope: ApiScope; actor: SessionUser };

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** A new key: the secret is in `key`, returned this once and never stored. */
export function createApiKey(input: { name: string; scope: ApiScope }, admin: Pick<SessionUser, "id">): { key: string; row: ApiKeyRow } {
  const key = KEY_PREFIX + randomBytes(24).toString("base64url");
  const row = insertApiKey({
    name: input.name,
    scope: input.scope,
    keyPrefix: key.slice(0, KEY_PREFIX.length + 6),
    keyHash: hashKey(key),
    createdById: admin.id,
  });
  return { key, row };
}

export function apiKeysForAdmin(): ApiKeyRow[] {
  return listApiKeys();
}

export function revokeApiKey(id: number, now = Date.now()): Result {
  return revokeApiKeyRow(id, now) ? ok() : err("error.notFound");
}

/** `write` includes `read`. */
export function scopeAllows(granted: ApiScope, needed: ApiScope): boolean {
  return granted === "write" || needed === "read";
}

/**
 * Who an `Authorization: Bearer …` header speaks for. Unknown, revoked, or made by an
 * account that is no longer an unbanned admin: all "error.apiKeyInvalid" (401), with no
 * hint of which.
 */
export function authenticateApiKey(authorization: string | null, now = Date.now()): Result<ApiCaller, "error.apiKeyInvalid"> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match || !match[1].startsWith(KEY_PREFIX) || match[1].length > 200) return err("error.apiKeyInvalid");
  const found = findLiveApiKeyByHash(hashKey(match[1]));
  if (!found || found.creator.role !== "admin" || found.creator.bannedAt !== null) return err("error.apiKeyInvalid");
  touchApiKey(found.key.id, now);
  return ok({ keyId: found.key.id, scope: found.key.scope, actor: sessionUserOf(found.creator) });
}
