// Boards, posts, merges and the changelog as the JSON API shows them (issue 14). Every
// change goes through the service its staff form uses (posts, triage, loop, merge); what
// is here is the API's own part: its filters, its keyset pages, its field names, and
// naming things by slug, email and tag name where the forms pick ids from a list.
import { z } from "zod";
import { findBoardBySlug, listBoardsAfter } from "~/models/boards.server";
import { linkedPosts, listPublishedEntriesAfter } from "~/models/changelog.server";
import { findPostsWithPeople, listPublicPosts, type PostWithPeople } from "~/models/posts.server";
import { searchPublicPosts } from "~/models/search.server";
import { findTagByName, tagsOfPosts } from "~/models/tags.server";
import { findUserByEmail } from "~/models/users.server";
import type {
  BoardSchema,
  ChangelogEntrySchema,
  PostSchema,
  boardsQuerySchema,
  changelogQuerySchema,
  createPostSchema,
  postsQuerySchema,
  updatePostSchema,
} from "~/schemas/api/posts";
import { isoTime } from "~/utils/api.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor.server";
import { err, ok, type Err, type Result } from "~/utils/result";
import { toFtsQuery } from "~/utils/text-normalize";
import type { SessionUser } from "./auth.server";
import { mergePosts } from "./merge.server";
import { createPost } from "./posts.server";
import { updatePostProperties, type PostChanges } from "./triage.server";

type Page<T> = { data: T[]; nextCursor: string | null };
type ApiPost = z.output<typeof PostSchema>;

/** One page of `limit` rows from a query asked for `limit + 1`: the extra row only says there is more. */
function pageFrom<Row, T>(rows: Row[], limit: number, cursorOf: (last: Row) => number[], show: (rows: Row[]) => T[]): Page<T> {
  const shown = rows.slice(0, limit);
  return { data: show(shown), nextCursor: rows.length > limit ? encodeCursor(cursorOf(shown[shown.length - 1])) : null };
}

export function boardsPage(query: z.output<typeof boardsQuerySchema>): Page<z.output<typeof BoardSchema>> {
  const after = decodeCursor(query.cursor, z.tuple([z.number().int().nonnegative()]));
  return pageFrom(
    listBoardsAfter(after?.[0] ?? 0, query.limit + 1),
    query.limit,
    (b) => [b.id],
    (rows) =>
      rows.map((b) => ({ id: b.id, slug: b.slug, name: b.name, description: b.description, archived: b.archivedAt !== null, createdAt: isoTime(b.createdAt) })),
  );
}

function showPosts(rows: PostWithPeople[]): ApiPost[] {
  const tags = tagsOfPosts(rows.map((p) => p.id));
  return rows.map((p) => ({
    id: p.id,
    url: `/posts/${p.id}`,
    board: p.board,
    title: p.title,
    bodyMarkdown: p.bodyMd,
    bodyHtml: p.bodyHtml,
    status: p.status,
    kind: p.kind,
    tags: tags.filter((t) => t.postId === p.id).map((t) => t.name),
    author: p.author,
    owner: p.owner,
    voteCount: p.voteCount,
    commentCount: p.commentCount,
    impact: p.impact,
    effort: p.effort,
    priority: p.priority,
    pendingApproval: p.pendingApproval,
    commentsLocked: p.commentsLockedAt !== null,
    mergedIntoId: p.mergedIntoId,
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(p.updatedAt),
    statusChangedAt: isoTime(p.statusChangedAt),
    shippedAt: isoTime(p.shippedAt),
  }));
}

const postCursor = z.tuple([z.number().finite(), z.number().int().positive()]);

/**
 * A page of posts as staff see them, filtered, sorted, or searched with the board's own
 * Arabic-aware search (best match first, paged through the same candidates).
 */
export function postsPage(query: z.output<typeof postsQuerySchema>): Result<Page<ApiPost>> {
  const board = query.board ? findBoardBySlug(query.board) : undefined;
  if (query.board && !board) return err("error.boardUnknown", "board");
  const filters = { staffView: true, boardId: board?.id, status: query.status, kind: query.kind };
  const key = decodeCursor(query.cursor, postCursor);
  const cursor = key ? { value: key[0], id: key[1] } : null;
  const ftsQuery = query.q ? toFtsQuery(query.q) : null;
  // Text with nothing searchable in it (punctuation only) finds nothing, as on the board.
  if (query.q && !ftsQuery) return ok({ data: [], nextCursor: null });
  const rows = ftsQuery ? searchPublicPosts(ftsQuery, filters, query.limit + 1, cursor) : listPublicPosts(query.sort, filters, cursor, query.limit + 1);
  return ok(
    pageFrom(
      rows,
      query.limit,
      (last) => [last.sortValue, last.id],
      (shown) => showPosts(findPostsWithPeople(shown.map((r) => r.id))),
    ),
  );
}

/** One live post, merged away or not. */
export function postById(postId: number): Result<ApiPost> {
  const [post] = showPosts(findPostsWithPeople([postId]));
  return post ? ok(post) : err("error.notFound");
}

/** A new post from `authorEmail` (their account, or a claimable placeholder), through the board's own post service. */
export async function createPostFromApi(input: z.output<typeof createPostSchema>): Promise<Result<ApiPost>> {
  const { authorEmail, ...post } = input;
  const created = await createPost(post, { email: authorEmail });
  return created.ok ? postById(created.value.postId) : created;
}

/** A service's refusal named after the API's field where the form's field was called something else. */
function renamed(failure: Err, fields: Record<string, string>): Err {
  return failure.field && fields[failure.field] ? err(failure.error, fields[failure.field]) : failure;
}

/** The PATCH body as the triage services take it: tag names as ids, an owner's email as their id. */
function postChanges(input: z.output<typeof updatePostSchema>): Result<PostChanges> {
  const { tags, ownerEmail, ownerId, ...rest } = input;
  const tagIds: number[] = [];
  for (const name of tags ?? []) {
    const tag = findTagByName(name);
    if (!tag) return err("error.tagUnknown", "tags");
    tagIds.push(tag.id);
  }
  let owner = ownerId;
  if (ownerEmail !== undefined) {
    owner = ownerEmail === null ? null : findUserByEmail(ownerEmail)?.id;
    if (owner === undefined) return err("error.ownerInvalid", "ownerEmail");
  }
  return ok({ ...rest, tagIds: tags && tagIds, ownerId: owner });
}

export async function updatePostFromApi(postId: number, input: z.output<typeof updatePostSchema>, actor: SessionUser): Promise<Result<ApiPost>> {
  const changes = postChanges(input);
  if (!changes.ok) return changes;
  const updated = await updatePostProperties(postId, changes.value, actor);
  if (!updated.ok) return renamed(updated, input.ownerEmail !== undefined ? { ownerId: "ownerEmail" } : {});
  return postById(postId);
}

export function mergePostFromApi(postId: number, into: number, actor: SessionUser): Result<ApiPost> {
  const merged = mergePosts(postId, into, actor);
  return merged.ok ? postById(postId) : renamed(merged, { targetId: "into" });
}

export function changelogPage(query: z.output<typeof changelogQuerySchema>): Page<z.output<typeof ChangelogEntrySchema>> {
  const key = decodeCursor(query.cursor, z.tuple([z.number().int(), z.number().int().positive()]));
  return pageFrom(
    listPublishedEntriesAfter(key ? { publishedAt: key[0], id: key[1] } : null, query.limit + 1),
    query.limit,
    (entry) => [entry.publishedAt!, entry.id],
    (entries) => {
      const posts = linkedPosts(entries.map((e) => e.id));
      return entries.map((e) => ({
        id: e.id,
        title: e.title,
        bodyMarkdown: e.bodyMd,
        bodyHtml: e.bodyHtml,
        publishedAt: isoTime(e.publishedAt!),
        postIds: posts.filter((p) => p.entryId === e.id).map((p) => p.id),
      }));
    },
  );
}
