// Trending = the sum of recent votes' weights, where a vote's weight doubles every
// HALF_LIFE after a fixed epoch. Because every post's score would be scaled by the
// same factor as time passes, ordering by the stored sum equals ordering by
// "votes in the last 14 days, weighted by recency" at any moment, and the score only
// changes when a vote arrives, leaves, or ages out of the window (the sweep below).
// See docs/decisions/002-trending-score.md.

export const TRENDING_WINDOW_MS = 14 * 24 * 3_600_000;
export const TRENDING_HALF_LIFE_MS = 4 * 24 * 3_600_000;
export const TRENDING_EPOCH_MS = Date.UTC(2026, 0, 1);

export function voteWeight(votedAt: number): number {
  return 2 ** ((votedAt - TRENDING_EPOCH_MS) / TRENDING_HALF_LIFE_MS);
}

/** The weight a vote still contributes, or 0 once it has aged out of the window. */
export function liveVoteWeight(votedAt: number, now: number): number {
  return votedAt > now - TRENDING_WINDOW_MS ? voteWeight(votedAt) : 0;
}

/** The trending score as a reader would compute it from scratch: for tests and repairs. */
export function trendingScore(voteTimes: number[], now: number): number {
  return voteTimes.reduce((sum, t) => sum + liveVoteWeight(t, now), 0);
}
