import { and, eq, getTableColumns, isNull, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { boards, posts, users, type PostKind, type PostStatus } from "~/db/schema";

export type PostRow = typeof posts.$inferSelect;
export type ListSort = "trending" | "top" | "new";

const SORT_COLUMN = {
  trending: posts.trendingScore,
  top: posts.voteCount,
  new: posts.createdAt,
} as const;

/** What any visitor may see: live posts on live boards, not merged away. */
const publiclyVisible = and(
  isNull(posts.deletedAt),
  isNull(posts.mergedIntoId),
  sql`${posts.boardId} in (select ${boards.id} from ${boards} where ${boards.archivedAt} is null)`,
);

export type PostListRow = Pick<
  PostRow,
  "id" | "boardId" | "title" | "excerpt" | "status" | "kind" | "voteCount" | "commentCount" | "createdAt"
> & { sortValue: number };

const listColumns = {
  id: posts.id,
  boardId: posts.boardId,
  title: posts.title,
  excerpt: posts.excerpt,
  status: posts.status,
  kind: posts.kind,
  voteCount: posts.voteCount,
  commentCount: posts.commentCount,
  createdAt: posts.createdAt,
};

export type ListFilters = {
  boardId?: number;
  status?: PostStatus;
  kind?: PostKind;
};

function filterConditions(filters: ListFilters): SQL[] {
  const conditions: SQL[] = [publiclyVisible!];
  if (filters.boardId) conditions.push(eq(posts.boardId, filters.boardId));
  if (filters.status) conditions.push(eq(posts.status, filters.status));
  if (filters.kind) conditions.push(eq(posts.kind, filters.kind));
  return conditions;
}

/**
 * One page of a keyset-paginated listing. The cursor is the (sort value, id) of the
 * last row already shown, so a page costs the same however deep it is.
 */
export function listPublicPosts(
  sort: ListSort,
  filters: ListFilters,
  cursor: { value: number; id: number } | null,
  limit: number,
): PostListRow[] {
  const column = SORT_COLUMN[sort];
  const conditions = filterConditions(filters);
  if (cursor) conditions.push(sql`(${column}, ${posts.id}) < (${cursor.value}, ${cursor.id})`);
  return getDb()
    .select({ ...listColumns, sortValue: sql<number>`${column}` })
    .from(posts)
    .where(and(...conditions))
    .orderBy(sql`${column} desc`, sql`${posts.id} desc`)
    .limit(limit)
    .all();
}

/** Full-text search; ftsQuery must come from toFtsQuery, which makes any input safe. */
export function searchPublicPosts(ftsQuery: string, filters: ListFilters, limit: number): PostListRow[] {
  const conditions = filterConditions(filters);
  // Title matches weigh more than body matches; votes break near-ties.
  return getDb()
    .select({ ...listColumns, sortValue: sql<number>`0` })
    .from(sql`posts_fts`)
    .innerJoin(posts, sql`${posts.id} = posts_fts.rowid`)
    .where(and(sql`posts_fts match ${ftsQuery}`, ...conditions))
    .orderBy(sql`bm25(posts_fts, 4.0, 1.0) - ${posts.voteCount} * 0.0001`)
    .limit(limit)
    .all();
}

export type PostDetail = PostRow & { authorName: string; boardSlug: string; boardName: string };

export function findPostDetail(id: number): PostDetail | undefined {
  return getDb()
    .select({
      ...getTableColumns(posts),
      authorName: users.displayName,
      boardSlug: boards.slug,
      boardName: boards.name,
    })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .innerJoin(boards, eq(boards.id, posts.boardId))
    .where(and(eq(posts.id, id), isNull(posts.deletedAt)))
    .get();
}

export function findLivePost(id: number, db: Db = getDb()): PostRow | undefined {
  return db
    .select()
    .from(posts)
    .where(and(eq(posts.id, id), isNull(posts.deletedAt)))
    .get();
}

export function insertPost(
  db: Db,
  values: {
    boardId: number;
    authorId: number;
    title: string;
    bodyMd: string;
    bodyHtml: string;
    excerpt: string;
  },
): PostRow {
  return db.insert(posts).values(values).returning().get();
}

export function adjustVoteCount(db: Db, postId: number, delta: number, trendingDelta: number): void {
  db.update(posts)
    .set({
      voteCount: sql`${posts.voteCount} + ${delta}`,
      trendingScore: sql`${posts.trendingScore} + ${trendingDelta}`,
    })
    .where(eq(posts.id, postId))
    .run();
}

export function adjustCommentCount(db: Db, postId: number, delta: number): void {
  db.update(posts)
    .set({ commentCount: sql`${posts.commentCount} + ${delta}` })
    .where(eq(posts.id, postId))
    .run();
}


/**
 * Recomputes trending_score from the vote rows for every post that has a vote which
 * left the window (created in (previousCutoff, cutoff]). Returns the posts touched.
 */
export function recomputeTrendingForExpiredVotes(previousCutoff: number, cutoff: number): number {
  return getDb().run(sql`
    update posts set trending_score = coalesce(
      (select sum(closeloop_vote_weight(v.created_at)) from votes v where v.post_id = posts.id and v.created_at > ${cutoff}),
      0)
    where id in (select post_id from votes where created_at > ${previousCutoff} and created_at <= ${cutoff})
  `).changes;
}
