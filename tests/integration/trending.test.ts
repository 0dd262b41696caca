import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { posts, votes } from "~/db/schema";
import { sweepTrending } from "~/services/jobs.server";
import { listPosts, parseListQuery } from "~/services/posts.server";
import { trendingScore, TRENDING_WINDOW_MS } from "~/utils/trending.server";
import { castVote, toggleVote } from "~/services/votes.server";
import { createTestPost, createUser, seedSite } from "../helpers/factories";

const DAY = 86_400_000;

beforeAll(async () => {
  await seedSite();
});

function storedScore(id: number) {
  return getDb().select().from(posts).where(eq(posts.id, id)).get()!.trendingScore;
}

function voteTimes(id: number) {
  return getDb()
    .select()
    .from(votes)
    .where(eq(votes.postId, id))
    .all()
    .map((v) => v.createdAt);
}

describe("trending", () => {
  it("ranks recent votes above older ones and keeps the stored score equal to the formula", async () => {
    const author = await createUser();
    const now = Date.now();
    const old = await createTestPost(author, "Old but popular");
    const fresh = await createTestPost(author, "Fresh and rising");
    const voters = await Promise.all(Array.from({ length: 8 }, () => createUser()));
    voters.forEach((v) => castVote(old, v, now - 12 * DAY));
    voters.slice(0, 5).forEach((v) => castVote(fresh, v, now - DAY / 2));
    toggleVote(fresh, voters[0], now); // unvote: the score drops by exactly that vote's weight

    for (const id of [old, fresh]) {
      // Scores are large floats; compare relative to their size.
      const expected = trendingScore(voteTimes(id), now);
      expect(Math.abs(storedScore(id) - expected) / expected).toBeLessThan(1e-12);
    }
    const order = listPosts(parseListQuery(new URL("http://localhost/?sort=trending")), null)!.posts.map((p) => p.id);
    expect(order.indexOf(fresh)).toBeLessThan(order.indexOf(old));
  });

  it("drops votes that aged out of the 14-day window when the sweep runs", async () => {
    const author = await createUser();
    const id = await createTestPost(author, "Aging post");
    const voter = await createUser();
    const then = Date.now();
    castVote(id, voter, then);
    const before = storedScore(id);
    expect(before).toBeGreaterThan(0);
    const later = then + TRENDING_WINDOW_MS + DAY;
    expect(sweepTrending(later)).toBeGreaterThan(0);
    // Both the author's and the voter's votes are now outside the window.
    expect(storedScore(id)).toBe(0);
    expect(getDb().select().from(posts).where(eq(posts.id, id)).get()!.voteCount).toBe(2);
    expect(sweepTrending(later)).toBe(0);
  });
});
