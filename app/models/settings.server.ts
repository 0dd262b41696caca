import { eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { settings } from "~/db/schema";

export function readSettings(): Record<string, string> {
  const rows = getDb().select().from(settings).all();
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
