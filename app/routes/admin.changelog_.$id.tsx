// Staff: edit a changelog draft and publish it; a published entry is shown read-only.
// (The "_" keeps this page out of admin.changelog's layout: it sits in the admin layout only.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { LinkablePosts } from "~/components/LinkablePosts";
import { ShippedIdeas } from "~/components/ShippedIdeas";
import { Field, FormError } from "~/components/Field";
import { useFormat, useT } from "~/components/i18n";
import { Markdown } from "~/components/Markdown";
import type { MessageKey } from "~/i18n";
import { entryFieldErrors, entryFormSchema, entryForStaff, linkablePosts, publishEntry, saveEntry } from "~/services/changelog.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { requireStaff } from "~/services/guards.server";
import { idParam } from "~/utils/validation";

function entryIdOf(params: { id?: string }): number {
  const id = idParam.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const page = entryForStaff(entryIdOf(params));
  if (!page) throw new Response("Not found", { status: 404 });
  return { ...page, linkable: page.entry.publishedAt ? [] : linkablePosts() };
}

type Failure = { errors: ReturnType<typeof entryFieldErrors>; values: Record<string, string>; formError?: MessageKey };

export async function action({ request, params }: ActionFunctionArgs) {
  const staff = await requireStaff(request);
  const entryId = entryIdOf(params);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const fail = (failure: Failure, status: number) => data(failure, { status });

  if (intent === "save" || intent === "publish") {
    // Publishing saves what is in the form first, so no edit is lost on the way out.
    const parsed = parseForm(form, entryFormSchema);
    if (!parsed.ok) return fail({ errors: entryFieldErrors(parsed.errors), values: parsed.values }, 400);
    const saved = await saveEntry(entryId, parsed.data, staff);
    if (!saved.ok) {
      if (saved.formError === "error.notFound") throw new Response("Not found", { status: 404 });
      if (saved.formError === "error.alreadyPublished") return fail({ errors: {}, values: parsed.values, formError: "changelog.error.alreadyPublished" }, 409);
      return fail({ errors: entryFieldErrors(saved.errors), values: parsed.values }, saved.status);
    }
    if (intent === "save") return redirect(`/admin/changelog/${entryId}?saved=1`);
    const result = publishEntry(entryId, staff);
    if (result.ok) return redirect(`/changelog#entry-${entryId}`);
    if (result.error === "error.notFound") throw new Response("Not found", { status: 404 });
    return fail({ errors: {}, values: {}, formError: "changelog.error.alreadyPublished" }, 409);
  }

  throw new Response("Bad request", { status: 400 });
}

export default function AdminChangelogEntry() {
  const t = useT();
  const format = useFormat();
  const { entry, posts, linkable } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const [params] = useSearchParams();
  const saved = params.get("saved") === "1" && !failure;
  const values: Record<string, string | undefined> = failure?.values ?? {};
  const errors = failure?.errors ?? {};

  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/admin/changelog" className="text-sm">
        {t("changelog.admin.back")}
      </Link>
      <FormError error={failure?.formError} />
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
          <Form method="post" className="card space-y-4 p-5" noValidate aria-labelledby="edit-entry-heading">
            <div className="flex flex-wrap items-center gap-2">
              <span className="badge border-amber-500/50 text-amber-600">{t("changelog.admin.draft")}</span>
              <h1 id="edit-entry-heading" className="text-2xl font-bold">
                {t("changelog.admin.editHeading")}
              </h1>
            </div>
            <Field name="title" label={t("changelog.admin.title")} hint={t("changelog.admin.titleHint")} error={errors.title}>
              {(p) => <input {...p} className="input" dir="auto" maxLength={120} defaultValue={values.title ?? entry.title} />}
            </Field>
            <Field name="body" label={t("changelog.admin.body")} hint={t("changelog.admin.bodyHint")} error={errors.body}>
              {(p) => <textarea {...p} rows={10} className="input" dir="auto" defaultValue={values.body ?? entry.bodyMd} />}
            </Field>
            <Field name="postIds" label={t("changelog.admin.postIds")} hint={t("changelog.admin.postIdsHint")} error={errors.postIds}>
              {(p) => (
                <input
                  {...p}
                  className="input"
                  dir="ltr"
                  inputMode="numeric"
                  autoComplete="off"
                  defaultValue={values.postIds ?? posts.map((post) => post.id).join(", ")}
                />
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
