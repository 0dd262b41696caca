import { alias } from "drizzle-orm/sqlite-core";
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, notInArray, sql, type SQL } from "drizzle-orm";
import { CLOSED_STATUSES } from "~/db/enums";
import { getDb, type Db } from "~/db/client.server";
import { preparedStatement } from "~/db/prepared.server";
import { liveCommentCount } from "./comments.server";
import { boards, comments, postTags, posts, publicPostCounts, statusChanges, users, votes, type PostKind, type PostStatus, type Role } from "~/db/schema";

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
  eq(posts.pendingApproval, false),
  sql`${posts.boardId} in (select ${boards.id} from ${boards} where ${boards.archivedAt} is null)`,
);

/** What staff see in their lists (and the API, which acts as an admin): every live post not merged away, awaiting approval or not, on any board. */
const staffVisible = and(isNull(posts.deletedAt), isNull(posts.mergedIntoId));

export type PostListRow = Pick<PostRow, "id" | "boardId" | "title" | "excerpt" | "status" | "kind" | "voteCount" | "commentCount" | "createdAt"> & {
  authorName: string;
  sortValue: number;
};

/** The columns of a listed post (also search's, in ./search.server). */
export const listColumns = {
  id: posts.id,
  boardId: posts.boardId,
  title: posts.title,
  excerpt: posts.excerpt,
  status: posts.status,
  kind: posts.kind,
  voteCount: posts.voteCount,
  commentCount: posts.commentCount,
  createdAt: posts.createdAt,
  authorName: users.displayName,
};

export type ListFilters = {
  /** Staff's view (staffVisible) instead of what any visitor may see. */
  staffView?: boolean;
  boardId?: number;
  status?: PostStatus;
  /** Any of these statuses (the board's open or closed view). */
  statuses?: readonly PostStatus[];
  kind?: PostKind;
  tagId?: number;
  authorId?: number;
  votedBy?: number;
};

/** How a filter's value enters the SQL: bound as it is, or as a named placeholder of a statement prepared once. */
type Bind = (name: string, value: number | string) => number | string | ReturnType<typeof sql.placeholder>;
const asValue: Bind = (_name, value) => value;
const asPlaceholder: Bind = (name) => sql.placeholder(name);

export function filterConditions(filters: ListFilters, bind: Bind = asValue): SQL[] {
  const conditions: SQL[] = [(filters.staffView ? staffVisible : publiclyVisible)!];
  if (filters.boardId) conditions.push(sql`${posts.boardId} = ${bind("boardId", filters.boardId)}`);
  // Status and kind are compared through unary + so that no index on them is used: the
  // planner would otherwise pick posts_status_changed_idx and sort every match of a status
  // in a temp B-tree (100–300 ms at 100k posts), where walking posts_top_idx (or the sort's
  // own index) and stopping after a page of matches takes under 1.5 ms. See 0017.
  if (filters.status) conditions.push(sql`+${posts.status} = ${bind("status", filters.status)}`);
  // A list of statuses stays in the statement: it is one of a few fixed sets, part of the prepared statement's shape.
  if (filters.statuses)
    conditions.push(
      sql`+${posts.status} in (${sql.join(
        filters.statuses.map((status) => sql`${status}`),
        sql`, `,
      )})`,
    );
  if (filters.kind) conditions.push(sql`+${posts.kind} = ${bind("kind", filters.kind)}`);
  if (filters.tagId)
    conditions.push(sql`${posts.id} in (select ${postTags.postId} from ${postTags} where ${postTags.tagId} = ${bind("tagId", filters.tagId)})`);
  if (filters.authorId) conditions.push(sql`${posts.authorId} = ${bind("authorId", filters.authorId)}`);
  if (filters.votedBy) conditions.push(sql`${posts.id} in (select ${votes.postId} from ${votes} where ${votes.userId} = ${bind("votedBy", filters.votedBy)})`);
  return conditions;
}

/** How many ideas each public board shows among these statuses, for the board list. */
function buildListing(db: Db, sort: ListSort, filters: ListFilters, withCursor: boolean) {
  const column = SORT_COLUMN[sort];
  const conditions = filterConditions(filters, asPlaceholder);
  if (withCursor) conditions.push(sql`(${column}, ${posts.id}) < (${sql.placeholder("cursorValue")}, ${sql.placeholder("cursorId")})`);
  return db
    .select({ ...listColumns, sortValue: sql<number>`${column}` })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(...conditions))
    .orderBy(sql`${column} desc`, sql`${posts.id} desc`)
    .limit(sql.placeholder("limit"))
    .prepare();
}

type ListingStatement = ReturnType<typeof buildListing>;

// One prepared statement per shape of listing: the sort, which filters are set (their
// values are placeholders), the status set, and whether a cursor is given. Callers use a
// handful of shapes; the cap keeps an unusual caller from growing the map without end.
const listingStatements = new Map<string, (db?: Db) => ListingStatement>();
const LISTING_SHAPES_CAP = 256;

function listingStatement(sort: ListSort, filters: ListFilters, withCursor: boolean): ListingStatement {
  const shape = [
    sort,
    filters.staffView ? "staff" : "public",
    filters.statuses?.join(",") ?? "",
    ...(["boardId", "status", "kind", "tagId", "authorId", "votedBy"] as const).map((name) => (filters[name] ? name : "")),
    withCursor ? "cursor" : "",
  ].join("|");
  let statement = listingStatements.get(shape);
  if (!statement) {
    const prepare = preparedStatement((db) => buildListing(db, sort, filters, withCursor));
    if (listingStatements.size >= LISTING_SHAPES_CAP) return prepare();
    statement = prepare;
    listingStatements.set(shape, statement);
  }
  return statement();
}

const countsByStatusesStatement = preparedStatement((db) =>
  db
    .select({ boardId: publicPostCounts.boardId, n: sql<number>`sum(${publicPostCounts.n})` })
    .from(publicPostCounts)
    .where(sql`${publicPostCounts.status} in (select value from json_each(${sql.placeholder("statuses")}))`)
    .groupBy(publicPostCounts.boardId)
    .prepare(),
);

/**
 * How many public ideas each board holds among these statuses, for the board list: read from
 * the counts the triggers of migration 0018 keep, not counted over every post on each page.
 */
export function countPublicPostsByBoard(statuses: readonly PostStatus[]): Map<number, number> {
  const rows = countsByStatusesStatement().all({ statuses: JSON.stringify(statuses) });
  return new Map(rows.map((r) => [r.boardId, r.n]));
}

/**
 * Which of these posts the team answered in public: a live public comment by staff, or
 * a status change that carried an official response. One query for a page of rows.
 */
const teamRepliedStatement = preparedStatement((db) =>
  db
    .select({ id: posts.id })
    .from(posts)
    .where(
      and(
        sql`${posts.id} in (select value from json_each(${sql.placeholder("ids")}))`,
        sql`(exists (select 1 from ${comments} c join ${users} u on u.id = c.author_id
              where c.post_id = ${posts.id} and c.is_internal = 0 and c.deleted_at is null and u.role in ('staff', 'admin'))
          or exists (select 1 from ${statusChanges} sc where sc.post_id = ${posts.id} and sc.response_html <> ''))`,
      ),
    )
    .prepare(),
);

export function teamRepliedPostIds(ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  // The page's ids as one JSON parameter, so one statement serves every page.
  const rows = teamRepliedStatement().all({ ids: JSON.stringify(ids) });
  return new Set(rows.map((r) => r.id));
}

/**
 * One page of a keyset-paginated listing. The cursor is the (sort value, id) of the
 * last row already shown, so a page costs the same however deep it is.
 */
export function listPublicPosts(sort: ListSort, filters: ListFilters, cursor: { value: number; id: number } | null, limit: number): PostListRow[] {
  const values: Record<string, number | string> = { limit };
  for (const name of ["boardId", "status", "kind", "tagId", "authorId", "votedBy"] as const) {
    const value = filters[name];
    if (value) values[name] = value;
  }
  if (cursor) Object.assign(values, { cursorValue: cursor.value, cursorId: cursor.id });
  return listingStatement(sort, filters, cursor !== null).all(values);
}

export type PostDetail = PostRow & { authorName: string; authorRole: Role; boardSlug: string; boardName: string; priority: number | null };

const findPostDetailStatement = preparedStatement((db) =>
  db
    .select({
      ...getTableColumns(posts),
      priority: priorityExpression,
      authorName: users.displayName,
      authorRole: users.role,
      boardSlug: boards.slug,
      boardName: boards.name,
    })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .innerJoin(boards, eq(boards.id, posts.boardId))
    .where(and(eq(posts.id, sql.placeholder("id")), isNull(posts.deletedAt)))
    .prepare(),
);

export function findPostDetail(id: number): PostDetail | undefined {
  return findPostDetailStatement().get({ id });
}

export type PostWithPeople = PostRow & {
  priority: number | null;
  author: { id: number; name: string; email: string };
  owner: { id: number; name: string; email: string } | null;
  board: { id: number; slug: string; name: string };
};

const owners = alias(users, "owners");

/** Live posts (merged away or not) with their author, owner and board, in the order of `ids`: one query for a page. */
export function findPostsWithPeople(ids: number[]): PostWithPeople[] {
  if (ids.length === 0) return [];
  const rows = getDb()
    .select({
      post: posts,
      priority: priorityExpression,
      author: { id: users.id, name: users.displayName, email: users.email },
      owner: { id: owners.id, name: owners.displayName, email: owners.email },
      board: { id: boards.id, slug: boards.slug, name: boards.name },
    })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .innerJoin(boards, eq(boards.id, posts.boardId))
    .leftJoin(owners, eq(owners.id, posts.ownerId))
    .where(and(inArray(posts.id, ids), isNull(posts.deletedAt)))
    .all();
  const byId = new Map(rows.map((r) => [r.post.id, { ...r.post, priority: r.priority, author: r.author, owner: r.owner, board: r.board }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const findLivePostStatement = preparedStatement((db) =>
  db
    .select()
    .from(posts)
    .where(and(eq(posts.id, sql.placeholder("id")), isNull(posts.deletedAt)))
    .prepare(),
);

export function findLivePost(id: number, db: Db = getDb()): PostRow | undefined {
  return findLivePostStatement(db).get({ id });
}

export type VotablePost = Pick<PostRow, "pendingApproval" | "authorId" | "mergedIntoId" | "commentsLockedAt" | "status" | "voteCount">;

const findVotablePostStatement = preparedStatement((db) =>
  db
    .select({
      pendingApproval: posts.pendingApproval,
      authorId: posts.authorId,
      mergedIntoId: posts.mergedIntoId,
      commentsLockedAt: posts.commentsLockedAt,
      status: posts.status,
      voteCount: posts.voteCount,
    })
    .from(posts)
    .where(and(eq(posts.id, sql.placeholder("id")), isNull(posts.deletedAt)))
    .prepare(),
);

/** A live post's columns the vote policy reads, and its count: a vote's pre-check. */
export function findVotablePost(db: Db, id: number): VotablePost | undefined {
  return findVotablePostStatement(db).get({ id });
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
    pendingApproval?: boolean;
  },
): PostRow {
  return db.insert(posts).values(values).returning().get();
}

const adjustVoteCountStatement = preparedStatement((db) =>
  db
    .update(posts)
    .set({
      voteCount: sql`${posts.voteCount} + ${sql.placeholder("delta")}`,
      trendingScore: sql`${posts.trendingScore} + ${sql.placeholder("trendingDelta")}`,
    })
    .where(eq(posts.id, sql.placeholder("postId")))
    .returning({ voteCount: posts.voteCount })
    .prepare(),
);

/** Moves the post's counters by a vote; returns the new vote count (the caller need not read the post again). */
export function adjustVoteCount(db: Db, postId: number, delta: number, trendingDelta: number): number {
  return adjustVoteCountStatement(db).get({ postId, delta, trendingDelta })?.voteCount ?? 0;
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

export type PostTriageValues = Partial<
  Pick<
    PostRow,
    | "kind"
    | "impact"
    | "effort"
    | "status"
    | "statusChangedAt"
    | "shippedAt"
    | "mergedIntoId"
    | "commentsLockedAt"
    | "deletedAt"
    | "pendingApproval"
    | "boardId"
    | "ownerId"
  >
>;

export function updatePost(db: Db, ids: number | number[], values: PostTriageValues & { updatedAt: number }): number {
  const where = Array.isArray(ids) ? inArray(posts.id, ids) : eq(posts.id, ids);
  return db
    .update(posts)
    .set(values)
    .where(and(where, isNull(posts.deletedAt)))
    .run().changes;
}

/**
 * Records the post's first staff response, and (when `resolved`) its first move to shipped
 * or declined; later ones leave both as they were. The insights' TTR reads these columns.
 */
export function recordStaffResponse(db: Db, postId: number, at: number, resolved: boolean): void {
  db.update(posts)
    .set({
      firstResponseAt: sql`coalesce(${posts.firstResponseAt}, ${at})`,
      ...(resolved ? { resolvedAt: sql`coalesce(${posts.resolvedAt}, ${at})` } : {}),
    })
    .where(eq(posts.id, postId))
    .run();
}

export function findLivePosts(db: Db, ids: number[]): PostRow[] {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(posts)
    .where(and(inArray(posts.id, ids), isNull(posts.deletedAt)))
    .all();
}

/**
 * Staff's priority for a sized feature request: votes × impact ÷ effort (ADR 004); null
 * for any other post. Its one definition: the inbox sorts by it and the post page shows
 * it, both through this expression.
 */
export const priorityExpression = sql<number | null>`case when ${posts.kind} = 'feature_request' and ${posts.impact} is not null and ${posts.effort} > 0
  then ${posts.voteCount} * ${posts.impact} * 1.0 / ${posts.effort} end`;

/**
 * The sum of the voters' monthly spend (company traits from single sign-on): Canny's
 * revenue-weighted prioritisation. Voters without a spend count as 0. Reads the votes by
 * their primary key (post_id first).
 */
export const voterSpendExpression = sql<number>`(select coalesce(sum(${users.monthlySpend}), 0) from ${votes} join ${users} on ${users.id} = ${votes.userId} where ${votes.postId} = ${posts.id})`;

export type InboxSort = "votes" | "newest" | "priority" | "spend";
export type InboxFilters = ListFilters & {
  tagId?: number;
  pendingOnly?: boolean;
  untriagedOnly?: boolean;
  hideClosed?: boolean;
  ownerId?: number;
  unassignedOnly?: boolean;
};

export type InboxRow = Pick<
  PostRow,
  "id" | "boardId" | "title" | "status" | "kind" | "impact" | "effort" | "voteCount" | "commentCount" | "createdAt" | "pendingApproval"
> & { priority: number | null; boardName: string; untriaged: number; sortValue: number };

const INBOX_SORT = {
  votes: sql<number>`${posts.voteCount}`,
  newest: sql<number>`${posts.createdAt}`,
  // Unsized posts sort after every sized one.
  priority: sql<number>`coalesce(${priorityExpression}, -1)`,
  spend: voterSpendExpression,
} as const;

/** Untriaged: no kind yet. The inbox's "Needs triage" group, first in every sort. */
const untriagedExpression = sql<number>`(${posts.kind} is null)`;

function inboxConditions(filters: InboxFilters): SQL[] {
  const conditions: SQL[] = [isNull(posts.deletedAt), isNull(posts.mergedIntoId)];
  if (filters.boardId) conditions.push(eq(posts.boardId, filters.boardId));
  if (filters.status) conditions.push(eq(posts.status, filters.status));
  if (filters.hideClosed) conditions.push(notInArray(posts.status, [...CLOSED_STATUSES]));
  if (filters.kind) conditions.push(eq(posts.kind, filters.kind));
  if (filters.pendingOnly) conditions.push(eq(posts.pendingApproval, true));
  if (filters.untriagedOnly) conditions.push(isNull(posts.kind));
  if (filters.ownerId) conditions.push(eq(posts.ownerId, filters.ownerId));
  if (filters.unassignedOnly) conditions.push(isNull(posts.ownerId));
  if (filters.tagId) conditions.push(sql`${posts.id} in (select ${postTags.postId} from ${postTags} where ${postTags.tagId} = ${filters.tagId})`);
  return conditions;
}

/** How many posts the filtered inbox holds in each group, over every page. */
export function countInbox(filters: InboxFilters): { needsTriage: number; triaged: number } {
  const row = getDb()
    .select({ needsTriage: sql<number>`coalesce(sum(${untriagedExpression}), 0)`, all: sql<number>`count(*)` })
    .from(posts)
    .where(and(...inboxConditions(filters)))
    .get()!;
  return { needsTriage: row.needsTriage, triaged: row.all - row.needsTriage };
}

/**
 * The triage inbox: untriaged posts (no kind) first, then the rest, each by the chosen
 * sort; keyset-paginated on (untriaged, sort value, id). Includes posts awaiting approval.
 */
export function listInbox(sort: InboxSort, filters: InboxFilters, cursor: { untriaged: number; value: number; id: number } | null, limit: number): InboxRow[] {
  const untriaged = untriagedExpression;
  const value = INBOX_SORT[sort];
  const conditions = inboxConditions(filters);
  if (cursor) conditions.push(sql`(${untriaged}, ${value}, ${posts.id}) < (${cursor.untriaged}, ${cursor.value}, ${cursor.id})`);
  return getDb()
    .select({
      id: posts.id,
      boardId: posts.boardId,
      boardName: boards.name,
      title: posts.title,
      status: posts.status,
      kind: posts.kind,
      impact: posts.impact,
      effort: posts.effort,
      voteCount: posts.voteCount,
      commentCount: posts.commentCount,
      createdAt: posts.createdAt,
      pendingApproval: posts.pendingApproval,
      priority: priorityExpression,
      untriaged,
      sortValue: value,
    })
    .from(posts)
    .innerJoin(boards, eq(boards.id, posts.boardId))
    .where(and(...conditions))
    .orderBy(desc(untriaged), desc(value), desc(posts.id))
    .limit(limit)
    .all();
}

export function countPendingApproval(): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(posts)
    .where(and(eq(posts.pendingApproval, true), isNull(posts.deletedAt)))
    .get()!.n;
}

export type RoadmapRow = Pick<PostRow, "id" | "title" | "status" | "kind" | "voteCount" | "boardId" | "statusChangedAt" | "shippedAt">;

/** Public roadmap columns: planned and in progress, and what shipped since `shippedSince`. */
export function listRoadmap(boardId: number | undefined, shippedSince: number, perColumn: number): RoadmapRow[] {
  const columns = {
    id: posts.id,
    title: posts.title,
    status: posts.status,
    kind: posts.kind,
    voteCount: posts.voteCount,
    boardId: posts.boardId,
    statusChangedAt: posts.statusChangedAt,
    shippedAt: posts.shippedAt,
  };
  const scope = (extra: SQL) => and(publiclyVisible, extra, boardId ? eq(posts.boardId, boardId) : undefined);
  const db = getDb();
  const active = (["planned", "in_progress"] as const).flatMap((status) =>
    db
      .select(columns)
      .from(posts)
      // Unary +: walk posts_top_idx (or posts_board_top_idx) in order, not every post of the status (see filterConditions).
      .where(scope(sql`+${posts.status} = ${status}`))
      .orderBy(desc(posts.voteCount), desc(posts.id))
      .limit(perColumn)
      .all(),
  );
  const shipped = db
    .select(columns)
    .from(posts)
    .where(scope(and(eq(posts.status, "shipped"), isNotNull(posts.shippedAt), gte(posts.shippedAt, shippedSince))!))
    .orderBy(desc(posts.shippedAt), desc(posts.id))
    .limit(perColumn)
    .all();
  return [...active, ...shipped];
}

/** Posts a changelog entry can link: live, not merged away, by title, for the staff picker. */
export function listLinkablePosts(limit: number): Pick<PostRow, "id" | "title" | "status">[] {
  return getDb()
    .select({ id: posts.id, title: posts.title, status: posts.status })
    .from(posts)
    .where(and(isNull(posts.deletedAt), isNull(posts.mergedIntoId), inArray(posts.status, ["planned", "in_progress", "under_review", "open", "shipped"])))
    .orderBy(sql`${posts.status} = 'shipped'`, asc(sql`case ${posts.status} when 'in_progress' then 0 when 'planned' then 1 else 2 end`), desc(posts.voteCount))
    .limit(limit)
    .all();
}

/**
 * Startup repair: sets vote_count to the number of vote rows and comment_count to the
 * number of live public comments wherever they differ, in one transaction. Each UPDATE
 * only writes rows whose stored count is wrong, so a healthy database costs one indexed
 * count per post and no writes. Returns how many posts each UPDATE changed.
 */
export function repairCounterDrift(db: Db = getDb()): { votes: number; comments: number } {
  return db.$client
    .transaction(() => {
      const votes = db.run(sql`update posts set vote_count = (select count(*) from votes v where v.post_id = posts.id)
      where vote_count <> (select count(*) from votes v where v.post_id = posts.id)`).changes;
      const comments = db.run(sql`update posts set comment_count = ${liveCommentCount} where comment_count <> ${liveCommentCount}`).changes;
      return { votes, comments };
    })
    .immediate();
}

export type VotedIdea = Pick<PostRow, "id" | "title" | "status"> & { voterId: number };

/**
 * The ideas each of these people voted for, at most `perVoter` each, their most voted
 * first: one query for a whole page of voters. Only what any visitor may see (live,
 * public, not merged away), since the list links to the ideas.
 */
export function listVotedIdeas(voterIds: number[], perVoter: number): VotedIdea[] {
  if (voterIds.length === 0) return [];
  const db = getDb();
  const ranked = db
    .select({
      voterId: votes.userId,
      id: posts.id,
      title: posts.title,
      status: posts.status,
      rank: sql<number>`row_number() over (partition by ${votes.userId} order by ${posts.voteCount} desc, ${posts.id} desc)`.as("rank"),
    })
    .from(votes)
    .innerJoin(posts, eq(posts.id, votes.postId))
    .where(and(inArray(votes.userId, voterIds), publiclyVisible))
    .as("ranked");
  return db
    .select({ voterId: ranked.voterId, id: ranked.id, title: ranked.title, status: ranked.status })
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perVoter}`)
    .orderBy(ranked.voterId, sql`${ranked.rank}`)
    .all();
}
