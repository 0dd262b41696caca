// A post the recipient voted for was merged into another; their vote moved with it.
import { z } from "zod";
import { postUrl, recordId, sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({
  postId: recordId,
  title: z.string(),
  targetPostId: recordId,
  targetTitle: z.string(),
});

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.merged", { title: p.title }),
    heading: p.title,
    lines: [t("email.mergedLine", { target: p.targetTitle })],
    links: [{ href: postUrl(p.targetPostId), label: t("email.viewPost") }],
    postId: p.targetPostId,
  };
}
