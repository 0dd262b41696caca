// Lucia's session rows, for what Lucia's adapter does not do itself: end every session of
// an account inside the transaction of the change that calls for it, and read a session
// with its user in one prepared join. Only auth.server uses this; no other module deletes
// session rows.
import { eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { preparedStatement } from "~/db/prepared.server";
import { sessions, users } from "~/db/schema";

export function deleteSessionsOfUser(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

const sessionAndUserStatement = preparedStatement((db) =>
  db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      locale: users.locale,
      bannedAt: users.bannedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("sessionId")))
    .prepare(),
);

export type SessionAndUserRow = NonNullable<ReturnType<ReturnType<typeof sessionAndUserStatement>["get"]>>;

/** A session and the user columns a request needs (never the password hash), by the session's id: every signed-in request runs this. */
export function findSessionAndUser(sessionId: string): SessionAndUserRow | undefined {
  return sessionAndUserStatement().get({ sessionId });
}
