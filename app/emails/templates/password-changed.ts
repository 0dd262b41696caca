// The password was changed through a reset link: if it was not the owner, how to take
// the account back.
import type { z } from "zod";
import { publicUrl } from "~/utils/signed-links.server";
import { sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload;

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.passwordChanged", { site: p.siteName }),
    heading: p.siteName,
    lines: [t("email.passwordChangedLine", { site: p.siteName })],
    links: [{ href: `${publicUrl()}/login/forgot`, label: t("email.resetAgain") }],
    account: "email.securityFooter",
  };
}
