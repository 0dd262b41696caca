// Who may see or do what: each rule written once, here. Services ask these functions
// before they act (and turn a refusal into their failure), and the `can` flags loaders
// send to pages come from the same functions, so a page never offers what the service
// would refuse.
//
// A rule with more than one way to say no is a `…Refusal` function that names the
// catalogue key of the first reason (the service's error); its `can…` twin is that
// refusal being null.
//
// Priority (votes × impact ÷ effort, ADR 004) is not here: it is a number, not a
// permission, and the inbox sorts by it in SQL, so its one definition is
// `priorityExpression` in models/posts.server.ts, which the post page reads too.
import { isClosedStatus, type PostStatus } from "~/db/enums";
import type { SessionUser } from "./auth.server";

type Actor = Pick<SessionUser, "id" | "role" | "bannedAt">;
/** Who is asking: null for a visitor who is not signed in. */
type Viewer = Actor | null | undefined;

type PostState = { pendingApproval: boolean; authorId: number; mergedIntoId: number | null; commentsLockedAt: number | null; status: PostStatus };
type CommentState = { authorId: number; deletedAt: number | null };

/** Staff powers: staff and admins, never while banned (ADR 008). */
export function isStaff(user: Pick<SessionUser, "role" | "bannedAt"> | null | undefined): boolean {
  return (user?.role === "staff" || user?.role === "admin") && !user.bannedAt;
}

/** Surveys measure customers: staff answers are never counted (nor asked for). */
export function canAnswerSurvey(user: Pick<SessionUser, "role"> | null | undefined): boolean {
  return user?.role === "customer";
}

/** Moderation (deleting anyone's comment, locking threads, triage) is staff's. */
export function canModerate(user: Viewer): boolean {
  return isStaff(user);
}

/** Whether this person may see the post at all: one awaiting approval only its author and staff. */
export function canSeePost(post: Pick<PostState, "pendingApproval" | "authorId">, viewer: Viewer): boolean {
  return !post.pendingApproval || isStaff(viewer) || post.authorId === viewer?.id;
}

/** Whether this person may write in the post's thread (comment, edit or delete their own): a locked thread only staff. */
export function threadOpenTo(post: Pick<PostState, "commentsLockedAt">, user: Viewer): boolean {
  return !post.commentsLockedAt || isStaff(user);
}

/** A banned account posts nothing. */
export function postRefusal(author: Actor): "error.banned" | null {
  return author.bannedAt ? "error.banned" : null;
}

export type VoteRefusal = "error.banned" | "error.notFound" | "error.votingClosed";

/**
 * Why this person's vote may not be counted on the post, or null when it may: a banned
 * account casts none; a missing post, one merged away, or one they cannot see takes
 * none; a shipped or declined idea is decided, so its votes stay as they are (neither
 * added nor taken back). A visitor may vote: the button sends them to sign in, and the
 * vote then counts.
 */
export function voteRefusal(post: PostState | undefined, voter: Viewer): VoteRefusal | null {
  if (voter?.bannedAt) return "error.banned";
  if (!post || post.mergedIntoId !== null || !canSeePost(post, voter)) return "error.notFound";
  if (isClosedStatus(post.status)) return "error.votingClosed";
  return null;
}

export function canVote(post: PostState | undefined, voter: Viewer): boolean {
  return voteRefusal(post, voter) === null;
}

/**
 * Whether this person sees an idea's kind (bug, feature request…): staff always; everyone
 * else only when the admin made kinds public, since they are triage labels first.
 */
export function canSeeKinds(viewer: Viewer, settings: { showKindsPublicly: boolean }): boolean {
  return isStaff(viewer) || settings.showKindsPublicly;
}

export type CommentRefusal = "error.banned" | "error.notFound" | "error.commentsLocked";

/**
 * Why this person may not comment on the post, or null when they may: a banned account
 * writes nothing; a missing post, one merged away, or one they cannot see takes no
 * comments; a locked thread takes only staff's.
 */
export function commentRefusal(post: PostState | undefined, author: Actor): CommentRefusal | null {
  if (author.bannedAt) return "error.banned";
  if (!post || post.mergedIntoId !== null || !canSeePost(post, author)) return "error.notFound";
  if (!threadOpenTo(post, author)) return "error.commentsLocked";
  return null;
}

/** A visitor comments only after signing in, so the page offers them a link, not the form. */
export function canComment(post: PostState | undefined, viewer: Viewer): boolean {
  return viewer ? commentRefusal(post, viewer) === null : false;
}

export type EditCommentRefusal = "error.notFound" | "error.forbidden" | "error.banned" | "error.commentsLocked";

/**
 * Why this person may not edit (or delete as its author) the comment, or null when they
 * may: a deleted comment is gone; it is its author's alone; a banned author changes
 * nothing; a locked thread keeps its comments as they are (staff's excepted). `post` is
 * the comment's post if it is still live.
 */
export function editCommentRefusal(
  comment: CommentState | undefined,
  post: Pick<PostState, "commentsLockedAt"> | undefined,
  user: Actor,
): EditCommentRefusal | null {
  if (!comment || comment.deletedAt) return "error.notFound";
  if (comment.authorId !== user.id) return "error.forbidden";
  if (user.bannedAt) return "error.banned";
  if (post && !threadOpenTo(post, user)) return "error.commentsLocked";
  return null;
}

export function canEditComment(comment: CommentState | undefined, post: Pick<PostState, "commentsLockedAt"> | undefined, viewer: Viewer): boolean {
  return viewer ? editCommentRefusal(comment, post, viewer) === null : false;
}

/** Staff delete any comment that is not deleted yet; everyone else only what they may edit. */
export function canDeleteComment(comment: CommentState | undefined, post: Pick<PostState, "commentsLockedAt"> | undefined, viewer: Viewer): boolean {
  if (canModerate(viewer)) return Boolean(comment && !comment.deletedAt);
  return canEditComment(comment, post, viewer);
}

export type BanRefusal = "error.cannotBan" | "error.cannotBanStaff";

/**
 * Why `actor` may not ban (or lift the ban of) `target`, or null when they may. Nobody
 * bans an admin or themselves; only an admin bans staff; staff ban customers.
 */
export function banRefusal(actor: Actor, target: Pick<SessionUser, "id" | "role">): BanRefusal | null {
  if (!isStaff(actor) || target.id === actor.id || target.role === "admin") return "error.cannotBan";
  if (target.role === "staff" && actor.role !== "admin") return "error.cannotBanStaff";
  return null;
}

/** The in-app survey prompt asks signed-in customers only: never visitors, never staff (their answers would skew the figures). */
export function canBeAskedInApp(viewer: Viewer): viewer is Actor {
  return viewer?.role === "customer" && !viewer.bannedAt;
}
