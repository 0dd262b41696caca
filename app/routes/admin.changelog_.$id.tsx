// Staff: edit a changelog draft and publish it; a published entry is shown read-only.
// (The "_" keeps this page out of admin.changelog's layout: it sits in the admin layout only.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { LinkedIdeasField } from "~/components/LinkablePosts";
import { useHydrated } from "~/components/useHydrated";
import { Markdown } from "~/components/Markdown";
import { ShippedIdeas } from "~/components/ShippedIdeas";
import { entrySchema, previewSchema } from "~/schemas/changelog";
import { entryForStaff, linkablePosts, previewEntry, publishEntry, saveEntry } from "~/services/changelog.server";
import { requireStaff } from "~/services/guards.server";
import { readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { intent, runIntent } from "~/utils/intents.server";
import { idParam } from "~/utils/validation";
import type { PostStatus } from "~/db/enums";

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

// The buttons send the whole form; "preview" only renders the body and gives the rest back as typed.
const intents = {
  preview: intent({
    schema: previewSchema,
    authorise: staffOnly,
    run: (input) => previewEntry(input),
  }),
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
  if (ran.outcome.intent === "preview") {
    return { intent: "preview" as const, preview: ran.outcome.value };
  }
  return redirect(ran.outcome.intent === "save" ? `/admin/changelog/${entryId}?saved=1` : `/changelog#entry-${entryId}`);
}

export default function AdminChangelogEntry() {
  const t = useT();
  const format = useFormat();
  const { entry, posts, linkable } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const rejected = answer && "reply" in answer ? answer : undefined;
  // A no-JS preview comes back with what was typed, which the form shows again.
  const previewed = answer && "preview" in answer ? answer.preview : undefined;
  const [form, fields] = useSchemaForm(entrySchema, rejected?.reply, {
    defaultValue: previewed?.typed ?? { title: entry.title, body: entry.bodyMd, postIds: posts.map((post) => post.id).join(", ") },
  });
  const hydrated = useHydrated();
  const previewer = useFetcher<typeof action>();
  const [tab, setTab] = useState<"write" | "preview">("write");
  const fetched = previewer.data && "preview" in previewer.data ? previewer.data.preview.html : undefined;
  const showPreview = (button: HTMLButtonElement) => {
    const body = button.form?.elements.namedItem("body");
    setTab("preview");
    previewer.submit({ intent: "preview", body: body instanceof HTMLTextAreaElement ? body.value : "" }, { method: "post" });
  };
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
              <span className="badge border-warn/50 text-warn">{t("changelog.admin.draft")}</span>
              <h1 id="edit-entry-heading" className="text-2xl font-bold">
                {t("changelog.admin.editHeading")}
              </h1>
            </div>
            <Field name="title" label={t("changelog.admin.title")} hint={t("changelog.admin.titleHint")} error={firstError(fields.title.errors)}>
              {(p) => <input {...p} className="input" dir="auto" maxLength={120} defaultValue={typedValue(fields.title.initialValue)} />}
            </Field>
            {hydrated ? (
              <div role="tablist" aria-label={t("changelog.admin.body")} className="flex gap-1 border-b border-line">
                {(["write", "preview"] as const).map((name) => (
                  <button
                    key={name}
                    type="button"
                    role="tab"
                    id={`tab-${name}`}
                    aria-selected={tab === name}
                    aria-controls={`panel-${name}`}
                    className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${tab === name ? "border-accent font-semibold" : "border-transparent text-muted"}`}
                    onClick={(e) => (name === "preview" ? showPreview(e.currentTarget) : setTab("write"))}
                  >
                    {t(name === "write" ? "changelog.admin.write" : "changelog.admin.preview")}
                  </button>
                ))}
              </div>
            ) : null}
            {/* The textarea stays in the form while the preview shows, so saving never loses it. */}
            <div
              id="panel-write"
              role={hydrated ? "tabpanel" : undefined}
              aria-labelledby={hydrated ? "tab-write" : undefined}
              hidden={hydrated && tab !== "write"}
            >
              <Field name="body" label={t("changelog.admin.body")} hint={t("changelog.admin.bodyHint")} error={firstError(fields.body.errors)}>
                {(p) => <textarea {...p} rows={10} className="input" dir="auto" defaultValue={typedValue(fields.body.initialValue)} />}
              </Field>
            </div>
            {hydrated ? (
              <div
                id="panel-preview"
                role="tabpanel"
                aria-labelledby="tab-preview"
                hidden={tab !== "preview"}
                aria-busy={previewer.state !== "idle"}
                data-testid="preview"
              >
                {fetched ? <Markdown html={fetched} /> : <p className="text-sm text-muted">{t("changelog.admin.previewEmpty")}</p>}
              </div>
            ) : previewed ? (
              <section aria-labelledby="preview-heading" className="rounded-md border border-line p-3" data-testid="preview">
                <h2 id="preview-heading" className="mb-2 text-sm font-semibold">
                  {t("changelog.admin.previewHeading")}
                </h2>
                {previewed.html ? <Markdown html={previewed.html} /> : <p className="text-sm text-muted">{t("changelog.admin.previewEmpty")}</p>}
              </section>
            ) : null}
            <LinkedIdeasField field={fields.postIds} initial={posts.map((p) => ({ ...p, status: p.status as PostStatus }))} linkable={linkable} />
            <div className="flex flex-wrap items-center gap-3 border-t border-line pt-4">
              <button type="submit" name="intent" value="save" className="btn">
                {t("changelog.admin.save")}
              </button>
              {hydrated ? null : (
                <button type="submit" name="intent" value="preview" className="btn" formNoValidate>
                  {t("changelog.admin.preview")}
                </button>
              )}
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
