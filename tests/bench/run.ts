// The benchmark: `npm run bench [-- --fixture tests/bench/fixture.db --duration 20 --only top,trending
// --connections 10,50 --rounds 3 --web-concurrency 2 --out tests/bench/results/latest.json --cpu-prof
// --sink light|helper]`.
// Not part of `npm test`. Builds nothing: run `npm run build` first if build/ is missing.
// Every load scenario runs against the app and against the reference server
// (reference-server.ts), interleaved, and the run ends with the ratio table of issue 15's goals.
// See tests/bench/README.md for what each scenario does.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import autocannon, { type Request as CannonRequest, type Result } from "autocannon";
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { SMTPServer } from "smtp-server";
import { searchTokens, toFtsQuery } from "~/utils/text-normalize";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { startSmtpSink } from "../helpers/smtp-sink";
import { AR, EN, FA } from "./vocabulary";

const ALL = ["top", "trending", "signedin", "search", "post", "vote", "export", "ship", "insights"] as const;
/** Scenarios that need the production server; "insights" runs in this process. */
const SERVER_SCENARIOS: readonly Scenario[] = ["top", "trending", "signedin", "search", "post", "vote", "export", "ship"];
/** Scenarios measured against the reference server too. */
const LOAD_SCENARIOS = ["top", "trending", "signedin", "search", "post", "vote"] as const;
type Scenario = (typeof ALL)[number];
type LoadScenario = (typeof LOAD_SCENARIOS)[number];

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
  rounds: number;
  webConcurrency: number | null;
  /** Seconds after the last scenario before RSS is sampled again ("back to idle"). */
  idleAfter: number;
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
    rounds: 3,
    webConcurrency: null,
    idleAfter: 15,
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
    else if (key === "--rounds") args.rounds = Number(value);
    else if (key === "--web-concurrency") args.webConcurrency = Number(value);
    else if (key === "--idle-after") args.idleAfter = Number(value);
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
function rssKbOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The pid and its descendants (the cluster primary's workers), from every process's parent in /proc/<pid>/stat. */
function processTree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ")".
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we listed it.
    }
  }
  const tree: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * The summed RSS of a server's whole process tree (with WEB_CONCURRENCY > 1 the app is a
 * node:cluster primary with worker children), every 200 ms. The tree is listed again every
 * 2 s (walking /proc costs more than reading a few status files).
 */
class RssSampler {
  peakKb = 0;
  windowPeakKb = 0;
  private timer: NodeJS.Timeout;
  private tree: number[] = [];
  private listedAt = 0;
  constructor(private pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
  }
  sample(): number {
    if (performance.now() - this.listedAt > 2_000) {
      this.tree = processTree(this.pid);
      this.listedAt = performance.now();
    }
    const kb = this.tree.reduce((sum, pid) => sum + rssKbOf(pid), 0);
    this.peakKb = Math.max(this.peakKb, kb);
    this.windowPeakKb = Math.max(this.windowPeakKb, kb);
    return kb;
  }
  processes(): number {
    return this.tree.length;
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

// ---------- the reference server ----------
type Reference = { url: string; process: ChildProcess; stop(): Promise<void> };

/** Starts tests/bench/reference-server.ts in its own process (so that its RSS and event loop are its own), on its own database copy. */
async function startReference(databasePath: string): Promise<Reference> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.resolve("tests/bench/reference-server.ts"), "--database", databasePath, "--port", String(port)],
    {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    // At 1M posts the reference counts every board once at start, which takes well over 30 s.
    const timer = setTimeout(() => reject(new Error(`reference server did not start:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`reference server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

// ---------- search words ----------
type Frequency = "rare" | "medium" | "common";
type SearchWord = { language: "en" | "ar" | "fa"; frequency: Frequency; word: string; matches: number; share: number };

/** The share of posts a rare and a medium word should match (issue 15: ~0.1–0.5 % and ~1–5 %). */
const FREQUENCY_BANDS: Record<Exclude<Frequency, "common">, [number, number]> = { rare: [0.001, 0.005], medium: [0.01, 0.05] };

/**
 * Per language, a rare, a medium and the most common word of the fixture's own vocabulary
 * (vocabulary.ts), by the posts it matches as the app searches it (toFtsQuery: a prefix query
 * on the folded word). A word that folds to a token of another language is skipped.
 */
function pickSearchWords(reader: Database.Database): SearchWord[] {
  const postCount = reader.prepare("select count(*) from posts").pluck().get() as number;
  const countMatches = reader.prepare("select count(*) from posts_fts where posts_fts match ?").pluck();
  const vocabularies = { en: EN, ar: AR, fa: FA };
  const wordsOf = (v: typeof EN | typeof AR | typeof FA) =>
    [...v.verbs, ...v.objects, ...v.tails, ...v.sentences].flatMap((text) => text.match(/[\p{L}\p{N}\u200C]+/gu) ?? []);
  const tokensByLanguage = Object.fromEntries(
    Object.entries(vocabularies).map(([language, v]) => [language, new Set(wordsOf(v).flatMap((w) => searchTokens(w)))]),
  ) as Record<string, Set<string>>;
  const picked: SearchWord[] = [];
  for (const [language, vocabulary] of Object.entries(vocabularies) as [SearchWord["language"], typeof EN][]) {
    const seen = new Set<string>();
    const candidates: { word: string; matches: number }[] = [];
    for (const word of wordsOf(vocabulary)) {
      const tokens = searchTokens(word);
      if (tokens.length !== 1 || tokens[0].length < 2 || seen.has(tokens[0])) continue;
      seen.add(tokens[0]);
      if (Object.entries(tokensByLanguage).some(([other, set]) => other !== language && set.has(tokens[0]))) continue;
      const query = toFtsQuery(word);
      const matches = query ? (countMatches.get(query) as number) : 0;
      if (matches > 0) candidates.push({ word, matches });
    }
    const closestTo = ([low, high]: [number, number], exclude: Set<string>) => {
      const centre = Math.sqrt(low * high);
      return candidates
        .filter((c) => !exclude.has(c.word))
        .reduce((best, c) => (Math.abs(Math.log(c.matches / postCount / centre)) < Math.abs(Math.log(best.matches / postCount / centre)) ? c : best));
    };
    const common = candidates.reduce((best, c) => (c.matches > best.matches ? c : best));
    const rare = closestTo(FREQUENCY_BANDS.rare, new Set([common.word]));
    const medium = closestTo(FREQUENCY_BANDS.medium, new Set([common.word, rare.word]));
    for (const [frequency, c] of [
      ["rare", rare],
      ["medium", medium],
      ["common", common],
    ] as const)
      picked.push({ language, frequency, word: c.word, matches: c.matches, share: c.matches / postCount });
  }
  return picked;
}

// ---------- measuring both servers ----------
const median = (values: number[]) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

type Side = "app" | "reference";
type Target = { side: Side; base: string; rss: RssSampler; pendingVotes: Map<number, number> };
type Run = Omit<Row, "scenario" | "connections"> & { round: number; side: Side; firstInRound: boolean };
type Medians = { reqPerSec: number; p50: number; p95: number; p99: number; non2xx: number; rssPeakMb: number };

const mediansOf = (runs: Run[]): Medians => ({
  reqPerSec: round(median(runs.map((r) => r.reqPerSec))),
  p50: round(median(runs.map((r) => r.p50))),
  p95: round(median(runs.map((r) => r.p95))),
  p99: round(median(runs.map((r) => r.p99))),
  non2xx: median(runs.map((r) => r.non2xx)),
  rssPeakMb: round(median(runs.map((r) => r.rssPeakMb))),
});

type Load = { scenario: LoadScenario; label: string; connections: number[]; requests(target: Target): CannonRequest[]; searchWord?: SearchWord };
type Compared = {
  scenario: LoadScenario;
  label: string;
  connections: number;
  app: Medians;
  reference: Medians;
  ratio: number;
  runs: Run[];
  searchWord?: SearchWord;
};

// ---------- the ratio table (issue 15's goals) ----------
type Verdict = "met" | "not met" | "not measured" | "no goal";
type TableRow = { scenario: string; connections: number | null; app: string; reference: string; ratio: string; goal: string; verdict: Verdict; note?: string };

const ratioText = (ratio: number) =>
  Number.isFinite(ratio) && ratio > 0 ? `1 : ${round(1 / ratio, 2)} (${Number(ratio.toPrecision(2))})` : "n/a (the app answered nothing within the run)";
const figures = (m: Medians) => `${m.reqPerSec} req/s; p50 ${m.p50} / p95 ${m.p95} / p99 ${m.p99} ms${m.non2xx ? `; non-2xx ${m.non2xx}` : ""}`;
const verdict = (met: boolean): Verdict => (met ? "met" : "not met");

/** One row per measured load, each judged against its goal in issue 15's Goals table. */
function goalRows(compared: Compared[], drift: { app: number; reference: number } | null): TableRow[] {
  return compared.map((c) => {
    const base = { scenario: c.label, connections: c.connections, app: figures(c.app), reference: figures(c.reference), ratio: ratioText(c.ratio) };
    switch (c.scenario) {
      case "top":
      case "trending": {
        const throughput = c.ratio >= 0.5 && (c.reference.reqPerSec < 2000 || c.app.reqPerSec >= 1000);
        const tail = c.connections !== 50 || c.app.p99 < 100;
        return {
          ...base,
          goal: "board page, anonymous: ≥ 1 : 2 of the reference, and ≥ 1,000 req/s when the reference does ≥ 2,000; p99 < 100 ms at 50 connections",
          verdict: verdict(throughput && tail),
          note: c.connections === 50 ? undefined : "p99 is judged at 50 connections",
        };
      }
      case "signedin":
        return { ...base, goal: "board page, signed in: ≥ 1 : 4 of the reference", verdict: verdict(c.ratio >= 0.25) };
      case "post":
        return { ...base, goal: "post page, 200 comments: ≥ 1 : 4 of the reference's equivalent page", verdict: verdict(c.ratio >= 0.25) };
      case "vote":
        return {
          ...base,
          goal: "vote toggle: ≥ 1 : 1.5, with 0 drift",
          verdict: drift === null ? "not measured" : verdict(c.ratio >= 1 / 1.5 && drift.app === 0),
          note: drift === null ? undefined : `drift: app ${drift.app} posts, reference ${drift.reference} posts`,
        };
      case "search": {
        const limit = c.searchWord?.frequency === "common" ? 50 : 15;
        return {
          ...base,
          goal: `search, ${c.searchWord?.frequency ?? "?"} word, one connection: p95 < ${limit} ms`,
          verdict: verdict(c.app.p95 < limit),
        };
      }
    }
  });
}

function markdownTable(rows: TableRow[]): string {
  const cell = (text: string | number | null) => String(text ?? "").replaceAll("|", "\\|");
  const lines = [
    "| scenario | conns | app (median) | reference (median) | app / reference, req/s | goal (issue 15) | verdict |",
    "|---|---:|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${cell(r.scenario)} | ${cell(r.connections)} | ${cell(r.app)} | ${cell(r.reference)} | ${cell(r.ratio)} | ${cell(r.goal + (r.note ? ` (${r.note})` : ""))} | ${r.verdict === "met" || r.verdict === "not met" ? `**${r.verdict}**` : r.verdict} |`,
    ),
  ];
  return lines.join("\n");
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

  // The run mutates the database (votes, a status change, 100k outbox rows): work on a copy,
  // and give the reference server a copy of its own, so neither sees the other's votes.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-bench-"));
  const dbPath = path.join(workDir, "bench.db");
  const referenceDbPath = path.join(workDir, "reference.db");
  process.once("exit", () => fs.rmSync(workDir, { recursive: true, force: true }));
  const withReference = args.only.some((s) => (LOAD_SCENARIOS as readonly string[]).includes(s));
  fs.copyFileSync(fixture, dbPath);
  if (fs.existsSync(fixture + "-wal")) fs.copyFileSync(fixture + "-wal", dbPath + "-wal");

  const sink = args.sink === "helper" ? await startHelperSink() : await startLightSink();
  const port = await freePort();
  const profDir = path.resolve("tests/bench/results");
  const env: Record<string, string> = { SMTP_URL: sink.url, PUBLIC_URL: `http://127.0.0.1:${port}`, OUTBOX_POLL_MS: "200" };
  if (args.webConcurrency !== null) env.WEB_CONCURRENCY = String(args.webConcurrency);
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
  let stopping = false;
  server.process.stderr!.on("data", (c: Buffer) => (serverTail = (serverTail + c.toString()).slice(-4000)));
  server.process.once("exit", (code, signal) => {
    serverExit = `exit code ${code} signal ${signal}`;
    if (!stopping) console.error(`\nserver exited (${serverExit}); stderr tail:\n${serverTail}`);
  });
  const rss = new RssSampler(server.process.pid!);
  console.log(`server ${base} (pid ${server.process.pid}) started in ${Math.round(startupMs)} ms on ${dbPath}`);

  // The reference's copy is taken from the app's once the app has started: the app runs its
  // migrations on open (a new one may rebuild the search index), the reference runs none.
  if (withReference) {
    const source = new Database(dbPath, { readonly: true });
    await source.backup(referenceDbPath);
    source.close();
  }
  const reference = withReference ? await startReference(referenceDbPath) : null;
  const referenceRss = reference ? new RssSampler(reference.process.pid!) : null;
  if (reference) {
    reference.process.once("exit", (code, signal) => {
      if (!stopping) console.error(`\nreference server exited (exit code ${code} signal ${signal})`);
    });
    console.log(`reference ${reference.url} (pid ${reference.process.pid}) on ${referenceDbPath}`);
  }

  const reader = new Database(dbPath, { readonly: true });
  const publicIds = reader
    .prepare("select id from posts where deleted_at is null and merged_into_id is null and pending_approval = 0")
    .pluck()
    .all() as number[];
  const randomPost = () => publicIds[Math.floor(Math.random() * publicIds.length)];
  const searchWords = args.only.includes("search") ? pickSearchWords(reader) : [];
  for (const w of searchWords) console.log(`search word ${w.language} ${w.frequency}: ${w.word} (${w.matches} posts, ${round(w.share * 100, 2)} %)`);

  await new Promise((r) => setTimeout(r, 2000));
  const rssIdleKb = rss.sample();
  const referenceRssIdleKb = referenceRss?.sample() ?? 0;
  console.log(`RSS idle: app ${round(rssIdleKb / 1024)} MB over ${rss.processes()} process(es), reference ${round(referenceRssIdleKb / 1024)} MB`);

  const get = (p: string) => (): CannonRequest[] => [{ method: "GET", path: p }];
  // Search measures the search, not the anonymous page cache (ADR 016): a cookie the cache does
  // not know makes every request render, as a visitor's ever-different queries would.
  const uncached = (p: string) => (): CannonRequest[] => [{ method: "GET", path: p, headers: { cookie: "bench_uncached=1" } }];
  const randomSession = () => meta.sessions[Math.floor(Math.random() * meta.sessions.length)];

  // Scenario 5: each of the 1,000 sessions alternates: vote on a random post, then toggle it back.
  const voteRequests = (target: Target): CannonRequest[] => [
    {
      method: "POST",
      setupRequest: (req) => {
        const s = Math.floor(Math.random() * meta.sessions.length);
        let postId = target.pendingVotes.get(s);
        if (postId === undefined) target.pendingVotes.set(s, (postId = randomPost()));
        else target.pendingVotes.delete(s);
        return {
          ...req,
          method: "POST",
          path: `/posts/${postId}/vote`,
          headers: {
            cookie: `closeloop_session=${meta.sessions[s]}`,
            origin: target.base,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: "via=fetcher",
        };
      },
    },
  ];
  // The board page for one of the fixture's 1,000 signed-in customers, a different one each request.
  const signedInRequests = (): CannonRequest[] => [
    { method: "GET", setupRequest: (req) => ({ ...req, method: "GET", path: "/?sort=trending", headers: { cookie: `closeloop_session=${randomSession()}` } }) },
  ];

  const allLoads: Load[] = [
    { scenario: "top", label: "1 GET / sort=top, anonymous", connections: args.connections, requests: get("/?sort=top") },
    { scenario: "trending", label: "2 GET / sort=trending, anonymous", connections: args.connections, requests: get("/?sort=trending") },
    { scenario: "signedin", label: "2b GET / sort=trending, signed in", connections: args.connections, requests: signedInRequests },
    // Search is judged at one connection (issue 15's Goals).
    ...searchWords.map((w): Load => ({
      scenario: "search",
      label: `3 search ${w.language} ${w.frequency} (${w.word}, ${round(w.share * 100, 2)} % of posts)`,
      connections: [1],
      requests: uncached(`/?q=${encodeURIComponent(w.word)}`),
      searchWord: w,
    })),
    {
      scenario: "post",
      label: `4 GET /posts/${meta.commentPostId} (${meta.commentPostComments} comments)`,
      connections: args.connections,
      requests: get(`/posts/${meta.commentPostId}`),
    },
    { scenario: "vote", label: "5 POST vote toggle", connections: args.connections, requests: voteRequests },
  ];
  const loads = allLoads.filter((l) => args.only.includes(l.scenario));

  const targets: Target[] = [{ side: "app", base, rss, pendingVotes: new Map() }];
  if (reference && referenceRss) targets.push({ side: "reference", base: reference.url, rss: referenceRss, pendingVotes: new Map() });

  // Sanity check each request once on each server (a 302 to /setup or a 403 would make every figure meaningless).
  const probe = async (target: Target, p: string, init?: RequestInit) => (await fetch(target.base + p, { redirect: "manual", ...init })).status;
  for (const target of targets) {
    const probes = {
      top: await probe(target, "/?sort=top"),
      signedIn: await probe(target, "/?sort=trending", { headers: { cookie: `closeloop_session=${meta.sessions[0]}` } }),
      search: searchWords.length ? await probe(target, `/?q=${encodeURIComponent(searchWords[0].word)}`) : null,
      post: await probe(target, `/posts/${meta.commentPostId}`),
      vote: await probe(target, `/posts/${randomPost()}/vote`, {
        method: "POST",
        headers: { cookie: `closeloop_session=${meta.sessions[0]}`, origin: target.base, "content-type": "application/x-www-form-urlencoded" },
        body: "via=fetcher",
      }),
    };
    console.log(`probe status codes (${target.side}):`, probes);
    target.pendingVotes.clear();
  }

  // autocannon stops sending at the deadline but the server still works through what is in
  // flight; wait until a cheap request comes back quickly so one run's backlog does not leak
  // into the next run's figures. At most ~5 s: on a box busy with other work a cheap request
  // may never come back that fast, and the backlog is at most one request per connection.
  const settle = async (target: Target = targets[0]) => {
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      await fetch(`${target.base}/robots.txt`)
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      if (performance.now() - t0 < 20) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  // Global warm-up of both servers: JIT, SQLite page cache.
  for (const load of loads) {
    if (load.scenario === "vote") continue;
    for (const target of targets)
      await cannon({ url: target.base, connections: Math.min(10, Math.max(...load.connections)), duration: args.warmup, requests: load.requests(target) });
  }

  // Every load, at each connection count: `rounds` rounds of app then reference, the order
  // alternating each round, so that a busy moment of the shared box hits both sides alike.
  const rows: Row[] = [];
  const compared: Compared[] = [];
  for (const load of loads) {
    for (const connections of load.connections) {
      const runs: Run[] = [];
      for (let roundNo = 0; roundNo < args.rounds; roundNo++) {
        const order = roundNo % 2 === 0 ? targets : [...targets].reverse();
        for (const [position, target] of order.entries()) {
          await settle(target);
          if (load.scenario === "vote" && roundNo === 0) {
            await cannon({ url: target.base, connections, duration: Math.min(2, args.warmup), requests: load.requests(target) });
            await settle(target);
          }
          target.rss.resetWindow();
          const { result, latencies } = await cannon({ url: target.base, connections, duration: args.duration, requests: load.requests(target) });
          latencies.sort((a, b) => a - b);
          const statusCodes = Object.fromEntries(
            Object.entries((result.statusCodeStats ?? {}) as Record<string, { count: number }>).map(([k, v]) => [k, v.count]),
          );
          const run: Run = {
            round: roundNo + 1,
            side: target.side,
            firstInRound: position === 0,
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
            rssPeakMb: round(target.rss.windowPeakKb / 1024),
          };
          runs.push(run);
          if (target.side === "app") rows.push({ scenario: load.label, connections, ...run });
          console.log(
            `${load.label.padEnd(52)} c=${String(connections).padStart(2)} r${run.round} ${target.side.padEnd(9)} ${String(run.reqPerSec).padStart(8)} req/s  p50 ${run.p50} ms  p95 ${run.p95} ms  p99 ${run.p99} ms  non2xx ${run.non2xx}  errors ${run.errors}  rss ${run.rssPeakMb} MB`,
          );
        }
      }
      const app = mediansOf(runs.filter((r) => r.side === "app"));
      const ref = mediansOf(runs.filter((r) => r.side === "reference"));
      const ratio = app.reqPerSec / ref.reqPerSec;
      compared.push({ scenario: load.scenario, label: load.label, connections, app, reference: ref, ratio, runs, searchWord: load.searchWord });
      console.log(`${load.label} c=${connections}: app ${app.reqPerSec} req/s, reference ${ref.reqPerSec} req/s, app / reference ${ratioText(ratio)}`);
    }
  }

  // Scenario 5 verification: vote_count equals the vote rows for every post, on both databases.
  let voteCheck: { postsChecked: number; mismatches: number; examples: unknown[]; ms: number; referenceMismatches: number | null } | null = null;
  if (args.only.includes("vote")) {
    const t0 = performance.now();
    const driftOf = (db: Database.Database) =>
      db
        .prepare(
          `select p.id, p.vote_count as voteCount, (select count(*) from votes v where v.post_id = p.id) as rows_ from posts p
                where p.vote_count <> (select count(*) from votes v where v.post_id = p.id)`,
        )
        .all();
    const bad = driftOf(reader);
    let referenceMismatches: number | null = null;
    if (reference) {
      const referenceReader = new Database(referenceDbPath, { readonly: true });
      referenceMismatches = driftOf(referenceReader).length;
      referenceReader.close();
    }
    voteCheck = {
      postsChecked: reader.prepare("select count(*) from posts").pluck().get() as number,
      mismatches: bad.length,
      examples: bad.slice(0, 5),
      ms: Math.round(performance.now() - t0),
      referenceMismatches,
    };
    console.log(
      `vote_count check: ${voteCheck.mismatches} mismatches over ${voteCheck.postsChecked} posts (reference: ${referenceMismatches ?? "not run"}) (${voteCheck.ms} ms)`,
    );
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

  // Scenario 7: RSS back near idle once the load has stopped (the outbox may still be mailing after "ship").
  console.log(`waiting ${args.idleAfter} s for RSS to settle…`);
  await new Promise((r) => setTimeout(r, args.idleAfter * 1000));
  const rssAfterKb = rss.sample();
  const rssPeakKb = rss.peakKb;
  const referenceRssPeakKb = referenceRss?.peakKb ?? 0;
  const rssProcesses = rss.processes();
  rss.stop();
  referenceRss?.stop();
  reader.close();
  stopping = true;
  await server.stop();
  await reference?.stop();
  await sink.close();

  const mb = (kb: number) => round(kb / 1024);
  const drift = voteCheck ? { app: voteCheck.mismatches, reference: voteCheck.referenceMismatches ?? 0 } : null;
  const table: TableRow[] = goalRows(compared, drift);
  const rssMet = mb(rssPeakKb) < 250 && mb(rssAfterKb) - mb(rssIdleKb) <= 50;
  table.push({
    scenario: `7 RSS over the whole bench (${rssProcesses} app process(es))`,
    connections: null,
    app: `idle ${mb(rssIdleKb)} MB, peak ${mb(rssPeakKb)} MB, ${args.idleAfter} s after ${mb(rssAfterKb)} MB`,
    reference: withReference ? `idle ${mb(referenceRssIdleKb)} MB, peak ${mb(referenceRssPeakKb)} MB` : "not run",
    ratio: withReference ? `${round(rssPeakKb / Math.max(1, referenceRssPeakKb), 2)} × the reference's peak` : "n/a",
    goal: "RSS < 250 MB at peak under the whole bench, and back within 50 MB of idle after it",
    verdict: rssMet ? "met" : "not met",
  });
  const appOnly = (scenario: string, app: string): TableRow => ({
    scenario,
    connections: null,
    app,
    reference: "no reference",
    ratio: "n/a",
    goal: "none in issue 15",
    verdict: "no goal",
  });
  for (const run of exportRuns ?? []) {
    table.push(appOnly(`8 export ${run.format}, ${run.client}`, `${run.megabytes} MB in ${run.seconds} s, RSS +${run.rssGrowthMb} MB`));
  }
  if (ship) {
    table.push(
      appOnly(
        `6 ship post #${ship.postId} (${ship.emailsQueued} emails)`,
        `request ${ship.requestMs} ms; all accepted after ${ship.allAcceptedMs ?? "timeout"} ms; ${ship.duplicates} duplicates`,
      ),
    );
  }
  for (const row of insights ?? []) table.push(appOnly(row.scenario, `in process, 20 sequential: p50 ${row.p50} / p95 ${row.p95} ms`));

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
    options: {
      duration: args.duration,
      connections: args.connections,
      rounds: args.rounds,
      webConcurrency: args.webConcurrency,
      only: args.only,
      sink: args.sink,
      cpuProf: args.cpuProf,
    },
    serverStartupMs: Math.round(startupMs),
    ratioTable: table,
    searchWords,
    compared: compared.map(({ runs, ...c }) => ({ ...c, runs: runs.map(({ statusCodes, ...r }) => ({ ...r, statusCodes })) })),
    results: rows.map(({ statusCodes, ...r }) => ({ ...r, statusCodes })),
    insights,
    voteCheck,
    export: exportRuns,
    ship,
    rss: { idleMb: mb(rssIdleKb), peakMb: mb(rssPeakKb), afterMb: mb(rssAfterKb), processes: rssProcesses },
    referenceRss: withReference ? { idleMb: mb(referenceRssIdleKb), peakMb: mb(referenceRssPeakKb) } : null,
  };
  const markdown =
    `# Benchmark: app / reference (${report.at})\n\n` +
    `Fixture \`${report.fixture.file}\` (${fixtureSizes.posts} posts); ${args.rounds} rounds of ${args.duration} s per side, interleaved; ` +
    `medians; WEB_CONCURRENCY ${args.webConcurrency ?? "unset"}; ${report.machine.cpus} CPUs, load average at end ${loadavg.join(" ")}.\n\n` +
    markdownTable(table) +
    "\n";
  fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + "\n");
  const markdownOut = args.out.replace(/\.json$/, "") + ".md";
  fs.writeFileSync(markdownOut, markdown);

  console.log("\n" + markdown);
  console.log(`written to ${args.out} and ${markdownOut}`);
  fs.rmSync(workDir, { recursive: true, force: true });
}

await main();
