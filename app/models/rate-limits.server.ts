import { and, eq, lt, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { rateLimits } from "~/db/schema";

/** Counts one hit in the fixed window that starts at windowStart; returns the hits so far. */
export function recordHit(key: string, windowStart: number): number {
  return getDb()
    .insert(rateLimits)
    .values({ key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { hits: sql`${rateLimits.hits} + 1` },
    })
    .returning({ hits: rateLimits.hits })
    .get().hits;
}

export function deleteWindowsBefore(cutoff: number): void {
  getDb().delete(rateLimits).where(lt(rateLimits.windowStart, cutoff)).run();
}

/** The hits counted so far in the window that starts at windowStart, without counting one. */
export function hitsInWindow(key: string, windowStart: number): number {
  return (
    getDb()
      .select({ hits: rateLimits.hits })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart)))
      .get()?.hits ?? 0
  );
}
