import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import { CLOSED_STATUSES, OPEN_STATUSES, POST_KINDS } from "~/db/enums";
import type { Listing } from "~/services/posts.server";
import { Avatar } from "./Avatar";
import { KindBadge, StatusBadge, TagBadge } from "./Badges";
import { useFormat, useT } from "./i18n";
import { Highlighted } from "./Markdown";
import { RelativeTime } from "./RelativeTime";
import { VoteButton } from "./VoteButton";

/** `prompt`: a card above the ideas (the in-app survey prompt), or nothing. */
type Props = { listing: Listing; basePath: string; prompt?: React.ReactNode };

const tab = (current: boolean) => `rounded px-3 py-1 text-sm no-underline ${current ? "bg-accent text-accent-ink" : "text-ink hover:bg-canvas"}`;

/**
 * The board: the open or closed ideas, a board list (a sidebar on wide screens, inside
 * one "Filters" disclosure on phones), search, sort, filters, rows and the keyset "More"
 * link; all plain GET forms and links.
 */
export function PostList({ listing, basePath, prompt }: Props) {
  const t = useT();
  const location = useLocation();
  const navigation = useNavigation();
  const { query, posts, board, boards, tags, nextCursor, state, showKinds, signedIn, now } = listing;
  const params = new URLSearchParams(location.search);
  params.delete("cursor");

  const withParams = (changes: Record<string, string | null>, path = basePath) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    const qs = next.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const withParam = (key: string, value: string | null) => withParams({ [key]: value });

  const filtered = Boolean(query.status || query.kind || query.tag || (signedIn && query.mine) || (query.board && !board));
  const busy = navigation.state === "loading" && navigation.location?.pathname === basePath;
  const statuses = state === "closed" ? CLOSED_STATUSES : OPEN_STATUSES;
  const allCount = boards.reduce((sum, b) => sum + b.count, 0);
  // Board links keep the view (open or closed) and drop the other filters' board.
  const boardLink = (slug: string | null) => withParams({ board: null, cursor: null }, slug ? `/b/${slug}` : "/");

  /** The filters as one GET form: in the sidebar on wide screens, in the disclosure on phones (with the board, sort and mine there too). */
  const filterForm = (where: "side" | "menu") => {
    const id = (name: string) => `${where}-filter-${name}`;
    const menu = where === "menu";
    return (
      <Form method="get" action={menu ? "/" : basePath} className="space-y-3 text-sm">
        {query.q ? <input type="hidden" name="q" value={query.q} /> : null}
        {state === "closed" ? <input type="hidden" name="state" value="closed" /> : null}
        {menu ? null : <input type="hidden" name="sort" value={query.sort} />}
        {!menu && query.mine ? <input type="hidden" name="mine" value={query.mine} /> : null}
        {menu ? (
          <>
            <FilterSelect id={id("board")} label={t("list.filter.board")} name="board" value={board?.slug ?? query.board ?? ""}>
              <option value="">{t("list.filter.allBoards")}</option>
              {boards.map((b) => (
                <option key={b.id} value={b.slug}>
                  {t("list.boardWithCount", { board: b.name, count: b.count })}
                </option>
              ))}
            </FilterSelect>
            {query.q ? null : (
              <FilterSelect id={id("sort")} label={t("list.sort")} name="sort" value={query.sort}>
                {(["trending", "top", "new"] as const).map((sort) => (
                  <option key={sort} value={sort}>
                    {t(`list.sort.${sort}`)}
                  </option>
                ))}
              </FilterSelect>
            )}
            {signedIn ? (
              <FilterSelect id={id("mine")} label={t("list.filter.mine")} name="mine" value={query.mine ?? ""}>
                <option value="">{t("list.filter.everyone")}</option>
                <option value="ideas">{t("list.filter.myIdeas")}</option>
                <option value="votes">{t("list.filter.myVotes")}</option>
              </FilterSelect>
            ) : null}
          </>
        ) : null}
        {tags.length > 0 ? (
          <FilterSelect id={id("tag")} label={t("list.filter.tag")} name="tag" value={query.tag ? String(query.tag) : ""}>
            <option value="">{t("list.filter.allTags")}</option>
            {tags.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </FilterSelect>
        ) : null}
        <FilterSelect id={id("status")} label={t("list.filter.status")} name="status" value={query.status ?? ""}>
          <option value="">{state === "closed" ? t("list.filter.allClosed") : t("list.filter.allOpen")}</option>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </FilterSelect>
        {showKinds ? (
          <FilterSelect id={id("kind")} label={t("list.filter.kind")} name="kind" value={query.kind ?? ""}>
            <option value="">{t("list.filter.allKinds")}</option>
            {POST_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </FilterSelect>
        ) : null}
        <button type="submit" className="btn w-full">
          {t("list.filter.apply")}
        </button>
      </Form>
    );
  };

  return (
    <div className="lg:grid lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-8">
      <aside className="hidden space-y-6 lg:block" aria-label={t("list.filters")}>
        <nav aria-labelledby="boards-heading" className="space-y-2">
          <h2 id="boards-heading" className="text-sm font-semibold text-muted">
            {t("list.boards")}
          </h2>
          <ul className="space-y-1 text-sm" data-testid="board-list">
            <li>
              <BoardLink to={boardLink(null)} current={!board && !query.board} name={t("list.filter.allBoards")} count={allCount} />
            </li>
            {boards.map((b) => (
              <li key={b.id}>
                <BoardLink to={boardLink(b.slug)} current={board?.id === b.id} name={b.name} count={b.count} />
              </li>
            ))}
          </ul>
        </nav>
        {signedIn ? (
          <nav aria-labelledby="mine-heading" className="space-y-2">
            <h2 id="mine-heading" className="text-sm font-semibold text-muted">
              {t("list.filter.mine")}
            </h2>
            <ul className="space-y-1 text-sm">
              {([null, "ideas", "votes"] as const).map((mine) => (
                <li key={mine ?? "all"}>
                  <Link
                    to={withParam("mine", mine)}
                    aria-current={(query.mine ?? null) === mine ? "page" : undefined}
                    className={`block rounded px-2 py-1 no-underline ${(query.mine ?? null) === mine ? "bg-canvas font-semibold text-ink" : "text-ink hover:bg-canvas"}`}
                  >
                    {mine === null ? t("list.filter.everyone") : mine === "ideas" ? t("list.filter.myIdeas") : t("list.filter.myVotes")}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <section aria-labelledby="side-filters-heading" className="space-y-2">
          <h2 id="side-filters-heading" className="text-sm font-semibold text-muted">
            {t("list.filters")}
          </h2>
          {filterForm("side")}
        </section>
      </aside>

      <div className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2">
          <div className="min-w-0">
            <h1 className="text-xl font-bold sm:text-2xl" dir="auto">
              {board ? board.name : t("list.heading")}
            </h1>
            {board?.description ? (
              <p className="hidden text-muted sm:block" dir="auto">
                {board.description}
              </p>
            ) : null}
          </div>
          <Form method="get" action={basePath} role="search" className="flex min-w-[12rem] flex-1 gap-2 sm:max-w-sm">
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
              className="input py-1.5"
              maxLength={200}
            />
            <button type="submit" className="btn">
              {t("list.searchButton")}
            </button>
          </Form>
        </div>

        <div className="flex flex-wrap items-start gap-2">
          <nav aria-label={t("list.state")} className="flex gap-1 rounded-md border border-line bg-surface p-1">
            {(["open", "closed"] as const).map((s) => (
              <Link
                key={s}
                to={withParams({ state: s === "closed" ? "closed" : null, status: null, cursor: null })}
                aria-current={state === s ? "page" : undefined}
                className={tab(state === s)}
                data-testid={`state-${s}`}
              >
                {t(`list.state.${s}`)}
              </Link>
            ))}
          </nav>
          {query.q ? null : (
            <nav aria-label={t("list.sort")} className="hidden gap-1 rounded-md border border-line bg-surface p-1 sm:flex">
              {(["trending", "top", "new"] as const).map((sort) => (
                <Link key={sort} to={withParam("sort", sort)} aria-current={query.sort === sort ? "page" : undefined} className={tab(query.sort === sort)}>
                  {t(`list.sort.${sort}`)}
                </Link>
              ))}
            </nav>
          )}
          <details className="ms-auto lg:hidden" data-testid="filters-menu">
            <summary className="btn cursor-pointer list-none py-1.5">
              {t("list.filters")}
              {filtered ? <span className="ms-1 inline-block h-2 w-2 rounded-full bg-accent" aria-hidden="true" /> : null}
              {filtered ? <span className="sr-only"> {t("list.filtersActive")}</span> : null}
            </summary>
            <div className="card absolute inset-x-4 z-20 mt-2 p-4 sm:inset-x-auto sm:end-4 sm:w-72">{filterForm("menu")}</div>
          </details>
        </div>

        {prompt}

        {query.q ? (
          <p className="text-sm text-muted">
            {/* Isolated, so a query's own direction cannot reorder the sentence around it. */}
            {t("list.resultsFor", { q: `\u2068${query.q}\u2069` })} · <Link to={withParam("q", null)}>{t("list.clearSearch")}</Link>
          </p>
        ) : null}

        {posts.length === 0 ? (
          <div className="card space-y-2 p-6 text-center text-muted">
            <p>{query.q ? t("list.noResults") : filtered ? t("list.noFilterResults") : state === "closed" ? t("list.emptyClosed") : t("list.empty")}</p>
            {filtered && !query.q ? <Link to={state === "closed" ? `${basePath}?state=closed` : basePath}>{t("list.clearFilters")}</Link> : null}
          </div>
        ) : (
          <ul className={`space-y-2 ${busy ? "opacity-60" : ""}`} aria-busy={busy}>
            {posts.map((post) => (
              <li key={post.id} className="card flex gap-3 p-3" data-testid="post-row">
                <VoteButton postId={post.id} title={post.title} voted={post.voted} voteCount={post.voteCount} refusal={post.voteRefusal} />
                <div className="min-w-0 flex-1 space-y-1">
                  {/* The row keeps the page's direction; only each text takes its own (dir="auto" on the text, not the box). */}
                  <Link to={`/posts/${post.id}`} className="block font-semibold text-ink [overflow-wrap:anywhere]">
                    <span dir="auto">
                      <Highlighted segments={post.titleSegments} text={post.title} />
                    </span>
                  </Link>
                  {post.excerpt ? (
                    <p className="line-clamp-2 text-sm text-muted">
                      <span dir="auto">
                        <Highlighted segments={post.excerptSegments} text={post.excerpt} />
                      </span>
                    </p>
                  ) : null}
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted">
                    <StatusBadge status={post.status} />
                    {showKinds ? <KindBadge kind={post.kind} /> : null}
                    {post.tags.map((tag) => (
                      <TagBadge key={tag.id} tag={tag} />
                    ))}
                    {post.teamReplied ? (
                      <span className="badge border-line text-ink" data-testid="team-replied">
                        <svg aria-hidden="true" viewBox="0 0 20 20" className="me-1 h-3 w-3 text-ok" fill="currentColor">
                          <path d="M7.5 13.2 4.3 10l-1.4 1.4 4.6 4.6 10-10-1.4-1.4z" />
                        </svg>
                        {t("list.teamReplied")}
                      </span>
                    ) : null}
                    <span>{t("count.comments", { count: post.commentCount })}</span>
                    <span aria-hidden="true">·</span>
                    <span className="inline-flex min-w-0 items-center gap-1" data-testid="post-author">
                      <Avatar name={post.authorName} />
                      <bdi className="[overflow-wrap:anywhere]">{post.authorName}</bdi>
                    </span>
                    <span aria-hidden="true">·</span>
                    <RelativeTime at={post.createdAt} now={now} />
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
    </div>
  );
}

function BoardLink({ to, current, name, count }: { to: string; current: boolean; name: string; count: number }) {
  const format = useFormat();
  return (
    <Link
      to={to}
      aria-current={current ? "page" : undefined}
      className={`flex items-center justify-between gap-2 rounded px-2 py-1 no-underline ${current ? "bg-canvas font-semibold text-ink" : "text-ink hover:bg-canvas"}`}
    >
      <span dir="auto" className="min-w-0 [overflow-wrap:anywhere]">
        {name}
      </span>
      <span className="text-muted">{format.number(count)}</span>
    </Link>
  );
}

function FilterSelect({ id, label, name, value, children }: { id: string; label: string; name: string; value: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-muted">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className="input py-1">
        {children}
      </select>
    </div>
  );
}
