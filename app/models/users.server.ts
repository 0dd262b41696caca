import { and, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { users, type Locale, type Role } from "~/db/schema";

export type UserRow = typeof users.$inferSelect;

export function findUserByEmail(email: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(id: number): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

export function insertUser(values: {
  email: string;
  displayName: string;
  passwordHash: string | null;
  role?: Role;
  locale?: Locale | null;
}): UserRow {
  return getDb().insert(users).values(values).returning().get();
}

/** A placeholder (no password yet) becomes a real account; returns undefined if it was taken meanwhile. */
export function claimPlaceholderUser(
  id: number,
  values: { displayName: string; passwordHash: string; locale: Locale | null },
): UserRow | undefined {
  return getDb()
    .update(users)
    .set(values)
    .where(and(eq(users.id, id), isNull(users.passwordHash)))
    .returning()
    .get();
}

export function countAdmins(): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(eq(users.role, "admin"))
    .get()!.n;
}

export function updateUserLocale(id: number, locale: Locale): void {
  getDb().update(users).set({ locale }).where(eq(users.id, id)).run();
}
