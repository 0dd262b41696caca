// The benchmark: `npm run bench [-- --fixture tests/bench/fixture.db --duration 20 --only top,trending
// --connections 10,50 --out tests/bench/results/latest.json --cpu-prof --sink light|helper]`.
// Not part of `npm test`. Builds nothing: run `npm run build` first if build/ is missing.
// See tests/bench/README.md for what each scenario does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import autocannon, { type Request as CannonRequest, type Result } from "autocannon";
import Database from "better-sqlite3";
import { SMTPServer } from "smtp-server";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { startSmtpSink } from "../helpers/smtp-sink";

const ALL = ["top", "trending", "search", "post", "vote", "export", "ship", "insights"] as const;
/** Scenarios that need the production server; "insights" runs in this process. */
const SERVER_SCENARIOS: readonly Scenario[] = ["top", "trending", "search", "post", "vote", "export", "ship"];
type Scenario = (typeof ALL)[number];

type Args = {
  fixture: string;
  duration: number;
  warmup: number;
  only: Scenario[];
  connections: number[];
  out: string;
  cpuProf: boolean;
  sink: "light" | "helper";
  shipTimeout: number;
};

function parseArgs(argv: string[]): Args {
  const args: Args = {
    fixture: "tests/bench/fixture.db",
    duration: 20,
    warmup: 3,
    only: [...ALL],
    connections: [10, 50],
    out: "tests/bench/results/latest.json",
    cpuProf: false,
    sink: "light",
    shipTimeout: 300,
  };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    const value = argv[i + 1];
    if (key === "--") continue;
    if (key === "--cpu-prof") {
      args.cpuProf = true;
      continue;
    }
    if (key === "--fixture") args.fixture = value;
    else if (key === "--duration") args.duration = Number(value);
    else if (key === "--warmup") args.warmup = Number(value);
    else if (key === "--only") args.only = value.split(",").map((s) => s.trim()) as Scenario[];
    else if (key === "--connections") args.connections = value.split(",").map(Number);
    else if (key === "--out") args.out = value;
    else if (key === "--sink") args.sink = value as Args["sink"];
    else if (key === "--ship-timeout") args.shipTimeout = Number(value);
    else throw new Error(`unknown option ${key}`);
    i++;
  }
  for (const s of args.only) if (!ALL.includes(s)) throw new Error(`unknown scenario ${s}; pick from ${ALL.join(",")}`);
  return args;
}

type Meta = {
  sizes: Record<string, number>;
  hotPostId: number;
  hotVoters: number;
  commentPostId: number;
  commentPostComments: number;
  admin: { email: string; password: string };
  searchTerms: { en: string; ar: string };
  sessions: string[];
};

type Row = {
  scenario: string;
  connections: number;
  requests: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  rssPeakMb: number;
};

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// ---------- RSS sampling (scenario 7) ----------
class RssSampler {
  peakKb = 0;
  windowPeakKb = 0;
  private timer: NodeJS.Timeout;
  constructor(private pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }
  sample(): number {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.peakKb = Math.max(this.peakKb, kb);
      this.windowPeakKb = Math.max(this.windowPeakKb, kb);
      return kb;
    } catch {
      return 0;
    }
  }
  resetWindow() {
    this.windowPeakKb = this.sample();
  }
  stop() {
    clearInterval(this.timer);
  }
}

// ---------- SMTP sink ----------
type Sink = { url: string; errors(): number; accepted(): number; recipients(): string[]; close(): Promise<void> };

/**
 * "light": smtp-server that reads each message and answers 250 without parsing it, recording
 * only the envelope. The shared tests/helpers/smtp-sink.ts parses every message with mailparser
 * before answering; for 100k messages that costs more CPU than the server under test and keeps
 * every parsed mail in memory, so it is opt-in here (--sink helper).
 */
async function startLightSink(): Promise<Sink> {
  const rcpts: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        for (const r of session.envelope.rcptTo) rcpts.push(r.address.toLowerCase());
        callback();
      });
    },
  });
  // A client that drops a connection (e.g. nodemailer's pool recycling one) must not kill the sink.
  let connectionErrors = 0;
  server.on("error", () => connectionErrors++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    errors: () => connectionErrors,
    accepted: () => rcpts.length,
    recipients: () => rcpts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function startHelperSink(): Promise<Sink> {
  const sink = await startSmtpSink();
  return {
    url: sink.url,
    errors: () => 0,
    accepted: () => sink.received.length,
    recipients: () => sink.received.flatMap((r) => r.to),
    close: sink.close,
  };
}

// ---------- insights (in-process) ----------
type InsightsRow = { scenario: string; requests: number; p50: number; p95: number; max: number };

/**
 * The insights page's data for a 90-day period: what its loader computes (the query, the
 * summary, the weekly series, the breakdown, serialised), 20 sequential times after 3 warm-up
 * calls, on a copy of the fixture. In-process, because this branch has no page to GET yet;
 * the CSV export (summary + csv-stringify) is measured the same way. SSR adds to these.
 */
async function runInsightsScenario(fixture: string): Promise<InsightsRow[]> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-bench-insights-"));
  const dbPath = path.join(workDir, "insights.db");
  fs.copyFileSync(fixture, dbPath);
  if (fs.existsSync(fixture + "-wal")) fs.copyFileSync(fixture + "-wal", dbPath + "-wal");
  const previousPath = process.env.DATABASE_PATH;
  process.env.DATABASE_PATH = dbPath;
  const { closeDb } = await import("~/db/client.server");
  const { scopeFromQuery } = await import("~/schemas/insights");
  const { listBoardsForAdmin } = await import("~/services/boards.server");
  const { getBreakdown, getInsightsSummary, getWeeklySeries, insightsCsv } = await import("~/services/insights.server");
  const scopeOf = (query: string) => scopeFromQuery(new URLSearchParams(query), Date.now(), listBoardsForAdmin());
  const page = (query: string) => () => {
    const { scope } = scopeOf(query);
    return JSON.stringify({ summary: getInsightsSummary(scope), weeks: getWeeklySeries(scope), breakdown: getBreakdown(scope) });
  };
  const csv = (query: string) => () => {
    const parsed = scopeOf(query);
    return insightsCsv(getInsightsSummary(parsed.scope), parsed);
  };
  const cases: [string, () => string][] = [
    ["8 insights page data, 90 days", page("preset=90d")],
    ["8 insights page data, 90 days, board=bugs", page("preset=90d&board=bugs")],
    ["8 insights page data, 90 days, channel=email", page("preset=90d&channel=email")],
    ["8 insights CSV, 90 days", csv("preset=90d")],
  ];
  const rows: InsightsRow[] = [];
  for (const [label, run] of cases) {
    for (let i = 0; i < 3; i++) run();
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const row = { scenario: label, requests: 20, p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), max: round(times[times.length - 1]) };
    rows.push(row);
    console.log(`${label.padEnd(48)} 20 sequential: p50 ${row.p50} ms  p95 ${row.p95} ms  max ${row.max} ms`);
  }
  closeDb();
  if (previousPath === undefined) delete process.env.DATABASE_PATH;
  else process.env.DATABASE_PATH = previousPath;
  fs.rmSync(workDir, { recursive: true, force: true });
  return rows;
}

// ---------- autocannon ----------
function cannon(options: { url: string; connections: number; duration: number; requests: CannonRequest[] }): Promise<{ result: Result; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon({ ...options, pipelining: 1, timeout: 30 }, (error, result) => (error ? reject(error) : resolve({ result, latencies })));
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
}

/** Signs the fixture's admin in and returns the session cookie. */
async function adminCookie(base: string, meta: Meta): Promise<string> {
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: meta.admin.email, password: meta.admin.password, redirectTo: "/" }),
  });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).find((c) => c.startsWith("closeloop_session="));
  if (login.status !== 302 || !cookie) throw new Error(`admin login failed: ${login.status}`);
  return cookie;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const fixture = path.resolve(args.fixture);
  const metaPath = fixture.replace(/\.db$/, "") + ".meta.json";
  if (!fs.existsSync(fixture) || !fs.existsSync(metaPath)) throw new Error(`no fixture at ${fixture} (and ${metaPath}); run npm run bench:seed first`);
  const meta = JSON.parse(fs.readFileSync(metaPath, "utf8")) as Meta;
  const insights = args.only.includes("insights") ? await runInsightsScenario(fixture) : null;
  if (!args.only.some((s) => SERVER_SCENARIOS.includes(s))) {
    const report = {
      at: new Date().toISOString(),
      loadavgAtEnd: os.loadavg().map((n) => round(n, 2)),
      fixture: { file: fixture, sizes: meta.sizes },
      insights,
    };
    fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + "\n");
    console.log(`written to ${args.out}`);
    return;
  }
  if (!fs.existsSync("build/server.js")) throw new Error("no production build: run `npm run build` first");

  // The run mutates the database (votes, a status change, 100k outbox rows): work on a copy.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-bench-"));
  const dbPath = path.join(workDir, "bench.db");
  process.once("exit", () => fs.rmSync(workDir, { recursive: true, force: true }));
  fs.copyFileSync(fixture, dbPath);
  if (fs.existsSync(fixture + "-wal")) fs.copyFileSync(fixture + "-wal", dbPath + "-wal");

  const sink = args.sink === "helper" ? await startHelperSink() : await startLightSink();
  const port = await freePort();
  const profDir = path.resolve("tests/bench/results");
  const env: Record<string, string> = { SMTP_URL: sink.url, PUBLIC_URL: `http://127.0.0.1:${port}`, OUTBOX_POLL_MS: "200" };
  if (args.cpuProf) {
    env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${path.resolve("tests/bench/cpu-profile.mjs")}`.trim();
    env.BENCH_CPU_PROF_DIR = profDir;
    env.BENCH_CPU_PROF_LABEL = args.only.join("+");
  }
  const startT = performance.now();
  const server: RunningServer = await startServer({ databasePath: dbPath, port, env });
  const startupMs = performance.now() - startT;
  const base = server.url;
  let serverExit: string | null = null;
  let serverTail = "";
  server.process.stderr!.on("data", (c: Buffer) => (serverTail = (serverTail + c.toString()).slice(-4000)));
  server.process.once("exit", (code, signal) => {
    serverExit = `exit code ${code} signal ${signal}`;
    console.error(`\nserver exited (${serverExit}); stderr tail:\n${serverTail}`);
  });
  const rss = new RssSampler(server.process.pid!);
  console.log(`server ${base} (pid ${server.process.pid}) started in ${Math.round(startupMs)} ms on ${dbPath}`);

  const reader = new Database(dbPath, { readonly: true });
  const publicIds = reader
    .prepare("select id from posts where deleted_at is null and merged_into_id is null and pending_approval = 0")
    .pluck()
    .all() as number[];
  const randomPost = () => publicIds[Math.floor(Math.random() * publicIds.length)];

  await new Promise((r) => setTimeout(r, 2000));
  const rssIdleKb = rss.sample();

  const get = (p: string): CannonRequest[] => [{ method: "GET", path: p }];
  const en = encodeURIComponent(meta.searchTerms.en);
  const ar = encodeURIComponent(meta.searchTerms.ar);

  // Scenario 5: each of the 1,000 sessions alternates: vote on a random post, then toggle it back.
  const pending = new Map<number, number>();
  const voteRequests: CannonRequest[] = [
    {
      method: "POST",
      setupRequest: (req) => {
        const s = Math.floor(Math.random() * meta.sessions.length);
        let postId = pending.get(s);
        if (postId === undefined) pending.set(s, (postId = randomPost()));
        else pending.delete(s);
        return {
          ...req,
          method: "POST",
          path: `/posts/${postId}/vote`,
          headers: {
            cookie: `closeloop_session=${meta.sessions[s]}`,
            origin: base,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: "via=fetcher",
        };
      },
    },
  ];

  const load: Record<Exclude<Scenario, "ship" | "insights" | "export">, { label: string; requests: CannonRequest[] }[]> = {
    top: [{ label: "1 GET / sort=top", requests: get("/?sort=top") }],
    trending: [{ label: "2 GET / sort=trending", requests: get("/?sort=trending") }],
    search: [
      { label: `3 search en (${meta.searchTerms.en})`, requests: get(`/?q=${en}`) },
      { label: `3 search ar (${meta.searchTerms.ar})`, requests: get(`/?q=${ar}`) },
    ],
    post: [{ label: `4 GET /posts/${meta.commentPostId} (${meta.commentPostComments} comments)`, requests: get(`/posts/${meta.commentPostId}`) }],
    vote: [{ label: "5 POST vote toggle", requests: voteRequests }],
  };

  // Sanity check each request once (a 302 to /setup or a 403 would make every figure meaningless).
  const probe = async (p: string, init?: RequestInit) => (await fetch(base + p, { redirect: "manual", ...init })).status;
  const probes = {
    top: await probe("/?sort=top"),
    search: await probe(`/?q=${ar}`),
    post: await probe(`/posts/${meta.commentPostId}`),
    vote: await probe(`/posts/${randomPost()}/vote`, {
      method: "POST",
      headers: { cookie: `closeloop_session=${meta.sessions[0]}`, origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: "via=fetcher",
    }),
  };
  console.log("probe status codes:", probes);
  pending.clear();

  // Global warm-up: JIT, SQLite page cache.
  for (const scenario of ["top", "trending", "search", "post"] as const) {
    if (!args.only.includes(scenario)) continue;
    for (const { requests } of load[scenario]) await cannon({ url: base, connections: 10, duration: args.warmup, requests });
  }

  // autocannon stops sending at the deadline but the server still works through what is in
  // flight; wait until a cheap request comes back quickly so one run's backlog does not leak
  // into the next run's figures.
  const settle = async () => {
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      await fetch(`${base}/robots.txt`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      if (performance.now() - t0 < 20) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const rows: Row[] = [];
  for (const scenario of args.only) {
    if (scenario === "ship" || scenario === "insights" || scenario === "export") continue;
    for (const { label, requests } of load[scenario]) {
      for (const connections of args.connections) {
        await settle();
        if (scenario === "vote") {
          await cannon({ url: base, connections, duration: Math.min(2, args.warmup), requests });
          await settle();
        }
        rss.resetWindow();
        const { result, latencies } = await cannon({ url: base, connections, duration: args.duration, requests });
        latencies.sort((a, b) => a - b);
        const statusCodes = Object.fromEntries(
          Object.entries((result.statusCodeStats ?? {}) as Record<string, { count: number }>).map(([k, v]) => [k, v.count]),
        );
        const row: Row = {
          scenario: label,
          connections,
          requests: result.requests.total,
          reqPerSec: round(result.requests.total / (result.duration || args.duration)),
          p50: round(percentile(latencies, 50)),
          p95: round(percentile(latencies, 95)),
          p99: round(percentile(latencies, 99)),
          max: round(latencies[latencies.length - 1] ?? NaN),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          rssPeakMb: round(rss.windowPeakKb / 1024),
        };
        rows.push(row);
        console.log(
          `${label.padEnd(40)} c=${String(connections).padStart(2)} ${String(row.reqPerSec).padStart(8)} req/s  p50 ${row.p50} ms  p95 ${row.p95} ms  p99 ${row.p99} ms  non2xx ${row.non2xx}  errors ${row.errors}  rss ${row.rssPeakMb} MB`,
        );
      }
    }
  }

  // Scenario 5 verification: vote_count equals the vote rows for every post.
  let voteCheck: { postsChecked: number; mismatches: number; examples: unknown[]; ms: number } | null = null;
  if (args.only.includes("vote")) {
    const t0 = performance.now();
    const bad = reader
      .prepare(
        `select p.id, p.vote_count as voteCount, (select count(*) from votes v where v.post_id = p.id) as rows_ from posts p
                where p.vote_count <> (select count(*) from votes v where v.post_id = p.id)`,
      )
      .all();
    voteCheck = {
      postsChecked: reader.prepare("select count(*) from posts").pluck().get() as number,
      mismatches: bad.length,
      examples: bad.slice(0, 5),
      ms: Math.round(performance.now() - t0),
    };
    console.log(`vote_count check: ${voteCheck.mismatches} mismatches over ${voteCheck.postsChecked} posts (${voteCheck.ms} ms)`);
  }

  // Scenario 8 (issue 14): the admin's export over HTTP, read as fast as the client can, then
  // read slowly (about 1 MB/s for 15 s, then abandoned) to show that a slow client slows the
  // export instead of filling the server's memory. RSS is sampled every 200 ms throughout.
  let exportRuns: Record<string, unknown>[] | null = null;
  if (args.only.includes("export")) {
    await settle();
    const cookie = await adminCookie(base, meta);
    exportRuns = [];
    for (const run of [
      { format: "zip", slow: false },
      { format: "ndjson", slow: false },
      { format: "zip", slow: true },
    ] as const) {
      await settle();
      const rssBeforeKb = rss.sample();
      rss.resetWindow();
      const t0 = performance.now();
      const res = await fetch(`${base}/admin/export/download?format=${run.format}`, { headers: { cookie } });
      let bytes = 0;
      const body = res.body!.getReader();
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        bytes += value.byteLength;
        if (run.slow) {
          if (performance.now() - t0 > 15_000) {
            await body.cancel();
            break;
          }
          await new Promise((r) => setTimeout(r, value.byteLength / 1024)); // ≈ 1 MB/s
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      const row = {
        format: run.format,
        client: run.slow ? "slow (≈1 MB/s, abandoned after 15 s)" : "fast",
        status: res.status,
        megabytes: round(bytes / 2 ** 20),
        seconds: round(seconds),
        rssBeforeMb: round(rssBeforeKb / 1024),
        rssPeakMb: round(rss.windowPeakKb / 1024),
        rssGrowthMb: round((rss.windowPeakKb - rssBeforeKb) / 1024),
      };
      console.log("export:", row);
      exportRuns.push(row);
    }
  }

  // Scenario 6: ship the post with 100k voters.
  let ship: Record<string, unknown> | null = null;
  if (args.only.includes("ship")) {
    await settle();
    rss.resetWindow();
    const cookie = await adminCookie(base, meta);
    const subscribers = reader.prepare("select count(*) from subscriptions where post_id = ? and state = 'subscribed'").pluck().get(meta.hotPostId) as number;
    const before = sink.accepted();
    const t0 = performance.now();
    const res = await fetch(`${base}/posts/${meta.hotPostId}/triage`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: base, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "status", status: "shipped", response: "Shipped in **v2.0**: thanks to everyone who asked for it." }),
    });
    const requestMs = performance.now() - t0;
    const change = reader.prepare("select id from status_changes where post_id = ? order by id desc limit 1").pluck().get(meta.hotPostId) as number | undefined;
    const prefix = `status_change:${change}:user:`;
    const expected = reader
      .prepare("select count(*) from email_outbox where dedupe_key like ? || '%' and status <> 'suppressed'")
      .pluck()
      .get(prefix) as number;
    console.log(`ship: request ${res.status} in ${Math.round(requestMs)} ms; ${subscribers} subscribers, ${expected} emails queued`);
    let doneMs: number | null = null;
    let lastLog = 0;
    const deadline = performance.now() + args.shipTimeout * 1000;
    while (performance.now() < deadline) {
      const got = sink.accepted() - before;
      if (serverExit) break;
      if (got >= expected) {
        doneMs = performance.now() - t0;
        break;
      }
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        console.log(`  … ${got}/${expected} accepted after ${Math.round((performance.now() - t0) / 1000)} s, rss ${round(rss.sample() / 1024)} MB`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    // Give a few more seconds for stray repeats before counting duplicates.
    await new Promise((r) => setTimeout(r, 3000));
    const recipients = sink.recipients().slice(before);
    const unique = new Set(recipients).size;
    const outbox = Object.fromEntries(
      (
        reader.prepare("select status, count(*) as n from email_outbox where dedupe_key like ? || '%' group by status").all(prefix) as {
          status: string;
          n: number;
        }[]
      ).map((r) => [r.status, r.n]),
    );
    ship = {
      postId: meta.hotPostId,
      voters: meta.hotVoters,
      subscribers,
      status: res.status,
      requestMs: round(requestMs),
      emailsQueued: expected,
      allAcceptedMs: doneMs === null ? null : Math.round(doneMs),
      timedOutAfterS: doneMs === null ? args.shipTimeout : null,
      emailsPerSec: Math.round(recipients.length / ((doneMs ?? args.shipTimeout * 1000) / 1000)),
      accepted: recipients.length,
      uniqueRecipients: unique,
      duplicates: recipients.length - unique,
      // Only meaningful once everything arrived; at a timeout the rest is still queued, not lost.
      lost: doneMs === null ? null : expected - unique,
      notYetAccepted: expected - unique,
      outboxByStatus: outbox,
      sinkConnectionErrors: sink.errors(),
      serverExit,
      rssPeakMb: round(rss.windowPeakKb / 1024),
    };
    console.log("ship:", ship);
  }

  const rssPeakKb = rss.peakKb;
  rss.stop();
  reader.close();
  await server.stop();
  await sink.close();

  const fixtureSizes = meta.sizes;
  const loadavg = os.loadavg().map((n) => round(n, 2));
  const report = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGb: round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    loadavgAtEnd: loadavg,
    fixture: { file: path.relative(process.cwd(), fixture), sizes: fixtureSizes },
    options: { duration: args.duration, connections: args.connections, only: args.only, sink: args.sink, cpuProf: args.cpuProf },
    serverStartupMs: Math.round(startupMs),
    results: rows.map(({ statusCodes, ...r }) => ({ ...r, statusCodes })),
    insights,
    voteCheck,
    export: exportRuns,
    ship,
    rss: { idleMb: round(rssIdleKb / 1024), peakMb: round(rssPeakKb / 1024) },
  };
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + "\n");

  console.log("\n| scenario | conns | req/s | p50 ms | p95 ms | p99 ms | non-2xx |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.scenario} | ${r.connections} | ${r.reqPerSec} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.non2xx} |`);
  console.log(
    `\nRSS idle ${report.rss.idleMb} MB, peak ${report.rss.peakMb} MB; ${report.machine.cpus} CPUs, node ${process.version}, load average at end ${loadavg.join(" ")}`,
  );
  console.log(`written to ${args.out}`);
  fs.rmSync(workDir, { recursive: true, force: true });
}

await main();
