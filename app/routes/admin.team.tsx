// The admin's team: promote customers to staff by email, demote staff, lift bans.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { promoteSchema, teamMemberSchema } from "~/schemas/admin";
import { requireAdmin } from "~/services/guards.server";
import { demoteToCustomer, promoteToStaff, teamPage } from "~/services/team.server";
import { setBanned } from "~/services/triage.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return teamPage();
}

type Ctx = { request: Request };
const asAdmin = ({ request }: Ctx) => requireAdmin(request);
const intents = {
  promote: intent({ schema: promoteSchema, authorise: asAdmin, run: ({ email }) => promoteToStaff(email) }),
  demote: intent({ schema: teamMemberSchema, authorise: asAdmin, run: ({ userId }, admin) => demoteToCustomer(userId, admin) }),
  unban: intent({ schema: teamMemberSchema, authorise: asAdmin, run: ({ userId }, admin) => setBanned(userId, false, admin) }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  return ran.ok ? redirect("/admin/team") : ran.rejected;
}

export default function Team() {
  const t = useT();
  const format = useFormat();
  const { team, banned } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [promoteForm, promoteFields] = useSchemaForm(promoteSchema, rejected?.intent === "promote" ? rejected.reply : undefined);
  // Demote and unban are buttons with no fields: what they can fail with is said above the page.
  const pageError = rejected && rejected.intent !== "promote" ? firstError(rejected.reply.error?.[""]) : undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <h1 className="text-2xl font-bold">{t("team.heading")}</h1>
      <FormError error={pageError} />
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
