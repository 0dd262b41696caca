// npm run restore -- <file> [--force]: puts a backup in place of the database. It
// refuses while a server is running on that database, unless --force is given.
import fs from "node:fs";
import Database from "better-sqlite3";
import { databasePath, serverPidFile } from "../db/location.js";

const args = process.argv.slice(2);
const force = args.includes("--force");
const backup = args.find((a) => a !== "--force");
if (!backup) {
  console.error("Usage: npm run restore -- <backup file> [--force]");
  process.exit(2);
}
const target = databasePath();

function runningServerPid() {
  const file = serverPidFile(target);
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, "utf8"));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // the file outlived a server that was killed
  }
}

const copy = new Database(backup, { readonly: true, fileMustExist: true });
const check = copy.pragma("integrity_check", { simple: true });
copy.close();
if (check !== "ok") {
  console.error(`${backup} is not a sound database (${check}); nothing was changed.`);
  process.exit(1);
}
const pid = runningServerPid();
if (pid && !force) {
  console.error(`A server (pid ${pid}) is running on ${target}. Stop it first, or pass --force.`);
  process.exit(1);
}
// Through the backup API into the target, so readers never see a half-copied file, and
// the target's WAL is part of the same transaction.
const source = new Database(backup, { readonly: true });
await source.backup(target, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
source.close();
console.log(`Restored ${backup} to ${target}.`);
