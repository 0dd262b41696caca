// The WAL checkpointer (issue 15): while it runs, a worker thread copies the WAL back
// and truncates it, and the server's connection only keeps a raised safety threshold;
// without it (or once it stops) the connection's own autocheckpoint bounds the WAL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDatabase, SAFETY_AUTOCHECKPOINT_PAGES, type Db } from "~/db/client.server";
import { RAISED_AUTOCHECKPOINT_PAGES, startWalCheckpointer, type WalCheckpointer } from "~/db/wal-checkpointer.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "closeloop-wal-"));
let db: Db | undefined;
let checkpointer: WalCheckpointer | null = null;

afterEach(async () => {
  await checkpointer?.stop();
  checkpointer = null;
  db?.$client.close();
  db = undefined;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function freshDatabase(name: string): { db: Db; file: string } {
  const file = path.join(dir, `${name}.db`);
  db = openDatabase(file);
  db.$client.exec("create table filler (id integer primary key, body text)");
  return { db, file };
}

function write(target: Db, rows: number): void {
  const insert = target.$client.prepare("insert into filler (body) values (?)");
  // One transaction per row, as requests commit: each adds frames to the WAL.
  for (let i = 0; i < rows; i += 1) insert.run("x".repeat(2_000));
}

function walSize(file: string): number {
  return fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0;
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the WAL checkpointer", () => {
  it("raises the connection's threshold while it runs, checkpoints and truncates the WAL after writes, and restores the threshold when it stops", async () => {
    const { db: database, file } = freshDatabase("running");
    checkpointer = startWalCheckpointer({ db: database, everyMs: 50 });
    expect(checkpointer).not.toBeNull();
    expect(database.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(RAISED_AUTOCHECKPOINT_PAGES);
    const seen: { log: number; checkpointed: number }[] = [];
    checkpointer!.onCheckpoint((log, checkpointed) => seen.push({ log, checkpointed }));

    write(database, 300);
    expect(walSize(file)).toBeGreaterThan(0);
    // Copied back (a tick saw frames and checkpointed all of them), then truncated once idle.
    await until(() => seen.some((s) => s.log > 0 && s.checkpointed === s.log));
    await until(() => walSize(file) === 0);
    expect(database.$client.prepare("select count(*) from filler").pluck().get()).toBe(300);

    await checkpointer!.stop();
    checkpointer = null;
    expect(database.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(SAFETY_AUTOCHECKPOINT_PAGES);
  });

  it("without it, the connection's own autocheckpoint still bounds the WAL", () => {
    const { db: database, file } = freshDatabase("absent");
    expect(database.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(SAFETY_AUTOCHECKPOINT_PAGES);
    write(database, 3_000);
    // 3,000 rows of 2 KB is about 6 MB of frames; the WAL is reused after each autocheckpoint
    // and stays near 1,000 pages (4 MB), never the sum of every write.
    expect(walSize(file)).toBeLessThan(5 * 1024 * 1024);
    expect(database.$client.prepare("select count(*) from filler").pluck().get()).toBe(3_000);
  });

  it("starts nothing when its worker file is missing, keeping the safety threshold", () => {
    const { db: database } = freshDatabase("missing");
    checkpointer = startWalCheckpointer({ db: database, workerFile: path.join(dir, "no-such-worker.mjs") });
    expect(checkpointer).toBeNull();
    expect(database.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(SAFETY_AUTOCHECKPOINT_PAGES);
  });
});
