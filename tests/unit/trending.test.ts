import { describe, expect, it } from "vitest";
import { liveVoteWeight, TRENDING_EPOCH_MS, TRENDING_HALF_LIFE_MS, TRENDING_WINDOW_MS, trendingScore, voteWeight } from "~/utils/trending.server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("trending constants", () => {
  it("uses a 14-day window and a 4-day half-life", () => {
    expect(TRENDING_WINDOW_MS).toBe(14 * DAY);
    expect(TRENDING_HALF_LIFE_MS).toBe(4 * DAY);
    expect(TRENDING_EPOCH_MS).toBe(Date.UTC(2026, 0, 1));
  });
});

describe("voteWeight", () => {
  it("is 1 at the epoch", () => {
    expect(voteWeight(TRENDING_EPOCH_MS)).toBe(1);
  });

  it("doubles every half-life", () => {
    for (const t of [TRENDING_EPOCH_MS, Date.UTC(2026, 5, 17, 13, 7), Date.UTC(2027, 2, 3), Date.UTC(2025, 10, 1)]) {
      expect(voteWeight(t + TRENDING_HALF_LIFE_MS) / voteWeight(t)).toBeCloseTo(2, 12);
      expect(voteWeight(t + 2 * TRENDING_HALF_LIFE_MS) / voteWeight(t)).toBeCloseTo(4, 12);
      expect(voteWeight(t - TRENDING_HALF_LIFE_MS) / voteWeight(t)).toBeCloseTo(0.5, 12);
    }
  });

  it("grows monotonically with time", () => {
    let previous = 0;
    for (let t = TRENDING_EPOCH_MS - 30 * DAY; t < TRENDING_EPOCH_MS + 400 * DAY; t += 7 * HOUR) {
      const w = voteWeight(t);
      expect(w).toBeGreaterThan(previous);
      previous = w;
    }
  });

  it("stays finite for votes in the years the app will run", () => {
    expect(Number.isFinite(voteWeight(Date.UTC(2035, 0, 1)))).toBe(true);
    expect(voteWeight(Date.UTC(2025, 0, 1))).toBeGreaterThan(0);
  });
});

describe("liveVoteWeight", () => {
  const now = Date.UTC(2026, 3, 10, 12);

  it("is the full weight for a vote inside the window", () => {
    for (const age of [0, HOUR, DAY, 7 * DAY, 13 * DAY, 14 * DAY - 1]) {
      expect(liveVoteWeight(now - age, now)).toBe(voteWeight(now - age));
      expect(liveVoteWeight(now - age, now)).toBeGreaterThan(0);
    }
  });

  it("is 0 for a vote 14 days old or older", () => {
    for (const age of [14 * DAY, 14 * DAY + 1, 15 * DAY, 30 * DAY, 400 * DAY]) {
      expect(liveVoteWeight(now - age, now)).toBe(0);
    }
  });

  it("drops a vote exactly when it ages out", () => {
    const votedAt = now - 10 * DAY;
    expect(liveVoteWeight(votedAt, votedAt + 14 * DAY - 1)).toBeGreaterThan(0);
    expect(liveVoteWeight(votedAt, votedAt + 14 * DAY)).toBe(0);
  });
});

describe("trendingScore", () => {
  it("is 0 for no votes", () => {
    expect(trendingScore([], Date.UTC(2026, 3, 1))).toBe(0);
  });

  it("sums the live weights", () => {
    const now = Date.UTC(2026, 3, 10);
    const times = [now - HOUR, now - 3 * DAY, now - 20 * DAY];
    expect(trendingScore(times, now)).toBeCloseTo(voteWeight(now - HOUR) + voteWeight(now - 3 * DAY), 9);
  });

  it("ranks 5 fresh votes above 8 votes from 12 days ago", () => {
    const now = Date.UTC(2026, 4, 20, 9);
    const fresh = Array.from({ length: 5 }, (_, i) => now - i * HOUR);
    const old = Array.from({ length: 8 }, (_, i) => now - 12 * DAY - i * HOUR);
    expect(trendingScore(fresh, now)).toBeGreaterThan(trendingScore(old, now));
  });

  it("ranks 8 old votes above nothing, until they age out", () => {
    const votedAt = Date.UTC(2026, 4, 1);
    const old = Array.from({ length: 8 }, () => votedAt);
    expect(trendingScore(old, votedAt + 12 * DAY)).toBeGreaterThan(0);
    expect(trendingScore(old, votedAt + 14 * DAY)).toBe(0);
  });
});

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a reader means by trending: recent votes, each decayed by its age. */
function decayedScore(voteTimes: number[], now: number): number {
  return voteTimes.filter((t) => t > now - TRENDING_WINDOW_MS && t <= now).reduce((sum, t) => sum + 2 ** (-(now - t) / TRENDING_HALF_LIFE_MS), 0);
}

function orderBy(posts: { id: number; votes: number[] }[], score: (votes: number[]) => number): number[] {
  return posts
    .map((p) => ({ id: p.id, score: score(p.votes) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .map((p) => p.id);
}

describe("ordering by the stored score equals ordering by the decayed score", () => {
  const random = prng(20260101);
  const first = Date.UTC(2026, 1, 1);
  const span = 90 * DAY;
  // 30 posts, each with 0 to 25 votes cast at arbitrary moments over three months.
  const posts = Array.from({ length: 30 }, (_, id) => ({
    id,
    votes: Array.from({ length: Math.floor(random() * 26) }, () => first + Math.floor(random() * span)),
  }));
  // Hand-made cases near the window's edges and with different shapes.
  const nowA = Date.UTC(2026, 2, 15, 6);
  const nowB = Date.UTC(2026, 3, 28, 18, 30);
  for (const now of [nowA, nowB]) {
    posts.push(
      { id: posts.length, votes: Array.from({ length: 8 }, (_, i) => now - 12 * DAY - i * HOUR) },
      { id: posts.length + 1, votes: Array.from({ length: 5 }, (_, i) => now - i * HOUR) },
      { id: posts.length + 2, votes: [now - 14 * DAY, now - 14 * DAY - 1, now - 13 * DAY] },
      { id: posts.length + 3, votes: Array.from({ length: 40 }, () => now - 15 * DAY) },
    );
  }

  function live(votes: number[], now: number) {
    return votes.filter((t) => t <= now);
  }

  it.each([
    ["mid-March 2026", nowA],
    ["late April 2026", nowB],
  ])("at %s", (_label, now) => {
    // Only votes cast by "now" exist at that moment.
    const snapshot = posts.map((p) => ({ id: p.id, votes: live(p.votes, now) }));
    const byStored = orderBy(snapshot, (votes) => trendingScore(votes, now));
    const byDecayed = orderBy(snapshot, (votes) => decayedScore(votes, now));
    expect(byStored).toEqual(byDecayed);
    // The data must make the check meaningful: several posts with live votes, some without.
    const withLiveVotes = snapshot.filter((p) => decayedScore(p.votes, now) > 0).length;
    expect(withLiveVotes).toBeGreaterThanOrEqual(5);
    expect(withLiveVotes).toBeLessThan(snapshot.length);
  });

  it("the stored score is the decayed score times one factor shared by every post", () => {
    for (const now of [nowA, nowB]) {
      const factor = 2 ** ((now - TRENDING_EPOCH_MS) / TRENDING_HALF_LIFE_MS);
      for (const p of posts) {
        const votes = live(p.votes, now);
        const stored = trendingScore(votes, now);
        const expected = decayedScore(votes, now) * factor;
        expect(Math.abs(stored - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, expected));
      }
    }
  });

  it("the two orderings differ from a plain vote count somewhere (recency matters)", () => {
    const now = nowB;
    const snapshot = posts.map((p) => ({ id: p.id, votes: live(p.votes, now) }));
    const byCount = orderBy(snapshot, (votes) => votes.filter((t) => t > now - TRENDING_WINDOW_MS).length);
    const byStored = orderBy(snapshot, (votes) => trendingScore(votes, now));
    expect(byStored).not.toEqual(byCount);
  });
});
