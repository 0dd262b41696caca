// Someone tried to sign up with an address that already has an account: where to sign
// in or reset the password instead.
import type { z } from "zod";
import { publicUrl } from "~/utils/signed-links.server";
import { sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload;

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.signupExisting", { site: p.siteName }),
    heading: p.siteName,
    lines: [t("email.signupExistingLine", { site: p.siteName })],
    links: [
      { href: `${publicUrl()}/login`, label: t("email.logIn") },
      { href: `${publicUrl()}/login/forgot`, label: t("email.forgotPassword") },
    ],
    account: "email.accountFooter",
  };
}
