// Reading a running server's database from a test, beside the server (read-only, one
// connection per read, so the test never holds a lock the server waits on).
import Database from "better-sqlite3";

/** One row of the database at `databasePath`, or undefined. */
export function readRow<T>(databasePath: string, sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(databasePath, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}
