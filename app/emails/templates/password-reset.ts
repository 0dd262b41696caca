// The link that lets the owner of the address choose a new password. The token is
// removed from the row once it is sent (markAllSent).
import { z } from "zod";
import { publicUrl } from "~/utils/signed-links.server";
import { sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({ token: z.string() });

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.passwordReset", { site: p.siteName }),
    heading: p.siteName,
    lines: [t("email.passwordResetLine", { site: p.siteName })],
    links: [{ href: `${publicUrl()}/login/reset/${p.token}`, label: t("email.passwordResetLink") }],
    account: "email.resetFooter",
  };
}
