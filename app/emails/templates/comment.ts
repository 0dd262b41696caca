// Someone commented on a post the recipient follows: who, and the start of what they said.
import { z } from "zod";
import { namedLine, postUrl, recordId, sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({
  postId: recordId,
  title: z.string(),
  commentId: recordId,
  authorName: z.string(),
  excerpt: z.string(),
});

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.comment", { title: p.title }),
    heading: p.title,
    lines: [namedLine(t, "email.commentLine", p.authorName), { user: p.excerpt }],
    links: [{ href: `${postUrl(p.postId)}#comment-${p.commentId}`, label: t("email.viewComment") }],
    postId: p.postId,
  };
}
