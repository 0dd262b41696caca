// The link that proves the address and finishes a sign-up. The token is removed from
// the row once it is sent (markAllSent), so a backup holds no working link.
import { z } from "zod";
import { publicUrl } from "~/utils/signed-links.server";
import { sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({ token: z.string() });

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.signupConfirm", { site: p.siteName }),
    heading: p.siteName,
    lines: [t("email.signupConfirmLine", { site: p.siteName })],
    links: [{ href: `${publicUrl()}/signup/confirm/${p.token}`, label: t("email.signupConfirmLink") }],
    account: "email.accountFooter",
  };
}
