// The WAL checkpointer's thread (issue 15): checkpoints run here, on a connection of its
// own, instead of on the request thread after whichever commit crosses
// wal_autocheckpoint. Plain JavaScript, loaded as it is (like markdown-worker.mjs).
// workerData: { file, everyMs, truncateBytes }.
import fs from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, everyMs, truncateBytes } = workerData;
const db = new Database(file);
// Never wait on the server's writers: a busy checkpoint is simply tried again next tick.
db.pragma("busy_timeout = 0");
// This connection writes nothing, so it must never checkpoint on its own schedule either.
db.pragma("wal_autocheckpoint = 0");

function walBytes() {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

let lastLog = -1;

function tick() {
  try {
    const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
    // Idle (no new frames since the last tick and all of them copied back), or a WAL grown
    // past its bound: reset it to zero bytes so it does not stay large on disk.
    const idle = passive.log === lastLog && passive.checkpointed === passive.log && passive.log > 0;
    if (idle || walBytes() > truncateBytes) {
      const [truncate] = db.pragma("wal_checkpoint(TRUNCATE)");
      lastLog = truncate.busy ? passive.log : 0;
    } else {
      lastLog = passive.log;
    }
    parentPort.postMessage({ type: "checkpointed", log: passive.log, checkpointed: passive.checkpointed });
  } catch (error) {
    // SQLITE_BUSY and the like: the next tick tries again.
    parentPort.postMessage({ type: "error", message: String(error) });
  }
}

const timer = setInterval(tick, everyMs);
parentPort.on("message", (message) => {
  if (message === "stop") {
    clearInterval(timer);
    tick();
    db.close();
    parentPort.close();
  }
});
