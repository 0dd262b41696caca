// Where the database lives, shared by the server and the backup/restore commands
// (plain JavaScript so those commands run with node alone).
import path from "node:path";

export function databasePath() {
  return process.env.DATABASE_PATH ?? path.resolve(process.cwd(), "data/closeloop.db");
}

/** The file a running server keeps beside its database, holding its process id. */
export function serverPidFile(database = databasePath()) {
  return `${database}.server-pid`;
}
