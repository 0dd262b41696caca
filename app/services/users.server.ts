// Accounts as an integration sees them (the JSON API's /users): one account looked up by
// its address. There is deliberately no way to list them all.
import { findUserByEmail, type UserRow } from "~/models/users.server";
import { err, ok, type Result } from "~/utils/result";
import { normalizeEmail } from "./auth.server";

export function accountByEmail(email: string): Result<UserRow> {
  const account = findUserByEmail(normalizeEmail(email));
  return account ? ok(account) : err("error.notFound");
}
