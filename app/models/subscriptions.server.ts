import type { Db } from "~/db/client.server";
import { subscriptions } from "~/db/schema";

/** Subscribes unless a row exists: an earlier unsubscribe stays in force. */
export function subscribeUnlessDecided(db: Db, postId: number, userId: number): void {
  db.insert(subscriptions).values({ postId, userId, state: "subscribed" }).onConflictDoNothing().run();
}
