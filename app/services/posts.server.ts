// Posting ideas and reading the board: listings, search and the post page.
import { z } from "zod";
import { transaction, type Db } from "~/db/client.server";
import { CLOSED_STATUSES, isClosedStatus, OPEN_STATUSES, POST_KINDS, POST_STATUSES } from "~/db/schema";
import { findPublicBoardBySlug, listPublicBoards, type BoardRow } from "~/models/boards.server";
import { listPublicComments, type PublicComment } from "~/models/comments.server";
import {
  countPublicPostsByBoard,
  teamRepliedPostIds,
  findPostDetail,
  listRoadmap,
  type RoadmapRow,
  insertPost,
  listPublicPosts,
  type ListFilters,
  type PostListRow,
  type PostRow,
} from "~/models/posts.server";
import { searchPublicPosts } from "~/models/search.server";
import { setSubscription, subscribeUnlessDecided, subscriptionState } from "~/models/subscriptions.server";
import { latestResponse, listTimeline } from "~/models/status-changes.server";
import { listTags, tagsOfPosts, type PostTag } from "~/models/tags.server";
import { canComment, canDeleteComment, canEditComment, canModerate, canSeeKinds, canSeePost, isStaff, postRefusal, voteRefusal } from "./policy.server";
import { getSiteSettings } from "./site.server";
import { hasVoted, votedPostIds } from "~/models/votes.server";
import { normalizeEmail, type SessionUser } from "./auth.server";
import { findOrCreatePlaceholderUser, findUserByEmail } from "~/models/users.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor.server";
import { excerptOf, renderMarkdown } from "~/utils/markdown.server";
import { allowAttempt } from "./rate-limit.server";
import type { VoteRefusal } from "./policy.server";
import { highlight, toFtsQuery, type HighlightSegment } from "~/utils/text-normalize";
import { err, ok, type Result } from "~/utils/result";
import type { newPostSchema } from "~/schemas/posts";
import { addVoteIn, type OnBehalf } from "./votes.server";
import { queueWebhookEvent } from "./webhooks.server";

export const PAGE_SIZE = 20;
// Each result is highlighted and dated on the server; 20 is a page, like the listing.
const SEARCH_LIMIT = 20;

export const listQuerySchema = z.object({
  sort: z.enum(["trending", "top", "new"]).catch("trending"),
  /** Open ideas by default; shipped and declined ones behind the Closed tab. */
  state: z.enum(["open", "closed"]).catch("open"),
  status: z.enum(POST_STATUSES).optional().catch(undefined),
  tag: z.coerce.number().int().positive().optional().catch(undefined),
  mine: z.enum(["ideas", "votes"]).optional().catch(undefined),
  kind: z.enum(POST_KINDS).optional().catch(undefined),
  board: z.string().max(64).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export function parseListQuery(url: URL): ListQuery {
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "").map(([k, v]) => [k, v]));
  return listQuerySchema.parse(raw);
}

const cursorShape = z.tuple([z.number().finite(), z.number().int().positive()]);

// Only what the board page shows: the listing is the page's loader data, inlined in every board page.
export type ListedPost = Omit<PostListRow, "sortValue" | "boardId"> & {
  voted: boolean;
  teamReplied: boolean;
  /** Why the viewer may not vote on it (a closed idea), or null. */
  voteRefusal: VoteRefusal | null;
  tags: Omit<PostTag, "postId">[];
  /** Search results only: the matched words of the title and the excerpt. */
  titleSegments?: HighlightSegment[];
  excerptSegments?: HighlightSegment[];
};

type ListedBoard = Pick<BoardRow, "id" | "slug" | "name" | "description">;

export type Listing = {
  posts: ListedPost[];
  nextCursor: string | null;
  /** Every public board, with how many ideas the current (open or closed) view holds on it (the list shows no descriptions). */
  boards: (Omit<ListedBoard, "description"> & { count: number })[];
  board: ListedBoard | null;
  tags: Omit<PostTag, "postId">[];
  query: ListQuery;
  /** The open or closed view being shown (a status filter decides it when given). */
  state: "open" | "closed";
  /** Kinds are shown (and filterable) only to staff, unless the admin made them public. */
  showKinds: boolean;
  signedIn: boolean;
  /** The server's clock for this response, so relative dates render the same in the browser. */
  now: number;
};

function publicBoards(): ListedBoard[] {
  return listPublicBoards().map(({ id, slug, name, description }) => ({ id, slug, name, description }));
}

/** A page of every board (or of the board the query filters by), or search results when q is given. */
export function listPosts(query: ListQuery, viewer: SessionUser | null): Listing {
  const boards = publicBoards();
  // A board filter that names no board filters nothing; the page says a filter is set.
  return listing(query, viewer, boards, boards.find((b) => b.slug === query.board) ?? null);
}

/** A page of one board (its /b/<slug> page); not found when the board does not exist. */
export function listBoardPosts(slug: string, query: ListQuery, viewer: SessionUser | null): Result<Listing> {
  const boards = publicBoards();
  const board = boards.find((b) => b.slug === slug);
  return board ? ok(listing(query, viewer, boards, board)) : err("error.notFound");
}

function listing(query: ListQuery, viewer: SessionUser | null, boardList: ListedBoard[], board: ListedBoard | null): Listing {
  const showKinds = canSeeKinds(viewer, getSiteSettings());
  const state = query.status ? (isClosedStatus(query.status) ? "closed" : "open") : query.state;
  const statuses = state === "closed" ? CLOSED_STATUSES : OPEN_STATUSES;
  const filters: ListFilters = {
    boardId: board?.id,
    status: query.status,
    statuses: query.status ? undefined : statuses,
    // A hidden kind is no filter either: its results would tell what the label is.
    kind: showKinds ? query.kind : undefined,
    tagId: query.tag,
    authorId: viewer && query.mine === "ideas" ? viewer.id : undefined,
    votedBy: viewer && query.mine === "votes" ? viewer.id : undefined,
  };

  let rows: PostListRow[];
  let nextCursor: string | null = null;
  const ftsQuery = query.q ? toFtsQuery(query.q) : null;
  if (query.q && ftsQuery) {
    rows = searchPublicPosts(ftsQuery, filters, SEARCH_LIMIT);
  } else if (query.q) {
    rows = [];
  } else {
    const key = decodeCursor(query.cursor, cursorShape);
    rows = listPublicPosts(query.sort, filters, key ? { value: key[0], id: key[1] } : null, PAGE_SIZE + 1);
    if (rows.length > PAGE_SIZE) {
      rows = rows.slice(0, PAGE_SIZE);
      const last = rows[rows.length - 1];
      nextCursor = encodeCursor([last.sortValue, last.id]);
    }
  }
  const ids = rows.map((r) => r.id);
  const voted = viewer ? votedPostIds(viewer.id, ids) : new Set<number>();
  const tags = tagsOfPosts(ids);
  const replied = teamRepliedPostIds(ids);
  const posts = rows.map(({ sortValue: _sortValue, boardId: _boardId, ...row }): ListedPost => ({
    ...row,
    kind: showKinds ? row.kind : null,
    voted: voted.has(row.id),
    teamReplied: replied.has(row.id),
    // Listed posts are public, live and not merged: only the viewer or the status can refuse.
    voteRefusal: voteRefusal({ ...row, pendingApproval: false, authorId: 0, mergedIntoId: null, commentsLockedAt: null }, viewer),
    tags: tags.filter((t) => t.postId === row.id).map(({ id, name, color }) => ({ id, name, color })),
    ...(query.q ? { titleSegments: highlight(row.title, query.q), excerptSegments: highlight(row.excerpt, query.q) } : {}),
  }));
  const counts = countPublicPostsByBoard(statuses);
  return {
    posts,
    nextCursor,
    boards: boardList.map(({ id, slug, name }) => ({ id, slug, name, count: counts.get(id) ?? 0 })),
    board,
    tags: listTags().map(({ id, name, color }) => ({ id, name, color })),
    query: { ...query, kind: filters.kind },
    state,
    showKinds,
    signedIn: viewer !== null,
    now: Date.now(),
  };
}

const SIMILAR_LIMIT = 5;

export type SimilarPost = Pick<PostListRow, "id" | "title" | "voteCount" | "status">;

/** Posts whose words overlap the title being typed, best match first. */
export function findSimilarPosts(title: string): SimilarPost[] {
  if (title.trim().length < 3) return [];
  const everyWord = toFtsQuery(title, "all");
  if (!everyWord) return [];
  // Posts with every word first: search ranks only the newest matches of a common word
  // (ADR 017), so "any word" alone would let "for" or "از" crowd out the real duplicate.
  const found = searchPublicPosts(everyWord, {}, SIMILAR_LIMIT);
  if (found.length < SIMILAR_LIMIT) {
    for (const row of searchPublicPosts(toFtsQuery(title, "any")!, {}, SIMILAR_LIMIT)) {
      if (found.length < SIMILAR_LIMIT && !found.some((f) => f.id === row.id)) found.push(row);
    }
  }
  return found.map(({ id, title, voteCount, status }) => ({
    id,
    title,
    voteCount,
    status,
  }));
}

/**
 * Who writes a new post: the signed-in person, or (the API, for a customer heard
 * elsewhere) an email address: its account, or else a claimable placeholder made in the
 * same transaction as the post, so a refused post leaves no account behind.
 */
export type PostAuthor = SessionUser | { email: string };

export async function createPost(input: z.output<typeof newPostSchema>, author: PostAuthor): Promise<Result<{ postId: number; pendingApproval: boolean }>> {
  const email = "id" in author ? null : normalizeEmail(author.email);
  const known = "id" in author ? author : (findUserByEmail(email!) ?? null);
  const refusal = known ? postRefusal(known) : null;
  if (refusal) return err(refusal);
  const board = input.board ? findPublicBoardBySlug(input.board) : listPublicBoards()[0];
  if (!board) return err("error.boardUnknown", "board");
  if (!allowAttempt("post", known ? `user:${known.id}` : `email:${email}`)) return err("error.rateLimited");
  const body = await renderPostBody(input.body);
  const pendingApproval = getSiteSettings().requireApproval && !isStaff(known);
  const post = transaction((db) => {
    const authorId = known?.id ?? findOrCreatePlaceholderUser(db, email!).id;
    return insertPostIn(db, { pendingApproval, boardId: board.id, authorId, title: input.title, ...body });
  });
  return ok({ postId: post.id, pendingApproval });
}

/** A post's body as it is stored: its Markdown, and from one render the page's HTML and the list's excerpt. */
export async function renderPostBody(bodyMd: string): Promise<{ bodyMd: string; bodyHtml: string; excerpt: string }> {
  const rendered = await renderMarkdown(bodyMd);
  return { bodyMd, bodyHtml: rendered.html, excerpt: excerptOf(rendered.text) };
}

/**
 * The one way a new post is written, inside an open transaction: the post, its author
 * following it, and the author's vote, which staff cast when they post for a customer
 * (`onBehalf`, e.g. an idea made from a survey answer).
 */
export function insertPostIn(db: Db, values: Parameters<typeof insertPost>[1], onBehalf?: OnBehalf, now = Date.now()): PostRow {
  const created = insertPost(db, values);
  subscribeUnlessDecided(db, created.id, values.authorId);
  addVoteIn(db, created.id, values.authorId, now, onBehalf);
  queueWebhookEvent(db, "post.created", { postId: created.id }, now);
  return created;
}

/** What the viewer may do with one comment: the page shows exactly these controls. */
export type CommentCan = { reply: boolean; edit: boolean; delete: boolean };
export type PageComment = PublicComment & { can: CommentCan };
export type ThreadComment = PageComment & { replies: PageComment[] };

/** Top-level comments with their replies; deleted ones keep their place without their text. */
function thread(comments: PageComment[]): ThreadComment[] {
  const topLevel: ThreadComment[] = [];
  const byId = new Map<number, ThreadComment>();
  for (const c of comments) {
    if (c.parentId === null) {
      const entry = { ...c, replies: [] };
      topLevel.push(entry);
      byId.set(c.id, entry);
    }
  }
  for (const c of comments) {
    if (c.parentId !== null) byId.get(c.parentId)?.replies.push(c);
  }
  // A deleted comment with no replies left under it says nothing: drop it.
  return topLevel.filter((c) => !c.deletedAt || c.replies.length > 0);
}

export function getPostPage(postId: number, viewer: SessionUser | null) {
  const post = findPostDetail(postId);
  if (!post || !canSeePost(post, viewer)) return err("error.notFound");
  // What the page offers this viewer, each answered by policy: the page shows what these allow and nothing else.
  const refusal = voteRefusal(post, viewer);
  const showKinds = canSeeKinds(viewer, getSiteSettings());
  const can = {
    // A closed idea still shows its (disabled) vote button, with the reason.
    vote: refusal === null || refusal === "error.votingClosed",
    voteRefusal: refusal,
    seeKinds: showKinds,
    comment: canComment(post, viewer),
    follow: viewer !== null,
    moderate: canModerate(viewer),
  };
  const comments = listPublicComments(postId).map((c) => ({
    ...c,
    can: {
      // Replies go one level deep.
      reply: can.comment && c.parentId === null,
      edit: canEditComment(c, post, viewer),
      delete: canDeleteComment(c, post, viewer),
    },
  }));
  return ok({
    post: {
      id: post.id,
      title: post.title,
      bodyHtml: post.bodyHtml,
      status: post.status,
      kind: showKinds ? post.kind : null,
      voteCount: post.voteCount,
      commentCount: post.commentCount,
      createdAt: post.createdAt,
      authorId: post.authorId,
      authorName: post.authorName,
      boardSlug: post.boardSlug,
      boardName: post.boardName,
      mergedIntoId: post.mergedIntoId,
      pendingApproval: post.pendingApproval,
      commentsLocked: post.commentsLockedAt !== null,
    },
    tags: tagsOfPosts([postId]).map(({ id, name, color }) => ({ id, name, color })),
    timeline: listTimeline(postId),
    officialResponse: latestResponse(postId) ?? null,
    voted: viewer ? hasVoted(postId, viewer.id) : false,
    subscribed: viewer ? subscriptionState(postId, viewer.id) === "subscribed" : false,
    comments: thread(comments),
    can,
    now: Date.now(),
  });
}

export type RoadmapColumn = { status: "planned" | "in_progress" | "shipped"; posts: RoadmapRow[] };
const SHIPPED_WINDOW_MS = 90 * 24 * 3_600_000;

/** The public roadmap: planned, in progress and shipped in the last 90 days; not found when the board slug is unknown. */
export function roadmap(boardSlug: string | undefined, now = Date.now()) {
  const boards = listPublicBoards().map(({ id, slug, name }) => ({ id, slug, name }));
  const board = boardSlug ? boards.find((b) => b.slug === boardSlug) : undefined;
  if (boardSlug && !board) return err("error.notFound");
  const rows = listRoadmap(board?.id, now - SHIPPED_WINDOW_MS, 100);
  const columns: RoadmapColumn[] = (["planned", "in_progress", "shipped"] as const).map((status) => ({
    status,
    posts: rows.filter((r) => r.status === status),
  }));
  return ok({ boards, board: board ?? null, columns });
}

/** The viewer's explicit follow choice; not found when they may not see the post. */
export function setFollowing(postId: number, viewer: SessionUser, subscribed: boolean): Result<{ subscribed: boolean }> {
  const post = findPostDetail(postId);
  if (!post || !canSeePost(post, viewer)) return err("error.notFound");
  transaction((db) => setSubscription(db, postId, viewer.id, subscribed ? "subscribed" : "unsubscribed"));
  return ok({ subscribed });
}
