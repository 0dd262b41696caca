import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { users, type Locale, type Role } from "~/db/schema";

export type UserRow = typeof users.$inferSelect;

export function findUserByEmail(email: string): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.email, email)).get();
}

export function findUserById(id: number): UserRow | undefined {
  return getDb().select().from(users).where(eq(users.id, id)).get();
}

export function insertUser(values: { email: string; displayName: string; passwordHash: string | null; role?: Role; locale?: Locale | null }): UserRow {
  return getDb().insert(users).values(values).returning().get();
}

/** A placeholder (no password yet) becomes a real account; returns undefined if it was taken meanwhile. */
export function claimPlaceholderUser(id: number, values: { displayName: string; passwordHash: string; locale: Locale | null }): UserRow | undefined {
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

export function findUsersByRole(roles: Role[]): UserRow[] {
  return getDb().select().from(users).where(inArray(users.role, roles)).orderBy(asc(users.displayName)).all();
}

export function listBannedUsers(): UserRow[] {
  return getDb().select().from(users).where(isNotNull(users.bannedAt)).orderBy(desc(users.bannedAt)).all();
}

export function updateUserRole(id: number, role: Role): void {
  getDb().update(users).set({ role }).where(eq(users.id, id)).run();
}

export function setUserBanned(db: Db, id: number, bannedAt: number | null): void {
  db.update(users).set({ bannedAt }).where(eq(users.id, id)).run();
}

export function updateEmailPreferences(id: number, values: { emailOnStatus: boolean; emailOnComment: boolean; emailWeeklyDigest?: boolean }): void {
  getDb().update(users).set(values).where(eq(users.id, id)).run();
}

export function suppressEmail(email: string, at: number): void {
  getDb()
    .update(users)
    .set({ emailSuppressedAt: at })
    .where(and(eq(users.email, email), isNull(users.emailSuppressedAt)))
    .run();
}

export function clearEmailSuppression(id: number): void {
  getDb().update(users).set({ emailSuppressedAt: null }).where(eq(users.id, id)).run();
}

/**
 * The account a request about an address (sign-up, password reset) is for: the existing
 * one, or a new placeholder. Either way one user id is used up, so the id the next
 * account gets does not tell whether this address was already known.
 */
export function accountForAddressRequest(db: Db, email: string): UserRow {
  const existing = db.select().from(users).where(eq(users.email, email)).get();
  if (!existing)
    return db
      .insert(users)
      .values({ email, displayName: email.split("@")[0], passwordHash: null, role: "customer" })
      .returning()
      .get();
  db.run(sql`update sqlite_sequence set seq = seq + 1 where name = 'users'`);
  return existing;
}

// The account services name their one recipient through here; the contract itself is recipients.server.
export { recipientUser } from "./recipients.server";

/**
 * The account for this email, or a new placeholder (no password) that its owner can claim
 * by signing up. Without a display name the placeholder is called by the address's local part.
 */
export function findOrCreatePlaceholderUser(db: Db, email: string, displayName = email.split("@")[0]): UserRow {
  const existing = db.select().from(users).where(eq(users.email, email)).get();
  if (existing) return existing;
  return db.insert(users).values({ email, displayName, passwordHash: null, role: "customer" }).returning().get();
}

/** A new password for an account that has one; false when there is no such account. */
export function setPasswordHash(db: Db, userId: number, passwordHash: string): boolean {
  return (
    db
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, userId), isNotNull(users.passwordHash)))
      .run().changes === 1
  );
}

/** A customer's company traits, as single sign-on reports them: what the inbox's "spend of voters" adds up. */
export type CompanyTraits = Partial<Pick<UserRow, "avatarUrl" | "company" | "monthlySpend">>;
/** What single sign-on may set on an account: its name and password marker when it claims one, and the company traits. */
export type SsoAccountValues = CompanyTraits & Partial<Pick<UserRow, "displayName" | "passwordHash">>;

/** The account with this email, read inside the caller's transaction. */
export function findUserByEmailIn(db: Db, email: string): UserRow | undefined {
  return db.select().from(users).where(eq(users.email, email)).get();
}

/** A new customer account made by single sign-on, inside the caller's transaction. */
export function insertSsoUser(db: Db, values: CompanyTraits & { email: string; displayName: string; passwordHash: string; locale: Locale | null }): UserRow {
  return db
    .insert(users)
    .values({ ...values, role: "customer" })
    .returning()
    .get();
}

/** Writes what single sign-on says of an existing account, inside the caller's transaction. */
export function updateSsoAccount(db: Db, id: number, values: SsoAccountValues): UserRow {
  if (Object.keys(values).length === 0) return db.select().from(users).where(eq(users.id, id)).get()!;
  return db.update(users).set(values).where(eq(users.id, id)).returning().get();
}
