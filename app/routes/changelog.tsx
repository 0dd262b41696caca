// The public changelog: published entries, newest first, each with the ideas it shipped.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useFormat, useT } from "~/components/i18n";
import { Markdown } from "~/components/Markdown";
import { ShippedIdeas } from "~/components/ShippedIdeas";
import { listChangelog } from "~/services/changelog.server";
import { getViewer, isStaff } from "~/services/guards.server";

export const links: LinksFunction = () => [{ rel: "alternate", type: "application/rss+xml", href: "/changelog.rss" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  return { entries: listChangelog(false), canWrite: isStaff(viewer) };
}

export default function ChangelogPage() {
  const t = useT();
  const format = useFormat();
  const { entries, canWrite } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold">{t("changelog.heading")}</h1>
          <p className="text-muted">{t("changelog.intro")}</p>
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {/* A document, not an app page: a plain link so the browser fetches the feed itself. */}
          <a href="/changelog.rss" type="application/rss+xml">
            {t("changelog.rss")}
          </a>
          {canWrite ? (
            <Link to="/admin/changelog" className="btn btn-primary">
              {t("changelog.write")}
            </Link>
          ) : null}
        </div>
      </div>

      {entries.length === 0 ? (
        <p className="card p-6 text-center text-muted">{t("changelog.empty")}</p>
      ) : (
        <ol className="space-y-6">
          {entries.map((entry) => (
            <li key={entry.id}>
              <article id={`entry-${entry.id}`} className="card space-y-3 p-5" aria-labelledby={`entry-${entry.id}-title`}>
                <header className="space-y-1">
                  <h2 id={`entry-${entry.id}-title`} className="text-xl font-bold" dir="auto">
                    {entry.title}
                  </h2>
                  {entry.publishedAt ? (
                    <p className="text-sm text-muted">
                      <time dateTime={new Date(entry.publishedAt).toISOString()}>{t("changelog.publishedOn", { date: format.date(entry.publishedAt) })}</time>
                    </p>
                  ) : null}
                </header>
                {entry.bodyHtml ? <Markdown html={entry.bodyHtml} /> : null}
                <ShippedIdeas posts={entry.posts} headingId={`entry-${entry.id}-posts`} />
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
