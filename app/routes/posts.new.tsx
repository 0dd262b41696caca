import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { StatusBadge } from "~/components/Badges";
import { Field, FormError, Honeypot } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import { listPublicBoards } from "~/models/boards.server";
import { newPostSchema } from "~/schemas/posts";
import { requireUser } from "~/services/guards.server";
import { createPost, type SimilarPost } from "~/services/posts.server";
import { assertNoBot, parseSubmission, readForm, reject } from "~/utils/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const boards = listPublicBoards().map(({ slug, name }) => ({ slug, name }));
  return { boards, board: new URL(request.url).searchParams.get("board") ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "/posts/new");
  const form = await readForm(request);
  assertNoBot(form);
  const submission = parseSubmission(form, newPostSchema);
  if (submission.status !== "success") return reject(submission);
  const created = await createPost(submission.value, user);
  return created.ok ? redirect(`/posts/${created.value.postId}`) : reject(submission, created);
}

function SimilarPosts({ title }: { title: string }) {
  const t = useT();
  const format = useFormat();
  const fetcher = useFetcher<{ posts: SimilarPost[] }>();
  const { load } = fetcher;
  useEffect(() => {
    if (title.trim().length < 3) return;
    const timer = setTimeout(() => load(`/posts/similar?${new URLSearchParams({ title })}`), 250);
    return () => clearTimeout(timer);
  }, [title, load]);
  const posts = title.trim().length >= 3 ? (fetcher.data?.posts ?? []) : [];
  if (posts.length === 0) return null;
  return (
    <section aria-live="polite" className="rounded-md border border-accent/40 bg-accent/5 p-3" data-testid="similar-posts">
      <h2 className="font-semibold">{t("newPost.similarHeading")}</h2>
      <p className="mb-2 text-sm text-muted">{t("newPost.similarHint")}</p>
      <ul className="space-y-1">
        {posts.map((p) => (
          <li key={p.id} className="flex items-center gap-2 text-sm">
            <span className="min-w-12 rounded border border-line px-1 text-center font-semibold" title={t("count.votes", { count: p.voteCount })}>
              {format.number(p.voteCount)}
            </span>
            <Link to={`/posts/${p.id}`} dir="auto">
              {p.title}
            </Link>
            <StatusBadge status={p.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function NewPost() {
  const t = useT();
  const { boards, board } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(newPostSchema, rejected);
  const [title, setTitle] = useState(typedValue(fields.title.initialValue) ?? "");
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("newPost.heading")}</h1>
      <p className="text-muted">{t("newPost.intro")}</p>
      <FormError id={form.errorId} error={firstError(form.errors)} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="card space-y-4 p-5" noValidate>
        <Honeypot />
        <Field name="title" label={t("newPost.title")} hint={t("newPost.titleHint")} error={firstError(fields.title.errors)}>
          {(p) => (
            <input
              {...p}
              className="input"
              dir="auto"
              defaultValue={typedValue(fields.title.initialValue)}
              onChange={(e) => setTitle(e.currentTarget.value)}
              autoComplete="off"
              required
              maxLength={120}
            />
          )}
        </Field>
        <SimilarPosts title={title} />
        <Field name="body" label={t("newPost.body")} hint={t("newPost.bodyHint")} error={firstError(fields.body.errors)}>
          {(p) => <textarea {...p} rows={8} className="input" dir="auto" defaultValue={typedValue(fields.body.initialValue)} maxLength={10000} />}
        </Field>
        {boards.length > 1 ? (
          <Field name="board" label={t("newPost.board")} error={firstError(fields.board.errors)}>
            {(p) => (
              <select {...p} className="input" defaultValue={typedValue(fields.board.initialValue) ?? board}>
                {boards.map((b) => (
                  <option key={b.slug} value={b.slug}>
                    {b.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <input type="hidden" name="board" value={boards[0]?.slug ?? ""} />
        )}
        <button type="submit" className="btn btn-primary" disabled={navigation.state === "submitting"}>
          {t("newPost.submit")}
        </button>
      </Form>
    </div>
  );
}
