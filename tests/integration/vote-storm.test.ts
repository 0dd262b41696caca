// A vote storm against the real production server: 8 client processes (separate
// `node -e` children using fetch) toggle votes on random posts as random users. After a
// clean stop, and after a SIGKILL mid-storm plus a restart, every post's vote_count
// equals its vote rows and the database passes integrity_check. The last test checks
// the startup counter repair (app/services/integrity.server.ts) directly.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { startServer, type RunningServer } from "../helpers/server";

const POSTS = 500;
const USERS = 80;
const CLIENTS = 8;
/** How long the clean-stop storm lasts. The SIGKILL storm lasts until the restarted server has taken votes too. */
const STORM_MS = 20_000;
/** A client stops by itself after this, whatever happens to the test that started it. */
const CLIENT_LIMIT_MS = 200_000;

const dirs: string[] = [];
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

type Seeded = { databasePath: string; postIds: number[]; cookies: string[] };

/** A fresh database file: 1 board, 1 author, POSTS posts, USERS customers with a session each. */
function seed(): Seeded {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-vote-storm-"));
  dirs.push(dir);
  const databasePath = path.join(dir, "db.sqlite");
  const db = openDatabase(databasePath);
  const sqlite = db.$client;
  const cookies: string[] = [];
  const postIds: number[] = [];
  sqlite.transaction(() => {
    sqlite.prepare("insert into settings (key, value) values ('siteName', 'Vote storm'), ('defaultLocale', 'en')").run();
    const authorId = Number(
      sqlite.prepare("insert into users (email, display_name, password_hash, role) values ('author@example.test', 'Author', 'x', 'customer')").run()
        .lastInsertRowid,
    );
    const boardId = Number(sqlite.prepare("insert into boards (slug, name) values ('feedback', 'Feedback')").run().lastInsertRowid);
    const insertPost = sqlite.prepare("insert into posts (board_id, author_id, title, body_md) values (?, ?, ?, '')");
    for (let i = 0; i < POSTS; i++) postIds.push(Number(insertPost.run(boardId, authorId, `Storm post ${i}`).lastInsertRowid));
    const insertUser = sqlite.prepare("insert into users (email, display_name, password_hash, role) values (?, ?, 'x', 'customer')");
    const insertSession = sqlite.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)");
    const expiresAt = Math.floor(Date.now() / 1000) + 30 * 24 * 3600;
    for (let i = 0; i < USERS; i++) {
      const userId = Number(insertUser.run(`stormer${i}@example.test`, `Stormer ${i}`).lastInsertRowid);
      const sessionId = crypto.randomBytes(20).toString("hex");
      insertSession.run(sessionId, userId, expiresAt);
      cookies.push(`closeloop_session=${sessionId}`);
    }
  })();
  sqlite.close();
  return { databasePath, postIds, cookies };
}

// One client: toggles votes back to back until the test closes its stdin (or its own
// time limit passes). While the server is down (killed, restarting) it counts the
// failure and tries again 100 ms later.
const CLIENT_SCRIPT = `
const { URL_BASE, COOKIES, POST_IDS, DURATION_MS, ANSWER_WITHIN_MS } = process.env;
const cookies = JSON.parse(COOKIES), postIds = JSON.parse(POST_IDS);
const deadline = Date.now() + Number(DURATION_MS);
let stopped = false;
process.stdin.on("data", () => {}).on("end", () => { stopped = true; });
const pick = (a) => a[Math.floor(Math.random() * a.length)];
// A fetch whose socket died with the server can leave its promise pending with nothing
// to keep Node running, and the client would exit 0 with nothing said: a timer keeps it
// alive, and a request with no answer in ANSWER_WITHIN_MS counts as a network error.
const keepAlive = setInterval(() => {}, 1000);
(async () => {
  let acked = 0, rejected = 0, networkErrors = 0;
  const statuses = {};
  while (!stopped && Date.now() < deadline) {
    try {
      const r = await fetch(URL_BASE + "/posts/" + pick(postIds) + "/vote", {
        method: "POST", redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: URL_BASE, cookie: pick(cookies), accept: "application/json" },
        body: "via=fetcher",
        signal: AbortSignal.timeout(Number(ANSWER_WITHIN_MS)),
      });
      const body = await r.text();
      if (r.status === 200 && typeof JSON.parse(body).voted === "boolean") acked++;
      else { rejected++; statuses[r.status] = (statuses[r.status] || 0) + 1; }
    } catch (e) {
      networkErrors++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  process.stdout.write(JSON.stringify({ acked, rejected, networkErrors, statuses }));
  clearInterval(keepAlive);
})();
`;

type ClientResult = { acked: number; rejected: number; networkErrors: number; statuses: Record<string, number> };

/**
 * How long a client waits for an answer before it counts a network error. While the
 * server runs, a slow answer on a busy machine is still an answer: only a dead socket
 * should count, so the clean-stop storm waits long. While a server is being killed,
 * 5 s is plenty to notice a socket that died with it.
 */
type Patience = { answerWithinMs: number };
const SERVER_STAYS_UP: Patience = { answerWithinMs: 60_000 };
const SERVER_MAY_DIE: Patience = { answerWithinMs: 5_000 };

function runClient(url: string, seeded: Seeded, patience: Patience): { child: ChildProcess; done: Promise<ClientResult> } {
  const child = spawn(process.execPath, ["-e", CLIENT_SCRIPT], {
    env: {
      ...process.env,
      URL_BASE: url,
      COOKIES: JSON.stringify(seeded.cookies),
      POST_IDS: JSON.stringify(seeded.postIds),
      DURATION_MS: String(CLIENT_LIMIT_MS),
      ANSWER_WITHIN_MS: String(patience.answerWithinMs),
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  running.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
  const done = new Promise<ClientResult>((resolve, reject) => {
    child.once("exit", (code) => {
      try {
        resolve(JSON.parse(out) as ClientResult);
      } catch {
        reject(new Error(`client exited with ${code}: ${out}\n${err}`));
      }
    });
  });
  return { child, done };
}

/** CLIENTS clients storming `url`; `stop()` tells them all to finish and gives their counts. */
function storm(url: string, seeded: Seeded, patience: Patience): { stop(): Promise<ClientResult[]> } {
  const clients = Array.from({ length: CLIENTS }, () => runClient(url, seeded, patience));
  return {
    stop: () => {
      for (const client of clients) client.child.stdin!.end();
      return Promise.all(clients.map((client) => client.done));
    },
  };
}

function total(results: ClientResult[], key: "acked" | "rejected" | "networkErrors"): number {
  return results.reduce((sum, r) => sum + r[key], 0);
}

/** Posts whose vote_count differs from their vote rows, and the integrity_check answer. */
function checkDb(databasePath: string): { drifted: { id: number; vote_count: number; n: number }[]; integrity: string; votes: number } {
  const db = new Database(databasePath, { readonly: true });
  try {
    const drifted = db
      .prepare(
        "select p.id, p.vote_count, (select count(*) from votes v where v.post_id = p.id) as n from posts p where p.vote_count <> (select count(*) from votes v where v.post_id = p.id)",
      )
      .all() as { id: number; vote_count: number; n: number }[];
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("\n");
    const votes = (db.prepare("select count(*) as n from votes").get() as { n: number }).n;
    return { drifted, integrity, votes };
  } finally {
    db.close();
  }
}

/**
 * Resolves once other connections have committed to the database `count` times since the
 * call; fails after 3 minutes without them. It counts changes of `PRAGMA data_version`,
 * which only ever changes when another connection commits (several commits between two
 * polls count as one, so this waits for at least `count`). Vote rowids are no measure:
 * an unvote of the highest rowid lets the next vote take the same rowid again.
 */
async function commitsSeen(databasePath: string, count: number): Promise<void> {
  const db = new Database(databasePath, { readonly: true });
  try {
    const version = () => db.pragma("data_version", { simple: true }) as number;
    let last = version();
    let seen = 0;
    const giveUpAt = Date.now() + 180_000;
    while (seen < count) {
      if (Date.now() > giveUpAt) throw new Error(`the storm committed ${seen} of ${count} times in 3 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = version();
      if (now !== last) seen += 1;
      last = now;
    }
  } finally {
    db.close();
  }
}

/** A server on this database (and port, when given), remembered so afterEach can stop it. */
async function startTrackedServer(databasePath: string, port?: number): Promise<{ server: RunningServer; output: string }> {
  const server = await startServer({ databasePath, port });
  running.push(server.process);
  return { server, output: server.output };
}

describe("vote storm", () => {
  it("keeps vote_count equal to the vote rows through an 8-client storm and a clean stop", async () => {
    const seeded = seed();
    const server = await startServer({ databasePath: seeded.databasePath });
    running.push(server.process);
    const clients = storm(server.url, seeded, SERVER_STAYS_UP);
    await new Promise((resolve) => setTimeout(resolve, STORM_MS));
    const results = await clients.stop();
    await server.stop();

    const acked = total(results, "acked");
    const check = checkDb(seeded.databasePath);
    console.log(`vote storm (clean stop): ${acked} toggles acknowledged by ${CLIENTS} client processes, ${check.votes} votes left`);
    expect(total(results, "networkErrors")).toBe(0);
    expect(total(results, "rejected")).toBe(0);
    expect(acked).toBeGreaterThan(0);
    expect(check.drifted).toEqual([]);
    expect(check.integrity).toBe("ok");
  }, 240_000);

  it("keeps vote_count equal to the vote rows when the server is SIGKILLed mid-storm and restarted", async () => {
    const seeded = seed();
    const server = await startServer({ databasePath: seeded.databasePath });
    running.push(server.process);
    const clients = storm(server.url, seeded, SERVER_MAY_DIE);
    // Kill mid-storm, not before it: a busy machine can take seconds to start the clients,
    // so wait for the first committed votes, then a random moment more.
    const startedAt = Date.now();
    await commitsSeen(seeded.databasePath, 5);
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5_000)));
    const killAfter = Date.now() - startedAt;
    const exited = new Promise((resolve) => server.process.once("exit", resolve));
    process.kill(server.process.pid!, "SIGKILL");
    await exited;

    // What the killed server left on disk, before anything repairs it; then a restart on
    // the same port, and the clients, still storming, carry on against it.
    const afterKill = checkDb(seeded.databasePath);
    const restarted = await startTrackedServer(seeded.databasePath, Number(new URL(server.url).port));
    const restartedAt = Date.now();
    await commitsSeen(seeded.databasePath, 5);
    const results = await clients.stop();
    const stormedAfterRestartMs = Date.now() - restartedAt;
    await restarted.server.stop();
    const repairLine = /Repaired \d+ vote counts and \d+ comment counts/.exec(restarted.output)?.[0];

    const acked = total(results, "acked");
    const check = checkDb(seeded.databasePath);
    console.log(
      `vote storm (SIGKILL after ${killAfter} ms, restarted, ${stormedAfterRestartMs} ms more storm): ${acked} toggles acknowledged, ` +
        `${total(results, "rejected")} rejected, ${total(results, "networkErrors")} refused while down, ` +
        `${afterKill.drifted.length} posts drifted after the kill (integrity ${afterKill.integrity}), ${check.votes} votes left; ` +
        `startup repair: ${repairLine ?? "none (nothing drifted)"}`,
    );
    expect(afterKill.integrity).toBe("ok");
    expect(acked).toBeGreaterThan(0);
    expect(total(results, "rejected")).toBe(0);
    expect(check.drifted).toEqual([]);
    expect(check.integrity).toBe("ok");
  }, 600_000);

  it("repairs drifted vote and comment counts at startup and logs it", async () => {
    const seeded = seed();
    const [a, b, c] = seeded.postIds;
    const db = new Database(seeded.databasePath);
    const userId = (db.prepare("select id from users where email = 'stormer0@example.test'").get() as { id: number }).id;
    // Real rows: post a has 2 votes; post c has 2 live public comments, 1 internal, 1 deleted.
    db.prepare("insert into votes (post_id, user_id) values (?, ?), (?, ?)").run(a, userId, a, userId + 1);
    db.prepare("update posts set vote_count = 2 where id = ?").run(a);
    const insertComment = db.prepare(
      "insert into comments (post_id, author_id, body_md, body_html, is_internal, deleted_at) values (?, ?, 'hi', '<p>hi</p>', ?, ?)",
    );
    insertComment.run(c, userId, 0, null);
    insertComment.run(c, userId, 0, null);
    insertComment.run(c, userId, 1, null);
    insertComment.run(c, userId, 0, Date.now());
    // Drift: two wrong vote counts, one wrong comment count.
    db.prepare("update posts set vote_count = 7 where id = ?").run(a);
    db.prepare("update posts set vote_count = 3 where id = ?").run(b);
    db.prepare("update posts set comment_count = 9 where id = ?").run(c);
    db.close();

    const { server, output } = await startTrackedServer(seeded.databasePath);
    await server.stop();
    const repairLine = /Repaired \d+ vote counts and \d+ comment counts/.exec(output)?.[0];
    console.log(`startup repair: ${repairLine ?? "(no log line)"}`);

    const after = new Database(seeded.databasePath, { readonly: true });
    const rows = after.prepare("select id, vote_count, comment_count from posts where id in (?, ?, ?) order by id").all(a, b, c);
    after.close();
    expect(rows).toEqual([
      { id: a, vote_count: 2, comment_count: 0 },
      { id: b, vote_count: 0, comment_count: 0 },
      { id: c, vote_count: 0, comment_count: 2 },
    ]);
    expect(repairLine).toBe("Repaired 2 vote counts and 1 comment counts");
    expect(checkDb(seeded.databasePath).drifted).toEqual([]);

    // Nothing drifted now: a second start repairs nothing and says nothing.
    const again = await startTrackedServer(seeded.databasePath);
    await again.server.stop();
    expect(again.output).not.toContain("Repaired");
  }, 60_000);
});
