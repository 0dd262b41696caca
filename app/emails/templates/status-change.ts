// A post someone follows changed status. A shipped post asks whether it solved their
// problem (the CSAT links are signed for this recipient and post).
import { z } from "zod";
import { POST_STATUSES } from "~/db/enums";
import { publicUrl } from "~/utils/signed-links.server";
import { postUrl, recordId, sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({
  postId: recordId,
  title: z.string(),
  status: z.enum(POST_STATUSES),
  /** The official response, sanitised when it was written; "" for none. */
  responseHtml: z.string(),
});

export function render(p: z.output<typeof payloadSchema>, { t, sign, userId }: TemplateContext): EmailContent {
  const status = t(`status.${p.status}`);
  const content: EmailContent = {
    subject: t(`email.subject.${p.status === "shipped" ? "shipped" : "status"}`, { title: p.title, status }),
    heading: p.title,
    lines: [t("email.statusLine", { status })],
    html: p.responseHtml || undefined,
    links: [{ href: postUrl(p.postId), label: t("email.viewPost") }],
    postId: p.postId,
  };
  if (p.status === "shipped") {
    content.csat = (["yes", "partly", "no"] as const).map((answer) => ({
      href: `${publicUrl()}/csat/${sign({ purpose: "csat", postId: p.postId, userId })}/${answer}`,
      label: t(`csat.${answer}`),
    }));
  }
  return content;
}
