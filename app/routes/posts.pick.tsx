// Staff's idea picker. With JavaScript the PostPicker combobox loads this route's data
// (JSON) as staff type; without it this is a plain search page: type words or a number,
// and pick the merge target with a radio button (the form posts to the post's triage action).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StatusBadge } from "~/components/Badges";
import { IdeaLine } from "~/components/LinkablePosts";
import { useFormat, useT } from "~/components/i18n";
import { pickQuerySchema } from "~/schemas/triage";
import { requireStaff } from "~/services/guards.server";
import { pickPosts } from "~/services/staff-post.server";
import { notFound } from "~/utils/http.server";

// The site's title (the root's), which a route's own meta would otherwise replace.
export const meta: MetaFunction = ({ matches }) => [...(matches.find((m) => m.id === "root")?.meta ?? []), { name: "robots", content: "noindex" }];

/** GET /posts/pick?q=…&except=… → { q, except, posts: [{ id, title, status, voteCount }] }; staff only. */
export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const url = new URL(request.url);
  const query = pickQuerySchema.parse(Object.fromEntries(url.searchParams));
  const picked = pickPosts(query.q, staff, query.except ?? null);
  if (!picked.ok) notFound();
  return { q: query.q, except: query.except ?? null, posts: picked.value };
}

export default function PickPost() {
  const t = useT();
  const format = useFormat();
  const { q, except, posts } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      {except !== null ? <Link to={`/posts/${except}#staff`}>{t("post.backToPost")}</Link> : null}
      <h1 className="text-2xl font-bold">{except !== null ? t("picker.mergeHeading", { id: except }) : t("picker.heading")}</h1>
      <Form method="get" className="flex flex-wrap items-end gap-2" role="search">
        {except !== null ? <input type="hidden" name="except" value={except} /> : null}
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor="pick-q" className="block text-sm font-medium">
            {t("picker.label")}
          </label>
          <input id="pick-q" name="q" type="search" className="input" dir="auto" defaultValue={q} maxLength={200} />
        </div>
        <button type="submit" className="btn">
          {t("picker.search")}
        </button>
      </Form>
      {q && posts.length === 0 ? <p className="text-muted">{t("picker.none")}</p> : null}
      {posts.length > 0 ? (
        except !== null ? (
          <Form method="post" action={`/posts/${except}/triage`} className="card space-y-3 p-4">
            <input type="hidden" name="intent" value="merge" />
            <fieldset className="space-y-2">
              <legend className="font-medium">{t("staff.mergeInto")}</legend>
              {posts.map((post) => (
                <label key={post.id} className="flex items-center gap-2">
                  <input type="radio" name="targetId" value={post.id} required />
                  <code dir="ltr" className="text-muted">
                    #{format.number(post.id)}
                  </code>
                  <span dir="auto" className="min-w-0 flex-1">
                    {post.title}
                  </span>
                  <StatusBadge status={post.status} />
                </label>
              ))}
            </fieldset>
            <p className="text-sm text-muted">{t("staff.mergeConfirm")}</p>
            <button type="submit" className="btn btn-primary">
              {t("staff.mergeSubmit")}
            </button>
          </Form>
        ) : (
          <ul className="card space-y-1 p-4" data-testid="picked-posts">
            {posts.map((post) => (
              <li key={post.id} className="flex items-center gap-2">
                <IdeaLine post={post} />
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
