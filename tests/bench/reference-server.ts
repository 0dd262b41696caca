// The reference server of the benchmark (issue 15): the same pages and the same vote
// transaction as the app, done the shortest way this box allows: node:http, better-sqlite3
// statements prepared once, and HTML from string templates. It is not part of the app and
// shares none of its layers; it borrows only the pure helpers whose output must be identical
// (the search fold, the vote weight, the status lists, the English catalogue), so that both
// servers search the same words and write the same numbers. run.ts drives it next to the app
// on its own copy of the fixture and reports `app / reference` for every scenario.
//
//   node --import tsx tests/bench/reference-server.ts --database <copy.db> --port <port>
//
// Prints "listening on" once it accepts connections, like the app.
import http from "node:http";
import Database from "better-sqlite3";
import { CLOSED_STATUSES, OPEN_STATUSES } from "~/db/enums";
import { en } from "~/i18n/en";
import { enShell } from "~/i18n/en-shell";
import { highlight, searchText, toFtsQuery, type HighlightSegment } from "~/utils/text-normalize";
import { liveVoteWeight, voteWeight } from "~/utils/trending.server";

const PAGE_SIZE = 20;
// The app's search ranks its best 200 FTS matches, then joins and filters them (searchPublicPosts).
const SEARCH_CANDIDATES = 200;
const SESSION_COOKIE = "closeloop_session";

const CATALOGUE: Record<string, unknown> = { ...enShell, ...en };
const t = (key: string): string => {
  const value = CATALOGUE[key];
  return typeof value === "string" ? value : key;
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string | number | null | undefined): string => String(text ?? "").replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

type ListRow = {
  id: number;
  title: string;
  excerpt: string;
  status: string;
  kind: string | null;
  voteCount: number;
  commentCount: number;
  createdAt: number;
  authorName: string;
};
type Viewer = { id: number; displayName: string; role: string; bannedAt: number | null; expiresAt: number };
type Board = { id: number; slug: string; name: string; description: string };
type Tag = { id: number; name: string; color: string };

function statements(db: Database.Database) {
  const visible = `p.deleted_at is null and p.merged_into_id is null and p.pending_approval = 0
    and p.board_id in (select id from boards where archived_at is null)`;
  const openStatuses = OPEN_STATUSES.map((s) => `'${s}'`).join(", ");
  const listColumns = `p.id, p.title, p.excerpt, p.status, p.kind, p.vote_count as voteCount, p.comment_count as commentCount,
    p.created_at as createdAt, u.display_name as authorName`;
  const page = (column: string) =>
    db.prepare(`select ${listColumns} from posts p join users u on u.id = p.author_id
      where ${visible} and p.status in (${openStatuses}) order by p.${column} desc, p.id desc limit ${PAGE_SIZE + 1}`);
  const ids = "(select value from json_each(?))";
  return {
    page: { top: page("vote_count"), trending: page("trending_score"), new: page("created_at") },
    search: db.prepare(`select ${listColumns} from
        (select rowid as post_id, bm25(posts_fts, 4.0, 1.0) as score from posts_fts where posts_fts match ? order by score limit ${SEARCH_CANDIDATES}) best
        join posts p on p.id = best.post_id join users u on u.id = p.author_id
      where ${visible} and p.status in (${openStatuses})
      order by best.score - p.vote_count * 0.0001, p.id limit ${PAGE_SIZE}`),
    boards: db.prepare("select id, slug, name, description from boards where archived_at is null order by id"),
    boardCounts: db.prepare(`select p.board_id as boardId, count(*) as n from posts p where ${visible} and p.status in (${openStatuses}) group by p.board_id`),
    tags: db.prepare("select id, name, color from tags order by name"),
    tagsOf: db.prepare(`select pt.post_id as postId, t.id, t.name, t.color from post_tags pt join tags t on t.id = pt.tag_id where pt.post_id in ${ids}`),
    teamReplied: db
      .prepare(
        `select p.id from posts p where
          exists (select 1 from comments c join users u on u.id = c.author_id
                  where c.post_id = p.id and c.is_internal = 0 and c.deleted_at is null and u.role in ('staff', 'admin'))
          or exists (select 1 from status_changes sc where sc.post_id = p.id and sc.response_html <> '')`,
      )
      .pluck(),
    voted: db.prepare(`select post_id from votes where user_id = ? and post_id in ${ids}`).pluck(),
    // Lucia's lookup in one statement: the session and its user.
    session: db.prepare(`select u.id, u.display_name as displayName, u.role, u.banned_at as bannedAt, s.expires_at as expiresAt
      from sessions s join users u on u.id = s.user_id where s.id = ?`),
    showKinds: db.prepare("select value from settings where key = 'showKindsPublicly'").pluck(),
    post: db.prepare(`select p.id, p.title, p.body_html as bodyHtml, p.status, p.kind, p.vote_count as voteCount, p.comment_count as commentCount,
        p.created_at as createdAt, p.pending_approval as pendingApproval, p.comments_locked_at as commentsLockedAt,
        u.display_name as authorName, b.slug as boardSlug, b.name as boardName
      from posts p join users u on u.id = p.author_id join boards b on b.id = p.board_id where p.id = ? and p.deleted_at is null`),
    comments: db.prepare(`select c.id, c.parent_id as parentId, c.body_html as bodyHtml, c.deleted_at as deletedAt, c.edited_at as editedAt,
        c.created_at as createdAt, u.display_name as authorName, u.role as authorRole
      from comments c join users u on u.id = c.author_id where c.post_id = ? and c.is_internal = 0 order by c.created_at, c.id`),
    timeline: db.prepare(`select sc.to_status as toStatus, sc.response_html as responseHtml, sc.created_at as createdAt, u.display_name as actorName
      from status_changes sc join users u on u.id = sc.actor_id where sc.post_id = ? order by sc.created_at, sc.id`),
    postTags: db.prepare("select t.id, t.name, t.color from post_tags pt join tags t on t.id = pt.tag_id where pt.post_id = ?"),
    // The vote: the same reads and writes as services/votes.server.ts toggleVote.
    votePost: db.prepare(`select p.status, p.pending_approval as pendingApproval, p.merged_into_id as mergedIntoId, p.author_id as authorId
      from posts p where p.id = ? and p.deleted_at is null`),
    deleteVote: db.prepare("delete from votes where post_id = ? and user_id = ? returning created_at").pluck(),
    insertVote: db.prepare("insert into votes (post_id, user_id, created_at) values (?, ?, ?) on conflict do nothing returning created_at").pluck(),
    adjust: db.prepare("update posts set vote_count = vote_count + ?, trending_score = trending_score + ? where id = ? returning vote_count").pluck(),
    subscribe: db.prepare("insert into subscriptions (post_id, user_id, state) values (?, ?, 'subscribed') on conflict do nothing"),
  };
}

const HEAD = (title: string) =>
  `<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/root.css"><link rel="icon" href="/favicon.ico"></head>` +
  `<body class="bg-canvas text-ink"><a href="#main" class="sr-only">${escapeHtml(t("nav.skip"))}</a>`;

const header = (viewer: Viewer | null) =>
  `<header class="border-b border-line bg-surface"><nav class="mx-auto flex max-w-5xl items-center gap-4 p-3"><a href="/" class="font-bold">Closeloop</a>` +
  `<a href="/roadmap">${escapeHtml(t("nav.roadmap"))}</a><a href="/changelog">${escapeHtml(t("nav.changelog"))}</a>` +
  (viewer
    ? `<span class="ms-auto">${escapeHtml(viewer.displayName)}</span><form method="post" action="/logout"><button class="btn">${escapeHtml(t("nav.logout"))}</button></form>`
    : `<a class="ms-auto" href="/login">${escapeHtml(t("nav.login"))}</a>`) +
  `</nav></header><main id="main" class="mx-auto max-w-5xl p-4">`;

const FOOT = `</main><script type="module" src="/assets/entry.client.js"></script></body></html>`;

const segments = (parts: HighlightSegment[] | null, plain: string) =>
  parts ? parts.map((s) => (s.match ? `<mark>${escapeHtml(s.text)}</mark>` : escapeHtml(s.text))).join("") : escapeHtml(plain);

const isoDate = (ms: number) => new Date(ms).toISOString();

export function createReferenceServer(databasePath: string): http.Server {
  const db = new Database(databasePath);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // The FTS triggers on posts call it (a vote's update of posts fires posts_fts_update).
  db.function("closeloop_search_text", { deterministic: true }, (text: unknown) => searchText(typeof text === "string" ? text : null));
  db.function("closeloop_vote_weight", { deterministic: true }, (votedAt: unknown) => voteWeight(Number(votedAt)));
  const sql = statements(db);
  const showKinds = sql.showKinds.get() === "1";
  // The per-board counts read every visible post (~250 ms at 100k posts, more on a busy box),
  // and "team replied" every comment of the 20 posts shown (~15 ms for the top page at 100k):
  // no minimal server does either per request. Both are computed once: nothing this server
  // serves creates, deletes, moves or closes a post, or adds a comment or a status change.
  const boardCounts = new Map((sql.boardCounts.all() as { boardId: number; n: number }[]).map((r) => [r.boardId, r.n]));
  const teamReplied = new Set(sql.teamReplied.all() as number[]);

  const viewerOf = (req: http.IncomingMessage): Viewer | null => {
    const cookie = req.headers.cookie;
    if (!cookie) return null;
    const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(cookie);
    if (!match) return null;
    const viewer = sql.session.get(match[1]) as Viewer | undefined;
    return viewer && viewer.expiresAt * 1000 > Date.now() ? viewer : null;
  };

  const boardPage = (url: URL, viewer: Viewer | null) => {
    const q = url.searchParams.get("q")?.slice(0, 200) ?? "";
    const sortParam = url.searchParams.get("sort");
    const sort = sortParam === "top" || sortParam === "new" ? sortParam : "trending";
    const ftsQuery = q ? toFtsQuery(q) : null;
    let rows: ListRow[] = ftsQuery ? (sql.search.all(ftsQuery) as ListRow[]) : q ? [] : (sql.page[sort].all() as ListRow[]);
    const more = !q && rows.length > PAGE_SIZE;
    if (more) rows = rows.slice(0, PAGE_SIZE);
    const idsJson = JSON.stringify(rows.map((r) => r.id));
    const voted = new Set(viewer ? (sql.voted.all(viewer.id, idsJson) as number[]) : []);
    const tagsByPost = new Map<number, Tag[]>();
    for (const tag of sql.tagsOf.all(idsJson) as (Tag & { postId: number })[]) {
      const list = tagsByPost.get(tag.postId) ?? [];
      list.push(tag);
      tagsByPost.set(tag.postId, list);
    }
    const boards = sql.boards.all() as Board[];
    const counts = boardCounts;
    const tags = sql.tags.all() as Tag[];
    const allCount = boards.reduce((sum, b) => sum + (counts.get(b.id) ?? 0), 0);

    let html = HEAD(t("list.heading")) + header(viewer);
    html += `<div class="lg:grid lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-8"><aside class="hidden space-y-6 lg:block"><nav><h2>${escapeHtml(t("list.boards"))}</h2><ul>`;
    html += `<li><a href="/" aria-current="page">${escapeHtml(t("list.filter.allBoards"))} <span>${allCount}</span></a></li>`;
    for (const b of boards) html += `<li><a href="/b/${escapeHtml(b.slug)}">${escapeHtml(b.name)} <span>${counts.get(b.id) ?? 0}</span></a></li>`;
    html += `</ul></nav><form method="get" action="/"><input type="hidden" name="sort" value="${sort}"><label for="side-filter-tag">${escapeHtml(t("list.filter.tag"))}</label><select id="side-filter-tag" name="tag"><option value="">${escapeHtml(t("list.filter.allTags"))}</option>`;
    for (const tag of tags) html += `<option value="${tag.id}">${escapeHtml(tag.name)}</option>`;
    html += `</select><label for="side-filter-status">${escapeHtml(t("list.filter.status"))}</label><select id="side-filter-status" name="status"><option value="">${escapeHtml(t("list.filter.allOpen"))}</option>`;
    for (const s of OPEN_STATUSES) html += `<option value="${s}">${escapeHtml(t(`status.${s}`))}</option>`;
    html += `</select><button type="submit" class="btn w-full">${escapeHtml(t("list.filter.apply"))}</button></form></aside><div class="min-w-0 space-y-3">`;
    html += `<h1 class="text-xl font-bold sm:text-2xl">${escapeHtml(t("list.heading"))}</h1><form method="get" action="/" role="search"><label for="search-q" class="sr-only">${escapeHtml(t("list.searchLabel"))}</label><input id="search-q" type="search" name="q" value="${escapeHtml(q)}" dir="auto" maxlength="200"><button type="submit" class="btn">${escapeHtml(t("list.searchButton"))}</button></form>`;
    html += `<nav aria-label="${escapeHtml(t("list.state"))}"><a href="/" aria-current="page">${escapeHtml(t("list.state.open"))}</a><a href="/?state=closed">${escapeHtml(t("list.state.closed"))}</a></nav>`;
    if (!q) {
      html += `<nav aria-label="${escapeHtml(t("list.sort"))}">`;
      for (const s of ["trending", "top", "new"])
        html += `<a href="/?sort=${s}"${s === sort ? ' aria-current="page"' : ""}>${escapeHtml(t(`list.sort.${s}`))}</a>`;
      html += `</nav>`;
    } else
      html += `<p class="text-sm text-muted">${escapeHtml(t("list.resultsFor").replace("{q}", `\u2068${q}\u2069`))} · <a href="/">${escapeHtml(t("list.clearSearch"))}</a></p>`;
    if (rows.length === 0) html += `<div class="card p-6 text-center text-muted"><p>${escapeHtml(t(q ? "list.noResults" : "list.empty"))}</p></div>`;
    html += `<ul class="space-y-2">`;
    for (const row of rows) {
      const closed = (CLOSED_STATUSES as readonly string[]).includes(row.status);
      const hasVoted = voted.has(row.id);
      html +=
        `<li class="card flex gap-3 p-3"><form method="post" action="/posts/${row.id}/vote"><input type="hidden" name="redirectTo" value="/">` +
        `<button type="submit" class="vote${hasVoted ? " voted" : ""}" aria-pressed="${hasVoted}"${closed ? " disabled" : ""} aria-label="${escapeHtml(t("vote.label").replace("{title}", row.title))}"><span>${row.voteCount}</span></button></form>` +
        `<div class="min-w-0"><a href="/posts/${row.id}" class="font-semibold" dir="auto">${segments(q ? highlight(row.title, q) : null, row.title)}</a>` +
        `<p class="text-sm text-muted" dir="auto">${segments(q ? highlight(row.excerpt, q) : null, row.excerpt)}</p>` +
        `<p class="flex flex-wrap gap-2 text-xs"><span class="badge status-${row.status}">${escapeHtml(t(`status.${row.status}`))}</span>` +
        (showKinds && row.kind ? `<span class="badge">${escapeHtml(t(`kind.${row.kind}`))}</span>` : "") +
        (tagsByPost.get(row.id) ?? []).map((tag) => `<span class="badge" style="--tag:${escapeHtml(tag.color)}">${escapeHtml(tag.name)}</span>`).join("") +
        (teamReplied.has(row.id) ? `<span class="badge">${escapeHtml(t("list.teamReplied"))}</span>` : "") +
        `<span>${escapeHtml(row.authorName)}</span><time datetime="${isoDate(row.createdAt)}">${isoDate(row.createdAt).slice(0, 10)}</time>` +
        `<a href="/posts/${row.id}#comments">${row.commentCount}</a></p></div></li>`;
    }
    html += `</ul>`;
    if (more) {
      const last = rows[rows.length - 1];
      html += `<a href="/?sort=${sort}&amp;cursor=${last.id}">${escapeHtml(t("list.more"))}</a>`;
    }
    return html + `</div></div>` + FOOT;
  };

  const postPage = (id: number, viewer: Viewer | null): string | null => {
    const post = sql.post.get(id) as
      (ListRow & { bodyHtml: string; pendingApproval: number; commentsLockedAt: number | null; boardSlug: string; boardName: string }) | undefined;
    if (!post || post.pendingApproval) return null;
    const comments = sql.comments.all(id) as {
      id: number;
      parentId: number | null;
      bodyHtml: string;
      deletedAt: number | null;
      editedAt: number | null;
      createdAt: number;
      authorName: string;
      authorRole: string;
    }[];
    const timeline = sql.timeline.all(id) as { toStatus: string; responseHtml: string; createdAt: number; actorName: string }[];
    const tags = sql.postTags.all(id) as Tag[];
    const official = [...timeline].reverse().find((e) => e.responseHtml !== "");
    const closed = (CLOSED_STATUSES as readonly string[]).includes(post.status);
    let html = HEAD(post.title) + header(viewer);
    html += `<article class="space-y-4"><a href="/b/${escapeHtml(post.boardSlug)}">${escapeHtml(post.boardName)}</a><div class="flex gap-3">`;
    html += `<form method="post" action="/posts/${post.id}/vote"><button type="submit" class="vote"${closed ? " disabled" : ""} aria-label="${escapeHtml(t("vote.label").replace("{title}", post.title))}"><span>${post.voteCount}</span></button></form>`;
    html += `<div><h1 class="text-2xl font-bold" dir="auto">${escapeHtml(post.title)}</h1><p class="text-sm text-muted"><span class="badge status-${post.status}">${escapeHtml(t(`status.${post.status}`))}</span>`;
    if (showKinds && post.kind) html += `<span class="badge">${escapeHtml(t(`kind.${post.kind}`))}</span>`;
    for (const tag of tags) html += `<span class="badge" style="--tag:${escapeHtml(tag.color)}">${escapeHtml(tag.name)}</span>`;
    html += `<span>${escapeHtml(post.authorName)}</span><time datetime="${isoDate(post.createdAt)}">${isoDate(post.createdAt).slice(0, 10)}</time></p></div></div>`;
    html += `<div class="prose" dir="auto">${post.bodyHtml}</div>`;
    if (official)
      html += `<section class="card p-4"><h2>${escapeHtml(t("post.officialResponse"))}</h2><div class="prose">${official.responseHtml}</div></section>`;
    if (timeline.length > 0) {
      html += `<section><h2>${escapeHtml(t("post.timeline"))}</h2><ol>`;
      for (const e of timeline)
        html += `<li><span class="badge status-${e.toStatus}">${escapeHtml(t(`status.${e.toStatus}`))}</span> ${escapeHtml(e.actorName)} <time datetime="${isoDate(e.createdAt)}">${isoDate(e.createdAt).slice(0, 10)}</time></li>`;
      html += `</ol></section>`;
    }
    html += `<section id="comments"><h2>${escapeHtml(t("comments.heading"))} (${post.commentCount})</h2><ul class="space-y-3">`;
    const replies = new Map<number, typeof comments>();
    for (const c of comments)
      if (c.parentId !== null) {
        const list = replies.get(c.parentId) ?? [];
        list.push(c);
        replies.set(c.parentId, list);
      }
    const comment = (c: (typeof comments)[number]) =>
      `<li id="comment-${c.id}" class="card p-3"><p class="text-sm"><span class="font-semibold">${escapeHtml(c.authorName)}</span>` +
      (c.authorRole !== "customer" ? ` <span class="badge">${escapeHtml(t("comments.team"))}</span>` : "") +
      ` <time datetime="${isoDate(c.createdAt)}">${isoDate(c.createdAt).slice(0, 10)}</time>${c.editedAt ? ` ${escapeHtml(t("comments.edited"))}` : ""}</p>` +
      (c.deletedAt ? `<p class="text-muted">${escapeHtml(t("comments.deleted"))}</p>` : `<div class="prose" dir="auto">${c.bodyHtml}</div>`);
    for (const c of comments) {
      if (c.parentId !== null) continue;
      html += comment(c);
      const children = replies.get(c.id);
      if (children) html += `<ul class="ms-6 space-y-2">${children.map((r) => comment(r) + "</li>").join("")}</ul>`;
      html += `</li>`;
    }
    html += `</ul>`;
    html += viewer ? "" : `<p><a href="/login?redirectTo=/posts/${post.id}">${escapeHtml(t("comments.loginToComment"))}</a></p>`;
    return html + `</section></article>` + FOOT;
  };

  const toggleVote = db.transaction((postId: number, viewer: Viewer, now: number): { status: number; body: unknown } => {
    if (viewer.bannedAt) return { status: 403, body: { error: "error.banned" } };
    const post = sql.votePost.get(postId) as { status: string; pendingApproval: number; mergedIntoId: number | null; authorId: number } | undefined;
    const staff = viewer.role === "staff" || viewer.role === "admin";
    if (!post || post.mergedIntoId !== null || (post.pendingApproval && !staff && post.authorId !== viewer.id))
      return { status: 404, body: { error: "error.notFound" } };
    if ((CLOSED_STATUSES as readonly string[]).includes(post.status)) return { status: 403, body: { error: "error.votingClosed" } };
    const removedAt = sql.deleteVote.get(postId, viewer.id) as number | undefined;
    if (removedAt !== undefined) {
      const voteCount = sql.adjust.get(-1, -liveVoteWeight(removedAt, now), postId) as number;
      return { status: 200, body: { voted: false, voteCount } };
    }
    const createdAt = sql.insertVote.get(postId, viewer.id, now) as number;
    const voteCount = sql.adjust.get(1, voteWeight(createdAt), postId) as number;
    sql.subscribe.run(postId, viewer.id);
    return { status: 200, body: { voted: true, voteCount } };
  });

  const send = (res: http.ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "private, no-store" });
    res.end(body);
  };
  const html = "text/html; charset=utf-8";

  return http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://reference");
    try {
      if (req.method === "GET" && url.pathname === "/") return send(res, 200, html, boardPage(url, viewerOf(req)));
      if (req.method === "GET" && url.pathname === "/robots.txt") return send(res, 200, "text/plain", "User-agent: *\nAllow: /\n");
      const postMatch = /^\/posts\/(\d+)$/.exec(url.pathname);
      if (req.method === "GET" && postMatch) {
        const page = postPage(Number(postMatch[1]), viewerOf(req));
        return page === null ? send(res, 404, html, HEAD(t("error.notFound")) + FOOT) : send(res, 200, html, page);
      }
      const voteMatch = /^\/posts\/(\d+)\/vote$/.exec(url.pathname);
      if (req.method === "POST" && voteMatch) {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          // The app refuses a cross-site form post (its CSRF check) and sends a visitor to sign in.
          if (req.headers.origin !== `http://${req.headers.host}`) return send(res, 403, "application/json", '{"error":"error.forbidden"}');
          const viewer = viewerOf(req);
          if (!viewer) {
            res.writeHead(302, { location: `/login?redirectTo=/posts/${voteMatch[1]}` });
            return res.end();
          }
          const viaFetcher = new URLSearchParams(Buffer.concat(chunks).toString()).get("via") === "fetcher";
          const { status, body } = toggleVote(Number(voteMatch[1]), viewer, Date.now());
          if (viaFetcher || status !== 200) return send(res, status, "application/json", JSON.stringify(body));
          res.writeHead(302, { location: `/posts/${voteMatch[1]}` });
          res.end();
        });
        return;
      }
      send(res, 404, html, HEAD(t("error.notFound")) + FOOT);
    } catch (error) {
      console.error(error);
      send(res, 500, "text/plain", "error");
    }
  });
}

function main() {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    if (i < 0 || !process.argv[i + 1]) throw new Error(`reference-server: ${name} is required`);
    return process.argv[i + 1];
  };
  const server = createReferenceServer(arg("--database"));
  server.keepAliveTimeout = 65_000;
  server.listen(Number(arg("--port")), "127.0.0.1", () => console.log(`reference server listening on http://127.0.0.1:${arg("--port")}`));
  process.once("SIGTERM", () => process.exit(0));
}

if (process.argv.includes("--database")) main();
