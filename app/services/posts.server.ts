// Posting ideas and reading the board: listings, search and the post page.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { POST_KINDS, POST_STATUSES } from "~/db/schema";
import { findPublicBoardBySlug, listPublicBoards, type BoardRow } from "~/models/boards.server";
import { listPublicComments, type PublicComment } from "~/models/comments.server";
import {
  findPostDetail,
  insertPost,
  listPublicPosts,
  searchPublicPosts,
  type ListFilters,
  type ListSort,
  type PostListRow,
} from "~/models/posts.server";
import { subscribeUnlessDecided } from "~/models/subscriptions.server";
import { hasVoted, votedPostIds } from "~/models/votes.server";
import type { SessionUser } from "./auth.server";
import { excerptOf, renderMarkdown } from "./markdown.server";
import { allowAttempt } from "./rate-limit.server";
import { highlight, toFtsQuery, type HighlightSegment } from "./text-normalize.server";
import { postBodyField, postTitleField } from "./validation.server";
import { addVoteIn } from "./votes.server";

export const PAGE_SIZE = 20;
const SEARCH_LIMIT = 50;

export const listQuerySchema = z.object({
  sort: z.enum(["trending", "top", "new"]).catch("trending"),
  status: z.enum(POST_STATUSES).optional().catch(undefined),
  kind: z.enum(POST_KINDS).optional().catch(undefined),
  board: z.string().max(64).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type ListQuery = z.output<typeof listQuerySchema>;

export function parseListQuery(url: URL): ListQuery {
  const raw = Object.fromEntries(
    [...url.searchParams].filter(([, v]) => v !== "").map(([k, v]) => [k, v]),
  );
  return listQuerySchema.parse(raw);
}

function encodeCursor(row: PostListRow): string {
  return Buffer.from(JSON.stringify([row.sortValue, row.id])).toString("base64url");
}

const cursorShape = z.tuple([z.number().finite(), z.number().int().positive()]);

/** A cursor that does not decode is treated as "from the start", never as an error. */
function decodeCursor(cursor: string | undefined): { value: number; id: number } | null {
  if (!cursor) return null;
  try {
    const [value, id] = cursorShape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
    return { value, id };
  } catch {
    return null;
  }
}

export type ListedPost = Omit<PostListRow, "sortValue"> & {
  voted: boolean;
  titleSegments: HighlightSegment[] | null;
  excerptSegments: HighlightSegment[] | null;
};

export type Listing = {
  posts: ListedPost[];
  nextCursor: string | null;
  boards: Pick<BoardRow, "id" | "slug" | "name" | "description">[];
  board: Pick<BoardRow, "id" | "slug" | "name" | "description"> | null;
  query: ListQuery;
};

/** A page of the board, or search results when q is given. Null when the board does not exist. */
export function listPosts(query: ListQuery, viewer: SessionUser | null, boardSlug?: string): Listing | null {
  const boards = listPublicBoards().map(({ id, slug, name, description }) => ({ id, slug, name, description }));
  const slug = boardSlug ?? query.board;
  const board = slug ? (boards.find((b) => b.slug === slug) ?? null) : null;
  if (boardSlug && !board) return null;
  const filters: ListFilters = { boardId: board?.id, status: query.status, kind: query.kind };

  let rows: PostListRow[];
  let nextCursor: string | null = null;
  const ftsQuery = query.q ? toFtsQuery(query.q) : null;
  if (query.q && ftsQuery) {
    rows = searchPublicPosts(ftsQuery, filters, SEARCH_LIMIT);
  } else if (query.q) {
    rows = [];
  } else {
    rows = listPublicPosts(query.sort, filters, decodeCursor(query.cursor), PAGE_SIZE + 1);
    if (rows.length > PAGE_SIZE) {
      rows = rows.slice(0, PAGE_SIZE);
      nextCursor = encodeCursor(rows[rows.length - 1]);
    }
  }
  const voted = viewer ? votedPostIds(viewer.id, rows.map((r) => r.id)) : new Set<number>();
  const posts = rows.map(({ sortValue: _sortValue, ...row }) => ({
    ...row,
    voted: voted.has(row.id),
    titleSegments: query.q ? highlight(row.title, query.q) : null,
    excerptSegments: query.q ? highlight(row.excerpt, query.q) : null,
  }));
  return { posts, nextCursor, boards, board, query };
}

export type SimilarPost = { id: number; title: string; voteCount: number; status: string };

/** Posts whose words overlap the title being typed, best match first. */
export function findSimilarPosts(title: string): SimilarPost[] {
  if (title.trim().length < 3) return [];
  const ftsQuery = toFtsQuery(title, "any");
  if (!ftsQuery) return [];
  return searchPublicPosts(ftsQuery, {}, 5).map(({ id, title, voteCount, status }) => ({
    id,
    title,
    voteCount,
    status,
  }));
}

export const newPostSchema = z.object({
  title: postTitleField,
  body: postBodyField,
  board: z.string().trim().max(64).optional(),
});

export type CreatePostResult =
  | { ok: true; postId: number }
  | { ok: false; fieldErrors?: Partial<Record<"board", "error.boardUnknown">>; formError?: "error.rateLimited" | "error.banned" };

export function createPost(input: z.output<typeof newPostSchema>, author: SessionUser): CreatePostResult {
  if (author.bannedAt) return { ok: false, formError: "error.banned" };
  const board = input.board ? findPublicBoardBySlug(input.board) : listPublicBoards()[0];
  if (!board) return { ok: false, fieldErrors: { board: "error.boardUnknown" } };
  if (!allowAttempt("post", `user:${author.id}`)) return { ok: false, formError: "error.rateLimited" };
  const bodyHtml = renderMarkdown(input.body);
  const excerpt = excerptOf(input.body);
  const post = transaction((db) => {
    const created = insertPost(db, {
      boardId: board.id,
      authorId: author.id,
      title: input.title,
      bodyMd: input.body,
      bodyHtml,
      excerpt,
    });
    subscribeUnlessDecided(db, created.id, author.id);
    addVoteIn(db, created.id, author.id);
    return created;
  });
  return { ok: true, postId: post.id };
}

export type ThreadComment = PublicComment & { replies: PublicComment[] };

/** Top-level comments with their replies; deleted ones keep their place without their text. */
function thread(comments: PublicComment[]): ThreadComment[] {
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
  if (!post) return null;
  const comments = thread(listPublicComments(postId));
  return {
    post: {
      id: post.id,
      title: post.title,
      bodyHtml: post.bodyHtml,
      status: post.status,
      kind: post.kind,
      voteCount: post.voteCount,
      commentCount: post.commentCount,
      createdAt: post.createdAt,
      authorName: post.authorName,
      boardSlug: post.boardSlug,
      boardName: post.boardName,
      mergedIntoId: post.mergedIntoId,
    },
    voted: viewer ? hasVoted(postId, viewer.id) : false,
    comments,
  };
}
