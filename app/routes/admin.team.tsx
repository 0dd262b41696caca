// The admin's team: invite people by email, promote customers to staff, demote staff, lift bans.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { Message, useFormat, useT } from "~/components/i18n";
import { inviteSchema, promoteSchema, teamMemberSchema } from "~/schemas/admin";
import { requireAdmin } from "~/services/guards.server";
import { inviteToTeam, openInvites } from "~/services/invites.server";
import { demoteToCustomer, promoteToStaff, teamPage } from "~/services/team.server";
import { setBanned } from "~/services/triage.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { ...teamPage(), invites: openInvites() };
}

type Ctx = { request: Request };
const asAdmin = ({ request }: Ctx) => requireAdmin(request);
const intents = {
  invite: intent({ schema: inviteSchema, authorise: asAdmin, run: (input, admin) => inviteToTeam(input, admin) }),
  promote: intent({ schema: promoteSchema, authorise: asAdmin, run: ({ email }) => promoteToStaff(email) }),
  demote: intent({ schema: teamMemberSchema, authorise: asAdmin, run: ({ userId }, admin) => demoteToCustomer(userId, admin) }),
  unban: intent({ schema: teamMemberSchema, authorise: asAdmin, run: ({ userId }, admin) => setBanned(userId, false, admin) }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  if (!ran.ok) return ran.rejected;
  if (ran.outcome.intent === "invite") {
    // IntentOutcome's value type comes out as never here; the annotation says what inviteToTeam returns.
    const sent: { email: string } = ran.outcome.value;
    return redirect(`/admin/team?invited=${encodeURIComponent(sent.email)}`);
  }
  return redirect("/admin/team");
}

export default function Team() {
  const t = useT();
  const format = useFormat();
  const { team, banned, invites } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [params] = useSearchParams();
  const invited = params.get("invited");
  const [inviteForm, inviteFields] = useSchemaForm(inviteSchema, rejected?.intent === "invite" ? rejected.reply : undefined);
  const [promoteForm, promoteFields] = useSchemaForm(promoteSchema, rejected?.intent === "promote" ? rejected.reply : undefined);
  // Demote and unban are buttons with no fields: what they can fail with is said above the page.
  const pageError = rejected && rejected.intent !== "promote" && rejected.intent !== "invite" ? firstError(rejected.reply.error?.[""]) : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <h1 className="text-2xl font-bold">{t("team.heading")}</h1>
      <FormError error={pageError} />
      {invited && !rejected ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok" data-testid="invite-sent">
          <Message id="invite.sent" values={{ email: invited }} />
        </p>
      ) : null}
      <section className="card space-y-3 p-5" aria-labelledby="team-invite">
        <h2 id="team-invite" className="text-lg font-semibold">
          {t("invite.heading")}
        </h2>
        <p className="text-sm text-muted">{t("invite.intro")}</p>
        <Form method="post" id={inviteForm.id} onSubmit={inviteForm.onSubmit} className="flex flex-wrap items-end gap-2" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <div className="min-w-[14rem] flex-1">
            <Field name="inviteEmail" label={t("invite.email")} error={firstError(inviteFields.inviteEmail.errors) ?? firstError(inviteForm.errors)}>
              {(p) => (
                <input
                  {...p}
                  type="email"
                  className="input"
                  dir="ltr"
                  autoComplete="off"
                  defaultValue={typedValue(inviteFields.inviteEmail.initialValue) ?? ""}
                />
              )}
            </Field>
          </div>
          <Field name="role" label={t("invite.role")}>
            {(p) => (
              <select {...p} className="input w-auto" defaultValue={typedValue(inviteFields.role.initialValue) ?? "staff"}>
                <option value="staff">{t("team.role.staff")}</option>
                <option value="admin">{t("team.role.admin")}</option>
              </select>
            )}
          </Field>
          <button type="submit" className="btn btn-primary">
            {t("invite.send")}
          </button>
        </Form>
        {invites.length > 0 ? (
          <div className="space-y-1">
            <h3 className="text-sm font-semibold">{t("invite.pending")}</h3>
            <ul className="divide-y divide-line text-sm">
              {invites.map((invite) => (
                <li key={invite.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5" data-testid="pending-invite">
                  <span dir="ltr" className="break-all">
                    {invite.email}
                  </span>
                  <span className="badge border-line text-muted">{t(`team.role.${invite.role === "admin" ? "admin" : "staff"}`)}</span>
                  <span className="text-xs text-muted">{t("invite.expires", { date: format.date(invite.expiresAt) })}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <section className="card space-y-3 p-5" aria-labelledby="team-list">
        <h2 id="team-list" className="text-lg font-semibold">
          {t("team.members")}
        </h2>
        <ul className="divide-y divide-line">
          {team.map((member) => (
            <li key={member.id} className="flex flex-wrap items-center gap-3 py-2" data-testid="team-member">
              <span className="font-medium" dir="auto">
                {member.displayName}
              </span>
              <span className="text-sm text-muted" dir="ltr">
                {member.email}
              </span>
              <span className="badge border-line">{t(`team.role.${member.role as "admin" | "staff"}`)}</span>
              {member.role === "staff" ? (
                <Form method="post" className="ms-auto">
                  <input type="hidden" name="intent" value="demote" />
                  <input type="hidden" name="userId" value={member.id} />
                  <button type="submit" className="btn text-sm">
                    {t("team.demote")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        <Form method="post" id={promoteForm.id} onSubmit={promoteForm.onSubmit} className="flex flex-wrap items-end gap-2" noValidate>
          <input type="hidden" name="intent" value="promote" />
          <Field name="email" label={t("team.promoteEmail")} hint={t("team.promoteHint")} error={firstError(promoteFields.email.errors)}>
            {(p) => <input {...p} type="email" className="input" dir="ltr" defaultValue={typedValue(promoteFields.email.initialValue) ?? ""} />}
          </Field>
          <button type="submit" className="btn btn-primary">
            {t("team.promote")}
          </button>
        </Form>
      </section>

      <section className="card space-y-3 p-5" aria-labelledby="banned-list">
        <h2 id="banned-list" className="text-lg font-semibold">
          {t("team.banned")}
        </h2>
        {banned.length === 0 ? <p className="text-sm text-muted">{t("team.noneBanned")}</p> : null}
        <ul className="divide-y divide-line">
          {banned.map((user) => (
            <li key={user.id} className="flex flex-wrap items-center gap-3 py-2">
              <span className="font-medium" dir="auto">
                {user.displayName}
              </span>
              <span className="text-sm text-muted" dir="ltr">
                {user.email}
              </span>
              <span className="text-xs text-muted">{t("team.bannedOn", { date: format.date(user.bannedAt!) })}</span>
              <Form method="post" className="ms-auto">
                <input type="hidden" name="intent" value="unban" />
                <input type="hidden" name="userId" value={user.id} />
                <button type="submit" className="btn text-sm">
                  {t("team.unban")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
