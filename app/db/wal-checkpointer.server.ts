// WAL checkpoints off the request thread (issue 15). SQLite's own autocheckpoint runs on
// whichever connection commits the frame that crosses the threshold: with one connection
// per process, a request pays for copying the WAL back. While this checkpointer runs, a
// worker thread with its own connection checkpoints every second, and the server's
// connection keeps only a raised autocheckpoint as a safety net (a stuck or dead worker
// cannot let the WAL grow without bound). Without it (tests, CLIs, a server whose jobs
// are off) the connection keeps SAFETY_AUTOCHECKPOINT_PAGES from openDatabase.
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { getDb, SAFETY_AUTOCHECKPOINT_PAGES, type Db } from "./client.server";

// Loaded as it is, like the markdown worker: every entry point runs from the project's root.
const WORKER_FILE = path.resolve(process.cwd(), "app/db/wal-checkpointer.mjs");
/** The server connection's own checkpoint threshold while the worker runs: about 64 MB of 4 KB pages. */
export const RAISED_AUTOCHECKPOINT_PAGES = 16_384;

export type WalCheckpointer = { stop(): Promise<void>; onCheckpoint(listener: (log: number, checkpointed: number) => void): void };

type Options = { db?: Db; everyMs?: number; truncateBytes?: number; workerFile?: string };

export function startWalCheckpointer({
  db = getDb(),
  everyMs = 1_000,
  truncateBytes = 64 * 1024 * 1024,
  workerFile = WORKER_FILE,
}: Options = {}): WalCheckpointer | null {
  const file = db.$client.name;
  if (db.$client.memory || !fs.existsSync(workerFile)) {
    if (!db.$client.memory) console.error(`WAL checkpointer not found at ${workerFile}: checkpoints stay on the request thread`);
    return null;
  }
  const worker = new Worker(workerFile, { workerData: { file, everyMs, truncateBytes } });
  worker.unref();
  const listeners: ((log: number, checkpointed: number) => void)[] = [];
  let stopping = false;
  const restoreSafety = () => {
    if (db.$client.open) db.$client.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on("message", (message: { type: string; log?: number; checkpointed?: number; message?: string }) => {
    if (message.type === "checkpointed") for (const listener of listeners) listener(message.log!, message.checkpointed!);
  });
  worker.on("error", (error) => {
    console.error("WAL checkpointer:", error);
    restoreSafety();
  });
  worker.on("exit", () => {
    if (!stopping) restoreSafety();
  });
  db.$client.pragma(`wal_autocheckpoint = ${RAISED_AUTOCHECKPOINT_PAGES}`);
  return {
    onCheckpoint(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopping = true;
      restoreSafety();
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage("stop");
      await exited;
    },
  };
}
