// The only module that knows about Lucia. Everything else asks this one for "who is
// signing in" and "who is this request", so the session library can be swapped here.
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { hash, verify, type Options as Argon2Options } from "@node-rs/argon2";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import { getDb, type Db } from "~/db/client.server";
import { sessions, users, type Locale, type Role } from "~/db/schema";
import { deleteSessionsOfUser, findSessionAndUser } from "~/models/sessions.server";
import { claimPlaceholderUser, findUserByEmail, insertUser, type UserRow } from "~/models/users.server";
import { isHttpsRequest } from "~/utils/request-scheme";
import { err, ok, type Result } from "~/utils/result";

export type SessionUser = {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  locale: Locale | null;
  bannedAt: number | null;
};

/** An account row as the services take it: who acts, never their password hash. */
export function sessionUserOf(row: Pick<UserRow, "id" | "email" | "displayName" | "role" | "locale" | "bannedAt">): SessionUser {
  const { id, email, displayName, role, locale, bannedAt } = row;
  return { id, email, displayName, role, locale, bannedAt };
}

/**
 * Lucia's Drizzle adapter, but a session and its user come from one prepared join: the
 * adapter runs two queries (session, then user through the session) on every signed-in
 * request. Everything else is the adapter's.
 */
class SessionAdapter implements Adapter {
  private readonly drizzle: DrizzleSQLiteAdapter;
  constructor(db: Db) {
    this.drizzle = new DrizzleSQLiteAdapter(db, sessions, users);
  }

  async getSessionAndUser(sessionId: string): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const row = findSessionAndUser(sessionId);
    if (!row) return [null, null];
    const { id, userId, expiresAt, ...attributes } = row;
    // expires_at is in seconds, as the Drizzle adapter writes it.
    return [
      { id, userId, expiresAt: new Date(expiresAt * 1000), attributes: {} },
      { id: userId, attributes },
    ];
  }
  getUserSessions(userId: number): Promise<DatabaseSession[]> {
    return this.drizzle.getUserSessions(userId);
  }
  setSession(session: DatabaseSession): Promise<void> {
    return this.drizzle.setSession(session);
  }
  updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    return this.drizzle.updateSessionExpiration(sessionId, expiresAt);
  }
  deleteSession(sessionId: string): Promise<void> {
    return this.drizzle.deleteSession(sessionId);
  }
  deleteUserSessions(userId: number): Promise<void> {
    return this.drizzle.deleteUserSessions(userId);
  }
  deleteExpiredSessions(): Promise<void> {
    return this.drizzle.deleteExpiredSessions();
  }
}

let lucia: ReturnType<typeof createLucia> | undefined;

function createLucia() {
  const adapter = new SessionAdapter(getDb());
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: "closeloop_session",
      expires: true,
      attributes: { sameSite: "lax", secure: false },
    },
    getUserAttributes: (row) => ({
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      locale: row.locale,
      bannedAt: row.bannedAt,
    }),
  });
}

// The adapter hands over the Drizzle row, so these are the schema's property names.
type DatabaseUserAttributes = Pick<UserRow, "email" | "displayName" | "role" | "locale" | "bannedAt">;

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: number;
    DatabaseUserAttributes: DatabaseUserAttributes;
  }
}

function auth() {
  lucia ??= createLucia();
  return lucia;
}

// argon2id with the library's defaults (19 MiB, 2 passes), OWASP's minimum profile.
export const PASSWORD_HASHING: Argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// The least argon2 allows, for the test suite alone: tests sign up hundreds of accounts.
// Only NODE_ENV=test (set by vitest) picks it; nothing else in the environment can lower the cost.
const TEST_PASSWORD_HASHING: Argon2Options = { memoryCost: 8, timeCost: 1, parallelism: 1 };

/** The argon2 cost of new hashes. A verification costs what its hash was made with. */
export function passwordHashing(nodeEnv: string | undefined): Argon2Options {
  return nodeEnv === "test" ? TEST_PASSWORD_HASHING : PASSWORD_HASHING;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashing(process.env.NODE_ENV));
}

/** Whether the password matches an argon2 hash; a malformed hash is a mismatch. */
export function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/**
 * The password hash of an account single sign-on made or claimed: not a placeholder, so
 * nobody can claim it by signing up with its address, yet no password matches it (it is
 * no argon2 hash). Its owner can still set a password through "forgot password", which
 * proves the address first.
 */
export const SSO_ONLY_PASSWORD_HASH = "!sso";

// A real hash of a random password: verifying against it costs as much as a real
// check, so "no such user" and "wrong password" take the same time.
let timingDecoy: Promise<string> | undefined;

export async function verifyCredentials(email: string, password: string): Promise<UserRow | null> {
  const user = findUserByEmail(normalizeEmail(email));
  if (!user?.passwordHash || user.passwordHash === SSO_ONLY_PASSWORD_HASH) {
    timingDecoy ??= hashPassword(crypto.randomUUID());
    await passwordMatches(await timingDecoy, password);
    return null;
  }
  const matches = await passwordMatches(user.passwordHash, password);
  return matches ? user : null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates the account, or claims the placeholder an on-behalf vote created for this email. */
export async function createAccount(input: {
  email: string;
  displayName: string;
  password: string;
  locale: Locale | null;
}): Promise<Result<UserRow, "error.emailTaken">> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const existing = findUserByEmail(email);
  if (existing) {
    if (existing.passwordHash) return err("error.emailTaken", "email");
    const claimed = claimPlaceholderUser(existing.id, {
      displayName: input.displayName,
      passwordHash,
      locale: input.locale,
    });
    return claimed ? ok(claimed) : err("error.emailTaken", "email");
  }
  try {
    return ok(
      insertUser({
        email,
        displayName: input.displayName,
        passwordHash,
        role: "customer",
        locale: input.locale,
      }),
    );
  } catch (error) {
    if (String(error).includes("UNIQUE")) return err("error.emailTaken", "email");
    throw error;
  }
}

function serializeCookie(cookie: { serialize(): string; attributes: { secure?: boolean } }, request: Request): string {
  cookie.attributes.secure = isHttpsRequest(new URL(request.url).protocol, request.headers.get("x-forwarded-proto"));
  return cookie.serialize();
}

/** Starts a fresh session (never reusing one from before sign-in); returns Set-Cookie. */
export async function startSession(userId: number, request: Request): Promise<string> {
  const previous = auth().readSessionCookie(request.headers.get("cookie") ?? "");
  if (previous) await auth().invalidateSession(previous);
  const session = await auth().createSession(userId, {});
  return serializeCookie(auth().createSessionCookie(session.id), request);
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = auth().readSessionCookie(request.headers.get("cookie") ?? "");
  if (sessionId) await auth().invalidateSession(sessionId);
  return serializeCookie(auth().createBlankSessionCookie(), request);
}

/**
 * Ends every session of the account inside the caller's transaction, so the change that
 * calls for it (a ban, a new password) and the sign-out commit together. Lucia's own
 * invalidateUserSessions is async and cannot run inside a better-sqlite3 transaction;
 * this deletes the same rows. No other module deletes session rows.
 */
export function endAllSessionsIn(db: Db, userId: number): void {
  deleteSessionsOfUser(db, userId);
}

// sessionId: the session's id, for rules that count per session (the survey prompt's "never twice in a session").
type CurrentUser = { user: SessionUser | null; sessionId: string | null; refreshCookie: string | null };
const perRequest = new WeakMap<Request, Promise<CurrentUser>>();

/** The signed-in user of this request, validated once per request. */
export function getCurrentUser(request: Request): Promise<CurrentUser> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = loadCurrentUser(request);
    perRequest.set(request, pending);
  }
  return pending;
}

async function loadCurrentUser(request: Request): Promise<CurrentUser> {
  const sessionId = auth().readSessionCookie(request.headers.get("cookie") ?? "");
  if (!sessionId) return { user: null, sessionId: null, refreshCookie: null };
  const { session, user } = await auth().validateSession(sessionId);
  if (!session || !user) {
    return { user: null, sessionId: null, refreshCookie: serializeCookie(auth().createBlankSessionCookie(), request) };
  }
  // A banned account is signed out wherever it goes (ADR 008), even with a session
  // that outlived the ban; the session ends here.
  if (user.bannedAt) {
    await auth().invalidateSession(session.id);
    return { user: null, sessionId: null, refreshCookie: serializeCookie(auth().createBlankSessionCookie(), request) };
  }
  const refreshCookie = session.fresh ? serializeCookie(auth().createSessionCookie(session.id), request) : null;
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      locale: user.locale,
      bannedAt: user.bannedAt,
    },
    sessionId: session.id,
    refreshCookie,
  };
}
