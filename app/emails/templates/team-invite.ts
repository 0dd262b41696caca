// An admin invited the recipient to the team: who, as what, and the link that lets them
// join. The token is removed from the row once it is sent (markAllSent).
import { z } from "zod";
import { ROLES } from "~/db/enums";
import { publicUrl } from "~/utils/signed-links.server";
import { namedLine, sitePayload, type EmailContent, type TemplateContext } from "../content";

export const payloadSchema = sitePayload.extend({
  token: z.string(),
  inviterName: z.string(),
  role: z.enum(ROLES),
});

export function render(p: z.output<typeof payloadSchema>, { t }: TemplateContext): EmailContent {
  const role = t(p.role === "admin" ? "team.role.admin" : "team.role.staff");
  return {
    subject: t("invite.email.subject", { site: p.siteName }),
    heading: p.siteName,
    lines: [namedLine(t, "invite.email.line", p.inviterName), t("invite.email.role", { role }), t("invite.email.expires")],
    links: [{ href: `${publicUrl()}/join/${p.token}`, label: t("invite.email.link") }],
    account: "email.accountFooter",
  };
}
