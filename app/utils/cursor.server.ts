// Keyset cursors: the sort key of the last row shown, as an opaque URL-safe string.
import type { z } from "zod";

export function encodeCursor(key: number[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** A cursor that does not decode to the expected shape is "from the start", never an error. */
export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | null {
  if (!cursor) return null;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString()));
  } catch {
    return null;
  }
}

/**
 * A page from rows fetched with one more than `limit`: the first `limit` rows, and the
 * cursor of the last one shown when there was more (null on the last page).
 */
export function keysetPage<T>(rows: T[], limit: number, keyOf: (row: T) => number[]): { rows: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  return { rows: shown, nextCursor: rows.length > limit ? encodeCursor(keyOf(shown[shown.length - 1])) : null };
}
