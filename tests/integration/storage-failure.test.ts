// When the database cannot be written, the real server answers 503 with Retry-After and a
// short localised page, stays up, and serves the next request normally once the storage
// is back.
// - full disk: the database lives on a small tmpfs of its own, and a dummy file fills it
//   until SQLite reports SQLITE_FULL; deleting it clears the condition. Mounting the
//   tmpfs needs root (in a sandbox that allows mount); without it this case is skipped,
//   saying why, and the database lives in an ordinary temporary folder.
// - read-only: `mount -o remount,ro` of a tmpfs is refused while SQLite holds the database
//   open for writing ("mount point is busy"), and renaming the file away does not trip
//   SQLITE_READONLY_DBMOVED in WAL mode. So the server child gets a --require preload
//   (written by this test, not app code) that turns on `PRAGMA query_only` on the app's
//   connection while a flag file exists: SQLite itself then refuses every write with
//   SQLITE_READONLY ("attempt to write a readonly database"); removing the flag clears it.
//   This needs no root.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { expectSecurityHeaders } from "../helpers/security-headers";
import { startServer, type RunningServer } from "../helpers/server";

let dir: string;
let mounted = false;
/** Why the tmpfs could not be mounted, when it could not. */
let noTmpfs = "";
const controls: string[] = [];
let databasePath: string;
let cookie: string;
let postId: number;
let server: RunningServer | undefined;
let serverOutput = "";
let readonlyFlag: string;

// Loaded into the server child with --require; better-sqlite3 resolves to the app's copy.
// Hot statements are prepared once and reused (issue 15), so the flag is checked on every
// run of a statement, not only when one is prepared.
const PRELOAD = `
const fs = require("node:fs");
const Database = require(require.resolve("better-sqlite3", { paths: [process.cwd()] }));
const flag = process.env.CLOSELOOP_TEST_READONLY_FLAG;
const prepare = Database.prototype.prepare;
const queryOnly = new WeakMap();
function followFlag(db) {
  const wanted = fs.existsSync(flag) ? 1 : 0;
  if ((queryOnly.get(db) ?? 0) !== wanted) {
    queryOnly.set(db, wanted);
    prepare.call(db, "PRAGMA query_only = " + wanted).run();
  }
}
const patchedStatements = new WeakSet();
Database.prototype.prepare = function (...args) {
  followFlag(this);
  const statement = prepare.apply(this, args);
  const proto = Object.getPrototypeOf(statement);
  if (!patchedStatements.has(proto)) {
    patchedStatements.add(proto);
    for (const method of ["run", "get", "all", "iterate"]) {
      const original = proto[method];
      proto[method] = function (...params) {
        followFlag(this.database);
        return original.apply(this, params);
      };
    }
  }
  return statement;
};
`;

function seed(): void {
  const db = openDatabase(databasePath);
  const sqlite = db.$client;
  sqlite.transaction(() => {
    sqlite.prepare("insert into settings (key, value) values ('siteName', 'Storage'), ('defaultLocale', 'en')").run();
    const userId = Number(
      sqlite.prepare("insert into users (email, display_name, password_hash, role) values ('voter@example.test', 'Voter', 'x', 'customer')").run()
        .lastInsertRowid,
    );
    const sessionId = crypto.randomBytes(20).toString("hex");
    sqlite.prepare("insert into sessions (id, user_id, expires_at) values (?, ?, ?)").run(sessionId, userId, Math.floor(Date.now() / 1000) + 24 * 3600);
    cookie = `closeloop_session=${sessionId}`;
    const boardId = Number(sqlite.prepare("insert into boards (slug, name) values ('feedback', 'Feedback')").run().lastInsertRowid);
    postId = Number(
      sqlite.prepare("insert into posts (board_id, author_id, title, body_md) values (?, ?, 'Dark mode', '')").run(boardId, userId).lastInsertRowid,
    );
  })();
  sqlite.close();
}

async function vote(headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server!.url}/posts/${postId}/vote`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server!.url, cookie, accept: "application/json", ...headers },
    body: "via=fetcher",
  });
}

async function newPost(title: string, path = "/posts/new"): Promise<Response> {
  return fetch(`${server!.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server!.url, cookie },
    body: new URLSearchParams({ title, body: "Please.", board: "feedback" }).toString(),
  });
}

async function expectUnavailable(response: Response, locale = "en", dir = "ltr"): Promise<void> {
  const html = await response.text();
  expect(response.status, html.slice(0, 300)).toBe(503);
  expect(response.headers.get("retry-after")).toBe("30");
  expect(response.headers.get("content-type")).toContain("text/html");
  expectSecurityHeaders(response, "the 503 page");
  expect(html).toContain(`<html lang="${locale}" dir="${dir}">`);
  if (locale === "en") expect(html).toContain("storage is unavailable");
}

async function expectVoted(response: Response, voted: boolean): Promise<void> {
  expect(response.status).toBe(200);
  expect(((await response.json()) as { voted: boolean }).voted).toBe(voted);
}

function alive(): boolean {
  return server!.process.exitCode === null && server!.process.signalCode === null;
}

/** Writes a dummy file until the filesystem refuses more: first in 64 KiB, then 512-byte steps. */
function fillDisk(file: string): number {
  const fd = fs.openSync(file, "w");
  let written = 0;
  try {
    for (const size of [64 * 1024, 4096, 512]) {
      const chunk = Buffer.alloc(size, 1);
      for (;;) {
        try {
          written += fs.writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
          break;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-storage-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", dir], { stdio: "pipe" });
    mounted = true;
  } catch (error) {
    noTmpfs = `filling a disk needs a tmpfs of its own, and mounting one needs root in a sandbox that allows mount: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
  databasePath = path.join(dir, "db.sqlite");
  seed();
  // Outside the tmpfs, so the full-disk case cannot get in its way.
  const controlDir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-storage-control-"));
  controls.push(controlDir);
  const preload = path.join(controlDir, "readonly-preload.cjs");
  fs.writeFileSync(preload, PRELOAD);
  readonlyFlag = path.join(controlDir, "readonly");
  server = await startServer({
    databasePath,
    env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim(), CLOSELOOP_TEST_READONLY_FLAG: readonlyFlag },
  });
  server.process.stderr!.on("data", (c: Buffer) => (serverOutput += c.toString()));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  if (mounted) execFileSync("umount", [dir], { stdio: "pipe" });
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  for (const control of controls) fs.rmSync(control, { recursive: true, force: true });
});

it("answers 503 with Retry-After while the database is read-only (SQLITE_READONLY), and recovers", async () => {
  await expectVoted(await vote(), true);

  fs.writeFileSync(readonlyFlag, "");
  try {
    await expectUnavailable(await vote());
    await expectUnavailable(await vote({ "accept-language": "ar" }), "ar", "rtl");
    await expectUnavailable(await vote({ "accept-language": "fa-IR,fa;q=0.9" }), "fa", "rtl");
    // A page's action (a document request, no JavaScript) gets the same page.
    await expectUnavailable(await newPost("Read-only idea"));
    // So does a single-fetch data request (a page's form submitted with JavaScript).
    await expectUnavailable(await newPost("Read-only idea", "/posts/new.data"));
    expect(alive()).toBe(true);
    expect(serverOutput).toContain("SQLITE_READONLY");
  } finally {
    fs.rmSync(readonlyFlag);
  }

  // The failed attempts changed nothing: the next vote takes the vote back.
  await expectVoted(await vote(), false);
  expect((await newPost("Writable again")).status).toBe(302);
  const db = new Database(databasePath, { readonly: true });
  try {
    expect(db.prepare("select title from posts order by id").all()).toEqual([{ title: "Dark mode" }, { title: "Writable again" }]);
  } finally {
    db.close();
  }
  expect((await fetch(`${server!.url}/posts/${postId}`, { headers: { cookie } })).status).toBe(200);
});

it("answers 503 with Retry-After while the disk is full (SQLITE_FULL), and recovers", async (context) => {
  if (noTmpfs) context.skip(noTmpfs);
  const filler = path.join(dir, "filler.bin");
  const written = fillDisk(filler);
  console.log(`storage-failure: filled the tmpfs with ${written} bytes`);
  try {
    await expectUnavailable(await vote());
    await expectUnavailable(await vote({ "accept-language": "ar" }), "ar", "rtl");
    expect(alive()).toBe(true);
    expect(serverOutput).toContain("SQLITE_FULL");
  } finally {
    fs.rmSync(filler);
  }

  await expectVoted(await vote(), true);
  await expectVoted(await vote(), false);
  expect(alive()).toBe(true);

  const db = new Database(databasePath, { readonly: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("select count(*) as n from votes where post_id = ?").get(postId)).toEqual({ n: 0 });
    expect(db.prepare("select vote_count as n from posts where id = ?").get(postId)).toEqual({ n: 0 });
  } finally {
    db.close();
  }
});
