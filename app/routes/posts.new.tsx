import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { StatusBadge } from "~/components/Badges";
import { Field, FormError, Honeypot } from "~/components/Field";
import { useFormat, useT } from "~/components/i18n";
import type { PostStatus } from "~/db/enums";
import { listPublicBoards } from "~/models/boards.server";
import { assertNoBot, parseForm, readForm } from "~/utils/forms.server";
import { requireUser } from "~/services/guards.server";
import { createPost, newPostSchema, type SimilarPost } from "~/services/posts.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const boards = listPublicBoards().map(({ slug, name }) => ({ slug, name }));
  return { boards, board: new URL(request.url).searchParams.get("board") ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "/posts/new");
  const form = await readForm(request);
  assertNoBot(form);
  const parsed = parseForm(form, newPostSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, formError: undefined, values: parsed.values }, { status: 400 });
  const result = await createPost(parsed.data, user);
  if (result.ok) return redirect(`/posts/${result.postId}`);
  const status = result.formError === "error.rateLimited" ? 429 : result.formError ? 403 : 400;
  return data({ errors: result.fieldErrors ?? {}, formError: result.formError, values: parsed.values }, { status });
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
            <StatusBadge status={p.status as PostStatus} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function NewPost() {
  const t = useT();
  const { boards, board } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const values: Record<string, string | undefined> = result?.values ?? {};
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const [title, setTitle] = useState(values.title ?? "");
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("newPost.heading")}</h1>
      <p className="text-muted">{t("newPost.intro")}</p>
      <FormError error={result?.formError} />
      <Form method="post" className="card space-y-4 p-5" noValidate>
        <Honeypot />
        <Field name="title" label={t("newPost.title")} hint={t("newPost.titleHint")} error={errors.title as never}>
          {(p) => (
            <input
              {...p}
              className="input"
              dir="auto"
              defaultValue={values.title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              autoComplete="off"
              required
              maxLength={120}
            />
          )}
        </Field>
        <SimilarPosts title={title} />
        <Field name="body" label={t("newPost.body")} hint={t("newPost.bodyHint")} error={errors.body as never}>
          {(p) => <textarea {...p} rows={8} className="input" dir="auto" defaultValue={values.body} maxLength={10000} />}
        </Field>
        {boards.length > 1 ? (
          <Field name="board" label={t("newPost.board")} error={errors.board as never}>
            {(p) => (
              <select {...p} className="input" defaultValue={values.board ?? board}>
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
