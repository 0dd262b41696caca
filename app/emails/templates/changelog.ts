// A changelog entry was published: one email per voter, listing the linked posts they
// voted for (filled in per recipient when it was queued, and thinned out at send time
// if any were deleted or merged away since).
import { z } from "zod";
import { publicUrl } from "~/utils/signed-links.server";
import { postUrl, recordId, sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({
  entryId: recordId,
  entryTitle: z.string(),
  /** The entry's release note, sanitised when it was written; "" for none. */
  bodyHtml: z.string(),
  posts: z.array(z.object({ id: recordId, title: z.string() })),
});

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.changelog", { title: p.entryTitle }),
    heading: p.entryTitle,
    // No list left (its posts were deleted or merged away since): the entry alone.
    lines: p.posts.length > 0 ? [t("email.changelogLine", { count: p.posts.length })] : [],
    html: p.bodyHtml || undefined,
    links: [
      ...p.posts.map((post) => ({ href: postUrl(post.id), label: post.title })),
      { href: `${publicUrl()}/changelog#entry-${p.entryId}`, label: t("email.viewChangelog") },
    ],
  };
}
