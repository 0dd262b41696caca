// Staff: edit a changelog draft and publish it; a published entry is shown read-only.
// (The "_" keeps this page out of admin.changelog's layout: it sits in the admin layout only.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { LinkablePosts } from "~/components/LinkablePosts";
import { Markdown } from "~/components/Markdown";
import { ShippedIdeas } from "~/components/ShippedIdeas";
import { entrySchema } from "~/schemas/changelog";
import { entryForStaff, linkablePosts, publishEntry, saveEntry } from "~/services/changelog.server";
import { requireStaff } from "~/services/guards.server";
import { readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { intent, runIntent } from "~/utils/intents.server";
import { idParam } from "~/utils/validation";

function entryIdOf(params: { id?: string }): number {
  const id = idParam.safeParse(params.id);
  return id.success ? id.data : notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const page = entryForStaff(entryIdOf(params));
  if (!page) notFound();
  return { ...page, linkable: page.entry.publishedAt ? [] : linkablePosts() };
}

type Ctx = { request: Request; entryId: number };
const staffOnly = ({ request }: Ctx) => requireStaff(request);

// Both buttons send the whole form.
const intents = {
  save: intent({ schema: entrySchema, authorise: staffOnly, run: (input, staff, { entryId }) => saveEntry(entryId, input, staff) }),
  publish: intent({
    schema: entrySchema,
    authorise: staffOnly,
    // Publishing saves what is in the form first, so no edit is lost on the way out.
    run: async (input, staff, { entryId }) => {
      const saved = await saveEntry(entryId, input, staff);
      return saved.ok ? publishEntry(entryId, staff) : saved;
    },
  }),
};

export async function action({ request, params }: ActionFunctionArgs) {
  await requireStaff(request);
  const entryId = entryIdOf(params);
  const ran = await runIntent(await readForm(request), intents, { request, entryId });
  if (!ran.ok) return ran.rejected;
  return redirect(ran.outcome.intent === "save" ? `/admin/changelog/${entryId}?saved=1` : `/changelog#entry-${entryId}`);
}

export default function AdminChangelogEntry() {
  const t = useT();
  const format = useFormat();
  const { entry, posts, linkable } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(entrySchema, rejected?.reply, {
    defaultValue: { title: entry.title, body: entry.bodyMd, postIds: posts.map((post) => post.id).join(", ") },
  });
  const [params] = useSearchParams();
  const saved = params.get("saved") === "1" && !rejected;

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/admin/changelog" className="text-sm">
        {t("changelog.admin.back")}
      </Link>
      <FormError id={form.errorId} error={firstError(form.errors)} />
      {saved ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("changelog.admin.saved")}
        </p>
      ) : null}

      {entry.publishedAt ? (
        <article className="card space-y-3 p-5">
          <span className="badge border-ok/50 text-ok">{t("changelog.admin.published")}</span>
          <h1 className="text-2xl font-bold" dir="auto">
            {entry.title}
          </h1>
          <p className="text-sm text-muted">{t("changelog.admin.publishedNote", { date: format.date(entry.publishedAt) })}</p>
          {entry.bodyHtml ? <Markdown html={entry.bodyHtml} /> : null}
          <ShippedIdeas posts={posts} headingId="linked-heading" level="h2" />
          <Link to={`/changelog#entry-${entry.id}`}>{t("changelog.admin.viewPublic")}</Link>
        </article>
      ) : (
        <>
          <Form method="post" id={form.id} onSubmit={form.onSubmit} className="card space-y-4 p-5" noValidate aria-labelledby="edit-entry-heading">
            <div className="flex flex-wrap items-center gap-2">
              <span className="badge border-amber-500/50 text-amber-600">{t("changelog.admin.draft")}</span>
              <h1 id="edit-entry-heading" className="text-2xl font-bold">
                {t("changelog.admin.editHeading")}
              </h1>
            </div>
            <Field name="title" label={t("changelog.admin.title")} hint={t("changelog.admin.titleHint")} error={firstError(fields.title.errors)}>
              {(p) => <input {...p} className="input" dir="auto" maxLength={120} defaultValue={typedValue(fields.title.initialValue)} />}
            </Field>
            <Field name="body" label={t("changelog.admin.body")} hint={t("changelog.admin.bodyHint")} error={firstError(fields.body.errors)}>
              {(p) => <textarea {...p} rows={10} className="input" dir="auto" defaultValue={typedValue(fields.body.initialValue)} />}
            </Field>
            <Field name="postIds" label={t("changelog.admin.postIds")} hint={t("changelog.admin.postIdsHint")} error={firstError(fields.postIds.errors)}>
              {(p) => (
                <input {...p} className="input" dir="ltr" inputMode="numeric" autoComplete="off" defaultValue={typedValue(fields.postIds.initialValue)} />
              )}
            </Field>
            <LinkablePosts posts={linkable} />
            <div className="flex flex-wrap items-center gap-3 border-t border-line pt-4">
              <button type="submit" name="intent" value="save" className="btn">
                {t("changelog.admin.save")}
              </button>
              <button
                type="submit"
                name="intent"
                value="publish"
                className="btn btn-primary"
                onClick={(e) => {
                  if (!confirm(t("changelog.admin.publishConfirm"))) e.preventDefault();
                }}
              >
                {t("changelog.admin.publish")}
              </button>
              <p className="w-full text-sm text-muted">{t("changelog.admin.publishHint")}</p>
            </div>
          </Form>
        </>
      )}
    </div>
  );
}
