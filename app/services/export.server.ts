// /admin/export (issue 14): the whole board as a ZIP of NDJSON files plus a CSV of posts,
// or as one NDJSON stream. Both are produced as the client reads them: each pull of the
// response stream reads the next few hundred rows from the snapshot (models/export.server)
// and compresses them, and nothing is read while the socket is still draining what was
// sent. Memory stays flat however large the board (tests/bench: `--only export`).
import { Zip, ZipDeflate } from "fflate";
import { EXPORT_ENTITIES, openExportSnapshot, type ExportEntity, type ExportSnapshot, type PostsCsvRow } from "~/models/export.server";
import type { ImportEntity } from "~/db/enums";
import { csvRows } from "~/utils/csv.server";
import type { SessionUser } from "./auth.server";

export const EXPORT_FORMATS = ["zip", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_FORMAT_NAME = "closeloop-export";
export const EXPORT_FORMAT_VERSION = 1;

/** The entity each NDJSON file holds, and the `type` of its lines in the one-stream form. */
export const EXPORT_LINE_TYPES: Record<ExportEntity, ImportEntity> = {
  users: "user",
  boards: "board",
  tags: "tag",
  posts: "post",
  comments: "comment",
  votes: "vote",
  status_changes: "status_change",
};

export type ExportManifest = {
  format: typeof EXPORT_FORMAT_NAME;
  version: typeof EXPORT_FORMAT_VERSION;
  exportedAt: string;
  /** False when a staff member (not an admin) exported: users carry no email then. */
  emails: boolean;
  counts: Record<ExportEntity, number>;
};

/** Roughly how much text one pull reads before it hands the stream a chunk. */
const PULL_BYTES = 256 * 1024;
/** Lines are joined into pieces of about this size before they are compressed. */
const PIECE_BYTES = 64 * 1024;

const TIME_FIELDS = new Set(["createdAt", "archivedAt", "statusChangedAt", "shippedAt"]);

function isoOrNull(ms: unknown): string | null {
  return typeof ms === "number" ? new Date(ms).toISOString() : null;
}

/** One row as the file writes it: times as ISO 8601 UTC, flags as booleans, tag ids as an array. */
function exportRecord(entity: ExportEntity, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (TIME_FIELDS.has(key)) out[key] = isoOrNull(value);
    else if (key === "tagIds") out[key] = JSON.parse(String(value)) as number[];
    else if (key === "internal") out[key] = value === 1;
    else out[key] = value;
  }
  if (entity === "users" && out.email === null) delete out.email;
  return out;
}

const CSV_HEADER = ["id", "board", "title", "status", "kind", "votes", "comments", "author", "author_email", "created_at"];

function csvRow(row: PostsCsvRow, emails: boolean): (string | number)[] {
  const cells: (string | number)[] = [row.id, row.board, row.title, row.status, row.kind, row.votes, row.comments, row.author];
  if (emails) cells.push(row.authorEmail);
  cells.push(new Date(row.createdAt).toISOString());
  return cells;
}

type Piece = { file: string; text: string } | { file: string; end: true };

/**
 * The export as pieces of text, file by file, read lazily from the snapshot. In the
 * one-stream form every line carries its `type` and the CSV is left out (it repeats the posts).
 */
function* exportPieces(
  snapshot: ExportSnapshot,
  manifest: ExportManifest,
  format: ExportFormat,
  track: (it: Iterator<unknown> | null) => void,
): Generator<Piece> {
  const oneStream = format === "ndjson";
  const manifestText = oneStream ? `${JSON.stringify({ type: "manifest", ...manifest })}\n` : `${JSON.stringify(manifest, null, 2)}\n`;
  yield { file: oneStream ? "export.ndjson" : "manifest.json", text: manifestText };
  if (!oneStream) yield { file: "manifest.json", end: true };
  for (const entity of EXPORT_ENTITIES) {
    const file = oneStream ? "export.ndjson" : `${entity}.ndjson`;
    const type = EXPORT_LINE_TYPES[entity];
    let text = "";
    const rows = snapshot.rows(entity);
    track(rows);
    for (const row of rows) {
      const record = exportRecord(entity, row);
      text += `${JSON.stringify(oneStream ? { type, ...record } : record)}\n`;
      if (text.length >= PIECE_BYTES) {
        yield { file, text };
        text = "";
      }
    }
    track(null);
    if (text) yield { file, text };
    if (!oneStream) yield { file, end: true };
  }
  if (oneStream) return;
  let text = csvRows([CSV_HEADER.filter((name) => manifest.emails || name !== "author_email")], { bom: true });
  const rows = snapshot.postsCsv();
  track(rows);
  const batch: (string | number)[][] = [];
  for (const row of rows) {
    batch.push(csvRow(row, manifest.emails));
    if (batch.length === 500) {
      text += csvRows(batch.splice(0));
      yield { file: "posts.csv", text };
      text = "";
    }
  }
  track(null);
  if (batch.length > 0) text += csvRows(batch);
  yield { file: "posts.csv", text };
  yield { file: "posts.csv", end: true };
}

export type ExportIo = {
  /** Aborted when the client goes away: the export stops reading and closes its snapshot. */
  signal?: AbortSignal;
  /** Resolves once the response has room for more (the socket drained); see app/server.ts. */
  drained?: () => Promise<void>;
};

/** Whether this viewer's export holds people's email addresses: admins only (issue 14). */
export function exportIncludesEmails(viewer: Pick<SessionUser, "role">): boolean {
  return viewer.role === "admin";
}

export function exportFileName(format: ExportFormat, now = new Date()): string {
  return `closeloop-export-${now.toISOString().slice(0, 10)}.${format === "zip" ? "zip" : "ndjson"}`;
}

/** The export of everything `viewer` may take, as a byte stream that reads only as fast as it is consumed. */
export function exportStream(format: ExportFormat, viewer: Pick<SessionUser, "role">, io: ExportIo = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // The ZIP's deflater copies what it is given into its own window, so one buffer serves
  // every piece: 230 MB of text at 100k posts would otherwise be 230 MB of short-lived
  // byte arrays, which V8 collects only after tens of MB of them (RSS, tests/bench).
  let scratch = new Uint8Array(4 * PIECE_BYTES);
  const encodeForZip = (text: string): Uint8Array => {
    if (scratch.byteLength < text.length * 3) scratch = new Uint8Array(text.length * 3);
    return scratch.subarray(0, encoder.encodeInto(text, scratch).written);
  };
  let snapshot: ExportSnapshot | null = null;
  let openRows: Iterator<unknown> | null = null;
  let pieces: Generator<Piece> | null = null;
  let zip: Zip | null = null;
  let zipFile: { name: string; entry: ZipDeflate } | null = null;

  const cleanup = () => {
    openRows?.return?.();
    openRows = null;
    snapshot?.close();
    snapshot = null;
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        try {
          snapshot = openExportSnapshot({ emails: exportIncludesEmails(viewer) });
          const manifest: ExportManifest = {
            format: EXPORT_FORMAT_NAME,
            version: EXPORT_FORMAT_VERSION,
            exportedAt: new Date().toISOString(),
            emails: exportIncludesEmails(viewer),
            counts: snapshot.counts(),
          };
          pieces = exportPieces(snapshot, manifest, format, (rows) => (openRows = rows));
          if (format === "zip") {
            zip = new Zip((error, chunk) => {
              if (error) controller.error(error);
              else if (chunk.byteLength > 0) controller.enqueue(chunk);
            });
          }
        } catch (error) {
          cleanup();
          throw error;
        }
      },
      async pull(controller) {
        if (io.drained) await io.drained();
        if (io.signal?.aborted) {
          cleanup();
          controller.close();
          return;
        }
        try {
          fill(controller);
        } catch (error) {
          cleanup();
          throw error;
        }
      },
      cancel() {
        cleanup();
      },
    },
    // One chunk waiting at a time: the next pull comes only once the response took it.
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );

  /** Reads and encodes about PULL_BYTES of the export into the stream, or ends it. */
  function fill(controller: ReadableStreamDefaultController<Uint8Array>): void {
    let produced = 0;
    while (produced < PULL_BYTES) {
      const next = pieces!.next();
      if (next.done) {
        cleanup();
        zip?.end();
        controller.close();
        return;
      }
      const piece = next.value;
      if (!zip) {
        if ("text" in piece) controller.enqueue(encoder.encode(piece.text));
      } else if ("end" in piece) {
        zipFile?.entry.push(new Uint8Array(0), true);
        zipFile = null;
      } else {
        if (zipFile?.name !== piece.file) {
          zipFile = { name: piece.file, entry: new ZipDeflate(piece.file, { level: 6 }) };
          zip.add(zipFile.entry);
        }
        zipFile.entry.push(encodeForZip(piece.text));
      }
      produced += "text" in piece ? piece.text.length : 0;
    }
  }
}
