// The importer (issue 14): a bundle from any reader (services/import-readers/*) becomes a
// dry-run report, or, in ONE transaction, rows. Rules:
// - every row is checked with the web forms' own rules (utils/validation, schemas/*), and
//   a row that fails, or names a board, author or post the file does not hold, is refused
//   with the reason, and so are the rows that hang from it;
// - what exists already is matched, not created again: anything an earlier import of the
//   same source created (imported_records, by source id), people by email, boards by
//   slug, tags by name; so a re-import of the same file creates nothing twice;
// - people become claimable placeholder accounts (no password) with the customer role,
//   whatever role the file gives them: an import file must not be a way to make someone
//   staff (docs/import.md);
// - imported history is written through models/imports.server, never through the
//   services that announce changes: no notification, email or webhook;
// - markdown goes through the app's own sanitising renderer before the transaction
//   (it runs in worker threads); counts and trending are recomputed from the rows.
import { z } from "zod";
import { transaction, type Db } from "~/db/client.server";
import { getDb } from "~/db/client.server";
import { POST_KINDS, POST_STATUSES, type ImportEntity, type ImportSource, type Locale, type PostKind, type PostStatus } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import {
  boardIdsBySlug,
  existingVotePairs,
  importedIds,
  insertImportedBoard,
  insertImportedComment,
  insertImportedPost,
  insertImportedPostTags,
  insertImportedStatusChange,
  insertImportedTag,
  insertImportedVote,
  insertPlaceholderUser,
  livePostIds,
  recordImported,
  recountImportedPosts,
  setMergedInto,
  subscribeImportedParticipants,
  tagIdsByName,
  usersByEmail,
  usersById,
  type KnownUser,
} from "~/models/imports.server";
import { createBoardSchema } from "~/schemas/admin";
import { newTagSchema } from "~/schemas/tags";
import { excerptOf, renderMarkdown, type RenderedMarkdown } from "~/utils/markdown.server";
import { discardImportUpload, loadImportUpload, receiveImportUpload } from "~/utils/import-uploads.server";
import { err, ok, type Result } from "~/utils/result";
import { TRENDING_WINDOW_MS } from "~/utils/trending.server";
import { asTypedText } from "~/utils/html-text.mjs";
import { CATALOGUE_KEY, commentBodyField, displayNameField, emailField, postBodyField, postTitleField } from "~/utils/validation";
import type { SessionUser } from "./auth.server";
import { listPublicBoards } from "~/models/boards.server";
import { importUploadSchema, type ImportFormatChoice } from "~/schemas/export-import";
import type { ImportBundle, ImportedComment, ImportedPost, ImportedStatusChange, ImportedVote, ImportReader, RefusedRow } from "./import-types";
import { readCannyExport } from "./import-readers/canny.server";
import { looksLikeCloseloopExport, readCloseloopExport } from "./import-readers/closeloop.server";
import { ImportFileError } from "./import-readers/files.server";
import { readFiderExport } from "./import-readers/fider.server";
import { postsCsvReader } from "./import-readers/posts-csv.server";

const SAMPLE_SIZE = 5;
/** Renders at a time: the renderer's pool keeps typed text past 256 waiting renders. */
const RENDER_CONCURRENCY = 16;
const scoreField = z.number().int().min(1).max(5).nullable();
const responseField = z.string().trim().max(10_000, "error.bodyTooLong");

export type EntityReport = { entity: ImportEntity; create: number; existing: number; samples: string[] };
export type ImportReport = { source: ImportSource; entities: EntityReport[]; refused: RefusedRow[] };
export type ImportOutcome = { source: ImportSource; created: Record<ImportEntity, number> };

/** Where a record of the file lands: a row that exists already, or one this import creates (by source id). */
type Ref = { existing: number } | { created: string };

type NewUser = {
  sourceId: string;
  email: string;
  displayName: string;
  locale: Locale | null;
  company: string | null;
  monthlySpend: number | null;
  createdAt?: number;
};
type NewBoard = { sourceId: string; slug: string; name: string; description: string; createdAt?: number };
type NewTag = { sourceId: string; name: string; color: string };
type NewPost = Omit<ImportedPost, "boardSourceId" | "authorSourceId" | "tagSourceIds" | "ownerSourceId"> & {
  board: Ref;
  author: Ref;
  owner: Ref | null;
  tags: Ref[];
  mergedInto: Ref | null;
};
type NewComment = Omit<ImportedComment, "postSourceId" | "authorSourceId" | "parentSourceId"> & { post: Ref; author: Ref; parent: Ref | null };
type NewVote = Omit<ImportedVote, "postSourceId" | "userSourceId"> & { post: Ref; user: Ref };
type NewStatusChange = Omit<ImportedStatusChange, "postSourceId" | "actorSourceId"> & { post: Ref; actor: Ref };

type Plan = {
  source: ImportSource;
  existing: Record<ImportEntity, number>;
  users: NewUser[];
  boards: NewBoard[];
  tags: NewTag[];
  posts: NewPost[];
  comments: NewComment[];
  votes: NewVote[];
  statusChanges: NewStatusChange[];
  refused: RefusedRow[];
};

/** The parsed value, or the schema's first message key. */
function check<S extends z.ZodTypeAny>(schema: S, value: unknown): { value: z.output<S> } | { problem: MessageKey } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { value: parsed.data as z.output<S> };
  const message = parsed.error.issues[0]?.message ?? "";
  return { problem: (CATALOGUE_KEY.test(message) ? message : "error.required") as MessageKey };
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

/** The importer's own label of a record it refuses ("post 12"), next to the readers' "posts.csv line 12". */
function rowOf(entity: RefusedRow["entity"], sourceId: string): string {
  return `${entity.replace("_", " ")} ${sourceId}`;
}

/** Works out, without writing, what the bundle creates, what it matches, and what it refuses. */
function planImport(db: Db, bundle: ImportBundle): Plan {
  const refused: RefusedRow[] = [...bundle.refused];
  const refuse = (entity: RefusedRow["entity"], sourceId: string, reason: MessageKey, value?: string) =>
    refused.push({ entity, row: rowOf(entity, sourceId), reason, ...(value === undefined ? {} : { value }) });
  const existing: Record<ImportEntity, number> = { user: 0, board: 0, tag: 0, post: 0, comment: 0, vote: 0, status_change: 0 };
  const known = (entity: ImportEntity, ids: string[]) => importedIds(db, bundle.source, entity, ids);
  /** Source ids seen once already: a second record with the same id is refused. */
  const once = (entity: RefusedRow["entity"]) => {
    const seen = new Set<string>();
    return (sourceId: string) => {
      if (!seen.has(sourceId)) return (seen.add(sourceId), true);
      refuse(entity, sourceId, "import.refused.duplicateId", sourceId);
      return false;
    };
  };

  // People: an earlier import's, an account with the same email, or a new placeholder.
  const userRefs = new Map<string, Ref>();
  const userRoles = new Map<number, KnownUser["role"]>();
  const users: NewUser[] = [];
  {
    const imported = known(
      "user",
      bundle.users.map((u) => u.sourceId),
    );
    for (const user of usersById(db, [...imported.values()]).values()) userRoles.set(user.id, user.role);
    const emails = new Map<string, string>();
    const first = once("user");
    const checked = bundle.users.filter((u) => first(u.sourceId)).map((u) => ({ user: u, email: check(emailField, u.email) }));
    const byEmail = usersByEmail(
      db,
      checked.flatMap((c) => ("value" in c.email ? [c.email.value] : [])),
    );
    for (const known of byEmail.values()) userRoles.set(known.id, known.role);
    for (const { user, email } of checked) {
      const localId = imported.get(user.sourceId);
      if (localId !== undefined) {
        userRefs.set(user.sourceId, { existing: localId });
        existing.user += 1;
        continue;
      }
      if ("problem" in email) {
        refuse("user", user.sourceId, email.problem, user.email);
        continue;
      }
      const match = byEmail.get(email.value);
      if (match) {
        userRefs.set(user.sourceId, { existing: match.id });
        existing.user += 1;
        continue;
      }
      const twin = emails.get(email.value);
      if (twin !== undefined) {
        // The same person under two ids of the file: one account.
        userRefs.set(user.sourceId, { created: twin });
        continue;
      }
      emails.set(email.value, user.sourceId);
      // A name the sign-up form would refuse (too long, link-like) gives way to the address's local part.
      const name = check(displayNameField, user.displayName);
      users.push({
        sourceId: user.sourceId,
        email: email.value,
        displayName: "value" in name ? name.value : email.value.split("@")[0].slice(0, 60),
        locale: user.locale ?? null,
        company: user.company ?? null,
        monthlySpend: typeof user.monthlySpend === "number" && Number.isFinite(user.monthlySpend) ? user.monthlySpend : null,
        createdAt: isTime(user.createdAt) ? user.createdAt : undefined,
      });
      userRefs.set(user.sourceId, { created: user.sourceId });
    }
  }

  // Boards: an earlier import's, one with the same slug, or a new one (the settings page's rules).
  const boardRefs = new Map<string, Ref>();
  const boards: NewBoard[] = [];
  {
    const imported = known(
      "board",
      bundle.boards.map((b) => b.sourceId),
    );
    const bySlug = boardIdsBySlug(
      db,
      bundle.boards.map((b) => String(b.slug).trim().toLowerCase()),
    );
    const slugs = new Map<string, string>();
    const first = once("board");
    for (const board of bundle.boards.filter((b) => first(b.sourceId))) {
      const localId = imported.get(board.sourceId);
      const parsed = check(createBoardSchema, { name: board.name, slug: board.slug, description: board.description ?? "" });
      if (localId !== undefined) {
        boardRefs.set(board.sourceId, { existing: localId });
        existing.board += 1;
      } else if ("problem" in parsed) {
        refuse("board", board.sourceId, parsed.problem, `${board.name} (${board.slug})`);
      } else if (bySlug.has(parsed.value.slug)) {
        boardRefs.set(board.sourceId, { existing: bySlug.get(parsed.value.slug)! });
        existing.board += 1;
      } else if (slugs.has(parsed.value.slug)) {
        boardRefs.set(board.sourceId, { created: slugs.get(parsed.value.slug)! });
      } else {
        slugs.set(parsed.value.slug, board.sourceId);
        boards.push({ sourceId: board.sourceId, ...parsed.value, createdAt: isTime(board.createdAt) ? board.createdAt : undefined });
        boardRefs.set(board.sourceId, { created: board.sourceId });
      }
    }
  }

  // Tags: by name, whatever the case (as the tags page).
  const tagRefs = new Map<string, Ref>();
  const tags: NewTag[] = [];
  {
    const imported = known(
      "tag",
      bundle.tags.map((t) => t.sourceId),
    );
    const byName = tagIdsByName(db);
    const names = new Map<string, string>();
    const first = once("tag");
    for (const tag of bundle.tags.filter((t) => first(t.sourceId))) {
      const localId = imported.get(tag.sourceId);
      const parsed = check(newTagSchema, { name: tag.name, ...(tag.color ? { color: tag.color } : {}) });
      if (localId !== undefined) {
        tagRefs.set(tag.sourceId, { existing: localId });
        existing.tag += 1;
      } else if ("problem" in parsed) {
        refuse("tag", tag.sourceId, parsed.problem, tag.name);
      } else if (byName.has(parsed.value.name.toLowerCase())) {
        tagRefs.set(tag.sourceId, { existing: byName.get(parsed.value.name.toLowerCase())! });
        existing.tag += 1;
      } else if (names.has(parsed.value.name.toLowerCase())) {
        tagRefs.set(tag.sourceId, { created: names.get(parsed.value.name.toLowerCase())! });
      } else {
        names.set(parsed.value.name.toLowerCase(), tag.sourceId);
        tags.push({ sourceId: tag.sourceId, ...parsed.value });
        tagRefs.set(tag.sourceId, { created: tag.sourceId });
      }
    }
  }

  // Posts: the new-idea form's title and body rules, a known status and kind, a board and an author.
  const postRefs = new Map<string, Ref>();
  const posts: NewPost[] = [];
  {
    const imported = known(
      "post",
      bundle.posts.map((p) => p.sourceId),
    );
    const live = livePostIds(db, [...imported.values()]);
    const first = once("post");
    const mergedInto = new Map<NewPost, string>();
    for (const post of bundle.posts.filter((p) => first(p.sourceId))) {
      const localId = imported.get(post.sourceId);
      if (localId !== undefined) {
        // Matched; a post deleted here since stays deleted, and takes no more rows.
        if (live.has(localId)) postRefs.set(post.sourceId, { existing: localId });
        existing.post += 1;
        continue;
      }
      const board = boardRefs.get(post.boardSourceId);
      const author = userRefs.get(post.authorSourceId);
      const title = check(postTitleField, post.title);
      const body = check(postBodyField, post.bodyMd ?? "");
      const problem: [MessageKey, string] | null =
        "problem" in title
          ? [title.problem, String(post.title ?? "")]
          : "problem" in body
            ? [body.problem, `${String(post.bodyMd).length}`]
            : !board
              ? ["import.refused.unknownBoard", post.boardSourceId]
              : !author
                ? ["import.refused.unknownPerson", post.authorSourceId]
                : !(POST_STATUSES as readonly string[]).includes(post.status)
                  ? ["error.statusInvalid", String(post.status)]
                  : post.kind !== null && !(POST_KINDS as readonly string[]).includes(post.kind)
                    ? ["error.kindInvalid", String(post.kind)]
                    : "problem" in check(scoreField, post.impact ?? null) || "problem" in check(scoreField, post.effort ?? null)
                      ? ["error.scoreRange", `${post.impact ?? ""}/${post.effort ?? ""}`]
                      : !isTime(post.createdAt)
                        ? ["import.refused.dateInvalid", String(post.createdAt)]
                        : null;
      if (problem) {
        refuse("post", post.sourceId, problem[0], problem[1]);
        continue;
      }
      const owner = post.ownerSourceId ? userRefs.get(post.ownerSourceId) : undefined;
      // Only staff look after posts: an owner who is not staff here is left out.
      const ownerIsStaff = owner && "existing" in owner && userRoles.get(owner.existing) !== "customer" && userRoles.has(owner.existing);
      const planned: NewPost = {
        ...post,
        title: "value" in title ? title.value : post.title,
        bodyMd: "value" in body ? body.value : "",
        board: board!,
        author: author!,
        owner: ownerIsStaff ? owner : null,
        tags: (post.tagSourceIds ?? []).flatMap((id) => tagRefs.get(id) ?? []),
        mergedInto: null,
      };
      if (post.mergedIntoSourceId) mergedInto.set(planned, post.mergedIntoSourceId);
      posts.push(planned);
      postRefs.set(post.sourceId, { created: post.sourceId });
    }
    // A merged post points at its target once every post is known; a target the file lacks leaves it unmerged.
    for (const [post, target] of mergedInto) post.mergedInto = postRefs.get(target) ?? null;
  }

  // Comments: the comment form's rules, on a post and by a person of the file (or already here).
  const commentRefs = new Map<string, Ref>();
  const commentParents = new Map<string, Ref | null>();
  const comments: NewComment[] = [];
  {
    const imported = known(
      "comment",
      bundle.comments.map((c) => c.sourceId),
    );
    const first = once("comment");
    // Oldest first, so a reply comes after what it answers.
    const ordered = bundle.comments.filter((c) => first(c.sourceId)).sort((a, b) => a.createdAt - b.createdAt);
    for (const comment of ordered) {
      const localId = imported.get(comment.sourceId);
      if (localId !== undefined) {
        commentRefs.set(comment.sourceId, { existing: localId });
        existing.comment += 1;
        continue;
      }
      const post = postRefs.get(comment.postSourceId);
      const author = userRefs.get(comment.authorSourceId);
      const body = check(commentBodyField, comment.bodyMd);
      if (!post) refuse("comment", comment.sourceId, "import.refused.unknownPost", comment.postSourceId);
      else if (!author) refuse("comment", comment.sourceId, "import.refused.unknownPerson", comment.authorSourceId);
      else if ("problem" in body) refuse("comment", comment.sourceId, body.problem, String(comment.bodyMd ?? "").slice(0, 80));
      else if (!isTime(comment.createdAt)) refuse("comment", comment.sourceId, "import.refused.dateInvalid", String(comment.createdAt));
      else {
        // Threads are one level deep: a reply to a reply answers the first comment.
        let parent = comment.parentSourceId ? (commentRefs.get(comment.parentSourceId) ?? null) : null;
        if (parent && "created" in parent) parent = commentParents.get(parent.created) ?? parent;
        commentParents.set(comment.sourceId, parent);
        comments.push({ ...comment, bodyMd: body.value, isInternal: comment.isInternal === true, post, author, parent });
        commentRefs.set(comment.sourceId, { created: comment.sourceId });
      }
    }
  }

  // Votes: one per person and post.
  const votes: NewVote[] = [];
  {
    const imported = known(
      "vote",
      bundle.votes.map((v) => v.sourceId),
    );
    const refKey = (ref: Ref) => ("existing" in ref ? `e${ref.existing}` : `c${ref.created}`);
    const existingPostIds = bundle.votes.flatMap((v) => {
      const ref = postRefs.get(v.postSourceId);
      return ref && "existing" in ref ? [ref.existing] : [];
    });
    const pairs = new Set([...existingVotePairs(db, existingPostIds)].map((pair) => pair.replace(/^(\d+):(\d+)$/, "e$1:e$2")));
    const first = once("vote");
    for (const vote of bundle.votes.filter((v) => first(v.sourceId))) {
      const post = postRefs.get(vote.postSourceId);
      const user = userRefs.get(vote.userSourceId);
      if (imported.has(vote.sourceId)) existing.vote += 1;
      else if (!post) refuse("vote", vote.sourceId, "import.refused.unknownPost", vote.postSourceId);
      else if (!user) refuse("vote", vote.sourceId, "import.refused.unknownPerson", vote.userSourceId);
      else if (!isTime(vote.createdAt)) refuse("vote", vote.sourceId, "import.refused.dateInvalid", String(vote.createdAt));
      else if (pairs.has(`${refKey(post)}:${refKey(user)}`)) existing.vote += 1;
      else {
        pairs.add(`${refKey(post)}:${refKey(user)}`);
        votes.push({ ...vote, post, user });
      }
    }
  }

  // Status changes: known statuses, the triage form's response rule, an actor.
  const statusChanges: NewStatusChange[] = [];
  {
    const imported = known(
      "status_change",
      bundle.statusChanges.map((s) => s.sourceId),
    );
    const first = once("status_change");
    const isStatus = (s: unknown): s is PostStatus => (POST_STATUSES as readonly string[]).includes(s as string);
    for (const change of bundle.statusChanges.filter((s) => first(s.sourceId))) {
      const post = postRefs.get(change.postSourceId);
      const actor = userRefs.get(change.actorSourceId);
      const response = check(responseField, change.responseMd ?? "");
      if (imported.has(change.sourceId)) existing.status_change += 1;
      else if (!post) refuse("status_change", change.sourceId, "import.refused.unknownPost", change.postSourceId);
      else if (!actor) refuse("status_change", change.sourceId, "import.refused.unknownPerson", change.actorSourceId);
      else if (!isStatus(change.fromStatus) || !isStatus(change.toStatus))
        refuse("status_change", change.sourceId, "error.statusInvalid", `${change.fromStatus} → ${change.toStatus}`);
      else if ("problem" in response) refuse("status_change", change.sourceId, response.problem);
      else if (!isTime(change.createdAt)) refuse("status_change", change.sourceId, "import.refused.dateInvalid", String(change.createdAt));
      else statusChanges.push({ ...change, responseMd: response.value, post, actor });
    }
  }

  return { source: bundle.source, existing, users, boards, tags, posts, comments, votes, statusChanges, refused };
}

function reportOf(plan: Plan): ImportReport {
  const entry = (entity: ImportEntity, rows: unknown[], samples: string[]): EntityReport => ({
    entity,
    create: rows.length,
    existing: plan.existing[entity],
    samples: samples.slice(0, SAMPLE_SIZE),
  });
  return {
    source: plan.source,
    entities: [
      entry(
        "user",
        plan.users,
        plan.users.slice(0, SAMPLE_SIZE).map((u) => `${u.displayName} <${u.email}>`),
      ),
      entry(
        "board",
        plan.boards,
        plan.boards.slice(0, SAMPLE_SIZE).map((b) => b.name),
      ),
      entry(
        "tag",
        plan.tags,
        plan.tags.slice(0, SAMPLE_SIZE).map((t) => t.name),
      ),
      entry(
        "post",
        plan.posts,
        plan.posts.slice(0, SAMPLE_SIZE).map((p) => p.title),
      ),
      entry(
        "comment",
        plan.comments,
        plan.comments.slice(0, SAMPLE_SIZE).map((c) => excerptOf(c.bodyMd, 80)),
      ),
      entry("vote", plan.votes, []),
      entry("status_change", plan.statusChanges, []),
    ],
    refused: plan.refused,
  };
}

/** What importing the bundle would do, without writing anything. */
export function dryRun(bundle: ImportBundle): ImportReport {
  return reportOf(planImport(getDb(), bundle));
}

/** Renders every text through the app's renderer, a few at a time, keyed by the text itself. */
async function renderAll(texts: string[]): Promise<Map<string, RenderedMarkdown>> {
  const unique = [...new Set(texts.filter((t) => t !== ""))];
  const rendered = new Map<string, RenderedMarkdown>();
  for (let i = 0; i < unique.length; i += RENDER_CONCURRENCY) {
    const batch = unique.slice(i, i + RENDER_CONCURRENCY);
    const results = await Promise.all(batch.map((text) => renderMarkdown(text)));
    batch.forEach((text, j) => rendered.set(text, results[j]));
  }
  return rendered;
}

/**
 * Imports the bundle in one transaction and records every row it created. The plan is
 * made again inside the transaction, so an import that ran meanwhile is matched, not doubled.
 */
export async function applyImport(bundle: ImportBundle, admin: Pick<SessionUser, "id">): Promise<Result<ImportOutcome>> {
  const draft = planImport(getDb(), bundle);
  const rendered = await renderAll([
    ...draft.posts.map((p) => p.bodyMd),
    ...draft.comments.map((c) => c.bodyMd),
    ...draft.statusChanges.map((s) => s.responseMd),
  ]);
  // A text the draft did not render (none: the transaction's plan is the draft's or less) is kept as typed, escaped.
  const html = (markdown: string) => (markdown === "" ? { html: "", text: "" } : (rendered.get(markdown) ?? asTypedText(markdown)));

  const created = transaction((db) => {
    const plan = planImport(db, bundle);
    const source = plan.source;
    const ids: Record<ImportEntity, Map<string, number>> = {
      user: new Map(),
      board: new Map(),
      tag: new Map(),
      post: new Map(),
      comment: new Map(),
      vote: new Map(),
      status_change: new Map(),
    };
    const idOf = (entity: ImportEntity, ref: Ref): number | undefined => ("existing" in ref ? ref.existing : ids[entity].get(ref.created));

    for (const user of plan.users) ids.user.set(user.sourceId, insertPlaceholderUser(db, user));
    for (const board of plan.boards) ids.board.set(board.sourceId, insertImportedBoard(db, board));
    for (const tag of plan.tags) ids.tag.set(tag.sourceId, insertImportedTag(db, tag));

    const touchedPosts: number[] = [];
    const postTagRows: { postId: number; tagId: number }[] = [];
    for (const post of plan.posts) {
      const body = html(post.bodyMd);
      const postId = insertImportedPost(db, {
        boardId: idOf("board", post.board)!,
        authorId: idOf("user", post.author)!,
        title: post.title,
        bodyMd: post.bodyMd,
        bodyHtml: body.html,
        excerpt: excerptOf(body.text),
        status: post.status,
        kind: post.kind as PostKind | null,
        impact: post.impact ?? null,
        effort: post.effort ?? null,
        ownerId: post.owner ? (idOf("user", post.owner) ?? null) : null,
        createdAt: post.createdAt,
        statusChangedAt: post.statusChangedAt ?? null,
        shippedAt: post.shippedAt ?? null,
      });
      ids.post.set(post.sourceId, postId);
      touchedPosts.push(postId);
      for (const tag of post.tags) postTagRows.push({ postId, tagId: idOf("tag", tag)! });
    }
    insertImportedPostTags(db, postTagRows);
    for (const post of plan.posts) {
      const target = post.mergedInto ? idOf("post", post.mergedInto) : undefined;
      if (target !== undefined) setMergedInto(db, ids.post.get(post.sourceId)!, target);
    }

    for (const comment of plan.comments) {
      const postId = idOf("post", comment.post)!;
      const body = html(comment.bodyMd);
      const commentId = insertImportedComment(db, {
        postId,
        authorId: idOf("user", comment.author)!,
        parentId: comment.parent ? (idOf("comment", comment.parent) ?? null) : null,
        bodyMd: comment.bodyMd,
        bodyHtml: body.html,
        isInternal: comment.isInternal,
        createdAt: comment.createdAt,
      });
      ids.comment.set(comment.sourceId, commentId);
      touchedPosts.push(postId);
    }

    for (const vote of plan.votes) {
      const postId = idOf("post", vote.post)!;
      const userId = idOf("user", vote.user)!;
      const onBehalf = vote.source === "on_behalf";
      if (
        insertImportedVote(db, {
          postId,
          userId,
          source: onBehalf ? "on_behalf" : "self",
          note: vote.note ?? null,
          createdAt: vote.createdAt,
          addedById: onBehalf ? admin.id : null,
        })
      ) {
        // A vote has no id of its own here: its record points at the post.
        ids.vote.set(vote.sourceId, postId);
        touchedPosts.push(postId);
      }
    }

    for (const change of plan.statusChanges) {
      const postId = idOf("post", change.post)!;
      const response = html(change.responseMd);
      ids.status_change.set(
        change.sourceId,
        insertImportedStatusChange(db, {
          postId,
          fromStatus: change.fromStatus,
          toStatus: change.toStatus,
          actorId: idOf("user", change.actor)!,
          responseMd: change.responseMd,
          responseHtml: response.html,
          createdAt: change.createdAt,
        }),
      );
      touchedPosts.push(postId);
    }

    recountImportedPosts(db, touchedPosts, Date.now() - TRENDING_WINDOW_MS);
    subscribeImportedParticipants(db, touchedPosts);
    recordImported(
      db,
      (Object.entries(ids) as [ImportEntity, Map<string, number>][]).flatMap(([entity, rows]) =>
        [...rows].map(([sourceId, localId]) => ({ source, entity, sourceId, localId })),
      ),
    );
    return Object.fromEntries(Object.entries(ids).map(([entity, rows]) => [entity, rows.size])) as Record<ImportEntity, number>;
  });
  return ok({ source: bundle.source, created });
}

/** How many refused rows the page lists; past that it says how many more there are. */
export const REFUSED_SHOWN = 1000;

/** The reader for the admin's choice, or for what the file looks like when they chose "auto". */
function readerFor(choice: ImportFormatChoice, file: Uint8Array, fileName: string, boardSlug: string): ImportReader | null {
  const csv = postsCsvReader(boardSlug);
  switch (choice) {
    case "closeloop":
      return readCloseloopExport;
    case "csv":
      return csv;
    case "canny":
      return readCannyExport;
    case "fider":
      return readFiderExport;
    case "auto":
      if (looksLikeCloseloopExport(file)) return readCloseloopExport;
      if (/\.csv$/i.test(fileName)) return csv;
      return null;
  }
}

/**
 * The file as a bundle, or why it cannot be read (beside the file field): a reader's
 * refusal of the whole file, or anything a reader throws on a file it was not made for
 * (binary junk, a truncated archive), which is the admin's file, never a 500.
 */
export function readImportFile(file: Uint8Array, fileName: string, choice: ImportFormatChoice, boardSlug: string): Result<ImportBundle> {
  const reader = readerFor(choice, file, fileName, boardSlug);
  if (!reader) return err("import.error.formatUnknown", "format");
  try {
    const bundle = reader(file, fileName);
    // A reader that refused the whole file (the Canny and Fider readers refuse it as one row named after the file) is answered beside the file field.
    const whole = bundle.refused.find((row) => row.row === fileName);
    if (whole && bundle.posts.length === 0 && bundle.users.length === 0 && bundle.boards.length === 0) return err(whole.reason, "file");
    return ok(bundle);
  } catch (error) {
    if (error instanceof ImportFileError) return err(error.key, "file");
    console.warn(`import: ${choice} reader could not read ${JSON.stringify(fileName)}: ${error instanceof Error ? error.message : String(error)}`);
    return err("import.error.unreadable", "file");
  }
}

/** The board a CSV's rows go to: the one chosen if it exists, else the first public board. */
function csvBoardSlug(chosen: string | undefined): string {
  const boards = listPublicBoards();
  return boards.find((b) => b.slug === chosen)?.slug ?? boards[0]?.slug ?? "feedback";
}

export type ImportPreview = {
  token: string;
  fileName: string;
  format: ImportFormatChoice;
  board: string;
  report: Omit<ImportReport, "refused"> & { refused: RefusedRow[]; refusedTotal: number };
};

export type PreviewFailure = { error: MessageKey; field: "file" | "format"; fields: Record<string, string> };

/** Step 1: receive the upload, read it, and report the dry run; the upload is kept under a token for step 2. */
export async function previewImport(
  request: Request,
  admin: Pick<SessionUser, "id">,
): Promise<{ ok: true; value: ImportPreview } | ({ ok: false } & PreviewFailure)> {
  const received = await receiveImportUpload(request, admin.id);
  if (!received.ok) return { ok: false, error: received.error, field: "file", fields: received.fields };
  const { meta } = received;
  const options = importUploadSchema.safeParse(meta.fields);
  if (!options.success) {
    await discardImportUpload(meta.token);
    return { ok: false, error: "import.error.formatInvalid", field: "format", fields: meta.fields };
  }
  const loaded = await loadImportUpload(meta.token, admin.id);
  const board = csvBoardSlug(options.data.board);
  const bundle = loaded ? readImportFile(loaded.bytes, meta.fileName, options.data.format, board) : err("import.error.uploadFailed", "file");
  if (!bundle.ok) {
    await discardImportUpload(meta.token);
    return { ok: false, error: bundle.error, field: bundle.field === "format" ? "format" : "file", fields: meta.fields };
  }
  const report = dryRun(bundle.value);
  return {
    ok: true,
    value: {
      token: meta.token,
      fileName: meta.fileName,
      format: options.data.format,
      board,
      report: { ...report, refused: report.refused.slice(0, REFUSED_SHOWN), refusedTotal: report.refused.length },
    },
  };
}

/** Step 2: import the upload the dry run was made from; it is deleted afterwards. */
export async function confirmImport(token: string, admin: Pick<SessionUser, "id">): Promise<Result<ImportOutcome>> {
  const loaded = await loadImportUpload(token, admin.id);
  if (!loaded) return err("import.error.expired");
  const { meta, bytes } = loaded;
  const options = importUploadSchema.parse(meta.fields);
  const bundle = readImportFile(bytes, meta.fileName, options.format, csvBoardSlug(options.board));
  if (!bundle.ok) return err(bundle.error);
  const outcome = await applyImport(bundle.value, admin);
  await discardImportUpload(token);
  return outcome;
}

/** Drops an upload the admin decided not to import. */
export async function cancelImport(token: string): Promise<Result> {
  await discardImportUpload(token);
  return ok();
}
