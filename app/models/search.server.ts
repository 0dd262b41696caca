// Full-text search over posts, with work bounded however common the words are (ADR 017).
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { posts, users } from "~/db/schema";
import { filterConditions, listColumns, type ListFilters, type PostListRow } from "./posts.server";

/**
 * How many matches each index hands over, newest first, before anything is ranked. FTS5
 * yields matches in rowid order without scoring them, so bm25 runs on at most this many
 * rows however many posts match; below the cap the ranking is exactly bm25 over every match.
 * Filters are applied after the cap, so a narrowing filter (one board, one tag, one author)
 * gets a deeper pool.
 */
export const SEARCH_CANDIDATES = 1_000;
export const FILTERED_SEARCH_CANDIDATES = 2_000;
// Title matches rank above every match found only in a body: bm25 is never below -2,000
// for twelve terms at a million posts (idf ≤ 14, × 2.2, × weight 4, × 12), so one offset
// keeps the two tiers apart and `sortValue` stays a single number for the cursor.
const TITLE_TIER = 10_000;
// Near-equal scores are broken by votes.
const VOTE_TIE_BREAK = 0.0001;

/**
 * One page of search results, best first; ftsQuery must come from toFtsQuery, which makes
 * any input safe. Candidates: the newest matches from the small titles-only index (ranked
 * by bm25 on titles, first) and the newest matches from posts_fts (bm25 with titles
 * weighted 4 to 1). `sortValue` is the rank, so `cursor` (the rank and id of the last row
 * shown) pages on through the same candidates.
 */
export function searchPublicPosts(ftsQuery: string, filters: ListFilters, limit: number, cursor: { value: number; id: number } | null = null): PostListRow[] {
  const conditions = filterConditions(filters);
  const narrowed = Boolean(filters.boardId || filters.status || filters.kind || filters.tagId || filters.authorId || filters.votedBy);
  const cap = narrowed ? FILTERED_SEARCH_CANDIDATES : SEARCH_CANDIDATES;
  const best = sql`(select post_id, min(score) as score from (
      select post_id, score - ${TITLE_TIER} as score from (
        select rowid as post_id, bm25(posts_title_fts) as score from posts_title_fts
        where posts_title_fts match ${ftsQuery} order by rowid desc limit ${cap})
      union all
      select post_id, score from (
        select rowid as post_id, bm25(posts_fts, 4.0, 1.0) as score from posts_fts
        where posts_fts match ${ftsQuery} order by rowid desc limit ${cap})
    ) group by post_id) as best`;
  const rank = sql<number>`best.score - ${posts.voteCount} * ${VOTE_TIE_BREAK}`;
  if (cursor) conditions.push(sql`(${rank}, ${posts.id}) > (${cursor.value}, ${cursor.id})`);
  const { authorName: _authorName, ...postColumns } = listColumns;
  const db = getDb();
  // Filter and rank the candidates on posts alone; only the page's rows meet users.
  const page = db
    .select({ ...postColumns, authorId: posts.authorId, sortValue: sql<number>`${rank}`.as("sort_value") })
    .from(best)
    .innerJoin(posts, sql`${posts.id} = best.post_id`)
    .where(and(...conditions))
    .orderBy(rank, posts.id)
    .limit(limit)
    .as("page");
  return db
    .select({
      id: page.id,
      boardId: page.boardId,
      title: page.title,
      excerpt: page.excerpt,
      status: page.status,
      kind: page.kind,
      voteCount: page.voteCount,
      commentCount: page.commentCount,
      createdAt: page.createdAt,
      authorName: users.displayName,
      sortValue: page.sortValue,
    })
    .from(page)
    .innerJoin(users, eq(users.id, page.authorId))
    .orderBy(sql`sort_value`, page.id)
    .all();
}
