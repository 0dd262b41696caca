// What each email template is given, frozen into the outbox row when the change happened.
import type { PostStatus } from "~/db/schema";

export type StatusChangePayload = { siteName: string; postId: number; title: string; status: PostStatus; responseHtml: string };
export type CommentPayload = { siteName: string; postId: number; title: string; commentId: number; authorName: string; excerpt: string };
export type MergedPayload = { siteName: string; postId: number; title: string; targetPostId: number; targetTitle: string };
export type ChangelogPayload = { siteName: string; entryId: number; entryTitle: string; bodyHtml: string; posts: { id: number; title: string }[] };
export type SignupConfirmPayload = { siteName: string; token: string };
export type SignupExistingPayload = { siteName: string };
export type PasswordResetPayload = { siteName: string; token: string };
export type PasswordResetNoAccountPayload = { siteName: string };
export type PasswordChangedPayload = { siteName: string };
