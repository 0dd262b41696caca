// Tokens for links in account emails (sign-up, password reset): 32 random bytes in the
// email, only their SHA-256 in the table that says what the link does.
import crypto from "node:crypto";

export function newEmailToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function tokenHashOf(token: string): string {
  return crypto.createHash("sha256").update(token).digest("base64url");
}
