// Statements prepared once per connection and reused (issue 15). Drizzle's query builder
// builds the SQL and calls better-sqlite3's prepare() on every call: 5–8 % of a vote's
// CPU and ~8 % of a page's. A hot query is declared once at module level with
// `preparedStatement((db) => db.select()…where(eq(col, sql.placeholder("id"))).prepare())`
// and run with `.get({ id })` / `.all(…)` / `.run(…)`.
//
// Kept per connection, not per module: tests close and reopen the database (closeDb), and a
// statement prepared on a closed connection cannot run. getDb() hands every caller, and every
// transaction(), the same Db object, so a statement prepared on it works inside transactions.
import { getDb, type Db } from "./client.server";

export function preparedStatement<Statement>(prepare: (db: Db) => Statement): (db?: Db) => Statement {
  const byConnection = new WeakMap<Db, Statement>();
  return (db = getDb()) => {
    let statement = byConnection.get(db);
    if (statement === undefined) {
      statement = prepare(db);
      byConnection.set(db, statement);
    }
    return statement;
  };
}

/** The same for a raw better-sqlite3 statement, where Drizzle cannot express the query (FTS5, `returning` of expressions). */
export function preparedSql(source: string): (db?: Db) => ReturnType<Db["$client"]["prepare"]> {
  return preparedStatement((db) => db.$client.prepare(source));
}
