// What every template gives the layout (render.server.tsx): a subject, a heading, lines,
// perhaps sanitised HTML, and links. Templates build it from their payload; the layout
// adds the greeting, the footer and the unsubscribe links the same way for all of them.
import { z } from "zod";
import type { Locale, MessageKey, Translate } from "~/i18n";
import { publicUrl, type LinkClaim } from "~/utils/signed-links.server";

export type Link = { href: string; label: string };
// A line with a name someone chose in it: the name is shown as quoted user content,
// never as the board's own words, and never as something a mail client can link.
export type NamedLine = { before: string; after: string; name: string };
// Text someone wrote (a comment's excerpt): its own block, set with dir="auto" so an Arabic
// reply in an English email (or the reverse) reads in its own direction.
export type UserLine = { user: string };
export type Line = string | NamedLine | UserLine;

// A titled part of a longer email (the weekly digest): its sentences, then a list of links
// whose labels someone wrote (post titles: each set with dir="auto"), each with a note.
export type EmailItem = { href: string; label: string; note?: string };
export type EmailSection = { heading: string; lines: Line[]; items: EmailItem[] };

// `account` emails answer a request about the address (sign-up, password reset): no
// unsubscribe links, since nobody subscribed, and a footer that says which request.
export type EmailContent = {
  subject: string;
  heading: string;
  lines: Line[];
  html?: string;
  links: Link[];
  csat?: Link[];
  /** A survey's one-click score links, lowest first, with what the two ends of the scale mean. */
  scale?: { links: Link[]; low: string; high: string };
  sections?: EmailSection[];
  /** Where the recipient turns this kind of email off (shown first among the unsubscribe links). */
  optOut?: Link;
  /** Why the recipient gets it, when not because they follow an idea (the layout's default). */
  footer?: MessageKey;
  postId?: number;
  account?: "email.accountFooter" | "email.resetFooter" | "email.securityFooter" | "webhooks.email.footer";
};

/** What a template may use besides its payload: the recipient's language and their signed links. */
export type TemplateContext = { t: Translate; sign: (claim: LinkClaim) => string; userId: number; locale: Locale };

/** Every link that would act without a login points at this in the staff preview. */
export const INERT_TOKEN = "preview-only";

export const NAME_SLOT = "\u0000name\u0000";

export function namedLine(t: Translate, key: MessageKey, name: string): NamedLine {
  const [before, after = ""] = t(key, { name: NAME_SLOT }).split(NAME_SLOT);
  return { before, after, name };
}

export function postUrl(postId: number): string {
  return `${publicUrl()}/posts/${postId}`;
}

/** What every payload carries: the board's name when the change happened. */
export const sitePayload = z.object({ siteName: z.string() });

export const recordId = z.number().int().positive();
