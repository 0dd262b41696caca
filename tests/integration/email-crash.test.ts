// The outbox survives a crash: a shipped notice to 2,000 followers, the server killed
// with SIGKILL part-way through sending, then restarted on the same database. Every
// follower gets the email, and any repeat carries the Message-ID of its first copy.
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { boards, posts, settings, users } from "~/db/schema";
import { hashPassword } from "~/services/auth.server";
import { startServer, type RunningServer } from "../helpers/server";

const FOLLOWERS = 2_000;
const KILL_AFTER = 250;
const PUBLIC_URL = "http://crash.closeloop.test";
const STAFF_EMAIL = "staff@example.test";
const STAFF_PASSWORD = "a long enough passphrase";

type Delivery = { to: string; messageId: string };

const deliveries: Delivery[] = [];
let holding = true;
let smtp: SMTPServer;
let smtpUrl: string;
let dir: string;
let databasePath: string;
let postId: number;
let servers: RunningServer[] = [];

async function startSink(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 16_384) head += chunk.toString("utf8");
      });
      stream.on("end", () => {
        const messageId = /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? "";
        for (const rcpt of session.envelope.rcptTo) deliveries.push({ to: rcpt.address.toLowerCase(), messageId });
        // From the KILL_AFTER-th message until the kill, the sink takes messages but never
        // answers 250: the server dies between the receiver having a message and the
        // worker recording it as sent, so those rows must come again after the restart.
        if (holding && deliveries.length >= KILL_AFTER) return;
        // A slow-ish receiver, so the kill lands while the worker is mid-batch.
        setTimeout(() => callback(), 3 + Math.floor(Math.random() * 3));
      });
    },
  });
  // The killed server's connections end in ECONNRESET; that is the point of the test.
  smtp.on("error", () => undefined);
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
}

/** A fresh database: one admin, FOLLOWERS customers who all follow one post. */
async function seed(): Promise<void> {
  const db = openDatabase(databasePath);
  const passwordHash = await hashPassword(STAFF_PASSWORD);
  db.insert(settings)
    .values([
      { key: "siteName", value: "Crash test" },
      { key: "defaultLocale", value: "en" },
    ])
    .run();
  db.insert(users).values({ email: STAFF_EMAIL, displayName: "Staff", passwordHash, role: "admin" }).run();
  const insertCustomer = db.$client.prepare("insert into users (email, display_name, password_hash, role, locale) values (?, ?, null, 'customer', ?)");
  const locales = ["en", "ar", "fa"] as const;
  db.$client.transaction(() => {
    for (let i = 0; i < FOLLOWERS; i++) insertCustomer.run(`follower${i}@example.test`, `Follower ${i}`, locales[i % 3]);
  })();
  const board = db.insert(boards).values({ slug: "feedback", name: "Feedback" }).returning().get();
  const author = db.$client.prepare("select id from users where email = 'follower0@example.test'").get() as { id: number };
  const post = db.insert(posts).values({ boardId: board.id, authorId: author.id, title: "Bulk export", bodyMd: "Please." }).returning().get();
  postId = post.id;
  db.$client.prepare("insert into subscriptions (post_id, user_id, state) select ?, id, 'subscribed' from users where role = 'customer'").run(postId);
  db.$client.close();
}

function serverEnv(): Record<string, string> {
  return { SMTP_URL: smtpUrl, PUBLIC_URL, OUTBOX_LEASE_MS: "3000", OUTBOX_POLL_MS: "200" };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number, stepMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

function uniqueRecipients(): number {
  return new Set(deliveries.map((d) => d.to)).size;
}

function outboxRows(): { id: number; to_email: string; status: string; attempts: number }[] {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare("select id, to_email, status, attempts from email_outbox order by id").all() as never;
  } finally {
    db.close();
  }
}

async function form(server: RunningServer, pathname: string, body: Record<string, string>, cookie = ""): Promise<Response> {
  return fetch(server.url + pathname, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(body).toString(),
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-crash-"));
  databasePath = path.join(dir, "crash.db");
  await startSink();
  await seed();
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("delivers a shipped notice to all 2,000 followers across a SIGKILL, repeats keeping their Message-ID", async () => {
  const first = await startServer({ databasePath, env: serverEnv() });
  servers.push(first);

  const login = await form(first, "/login", { email: STAFF_EMAIL, password: STAFF_PASSWORD });
  expect(login.status).toBe(302);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie).not.toBe("");

  const startedAt = Date.now();
  const shipped = await form(first, `/posts/${postId}/triage`, { intent: "status", status: "shipped", response: "Export is in **release 4.2**." }, cookie);
  expect(shipped.status).toBe(302);
  expect(shipped.headers.get("location")).toBe(`/posts/${postId}#staff`);
  // The status change committed every outbox row in one transaction.
  expect(outboxRows()).toHaveLength(FOLLOWERS);

  await waitFor(`${KILL_AFTER} deliveries before the crash (is the outbox worker started with the server?)`, () => deliveries.length >= KILL_AFTER, 60_000, 2);
  const exited = new Promise((resolve) => first.process.once("exit", resolve));
  process.kill(first.process.pid!, "SIGKILL");
  await exited;
  // A killed child has no exitCode (only signalCode), so RunningServer.stop() would wait forever.
  servers = servers.filter((s) => s !== first);
  holding = false;
  const atCrash = { received: deliveries.length, unique: uniqueRecipients() };
  const statusAtCrash = outboxRows().reduce<Record<string, number>>((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {});
  console.log(
    `crash: killed after ${Date.now() - startedAt} ms with ${atCrash.received} received (${atCrash.unique} unique); outbox then: ${JSON.stringify(statusAtCrash)}`,
  );
  expect(atCrash.unique).toBeLessThan(FOLLOWERS);

  const second = await startServer({ databasePath, env: serverEnv() });
  servers.push(second);
  await waitFor("every follower to receive the email", () => uniqueRecipients() >= FOLLOWERS, 90_000, 50);
  await waitFor("every outbox row to be marked sent", () => outboxRows().every((r) => r.status === "sent"), 30_000, 50);

  // Every follower got it; nobody else did.
  const expected = new Set(Array.from({ length: FOLLOWERS }, (_, i) => `follower${i}@example.test`));
  const recipients = new Set(deliveries.map((d) => d.to));
  expect(recipients.size).toBe(FOLLOWERS);
  expect([...recipients].filter((to) => !expected.has(to))).toEqual([]);

  // One row per follower, each with its own Message-ID, carried by every copy it sent.
  const rows = outboxRows();
  expect(rows).toHaveLength(FOLLOWERS);
  expect(rows.filter((r) => r.status !== "sent")).toEqual([]);
  const host = new URL(PUBLIC_URL).hostname;
  const rowByEmail = new Map(rows.map((r) => [r.to_email, r]));
  const firstIdOf = new Map<string, string>();
  let repeats = 0;
  for (const delivery of deliveries) {
    const row = rowByEmail.get(delivery.to)!;
    expect(delivery.messageId).toBe(`<outbox-${row.id}@${host}>`);
    const seen = firstIdOf.get(delivery.to);
    if (seen === undefined) firstIdOf.set(delivery.to, delivery.messageId);
    else {
      repeats += 1;
      expect(delivery.messageId).toBe(seen);
      // A repeat only happens to a row that was leased again after the crash.
      expect(row.attempts).toBeGreaterThanOrEqual(2);
    }
  }
  expect(new Set(firstIdOf.values()).size).toBe(FOLLOWERS);
  // The messages the sink held unanswered at the crash were delivered again.
  expect(repeats).toBeGreaterThanOrEqual(1);
  console.log(
    `crash: received ${deliveries.length} messages, ${recipients.size} unique recipients, ${repeats} repeats; ` +
      `${rows.filter((r) => r.attempts >= 2).length} rows took a second attempt; done ${Date.now() - startedAt} ms after the status change`,
  );

  // The staff email log serves the result from the restarted server.
  const log = await fetch(`${second.url}/admin/emails?status=sent`, { headers: { cookie } });
  expect(log.status).toBe(200);
  const logHtml = await log.text();
  expect(logHtml).toContain(`data-count="sent">2,000<`);
  expect(logHtml).toContain("follower");
  const preview = await fetch(`${second.url}/admin/emails/${rows[1].id}`, { headers: { cookie } });
  expect(preview.status).toBe(200);
  const previewHtml = await preview.text();
  expect(previewHtml).toContain('<iframe sandbox=""');
  expect(previewHtml).toContain(`&lt;outbox-${rows[1].id}@${host}&gt;`);
}, 180_000);
