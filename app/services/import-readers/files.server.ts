// What every import reader needs from the uploaded file: a refusal of the whole file with
// a reason the admin can read, UTF-8 text, and a ZIP's files, bounded, so that a small
// upload cannot expand into gigabytes (a "zip bomb") or a truncated one into a crash.
import { Unzip, UnzipInflate } from "fflate";
import type { MessageKey } from "~/i18n";

/** A file the reader cannot read at all; `key` is shown beside the file field, in the admin's language. */
export class ImportFileError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly detail?: string,
  ) {
    super(detail ? `${key}: ${detail}` : key);
    this.name = "ImportFileError";
  }
}

/** How much a ZIP may hold once unpacked, all files together. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

export function isZip(file: Uint8Array): boolean {
  return file.byteLength >= 4 && file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04;
}

/** The file as UTF-8 text (a byte order mark dropped); text that is not UTF-8 is refused. */
export function utf8Text(file: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(file);
  } catch {
    throw new ImportFileError("import.error.notText");
  }
}

/**
 * The files of a ZIP by name, unpacked as a stream with a running total, so unpacking
 * stops at MAX_UNPACKED_BYTES whatever sizes the archive declares. `wanted` picks files by name.
 */
export function unzipFiles(file: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  if (!isZip(file)) throw new ImportFileError("import.error.notZip");
  const parts = new Map<string, Uint8Array[]>();
  const finished = new Set<string>();
  let total = 0;
  const unzip = new Unzip((entry) => {
    if (!wanted(entry.name)) return;
    const chunks: Uint8Array[] = [];
    parts.set(entry.name, chunks);
    entry.ondata = (error, chunk, final) => {
      if (error) throw new ImportFileError("import.error.zipDamaged", entry.name);
      total += chunk.byteLength;
      if (total > MAX_UNPACKED_BYTES) throw new ImportFileError("import.error.zipTooLarge");
      chunks.push(chunk);
      if (final) finished.add(entry.name);
    };
    entry.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(file, true);
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError("import.error.zipDamaged");
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, chunks] of parts) {
    // A file cut short (a truncated download) never saw its last chunk.
    if (!finished.has(name)) throw new ImportFileError("import.error.zipDamaged", name);
    files.set(name, Buffer.concat(chunks));
  }
  return files;
}

/** Milliseconds since the epoch from an ISO 8601 string (or a number of milliseconds); NaN when it is neither. */
export function timeOf(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || value.trim() === "") return Number.NaN;
  return Date.parse(value.trim());
}
