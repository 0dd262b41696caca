// Online backup while the server takes votes, and a restore that refuses to overwrite
// the database of a running server unless told to.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

const run = promisify(execFile);
let dir: string;
let databasePath: string;
let server: RunningServer | undefined;

async function post(pathname: string, form: Record<string, string>, cookie = "") {
  return fetch(server!.url + pathname, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: server!.url,
      cookie,
      "x-forwarded-for": `10.1.0.${Math.floor(Math.random() * 250)}`,
    },
    body: new URLSearchParams(form).toString(),
  });
}

function command(script: "backup" | "restore", args: string[]) {
  return run(process.execPath, [`app/cli/${script}.mjs`, ...args], { env: { ...process.env, DATABASE_PATH: databasePath } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

/** Every post's vote_count equals its rows, and SQLite finds nothing wrong. */
function consistent(file: string) {
  const db = new Database(file, { readonly: true });
  const drift = db.prepare("select count(*) as n from posts p where p.vote_count <> (select count(*) from votes v where v.post_id = p.id)").get() as {
    n: number;
  };
  const integrity = db.pragma("integrity_check", { simple: true });
  const votes = (db.prepare("select count(*) as n from votes").get() as { n: number }).n;
  db.close();
  return { drift: drift.n, integrity, votes };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-backup-"));
  databasePath = path.join(dir, "live.db");
  server = await startServer({ databasePath, env: { TRUST_PROXY: "loopback" } });
  expect(
    (
      await post("/setup", {
        siteName: "Backup test",
        defaultLocale: "en",
        adminName: "Admin",
        adminEmail: "admin@example.test",
        adminPassword: "a long enough passphrase",
      })
    ).status,
  ).toBe(302);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("backs up a consistent database while votes keep arriving, and restores it only when the server is stopped or forced", async () => {
    const cookies: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const r = await post("/signup", { displayName: `Voter ${i}`, email: `voter${i}@example.test`, password: "a long enough passphrase" });
      cookies.push((r.headers.get("set-cookie") ?? "").split(";")[0]);
    }
    const postIds: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await post("/posts/new", { title: `Idea number ${i}`, body: "" }, cookies[i]);
      postIds.push(Number(r.headers.get("location")!.split("/").pop()));
    }

    // A storm of toggles while the backup runs.
    let storming = true;
    let toggles = 0;
    const storm = Promise.all(
      cookies.map(async (cookie) => {
        while (storming) {
          const postId = postIds[Math.floor(Math.random() * postIds.length)];
          const r = await post(`/posts/${postId}/vote`, { via: "fetcher" }, cookie);
          if (r.status === 200) toggles += 1;
        }
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const backupFile = path.join(dir, "backups", "during-storm.db");
    const backup = await command("backup", [backupFile]);
    storming = false;
    await storm;
    expect(backup.code, backup.out).toBe(0);
    expect(toggles).toBeGreaterThan(0);
    const saved = consistent(backupFile);
    expect(saved).toMatchObject({ drift: 0, integrity: "ok" });

    // The server is running: restore refuses and changes nothing.
    const before = consistent(databasePath);
    const refused = await command("restore", [backupFile]);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("is running");
    expect(consistent(databasePath)).toEqual(before);

    // Stopped: the backup goes back in place, opens, and serves.
    await server!.stop();
    const restored = await command("restore", [backupFile]);
    expect(restored.code, restored.out).toBe(0);
    expect(consistent(databasePath)).toEqual(saved);
    server = await startServer({ databasePath, env: { TRUST_PROXY: "loopback" } });
    const page = await fetch(server.url + "/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Idea number 0");

    // --force overwrites even under a running server.
    const forced = await command("restore", [backupFile, "--force"]);
    expect(forced.code, forced.out).toBe(0);
  }, 120_000);

  it("refuses a file that is not a sound database", async () => {
    const junk = path.join(dir, "junk.db");
    fs.writeFileSync(junk, "not a database");
    const result = await command("restore", [junk, "--force"]);
    expect(result.code).toBe(1);
    expect(fs.existsSync(databasePath)).toBe(true);
  });
});
