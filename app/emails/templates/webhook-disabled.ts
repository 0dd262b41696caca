// A webhook endpoint kept failing and was turned off: which one, why, and where to look.
// Sent to every admin, each in their own language; it is not a preference one can turn
// off (it is rare, and the events stop until someone acts).
import { z } from "zod";
import { publicUrl } from "~/utils/signed-links.server";
import { recordId, sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({
  webhookId: recordId,
  url: z.string(),
  failures: z.number().int(),
});

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("webhooks.email.subject", { site: p.siteName }),
    heading: p.siteName,
    // The URL is the admin's own text: its own block, never a link the mail client makes.
    lines: [t("webhooks.email.line", { count: p.failures }), { user: p.url }, t("webhooks.email.after")],
    links: [{ href: `${publicUrl()}/admin/webhooks/${p.webhookId}`, label: t("webhooks.email.link") }],
    account: "webhooks.email.footer",
  };
}
