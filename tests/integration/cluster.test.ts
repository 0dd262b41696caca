// Cluster mode (WEB_CONCURRENCY=2, ADR 018) on the production build: the emails of a status
// change go out once each, from the primary, woken by the worker that committed them; the
// login limit holds although the attempts land on different workers; a killed worker is
// replaced while the other goes on answering; SIGTERM stops the primary and every worker.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { hashPassword } from "~/services/auth.server";
import { startServer, type RunningServer } from "../helpers/server";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";

const FOLLOWERS = 12;
const PUBLIC_URL = "http://cluster.closeloop.test";
const STAFF_EMAIL = "staff@example.test";
const STAFF_PASSWORD = "a long enough passphrase";

let dir: string;
let databasePath: string;
let postId: number;
let sink: SmtpSink;
let server: RunningServer;
/** What the server printed after "listening on". */
let laterOutput = "";

async function seed(): Promise<void> {
  const db = openDatabase(databasePath);
  const sqlite = db.$client;
  const passwordHash = await hashPassword(STAFF_PASSWORD);
  sqlite.transaction(() => {
    sqlite.prepare("insert into settings (key, value) values ('siteName', 'Cluster'), ('defaultLocale', 'en')").run();
    sqlite.prepare("insert into users (email, display_name, password_hash, role) values (?, 'Staff', ?, 'admin')").run(STAFF_EMAIL, passwordHash);
    const insertFollower = sqlite.prepare("insert into users (email, display_name, password_hash, role) values (?, ?, null, 'customer')");
    for (let i = 0; i < FOLLOWERS; i++) insertFollower.run(`follower${i}@example.test`, `Follower ${i}`);
    const boardId = Number(sqlite.prepare("insert into boards (slug, name) values ('feedback', 'Feedback')").run().lastInsertRowid);
    const authorId = (sqlite.prepare("select id from users where email = 'follower0@example.test'").get() as { id: number }).id;
    postId = Number(
      sqlite.prepare("insert into posts (board_id, author_id, title, body_md) values (?, ?, 'Dark mode', 'Please.')").run(boardId, authorId).lastInsertRowid,
    );
    sqlite.prepare("insert into subscriptions (post_id, user_id, state) select ?, id, 'subscribed' from users where role = 'customer'").run(postId);
  })();
  sqlite.close();
}

type Answer = { status: number; workerPid: number; headers: http.IncomingHttpHeaders };

/** One request on a connection of its own (no keep-alive), so the primary hands each to the next worker. */
function send(pathname: string, options: { form?: Record<string, string>; cookie?: string } = {}): Promise<Answer> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      server.url + pathname,
      {
        method: body === undefined ? "GET" : "POST",
        agent: false,
        headers: {
          origin: server.url,
          ...(body !== undefined && { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) }),
          ...(options.cookie && { cookie: options.cookie }),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, workerPid: Number(response.headers["x-test-worker-pid"]), headers: response.headers }),
        );
      },
    );
    request.on("error", reject);
    // A hung request fails here, with its path, rather than as the test's own timeout.
    request.setTimeout(20_000, () => request.destroy(new Error(`no answer to ${pathname} in 20 s`)));
    request.end(body);
  });
}

/** A page on a connection of its own, with its body and whether the worker's page cache answered. */
function page(pathname: string): Promise<{ body: string; workerPid: number; cache: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(server.url + pathname, { agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ body, workerPid: Number(response.headers["x-test-worker-pid"]), cache: String(response.headers["x-page-cache"]) }));
    });
    request.on("error", reject);
    request.setTimeout(20_000, () => request.destroy(new Error(`no answer to ${pathname} in 20 s`)));
  });
}

/** The pids of the primary's children: its web workers. */
function workerPids(): number[] {
  const primary = server.process.pid!;
  const children: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …: the command name may hold spaces, so read after its ")".
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) === primary && state !== "Z") children.push(Number(entry));
    } catch {
      // The process ended between readdir and read.
    }
  }
  return children.sort((a, b) => a - b);
}

/** Exited and reaped (or a zombie about to be). */
function processGone(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2] === "Z";
  } catch {
    return true;
  }
}

// Generous: a replacement worker loads the whole build, which takes many seconds on a busy box.
async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function outboxRows(): { to_email: string; status: string; attempts: number }[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare("select to_email, status, attempts from email_outbox order by id").all() as never;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-cluster-"));
  databasePath = path.join(dir, "db.sqlite");
  await seed();
  sink = await startSmtpSink();
  server = await startServer({
    databasePath,
    env: {
      WEB_CONCURRENCY: "2",
      TEST_WORKER_PID_HEADER: "1",
      SMTP_URL: sink.url,
      PUBLIC_URL,
      // The outbox polls every 10 minutes here: only the kick a worker relays to the primary
      // after its commit can send the emails within the test.
      OUTBOX_POLL_MS: "600000",
      // A cached page lives 10 minutes here: only the generation in SQLite can tell a worker
      // that another process changed what the page shows.
      PAGE_CACHE_TTL_MS: "600000",
    },
  });
  server.process.stdout!.on("data", (chunk: Buffer) => (laterOutput += chunk.toString()));
  server.process.stderr!.on("data", (chunk: Buffer) => (laterOutput += chunk.toString()));
}, 150_000);

afterAll(async () => {
  await server?.stop();
  await sink?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("starts one primary that runs the jobs and two web workers that share the port", () => {
  expect(server.output).toContain(`this primary (pid ${server.process.pid}) migrates the database and runs every background job`);
  expect(server.output).toMatch(/2 web workers \(pids \d+, \d+\) serve HTTP and run no background jobs/);
  expect(server.output.match(/listening on/g)).toHaveLength(1);
  expect(workerPids()).toHaveLength(2);
});

it("sends each follower the shipped notice exactly once", async () => {
  const login = await send("/login", { form: { email: STAFF_EMAIL, password: STAFF_PASSWORD } });
  expect(login.status).toBe(302);
  const cookie = (login.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  expect(cookie).toContain("closeloop_session=");

  const shipped = await send(`/posts/${postId}/triage`, { form: { intent: "status", status: "shipped", response: "In release 3." }, cookie });
  expect(shipped.status).toBe(302);
  expect(outboxRows()).toHaveLength(FOLLOWERS);

  await waitFor("every outbox row to be sent (is the worker's kick relayed to the primary?)", () => outboxRows().every((row) => row.status === "sent"));
  // Longer than a drain takes, so a second sender (a worker running the outbox too) would show.
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const perRecipient = new Map<string, number>();
  for (const delivery of sink.received) for (const to of delivery.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  const expected = Array.from({ length: FOLLOWERS }, (_, i) => `follower${i}@example.test`).sort();
  expect([...perRecipient.keys()].sort()).toEqual(expected);
  expect([...perRecipient.values()].every((count) => count === 1)).toBe(true);
  expect(sink.received).toHaveLength(FOLLOWERS);
  expect(outboxRows().every((row) => row.attempts === 1)).toBe(true);
});

it("refuses the sixth sign-in attempt of a minute although the attempts land on both workers", async () => {
  // The limit counts per wall-clock minute: start early in one, so all six fall in the same window.
  if (Date.now() % 60_000 > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - (Date.now() % 60_000) + 100));
  const answers: Answer[] = [];
  for (let i = 0; i < 6; i++) answers.push(await send("/login", { form: { email: "sara@example.test", password: "wrong password here" } }));
  expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 429]);
  expect(new Set(answers.map((a) => a.workerPid)).size).toBe(2);
});

it("keeps each worker's page cache correct when another process changes the page", async () => {
  const path = `/posts/${postId}`;
  const hitBy = new Set<number>();
  await waitFor("both workers to serve the post page from their cache", async () => {
    const answer = await page(path);
    if (answer.cache === "hit") hitBy.add(answer.workerPid);
    return hitBy.size === 2;
  });
  // Another process (this test's own connection) renames the post: neither worker wrote it.
  // (openDatabase registers the SQL functions the search triggers call.)
  const db = openDatabase(databasePath, { migrate: false }).$client;
  try {
    db.prepare("update posts set title = 'Dark mode everywhere' where id = ?").run(postId);
  } finally {
    db.close();
  }
  const after = await Promise.all(Array.from({ length: 8 }, () => page(path)));
  expect(new Set(after.map((answer) => answer.workerPid)).size).toBe(2);
  for (const answer of after) expect(answer.body).toContain("Dark mode everywhere");
});

it("replaces a killed worker, and the other answers meanwhile", async () => {
  const [killed, survivor] = workerPids();
  process.kill(killed, "SIGKILL");
  // Until the primary has seen the exit, node:cluster may still hand the dead worker a connection.
  await waitFor("the primary to see the worker exit", () => laterOutput.includes(`Web worker ${killed} was killed by SIGKILL`));

  const meanwhile = await Promise.all(Array.from({ length: 4 }, () => send("/login")));
  expect(meanwhile.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  await waitFor("a replacement worker", () => workerPids().length === 2 && !workerPids().includes(killed));
  const replacement = workerPids().find((pid) => pid !== survivor)!;
  const answeredBy = new Set<number>();
  await waitFor("the replacement to answer", async () => {
    answeredBy.add((await send("/login")).workerPid);
    return answeredBy.has(replacement);
  });
  expect([...answeredBy].every((pid) => pid === survivor || pid === replacement)).toBe(true);
});

it("stops the primary and every worker on SIGTERM", async () => {
  const workers = workerPids();
  expect(workers).toHaveLength(2);
  const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));
  server.process.kill("SIGTERM");
  expect(await exited).toBe(0);
  await waitFor("no worker left running", () => workers.every(processGone), 5_000);
});
