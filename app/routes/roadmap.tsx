// The public roadmap: planned, in progress and recently shipped ideas side by side.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { KindBadge } from "~/components/Badges";
import { useFormat, useT } from "~/components/i18n";
import { roadmap } from "~/services/posts.server";
import { refuse } from "~/utils/http.server";

const roadmapQuery = z.object({
  board: z.string().trim().max(100).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const query = roadmapQuery.parse({ board: url.searchParams.get("board") ?? undefined });
  const columns = roadmap(query.board || undefined);
  if (!columns.ok) refuse(columns);
  return columns.value;
}

export default function RoadmapPage() {
  const t = useT();
  const format = useFormat();
  const { boards, board, columns } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold">{t("roadmap.heading")}</h1>
          <p className="text-muted">{t("roadmap.intro")}</p>
          <Link to="/changelog" className="text-sm">
            {t("roadmap.changelogLink")}
          </Link>
        </div>
        {boards.length > 0 ? (
          <Form method="get" action="/roadmap" className="flex flex-wrap items-center gap-2 text-sm">
            <label htmlFor="roadmap-board" className="sr-only">
              {t("roadmap.filter.board")}
            </label>
            <select id="roadmap-board" name="board" defaultValue={board?.slug ?? ""} className="input w-auto py-1">
              <option value="">{t("roadmap.filter.allBoards")}</option>
              {boards.map((b) => (
                <option key={b.id} value={b.slug}>
                  {b.name}
                </option>
              ))}
            </select>
            <button type="submit" className="btn">
              {t("roadmap.filter.apply")}
            </button>
          </Form>
        ) : null}
      </div>

      <div className="grid gap-4 md:grid-cols-3">
        {columns.map((column) => (
          <section key={column.status} aria-labelledby={`roadmap-${column.status}`} className="space-y-3" data-testid={`roadmap-${column.status}`}>
            <h2 id={`roadmap-${column.status}`} className="flex items-baseline justify-between gap-2 border-b border-line pb-1 text-lg font-semibold">
              <span>{t(`roadmap.column.${column.status}`)}</span>
              <span className="text-sm font-normal text-muted">{t("roadmap.count", { count: column.posts.length })}</span>
            </h2>
            {column.posts.length === 0 ? (
              <p className="card p-4 text-sm text-muted">{t(`roadmap.empty.${column.status}`)}</p>
            ) : (
              <ul className="space-y-2">
                {column.posts.map((post) => (
                  <li key={post.id} className="card space-y-2 p-3">
                    <Link to={`/posts/${post.id}`} className="block font-semibold text-ink" dir="auto">
                      {post.title}
                    </Link>
                    <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                      <span>{t("count.votes", { count: post.voteCount })}</span>
                      <KindBadge kind={post.kind} />
                      {column.status === "shipped" && post.shippedAt ? (
                        <time dateTime={new Date(post.shippedAt).toISOString()}>{t("roadmap.shippedOn", { date: format.date(post.shippedAt) })}</time>
                      ) : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
