// One SQLite connection per process, with the pragmas the house design asks for.
// Migrations run when the connection opens, so `npm start` serves a migrated database.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { databasePath as locatedDatabase } from "./location.js";
import * as schema from "./schema";
import { searchText } from "~/utils/text-normalize";
import { voteWeight } from "~/utils/trending.server";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

function migrationsFolder(): string {
  return process.env.MIGRATIONS_PATH ?? path.resolve(process.cwd(), "drizzle");
}

export { databasePath } from "./location.js";

/**
 * SQLite's default autocheckpoint, set explicitly: it bounds the WAL on every connection
 * (tests, CLIs, a server whose checkpointer is not running). The server's background
 * checkpointer (wal-checkpointer.server.ts) raises it while it runs.
 */
export const SAFETY_AUTOCHECKPOINT_PAGES = 1000;

export function openDatabase(file: string, options: { migrate?: boolean } = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma(`wal_autocheckpoint = ${SAFETY_AUTOCHECKPOINT_PAGES}`);
  // The FTS triggers call this; see drizzle/0001_search.sql.
  sqlite.function("closeloop_search_text", { deterministic: true }, (text: unknown) => searchText(typeof text === "string" ? text : null));
  // The trending sweep recomputes scores in SQL with the same weight the app adds.
  sqlite.function("closeloop_vote_weight", { deterministic: true }, (votedAt: unknown) => voteWeight(Number(votedAt)));
  const db = drizzle(sqlite, { schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
}

let current: Db | undefined;

export function getDb(): Db {
  current ??= openDatabase(locatedDatabase());
  return current;
}

/** Closes the process's connection (tests and graceful shutdown). */
export function closeDb(): void {
  current?.$client.close();
  current = undefined;
}

/** Runs fn in one IMMEDIATE transaction: one user action, one commit. */
export function transaction<T>(fn: (db: Db) => T): T {
  const db = getDb();
  return db.$client.transaction(() => fn(db)).immediate();
}
