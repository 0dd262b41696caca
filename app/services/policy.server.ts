// Who may see or do what: each rule written once, here. Guards, services and the
// `can` flags loaders send to pages all ask these functions.
import type { SessionUser } from "./auth.server";

type Actor = Pick<SessionUser, "id" | "role" | "bannedAt">;

/** Staff powers: staff and admins, never while banned (ADR 008). */
export function isStaff(user: Pick<SessionUser, "role" | "bannedAt"> | null | undefined): boolean {
  return (user?.role === "staff" || user?.role === "admin") && !user.bannedAt;
}

/** Whether this person may see the post at all: one awaiting approval only its author and staff. */
export function canSeePost(post: { pendingApproval: boolean; authorId: number }, viewer: Actor | null | undefined): boolean {
  return !post.pendingApproval || isStaff(viewer) || post.authorId === viewer?.id;
}

/** Whether this person may write in the post's thread (comment, edit or delete their own): a locked thread only staff. */
export function threadOpenTo(post: { commentsLockedAt: number | null }, user: Pick<SessionUser, "role" | "bannedAt">): boolean {
  return !post.commentsLockedAt || isStaff(user);
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
