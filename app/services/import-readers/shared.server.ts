// What the Canny and Fider readers share: decoding and bounding the file, reading CSV
// (csv-parse) and JSON safely, dates, people without an email address, slugs, and the
// refusals the dry run lists. Readers never touch the database; the importer does.
import { createHash } from "node:crypto";
import { parse as parseCsv, CsvError } from "csv-parse/sync";
import type { ImportSource, PostStatus } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import type { ImportBundle, ImportedPost, ImportedUser, RefusedRow } from "~/services/import-types";
import { commentBodyField, emailField, postBodyField, postTitleField } from "~/utils/validation";

/** More rows than this of one kind is no board we can import in one transaction: the file is refused. */
export const MAX_ROWS_PER_ENTITY = 200_000;
/** No post or comment comes near this; a bigger CSV record is refused whole instead of being held cell by cell. */
export const MAX_CSV_RECORD_CHARS = 1_000_000;
/** A refusal echoes at most this much of the offending value. */
const SHOWN_VALUE_CHARS = 200;
/** Names longer than the app allows are cut, not refused: a long name loses no history. */
const MAX_DISPLAY_NAME_CHARS = 60;

export function emptyBundle(source: ImportSource): ImportBundle {
  return { source, users: [], boards: [], tags: [], posts: [], comments: [], votes: [], statusChanges: [], refused: [] };
}

export function refuse(bundle: ImportBundle, entity: RefusedRow["entity"], row: string, reason: MessageKey, value?: unknown): void {
  const shown = value === undefined || value === null ? undefined : String(value).slice(0, SHOWN_VALUE_CHARS);
  bundle.refused.push(shown === undefined || shown === "" ? { entity, row, reason } : { entity, row, reason, value: shown });
}

/** A bundle with nothing in it but the reason the whole file was refused. */
export function refusedFile(source: ImportSource, fileName: string, reason: MessageKey, value?: unknown, entity: RefusedRow["entity"] = "post"): ImportBundle {
  const bundle = emptyBundle(source);
  refuse(bundle, entity, fileName, reason, value);
  return bundle;
}

/** The file as text, or null when it is not UTF-8 (a spreadsheet saved in a legacy code page). A BOM is dropped. */
export function decodeUtf8(file: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(file);
  } catch {
    return null;
  }
}

export function isBlank(file: Uint8Array): boolean {
  const text = decodeUtf8(file);
  return text !== null && text.trim() === "";
}

export function looksLikeZip(file: Uint8Array): boolean {
  return file.length >= 4 && file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04;
}

export function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === "{" || first === "[";
}

export type CsvTable = {
  /** Header cells folded for matching: lower case, letters and digits only ("Author Email" → "authoremail"). */
  header: string[];
  /** Each data row with the row number a spreadsheet shows it at (the header is row 1). */
  rows: { rowNumber: number; cells: string[] }[];
};

export function foldHeader(cell: string): string {
  return cell
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * The CSV's header and rows, or the reason the file can't be read: not UTF-8, a quote
 * left open or out of place (with the line, where csv-parse knows it), a record over MAX_CSV_RECORD_CHARS, or more than MAX_ROWS_PER_ENTITY rows
 * (parsing stops one row past the limit, so a huge file is never read whole).
 */
export function readCsvTable(file: Uint8Array): { ok: true; table: CsvTable } | { ok: false; reason: MessageKey; line?: number } {
  const text = decodeUtf8(file);
  if (text === null) return { ok: false, reason: "import.refused.notUtf8" };
  let records: string[][];
  try {
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_CSV_RECORD_CHARS,
      to: MAX_ROWS_PER_ENTITY + 2,
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // An unclosed quote is only noticed at the end of the file, so its line would mislead.
    if (error.code === "CSV_QUOTE_NOT_CLOSED") return { ok: false, reason: "import.refused.csvQuoteNotClosed" };
    if (error.code === "CSV_MAX_RECORD_SIZE") return { ok: false, reason: "import.refused.recordTooLarge" };
    return { ok: false, reason: "import.refused.csvMalformed", line: (error as CsvError & { lines?: number }).lines };
  }
  if (records.length === 0) return { ok: false, reason: "import.refused.emptyFile" };
  if (records.length > MAX_ROWS_PER_ENTITY + 1) return { ok: false, reason: "import.refused.tooManyRows" };
  const [header, ...rows] = records;
  return { ok: true, table: { header: header.map(foldHeader), rows: rows.map((cells, i) => ({ rowNumber: i + 2, cells })) } };
}

/** The first column whose folded header is one of `names`, or -1. */
export function columnIndex(table: CsvTable, names: readonly string[]): number {
  return table.header.findIndex((cell) => names.includes(cell));
}

export function cellAt(cells: string[], index: number): string {
  return index >= 0 ? (cells[index] ?? "").trim() : "";
}

/** JSON.parse that answers null instead of throwing; a BOM is dropped. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return null;
  }
}

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

/** A text field as the source wrote it: strings as they are, numbers as digits, anything else empty. */
export function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return "";
}

/** An id: a non-empty string, or an integer written as digits. */
export function asId(value: unknown): string | null {
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value.trim();
  return null;
}

const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch milliseconds for an unambiguous time, or null: ISO 8601 / RFC 3339 (a date
 * alone is midnight UTC; a time without an offset is UTC), or a number of epoch
 * milliseconds (Canny's older API) or seconds. "03/04/2024" is refused rather than
 * guessed (March or April?), and so is a day the calendar doesn't have ("2024-02-30").
 */
export function parseTime(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? (value >= 1e11 ? Math.round(value) : Math.round(value * 1000)) : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return parseTime(Number(text));
  const m = ISO_LIKE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0", m[6] ?? "0"].map(Number);
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59)
    return null;
  return utc - offsetMinutes(m[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === "Z") return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
  return zone[0] === "-" ? -minutes : minutes;
}

/** A short, stable fingerprint for ids the source doesn't give (a name, a row's content). */
export function fingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * An address under the reserved `.invalid` domain (RFC 2606) for someone the source
 * knows without an email (a deleted account, a name in a CSV): the history keeps its
 * author, no email can ever be sent to it, and nobody can claim it.
 */
export function placeholderEmail(source: ImportSource, localPart: string): string {
  const safe = localPart
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${source}-${safe || "unknown"}@imported.invalid`;
}

/** The address in the app's own form (trimmed, lower case), or null if the app would refuse it. */
export function validEmail(value: string): string | null {
  const parsed = emailField.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A display name: the source's, cut to the app's limit, or else the address's local part. */
export function displayNameFor(name: string, email: string): string {
  const trimmed = name.trim().replace(/\s+/g, " ");
  return (trimmed || email.split("@")[0]).slice(0, MAX_DISPLAY_NAME_CHARS).trim();
}

/**
 * The people of one bundle, each once. Someone known twice (two source ids, one address)
 * is one account: the importer matches people by address, so the second id becomes an
 * alias of the first and references through either land on the same person.
 */
export class ImportedPeople {
  private readonly canonical = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly byId = new Map<string, ImportedUser>();
  constructor(private readonly bundle: ImportBundle) {}

  /** The source id the bundle knows this person by, or undefined if they were never added. */
  resolve(sourceId: string | null): string | undefined {
    return sourceId === null ? undefined : this.canonical.get(sourceId);
  }

  /**
   * Adds the person unless known already (by source id or address), and answers the source
   * id to reference them by. A later sighting fills in what an earlier one lacked: the real
   * name of a voter first seen by address only, a company, a date.
   */
  add(user: ImportedUser): string {
    const knownId = this.canonical.get(user.sourceId) ?? this.byEmail.get(user.email);
    if (knownId === undefined) {
      this.canonical.set(user.sourceId, user.sourceId);
      this.byEmail.set(user.email, user.sourceId);
      this.byId.set(user.sourceId, user);
      this.bundle.users.push(user);
      return user.sourceId;
    }
    this.canonical.set(user.sourceId, knownId);
    const known = this.byId.get(knownId)!;
    if (isFallbackName(known) && !isFallbackName(user)) known.displayName = user.displayName;
    known.company ??= user.company;
    known.monthlySpend ??= user.monthlySpend;
    known.createdAt ??= user.createdAt;
    return knownId;
  }
}

/** Whether the name is only the address's local part, which displayNameFor falls back to. */
function isFallbackName(user: ImportedUser): boolean {
  return user.displayName === displayNameFor("", user.email);
}

/** A board slug the app accepts (`a-z0-9` words joined by hyphens, ≤ 40), from a name in any script, or `fallback`. */
export function slugFor(text: string, fallback: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 40)
    .replace(/^-+|-+$/g, "");
  return slug || fallback;
}

/** Hands out slugs unique within one bundle ("ideas", "ideas-2", …). */
export function uniqueSlugs(): (wanted: string) => string {
  const taken = new Set<string>();
  return (wanted) => {
    let slug = wanted;
    for (let n = 2; taken.has(slug); n++) slug = `${wanted.slice(0, 40 - String(n).length - 1)}-${n}`;
    taken.add(slug);
    return slug;
  };
}

type FieldCheck = { ok: true; value: string } | { ok: false; reason: MessageKey };

function check(field: typeof postTitleField | typeof commentBodyField, value: string): FieldCheck {
  const parsed = field.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: parsed.error.issues[0].message as MessageKey };
}

/** The app's own rules for what it stores (the same fields the forms use), so an import can't hold what a form couldn't. */
export const checkTitle = (value: string) => check(postTitleField, value);
export const checkComment = (value: string) => check(commentBodyField, value);
export function checkBody(value: string): FieldCheck {
  const parsed = postBodyField.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: parsed.error.issues[0].message as MessageKey };
}

/** A tag name the app accepts (1–30 characters), trimmed, or null. */
export function tagName(value: string): string | null {
  const name = value.trim();
  return name.length >= 1 && name.length <= 30 ? name : null;
}

export type StatusMap = Readonly<Record<string, PostStatus>>;

/** "In Progress", "in_progress" and "in-progress" all read as "in progress". */
export function foldStatus(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

export type PostFields = Pick<ImportedPost, "sourceId" | "boardSourceId" | "status"> & {
  /** Adds the author and answers their source id; called only for a post that is kept, so a refused row adds nobody. */
  author: () => string;
  title: string;
  body: string;
  /** As the source wrote it; parsed here, so a refusal can show it. */
  createdAt: unknown;
  statusChangedAt: number | null;
};

/** Adds the post if the app would store it (title and details within its limits, a real date); otherwise refuses its row. */
export function addPost(bundle: ImportBundle, row: string, fields: PostFields): ImportedPost | null {
  const title = checkTitle(fields.title);
  const body = checkBody(fields.body);
  const createdAt = parseTime(fields.createdAt);
  if (!title.ok || !body.ok || createdAt === null) {
    if (!title.ok) refuse(bundle, "post", row, title.reason, fields.title);
    else if (!body.ok) refuse(bundle, "post", row, body.reason, fields.title);
    else refuse(bundle, "post", row, "import.refused.dateInvalid", fields.createdAt);
    return null;
  }
  const post: ImportedPost = {
    sourceId: fields.sourceId,
    boardSourceId: fields.boardSourceId,
    authorSourceId: fields.author(),
    title: title.value,
    bodyMd: body.value,
    status: fields.status,
    kind: null,
    tagSourceIds: [],
    createdAt,
    statusChangedAt: fields.statusChangedAt,
    shippedAt: fields.status === "shipped" ? fields.statusChangedAt : null,
  };
  bundle.posts.push(post);
  return post;
}

/** Tags a post once, however often the source lists the pair. */
export function tagPost(post: ImportedPost, tagSourceId: string): void {
  const tags = (post.tagSourceIds ??= []);
  if (!tags.includes(tagSourceId)) tags.push(tagSourceId);
}
