// A status change fans out to 60,000 subscribers in one transaction (status_changes row,
// post status, one notification each, one outbox row per subscriber who wants status
// emails). The server is killed with SIGKILL a few milliseconds after the request is
// sent; after each kill the database shows all of the change or none of it, and passes
// integrity_check. Each run uses its own post, so each is a new change.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { startServer, type RunningServer } from "../helpers/server";

const SUBSCRIBERS = 60_000;
const KILL_DELAYS_MS = [20, 80, 200, 400, 1200];

let dir: string;
let databasePath: string;
let cookie: string;
const postIds: number[] = [];
let wantEmail = 0;
const servers: RunningServer[] = [];

function seed(): void {
  const db = openDatabase(databasePath);
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite.prepare("insert into settings (key, value) values ('siteName', 'Fan-out kill'), ('defaultLocale', 'en')").run();
    const staffId = Number(
      sqlite.prepare("insert into users (email, display_name, password_hash, role) values ('staff@example.test', 'Staff', 'x', 'admin')").run().lastInsertRowid,
    );
    const sessionId = crypto.randomBytes(20).toString("hex");
    sqlite.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)").run(sessionId, staffId, Math.floor(Date.now() / 1000) + 24 * 3600);
    cookie = `closeloop_session=${sessionId}`;
    const boardId = Number(sqlite.prepare("insert into boards (slug, name) values ('feedback', 'Feedback')").run().lastInsertRowid);
    const insertUser = sqlite.prepare("insert into users (email, display_name, password_hash, role, email_on_status) values (?, ?, null, 'customer', ?)");
    for (let i = 0; i < SUBSCRIBERS; i++) {
      // Every fifth subscriber has status emails turned off: notified in-app, no outbox row.
      const wants = i % 5 !== 0 ? 1 : 0;
      wantEmail += wants;
      insertUser.run(`sub${i}@example.test`, `Sub ${i}`, wants);
    }
    const insertPost = sqlite.prepare("insert into posts (board_id, author_id, title, body_md) values (?, ?, ?, '')");
    const subscribe = sqlite.prepare("insert into subscriptions (post_id, user_id, state) select ?, id, 'subscribed' from users where role = 'customer'");
    for (let run = 0; run < KILL_DELAYS_MS.length; run++) {
      const postId = Number(insertPost.run(boardId, staffId, `Fan-out post ${run}`).lastInsertRowid);
      subscribe.run(postId);
      postIds.push(postId);
    }
  })();
  sqlite.close();
}

type Observed = { statusChanges: number; postStatus: string; notifications: number; outbox: number; integrity: string };

function observe(postId: number): Observed {
  const db = new Database(databasePath);
  try {
    const one = (q: string) => (db.prepare(q).get(postId) as { n: number }).n;
    return {
      statusChanges: one("select count(*) as n from status_changes where post_id = ? and to_status = 'shipped'"),
      postStatus: (db.prepare("select status from posts where id = ?").get(postId) as { status: string }).status,
      notifications: one("select count(*) as n from notifications where post_id = ? and type = 'status_change'"),
      outbox: (
        db
          .prepare("select count(*) as n from email_outbox where template = 'status_change' and dedupe_key like 'status_change:' || ? || ':user:%'")
          .get(String((db.prepare("select coalesce(max(id), -1) as id from status_changes where post_id = ?").get(postId) as { id: number }).id)) as {
          n: number;
        }
      ).n,
      integrity: (db.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("; "),
    };
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-fanout-kill-"));
  databasePath = path.join(dir, "db.sqlite");
  seed();
}, 240_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("a SIGKILL during a 60,000-subscriber status change leaves all of it or none of it", async () => {
  const outcomes: string[] = [];
  for (let run = 0; run < KILL_DELAYS_MS.length; run++) {
    const postId = postIds[run];
    const delay = KILL_DELAYS_MS[run];
    const before = observe(postId);
    expect(before).toMatchObject({ statusChanges: 0, postStatus: "open", notifications: 0, outbox: 0, integrity: "ok" });

    const server = await startServer({ databasePath });
    servers.push(server);
    const exited = new Promise((resolve) => server.process.once("exit", resolve));
    const request = fetch(`${server.url}/posts/${postId}/triage`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, cookie },
      body: new URLSearchParams({ intent: "status", status: "shipped", response: "x" }).toString(),
    }).then(
      (r) => `HTTP ${r.status}`,
      (e: Error) => `network error (${(e.cause as Error | undefined)?.message ?? e.message})`,
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
    process.kill(server.process.pid!, "SIGKILL");
    await exited;
    const response = await request;

    const after = observe(postId);
    expect(after.integrity).toBe("ok");
    const none = after.statusChanges === 0 && after.postStatus === "open" && after.notifications === 0 && after.outbox === 0;
    const all = after.statusChanges === 1 && after.postStatus === "shipped" && after.notifications === SUBSCRIBERS && after.outbox === wantEmail;
    const outcome = all ? "committed" : none ? "not committed" : "PARTIAL";
    outcomes.push(outcome);
    console.log(`fanout-kill run ${run + 1}: killed ${delay} ms after sending; client saw ${response}; ${outcome}: ${JSON.stringify(after)}`);
    expect(all || none, `partial state after kill: ${JSON.stringify(after)}`).toBe(true);
  }
  console.log(`fanout-kill: outcomes ${JSON.stringify(outcomes)} (subscribers ${SUBSCRIBERS}, wanting status email ${wantEmail})`);
}, 240_000);
