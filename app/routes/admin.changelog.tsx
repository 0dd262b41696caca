// Staff: the changelog's entries (drafts first) and a form for a new draft.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { LinkedIdeasField } from "~/components/LinkablePosts";
import { useFormat, useT } from "~/components/i18n";
import { entrySchema } from "~/schemas/changelog";
import { linkablePosts, listChangelog, saveEntry } from "~/services/changelog.server";
import { requireStaff } from "~/services/guards.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { entries: listChangelog(true, 200), linkable: linkablePosts() };
}

export async function action({ request }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const submission = parseSubmission(await readForm(request), entrySchema);
  if (submission.status !== "success") return reject(submission);
  const saved = await saveEntry(null, submission.value, staff);
  return saved.ok ? redirect(`/admin/changelog/${saved.value.entryId}`) : reject(submission, saved);
}

export default function AdminChangelog() {
  const t = useT();
  const format = useFormat();
  const { entries, linkable } = useLoaderData<typeof loader>();
  const [form, fields] = useSchemaForm(entrySchema, useActionData<typeof action>());
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("changelog.admin.heading")}</h1>
        <p className="text-muted">{t("changelog.admin.intro")}</p>
      </div>

      {entries.length === 0 ? (
        <p className="card p-4 text-muted">{t("changelog.admin.empty")}</p>
      ) : (
        <ul className="space-y-2">
          {entries.map((entry) => (
            <li key={entry.id} className="card flex flex-wrap items-center gap-3 p-3" data-testid="changelog-entry">
              <span className={`badge ${entry.publishedAt ? "border-ok/50 text-ok" : "border-warn/50 text-warn"}`}>
                {entry.publishedAt ? t("changelog.admin.published") : t("changelog.admin.draft")}
              </span>
              <Link to={`/admin/changelog/${entry.id}`} className="min-w-0 flex-1 font-semibold" dir="auto">
                {entry.title}
              </Link>
              <span className="text-xs text-muted">{t("changelog.admin.linkedCount", { count: entry.posts.length })}</span>
              <time className="text-xs text-muted" dateTime={new Date(entry.publishedAt ?? entry.createdAt).toISOString()}>
                {entry.publishedAt
                  ? t("changelog.publishedOn", { date: format.date(entry.publishedAt) })
                  : t("changelog.admin.createdOn", { date: format.date(entry.createdAt) })}
              </time>
            </li>
          ))}
        </ul>
      )}

      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="card space-y-4 p-5" noValidate aria-labelledby="new-entry-heading">
        <h2 id="new-entry-heading" className="text-lg font-semibold">
          {t("changelog.admin.newHeading")}
        </h2>
        <Field name="title" label={t("changelog.admin.title")} hint={t("changelog.admin.titleHint")} error={firstError(fields.title.errors)}>
          {(p) => <input {...p} className="input" dir="auto" maxLength={120} defaultValue={typedValue(fields.title.initialValue)} />}
        </Field>
        <Field name="body" label={t("changelog.admin.body")} hint={t("changelog.admin.bodyHint")} error={firstError(fields.body.errors)}>
          {(p) => <textarea {...p} rows={8} className="input" dir="auto" defaultValue={typedValue(fields.body.initialValue)} />}
        </Field>
        <LinkedIdeasField field={fields.postIds} initial={[]} linkable={linkable} />
        <button type="submit" className="btn btn-primary">
          {t("changelog.admin.create")}
        </button>
      </Form>
    </div>
  );
}
