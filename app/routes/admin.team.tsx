// The admin's team: promote customers to staff by email, demote staff, lift bans.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { useFormat, useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { parseForm, readForm } from "~/utils/forms.server";
import { requireAdmin } from "~/services/guards.server";
import { demoteSchema, demoteToCustomer, promoteSchema, promoteToStaff, teamPage } from "~/services/team.server";
import { setBanned } from "~/services/triage.server";
import { idParam } from "~/utils/validation";
import { z } from "zod";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return teamPage();
}

type Failure = { intent: string; errors: Partial<Record<string, MessageKey>>; formError?: MessageKey; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const fail = (f: Omit<Failure, "intent">) => data<Failure>({ intent, ...f }, { status: 400 });
  if (intent === "promote") {
    const parsed = parseForm(form, promoteSchema);
    if (!parsed.ok) return fail({ errors: parsed.errors, values: parsed.values });
    const result = promoteToStaff(parsed.data.email);
    if (!result.ok) return fail({ errors: result.errors, values: parsed.values });
  } else if (intent === "demote") {
    const parsed = parseForm(form, demoteSchema);
    if (!parsed.ok) throw new Response("Bad request", { status: 400 });
    const result = demoteToCustomer(parsed.data.userId, admin);
    if (!result.ok) return fail({ errors: {}, formError: result.formError, values: {} });
  } else if (intent === "unban") {
    const parsed = z.object({ userId: idParam }).safeParse(Object.fromEntries(form));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    await setBanned(parsed.data.userId, false, admin);
  } else {
    throw new Response("Bad request", { status: 400 });
  }
  return redirect("/admin/team");
}

export default function Team() {
  const t = useT();
  const format = useFormat();
  const { team, banned } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <h1 className="text-2xl font-bold">{t("team.heading")}</h1>
      <FormError error={failure?.formError} />
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
        <Form method="post" className="flex flex-wrap items-end gap-2" noValidate>
          <input type="hidden" name="intent" value="promote" />
          <Field
            name="email"
            label={t("team.promoteEmail")}
            hint={t("team.promoteHint")}
            error={failure?.intent === "promote" ? failure.errors.email : undefined}
          >
            {(p) => <input {...p} type="email" className="input" dir="ltr" defaultValue={failure?.intent === "promote" ? failure.values.email : ""} />}
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
