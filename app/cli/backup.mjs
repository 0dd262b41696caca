// npm run backup -- <file>: a consistent copy of the live database through SQLite's
// online backup API, while the server keeps taking writes.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { databasePath } from "../db/location.js";

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run backup -- <backup file>");
  process.exit(2);
}
const source = databasePath();
if (!fs.existsSync(source)) {
  console.error(`No database at ${source} (set DATABASE_PATH).`);
  process.exit(1);
}
fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
const db = new Database(source, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const started = Date.now();
// After the first step, the rest goes in one step: with the server writing all the time,
// small steps would keep restarting (SQLite restarts a backup when the source changes).
await db.backup(target, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
db.close();
const copy = new Database(target, { readonly: true });
const check = copy.pragma("integrity_check", { simple: true });
copy.close();
if (check !== "ok") {
  console.error(`The backup at ${target} failed its integrity check: ${check}`);
  process.exit(1);
}
console.log(`Backed up ${source} to ${target} in ${Date.now() - started} ms (integrity ok).`);
