import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import { POST_KINDS, POST_STATUSES } from "~/db/enums";
import type { Listing } from "~/services/posts.server";
import { KindBadge, StatusBadge, TagBadge } from "./Badges";
import { useFormat, useT } from "./i18n";
import { Highlighted } from "./Markdown";
import { VoteButton } from "./VoteButton";

type Props = { listing: Listing; basePath: string };

/** The board: search, sort tabs, filters, rows and keyset "More" link; all plain GET forms and links. */
export function PostList({ listing, basePath }: Props) {
  const t = useT();
  const format = useFormat();
  const location = useLocation();
  const navigation = useNavigation();
  const { query, posts, board, boards, nextCursor } = listing;
  const params = new URLSearchParams(location.search);
  params.delete("cursor");

  const withParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    const qs = next.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };

  const filtered = Boolean(query.status || query.kind || (query.board && !board));
  const busy = navigation.state === "loading" && navigation.location?.pathname === basePath;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold" dir="auto">
            {board ? board.name : t("list.heading")}
          </h1>
          {board?.description ? (
            <p className="text-muted" dir="auto">
              {board.description}
            </p>
          ) : null}
        </div>
        <Form method="get" action={basePath} role="search" className="flex w-full max-w-sm gap-2">
          {[...params]
            .filter(([k]) => k !== "q")
            .map(([k, v]) => (
              <input key={k} type="hidden" name={k} value={v} />
            ))}
          <label htmlFor="search-q" className="sr-only">
            {t("list.searchLabel")}
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={query.q ?? ""}
            placeholder={t("list.searchPlaceholder")}
            dir="auto"
            className="input"
            maxLength={200}
          />
          <button type="submit" className="btn">
            {t("list.searchButton")}
          </button>
        </Form>
      </div>

      <div className="flex flex-wrap items-center gap-3">
        {query.q ? null : (
          <nav aria-label={t("list.sort")} className="flex gap-1 rounded-md border border-line bg-surface p-1">
            {(["trending", "top", "new"] as const).map((sort) => (
              <Link
                key={sort}
                to={withParam("sort", sort)}
                aria-current={query.sort === sort ? "page" : undefined}
                className={`rounded px-3 py-1 text-sm no-underline ${query.sort === sort ? "bg-accent text-accent-ink" : "text-ink hover:bg-canvas"}`}
              >
                {t(`list.sort.${sort}`)}
              </Link>
            ))}
          </nav>
        )}
        <Form method="get" action={basePath} className="flex flex-wrap items-center gap-2 text-sm">
          {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
          <input type="hidden" name="sort" value={query.sort} />
          {board ? null : (
            <>
              <label htmlFor="filter-board" className="sr-only">
                {t("list.filter.board")}
              </label>
              <select id="filter-board" name="board" defaultValue={query.board ?? ""} className="input w-auto py-1">
                <option value="">{t("list.filter.allBoards")}</option>
                {boards.map((b) => (
                  <option key={b.id} value={b.slug}>
                    {b.name}
                  </option>
                ))}
              </select>
            </>
          )}
          <label htmlFor="filter-status" className="sr-only">
            {t("list.filter.status")}
          </label>
          <select id="filter-status" name="status" defaultValue={query.status ?? ""} className="input w-auto py-1">
            <option value="">{t("list.filter.allStatuses")}</option>
            {POST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          <label htmlFor="filter-kind" className="sr-only">
            {t("list.filter.kind")}
          </label>
          <select id="filter-kind" name="kind" defaultValue={query.kind ?? ""} className="input w-auto py-1">
            <option value="">{t("list.filter.allKinds")}</option>
            {POST_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="btn">
            {t("list.filter.apply")}
          </button>
        </Form>
      </div>

      {query.q ? (
        <p className="text-sm text-muted">
          {/* Isolated, so a query's own direction cannot reorder the sentence around it. */}
          {t("list.resultsFor", { q: `\u2068${query.q}\u2069` })} · <Link to={withParam("q", null)}>{t("list.clearSearch")}</Link>
        </p>
      ) : null}

      {posts.length === 0 ? (
        <div className="card space-y-2 p-6 text-center text-muted">
          <p>{query.q ? t("list.noResults") : filtered ? t("list.noFilterResults") : t("list.empty")}</p>
          {filtered && !query.q ? <Link to={basePath}>{t("list.clearFilters")}</Link> : null}
        </div>
      ) : (
        <ul className={`space-y-2 ${busy ? "opacity-60" : ""}`} aria-busy={busy}>
          {posts.map((post) => (
            <li key={post.id} className="card flex gap-3 p-3" data-testid="post-row">
              <VoteButton postId={post.id} title={post.title} voted={post.voted} voteCount={post.voteCount} />
              <div className="min-w-0 flex-1 space-y-1">
                <Link to={`/posts/${post.id}`} className="block font-semibold text-ink [overflow-wrap:anywhere]" dir="auto">
                  <Highlighted segments={post.titleSegments} text={post.title} />
                </Link>
                {post.excerpt ? (
                  <p className="line-clamp-2 text-sm text-muted" dir="auto">
                    <Highlighted segments={post.excerptSegments} text={post.excerpt} />
                  </p>
                ) : null}
                <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                  <StatusBadge status={post.status} />
                  <KindBadge kind={post.kind} />
                  {post.tags.map((tag) => (
                    <TagBadge key={tag.id} tag={tag} />
                  ))}
                  <span>{t("count.comments", { count: post.commentCount })}</span>
                  <span aria-hidden="true">·</span>
                  <time dateTime={new Date(post.createdAt).toISOString()}>{format.date(post.createdAt)}</time>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}

      {nextCursor || query.cursor ? (
        <div className="flex justify-center gap-2">
          {query.cursor ? (
            <Link to={withParam("cursor", null)} className="btn">
              {t("list.firstPage")}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link to={withParam("cursor", nextCursor)} className="btn" rel="next">
              {t("list.more")}
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
