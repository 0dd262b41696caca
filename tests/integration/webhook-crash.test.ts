// Webhook deliveries survive a crash: the server is killed with SIGKILL while its
// receiver holds every request unanswered, then restarted on the same database. Once the
// leases run out every delivery is sent again, with its first webhook-id, so a receiver
// that dedupes on webhook-id processes each event exactly once; every copy verifies.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { boards, posts, settings, users, webhooks } from "~/db/schema";
import { hashPassword } from "~/services/auth.server";
import { startServer, type RunningServer } from "../helpers/server";

const POSTS = 4;
const ADMIN_EMAIL = "admin@example.test";
const ADMIN_PASSWORD = "a long enough passphrase";
const SECRET = `whsec_${Buffer.from("crash-test signing secret!").toString("base64")}`;

type Request = { id: string; body: string; headers: Record<string, string> };

const requests: Request[] = [];
/** Until the crash, the receiver takes each request and never answers it. */
let holding = true;
const held: http.ServerResponse[] = [];
let receiver: http.Server;
let receiverUrl = "";
let dir = "";
let databasePath = "";
let postIds: number[] = [];
let servers: RunningServer[] = [];

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function deliveries(): { id: number; message_id: string; status: string; attempts: number }[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare("select id, message_id, status, attempts from webhook_deliveries order by id").all() as never;
  } finally {
    db.close();
  }
}

async function seed(): Promise<void> {
  const db = openDatabase(databasePath);
  db.insert(settings)
    .values([
      { key: "siteName", value: "Crash test" },
      { key: "defaultLocale", value: "en" },
    ])
    .run();
  const admin = db
    .insert(users)
    .values({ email: ADMIN_EMAIL, displayName: "Admin", passwordHash: await hashPassword(ADMIN_PASSWORD), role: "admin" })
    .returning()
    .get();
  const board = db.insert(boards).values({ slug: "feedback", name: "Feedback" }).returning().get();
  postIds = Array.from(
    { length: POSTS },
    (_, i) =>
      db
        .insert(posts)
        .values({ boardId: board.id, authorId: admin.id, title: `Idea ${i}` })
        .returning()
        .get().id,
  );
  db.insert(webhooks)
    .values({ url: `${receiverUrl}/hook`, events: JSON.stringify(["post.updated"]), secret: SECRET, createdById: admin.id })
    .run();
  db.$client.close();
}

const serverEnv = { WEBHOOKS_ALLOW_PRIVATE: "1", WEBHOOK_LEASE_MS: "3000", WEBHOOK_POLL_MS: "200" };

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      requests.push({ id: String(request.headers["webhook-id"]), body, headers: request.headers as Record<string, string> });
      if (holding) held.push(response);
      else response.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-webhook-crash-"));
  databasePath = path.join(dir, "crash.db");
  await seed();
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  for (const response of held) response.destroy();
  await new Promise((resolve) => receiver.close(resolve));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("delivers every event after a SIGKILL mid-delivery, each repeat with its first webhook-id", async () => {
  const first = await startServer({ databasePath, env: serverEnv });
  servers.push(first);
  const login = await fetch(`${first.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: first.url },
    body: new URLSearchParams({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).toString(),
  });
  expect(login.status).toBe(302);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

  // Each kind change is a post.updated event, queued in its own transaction.
  for (const postId of postIds) {
    const changed = await fetch(`${first.url}/posts/${postId}/triage`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: first.url, cookie },
      body: new URLSearchParams({ intent: "kind", kind: "bug" }).toString(),
    });
    expect(changed.status).toBe(302);
  }
  expect(deliveries()).toHaveLength(POSTS);

  await waitFor("the receiver to hold every delivery (is the webhook worker started with the server?)", () => requests.length >= POSTS, 30_000);
  expect(deliveries().filter((d) => d.status === "delivered")).toEqual([]);
  const exited = new Promise((resolve) => first.process.once("exit", resolve));
  process.kill(first.process.pid!, "SIGKILL");
  await exited;
  servers = servers.filter((s) => s !== first);
  holding = false;
  const beforeRestart = requests.length;

  const second = await startServer({ databasePath, env: serverEnv });
  servers.push(second);
  await waitFor("every delivery to be marked delivered", () => deliveries().every((d) => d.status === "delivered"), 60_000);

  const rows = deliveries();
  // Each was leased twice: once by the killed server, once after its lease ran out.
  expect(rows.map((r) => r.attempts)).toEqual(rows.map(() => 2));
  const after = requests.slice(beforeRestart);
  expect(after.map((r) => r.id).sort()).toEqual(rows.map((r) => r.message_id).sort());
  // A receiver deduping on webhook-id sees each event once; every copy carries a valid signature.
  const firstCopies = new Map<string, Request>();
  for (const request of requests) if (!firstCopies.has(request.id)) firstCopies.set(request.id, request);
  expect(firstCopies.size).toBe(POSTS);
  const verifier = new Webhook(SECRET);
  for (const request of requests) expect(() => verifier.verify(request.body, request.headers)).not.toThrow();
  const updated = [...firstCopies.values()].map((r) => (JSON.parse(r.body) as { data: { post: { id: number; kind: string } } }).data.post);
  expect(updated.map((p) => p.id).sort((a, b) => a - b)).toEqual(postIds);
  expect(updated.every((p) => p.kind === "bug")).toBe(true);
}, 180_000);
