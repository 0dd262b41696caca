// A password reset was asked for an address with no account: say so, and offer sign-up.
import type { z } from "zod";
import { publicUrl } from "~/utils/signed-links.server";
import { sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload;

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  return {
    subject: t("email.subject.passwordResetNoAccount", { site: p.siteName }),
    heading: p.siteName,
    lines: [t("email.passwordResetNoAccountLine", { site: p.siteName })],
    links: [{ href: `${publicUrl()}/signup`, label: t("email.signUp") }],
    account: "email.resetFooter",
  };
}
