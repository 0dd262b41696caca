import { eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { preparedStatement } from "~/db/prepared.server";
import { settings } from "~/db/schema";

// Every page reads the site's settings, often more than once.
const readSettingsStatement = preparedStatement((db) => db.select().from(settings).prepare());

export function readSettings(): Record<string, string> {
  const rows = readSettingsStatement().all();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function readSetting(key: string): string | undefined {
  return getDb().select().from(settings).where(eq(settings.key, key)).get()?.value;
}

export function writeSettings(values: Record<string, string>): void {
  const db = getDb();
  for (const [key, value] of Object.entries(values)) {
    db.insert(settings).values({ key, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
  }
}
