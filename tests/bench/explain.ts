// EXPLAIN QUERY PLAN for every hot query, captured from the app's own code paths:
// `vite-node --config vitest.config.ts tests/bench/explain.ts -- [--fixture tests/bench/fixture.db]`.
// It copies the fixture, wraps better-sqlite3's prepare() to record each statement the services
// run (with its parameters), runs each hot operation once, then prints the plan of every
// statement and how long the operation took in-process. Not part of `npm test`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

type Captured = { sql: string; params: unknown[] };

const argv = process.argv.slice(2).filter((a) => a !== "--");
const fixture = path.resolve(
  argv[argv.indexOf("--fixture") + 1] && argv.includes("--fixture") ? argv[argv.indexOf("--fixture") + 1] : "tests/bench/fixture.db",
);
const meta = JSON.parse(fs.readFileSync(fixture.replace(/\.db$/, "") + ".meta.json", "utf8"));
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-explain-"));
const dbPath = path.join(workDir, "explain.db");
fs.copyFileSync(fixture, dbPath);
process.env.DATABASE_PATH = dbPath;
process.env.SMTP_URL = "smtp://127.0.0.1:9"; // outbox rows are written as pending; nothing is sent
process.env.PUBLIC_URL = "http://127.0.0.1:3000";

let current: Captured[] | null = null;
const proto = Database.prototype as unknown as { prepare(this: Database.Database, sql: string): Database.Statement };
const originalPrepare = proto.prepare;
proto.prepare = function (sql: string) {
  const stmt = originalPrepare.call(this, sql);
  if (current && !/^\s*explain/i.test(sql)) {
    const sink = current;
    for (const method of ["all", "get", "run", "iterate"] as const) {
      const fn = (stmt as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        sink.push({ sql, params });
        return fn.apply(stmt, params);
      };
    }
  }
  return stmt;
};

const { getDb } = await import("~/db/client.server");
const { listPosts, parseListQuery, getPostPage } = await import("~/services/posts.server");
const { toggleVote } = await import("~/services/votes.server");
const { changeStatus } = await import("~/services/loop.server");
const { getCurrentUser } = await import("~/services/auth.server");
const { findUserById } = await import("~/models/users.server");
const { leaseDueRows } = await import("~/models/outbox.server");
const { scopeFromQuery } = await import("~/schemas/insights");
const { listBoardsForAdmin } = await import("~/services/boards.server");
const { getBreakdown, getInsightsSummary, getWeeklySeries } = await import("~/services/insights.server");
const db = getDb().$client;

const session = db.prepare("select user_id from sessions where id = ?").get(meta.sessions[0]) as { user_id: number };
const customer = findUserById(session.user_id)!;
const admin = findUserById(1)!;
const viewer = {
  id: customer.id,
  email: customer.email,
  displayName: customer.displayName,
  role: customer.role,
  locale: customer.locale,
  bannedAt: customer.bannedAt,
};
const staff = { id: admin.id, email: admin.email, displayName: admin.displayName, role: admin.role, locale: admin.locale, bannedAt: admin.bannedAt };
const votePost = (
  db
    .prepare("select id from posts where deleted_at is null and merged_into_id is null and pending_approval = 0 and vote_count between 5 and 50 limit 1")
    .get() as { id: number }
).id;

const insights90 = scopeFromQuery(new URLSearchParams("preset=90d"), Date.now(), listBoardsForAdmin()).scope;
const insights90Bugs = scopeFromQuery(new URLSearchParams("preset=90d&board=bugs&channel=email"), Date.now(), listBoardsForAdmin()).scope;

const operations: [string, () => unknown][] = [
  ["insights summary, 90 days", () => getInsightsSummary(insights90)],
  ["insights weekly series, 90 days", () => getWeeklySeries(insights90)],
  ["insights breakdown, 90 days", () => getBreakdown(insights90)],
  ["insights summary, 90 days, board=bugs, channel=email", () => getInsightsSummary(insights90Bugs)],
  [
    "session validation (Lucia, every signed-in request)",
    () => getCurrentUser(new Request("http://x/", { headers: { cookie: `closeloop_session=${meta.sessions[0]}` } })),
  ],
  ["listing sort=top (first page, signed in)", () => listPosts(parseListQuery(new URL("http://x/?sort=top")), viewer)],
  ["listing sort=trending (first page)", () => listPosts(parseListQuery(new URL("http://x/?sort=trending")), null)],
  ["listing sort=top, board=bugs", () => listPosts(parseListQuery(new URL("http://x/?sort=top&board=bugs")), null)],
  [`search en "${meta.searchTerms.en}"`, () => listPosts(parseListQuery(new URL(`http://x/?q=${encodeURIComponent(meta.searchTerms.en)}`)), null)],
  [`search ar "${meta.searchTerms.ar}"`, () => listPosts(parseListQuery(new URL(`http://x/?q=${encodeURIComponent(meta.searchTerms.ar)}`)), null)],
  [`post page #${meta.commentPostId} (${meta.commentPostComments} comments, signed in)`, () => getPostPage(meta.commentPostId, viewer)],
  [`vote toggle on #${votePost}`, () => toggleVote(votePost, viewer)],
  [`status fan-out: ship #${meta.hotPostId} (${meta.hotVoters} voters)`, () => changeStatus(meta.hotPostId, "shipped", "Shipped, thanks!", staff)],
  ["outbox lease (worker, per batch of 100)", () => leaseDueRows(Date.now(), 120_000, 100)],
];

for (const [label, run] of operations) {
  const captured: Captured[] = [];
  current = captured;
  const t0 = performance.now();
  const result = run();
  if (result instanceof Promise) await result;
  const ms = performance.now() - t0;
  current = null;
  console.log(`\n## ${label}: ${ms.toFixed(1)} ms in-process, ${captured.length} statements\n`);
  const seen = new Set<string>();
  for (const { sql, params } of captured) {
    if (seen.has(sql) || /^(begin|commit|rollback|savepoint|release)/i.test(sql.trim())) continue;
    seen.add(sql);
    console.log("```sql");
    console.log(sql.replace(/\s+/g, " ").trim());
    try {
      const plan = db.prepare(`explain query plan ${sql}`).all(...(params as unknown[])) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>();
      for (const row of plan) {
        const d = (depth.get(row.parent) ?? -1) + 1;
        depth.set(row.id, d);
        console.log(`-- ${"  ".repeat(d)}${row.detail}`);
      }
    } catch (error) {
      console.log(`-- (no plan: ${(error as Error).message})`);
    }
    console.log("```");
  }
}
getDb().$client.close();
fs.rmSync(workDir, { recursive: true, force: true });
