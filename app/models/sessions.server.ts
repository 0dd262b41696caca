// Lucia's session rows, for the one thing Lucia cannot do itself: end every session of
// an account inside the transaction of the change that calls for it. Only auth.server
// (endAllSessionsIn) uses this; no other module deletes session rows.
import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { sessions } from "~/db/schema";

export function deleteSessionsOfUser(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}
