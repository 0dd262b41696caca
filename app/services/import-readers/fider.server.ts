// Fider's two exports (Administration → Export), read into one ImportBundle:
// - backup.zip: one JSON file per table, each an array of rows as Fider's database holds
//   them (app/pkg/backup in Fider's source): tenants, users, posts, tags, post_tags,
//   post_votes and comments are read; blobs/, notifications, subscriptions and settings
//   are not;
// - posts.csv: number, title, description, created_at, created_by, votes_count,
//   comments_count, status, responded_by, responded_at, response, original_number,
//   original_title, tags (app/pkg/csv). It names people but has no addresses and no votes.
// The mappings are documented in docs/import.md ("## Fider").
import { unzipSync } from "fflate";
import type { PostStatus } from "~/db/enums";
import type { ImportBundle, ImportReader } from "~/services/import-types";
import {
  ImportedPeople,
  MAX_ROWS_PER_ENTITY,
  addPost,
  asId,
  asObject,
  asText,
  cellAt,
  checkComment,
  columnIndex,
  decodeUtf8,
  displayNameFor,
  emptyBundle,
  fingerprint,
  isBlank,
  looksLikeZip,
  parseJson,
  parseTime,
  placeholderEmail,
  readCsvTable,
  refuse,
  refusedFile,
  slugFor,
  tagName,
  tagPost,
  validEmail,
  type JsonObject,
} from "./shared.server";

/**
 * Fider's post statuses (enum.PostStatus: the backup stores the number, the CSV the name)
 * and ours. Fider's "duplicate" points at an original; ours only comes from a merge,
 * which the bundle can't carry, so a duplicate arrives declined with Fider's response.
 * "deleted" posts are gone from Fider's site and are not imported.
 */
const FIDER_STATUS_NAMES = ["open", "started", "completed", "declined", "planned", "duplicate", "deleted"] as const;
type FiderStatus = (typeof FIDER_STATUS_NAMES)[number];
const STATUS_FROM_FIDER: Record<Exclude<FiderStatus, "deleted">, PostStatus> = {
  open: "open",
  started: "in_progress",
  completed: "shipped",
  declined: "declined",
  planned: "planned",
  duplicate: "declined",
};

/** Fider has one board per site: this is it when the file doesn't name the site (the CSV). */
const CSV_BOARD = { sourceId: "fider", slug: "fider", name: "Fider" } as const;
/**
 * The most JSON the tables may unpack to, together: more than any real Fider site's, and
 * a bound on memory that a ZIP bomb (a small file claiming huge tables) can't lift, since
 * fflate inflates each file into a buffer of the size its header claims.
 */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
const BACKUP_TABLES = ["tenants.json", "users.json", "posts.json", "tags.json", "post_tags.json", "post_votes.json", "comments.json"] as const;
type BackupTable = (typeof BACKUP_TABLES)[number];

export const readFiderExport: ImportReader = (file, fileName) => {
  if (file.length === 0 || isBlank(file)) return refusedFile("fider", fileName, "import.refused.emptyFile");
  return looksLikeZip(file) ? readBackup(file, fileName) : readPostsCsv(file, fileName);
};

function fiderStatus(value: unknown): FiderStatus | null {
  if (typeof value === "number") return FIDER_STATUS_NAMES[value] ?? null;
  const name = asText(value).trim().toLowerCase();
  return (FIDER_STATUS_NAMES as readonly string[]).includes(name) ? (name as FiderStatus) : null;
}

// ── backup.zip ─────────────────────────────────────────────────────────────────────────

function readBackup(file: Uint8Array, fileName: string): ImportBundle {
  let unpacked = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(file, {
      // Only the tables we read are inflated, and only while they fit: blobs (attachments, avatars) never are.
      filter: (entry) => {
        if (!(BACKUP_TABLES as readonly string[]).includes(entry.name)) return false;
        unpacked += entry.originalSize;
        return unpacked <= MAX_UNPACKED_BYTES;
      },
    });
  } catch {
    return refusedFile("fider", fileName, "import.refused.zipUnreadable");
  }
  if (unpacked > MAX_UNPACKED_BYTES) return refusedFile("fider", fileName, "import.refused.tableTooLarge");
  if (!entries["posts.json"] || !entries["users.json"]) return refusedFile("fider", fileName, "import.refused.notFiderExport");

  const tables = {} as Record<BackupTable, JsonObject[]>;
  for (const name of BACKUP_TABLES) {
    const bytes = entries[name];
    if (!bytes) {
      tables[name] = [];
      continue;
    }
    const text = decodeUtf8(bytes);
    const rows = text === null ? null : parseJson(text);
    if (!Array.isArray(rows)) return refusedFile("fider", `${fileName}: ${name}`, "import.refused.jsonMalformed", name);
    if (rows.length > MAX_ROWS_PER_ENTITY) return refusedFile("fider", `${fileName}: ${name}`, "import.refused.tooManyRows", name);
    tables[name] = rows.map((row) => asObject(row) ?? {});
  }
  return bundleFromBackup(tables);
}

function bundleFromBackup(tables: Record<BackupTable, JsonObject[]>): ImportBundle {
  const bundle = emptyBundle("fider");
  const people = new ImportedPeople(bundle);
  const at = (table: BackupTable, index: number) => `${table} row ${index + 1}`;

  const tenant = tables["tenants.json"][0] ?? {};
  const boardSourceId = asId(tenant.id) ?? CSV_BOARD.sourceId;
  bundle.boards.push({
    sourceId: boardSourceId,
    slug: slugFor(asText(tenant.subdomain), CSV_BOARD.slug),
    name: asText(tenant.name).trim() || CSV_BOARD.name,
    createdAt: parseTime(tenant.created_at) ?? undefined,
  });

  tables["users.json"].forEach((row, i) => {
    const id = asId(row.id);
    if (id === null) return refuse(bundle, "user", at("users.json", i), "import.refused.idMissing");
    // A Fider account its owner deleted keeps its id but loses name and address.
    const email = validEmail(asText(row.email)) ?? placeholderEmail("fider", `user-${id}`);
    people.add({ sourceId: id, email, displayName: displayNameFor(asText(row.name), email), createdAt: parseTime(row.created_at) ?? undefined });
  });

  const tagNames = new Map<string, string>();
  tables["tags.json"].forEach((row, i) => {
    const id = asId(row.id);
    const name = tagName(asText(row.name));
    if (id === null) return refuse(bundle, "tag", at("tags.json", i), "import.refused.idMissing");
    if (name === null) return refuse(bundle, "tag", at("tags.json", i), "error.tagNameTooLong", row.name);
    const color = asText(row.color);
    bundle.tags.push(/^[0-9a-f]{6}$/i.test(color) ? { sourceId: id, name, color: `#${color.toLowerCase()}` } : { sourceId: id, name });
    tagNames.set(id, name);
  });

  // Fider's public post number is its id here: the CSV has numbers only, so the two
  // exports of one site name each post alike and a re-import matches them.
  const numberOfPostId = new Map<string, string>();
  tables["posts.json"].forEach((row, i) => {
    const where = at("posts.json", i);
    const postId = asId(row.id);
    const number = asId(row.number);
    const title = asText(row.title);
    if (postId === null || number === null) return refuse(bundle, "post", where, "import.refused.idMissing", title);
    const status = fiderStatus(row.status);
    if (status === null) return refuse(bundle, "post", where, "import.refused.statusUnknown", row.status);
    if (status === "deleted") return refuse(bundle, "post", where, "import.refused.postDeleted", title);
    if (row.is_approved === false) return refuse(bundle, "post", where, "import.refused.notApproved", title);
    const author = people.resolve(asId(row.user_id));
    if (author === undefined) return refuse(bundle, "post", where, "import.refused.userMissing", row.user_id);
    const post = addPost(bundle, where, {
      sourceId: number,
      boardSourceId,
      author: () => author,
      title,
      body: asText(row.description),
      status: STATUS_FROM_FIDER[status],
      createdAt: row.created_at,
      statusChangedAt: status === "open" ? null : parseTime(row.response_date),
    });
    if (!post) return;
    numberOfPostId.set(postId, number);
    const responder = people.resolve(asId(row.response_user_id));
    if (post.statusChangedAt && responder !== undefined) {
      bundle.statusChanges.push({
        sourceId: `${number}:response`,
        postSourceId: number,
        actorSourceId: responder,
        fromStatus: "open",
        toStatus: post.status,
        responseMd: asText(row.response),
        createdAt: post.statusChangedAt,
      });
    }
  });
  const postByNumber = new Map(bundle.posts.map((p) => [p.sourceId, p]));

  tables["post_tags.json"].forEach((row, i) => {
    const number = numberOfPostId.get(asId(row.post_id) ?? "");
    const tagId = asId(row.tag_id) ?? "";
    const post = number === undefined ? undefined : postByNumber.get(number);
    if (!post) return refuse(bundle, "tag", at("post_tags.json", i), "import.refused.postMissing", row.post_id);
    if (!tagNames.has(tagId)) return refuse(bundle, "tag", at("post_tags.json", i), "import.refused.tagMissing", row.tag_id);
    tagPost(post, tagId);
  });

  const voted = new Set<string>();
  tables["post_votes.json"].forEach((row, i) => {
    const where = at("post_votes.json", i);
    const number = numberOfPostId.get(asId(row.post_id) ?? "");
    const voter = people.resolve(asId(row.user_id));
    if (number === undefined) return refuse(bundle, "vote", where, "import.refused.postMissing", row.post_id);
    if (voter === undefined) return refuse(bundle, "vote", where, "import.refused.userMissing", row.user_id);
    const createdAt = parseTime(row.created_at);
    if (createdAt === null) return refuse(bundle, "vote", where, "import.refused.dateInvalid", row.created_at);
    const sourceId = `${number}:${voter}`;
    if (voted.has(sourceId)) return refuse(bundle, "vote", where, "import.refused.duplicateVote", voter);
    voted.add(sourceId);
    bundle.votes.push({ sourceId, postSourceId: number, userSourceId: voter, createdAt });
  });

  tables["comments.json"].forEach((row, i) => {
    const where = at("comments.json", i);
    const id = asId(row.id);
    const number = numberOfPostId.get(asId(row.post_id) ?? "");
    const author = people.resolve(asId(row.user_id));
    if (id === null) return refuse(bundle, "comment", where, "import.refused.idMissing");
    if (number === undefined) return refuse(bundle, "comment", where, "import.refused.postMissing", row.post_id);
    if (row.deleted_at) return refuse(bundle, "comment", where, "import.refused.commentDeleted");
    if (row.is_approved === false) return refuse(bundle, "comment", where, "import.refused.notApproved", row.content);
    if (author === undefined) return refuse(bundle, "comment", where, "import.refused.userMissing", row.user_id);
    const body = checkComment(asText(row.content));
    if (!body.ok) return refuse(bundle, "comment", where, body.reason, row.content);
    const createdAt = parseTime(row.created_at);
    if (createdAt === null) return refuse(bundle, "comment", where, "import.refused.dateInvalid", row.created_at);
    bundle.comments.push({ sourceId: id, postSourceId: number, authorSourceId: author, bodyMd: body.value, isInternal: false, createdAt });
  });
  bundle.comments.sort((a, b) => a.createdAt - b.createdAt);
  return bundle;
}

// ── posts.csv ──────────────────────────────────────────────────────────────────────────

function readPostsCsv(file: Uint8Array, fileName: string): ImportBundle {
  const read = readCsvTable(file);
  if (!read.ok) return refusedFile("fider", read.line ? `${fileName} line ${read.line}` : fileName, read.reason);
  const { table } = read;
  const column = (name: string) => columnIndex(table, [name.replace(/_/g, "")]);
  const [number, title, description, createdAt, createdBy, status, respondedBy, respondedAt, response, tags] = [
    "number",
    "title",
    "description",
    "created_at",
    "created_by",
    "status",
    "responded_by",
    "responded_at",
    "response",
    "tags",
  ].map(column);
  if (number < 0 || title < 0 || status < 0 || createdAt < 0) return refusedFile("fider", fileName, "import.refused.notFiderExport");

  const bundle = emptyBundle("fider");
  const people = new ImportedPeople(bundle);
  bundle.boards.push({ ...CSV_BOARD });
  // The CSV names people without addresses: each name is one placeholder account.
  const personNamed = (name: string): string => {
    const email = placeholderEmail("fider", name ? `name-${fingerprint(name)}` : "unknown-author");
    return people.add({ sourceId: `name:${name}`, email, displayName: displayNameFor(name, email) });
  };
  const tagSourceIdOf = new Map<string, string>();
  const seenNumbers = new Set<string>();

  for (const { rowNumber, cells } of table.rows) {
    const row = `${fileName} row ${rowNumber}`;
    const postNumber = cellAt(cells, number);
    const postTitle = cellAt(cells, title);
    if (!/^\d+$/.test(postNumber)) {
      refuse(bundle, "post", row, "import.refused.idMissing", postNumber || postTitle);
      continue;
    }
    if (seenNumbers.has(postNumber)) {
      refuse(bundle, "post", row, "import.refused.duplicateRow", postNumber);
      continue;
    }
    const fider = fiderStatus(cellAt(cells, status));
    if (fider === null) {
      refuse(bundle, "post", row, "import.refused.statusUnknown", cellAt(cells, status));
      continue;
    }
    if (fider === "deleted") {
      refuse(bundle, "post", row, "import.refused.postDeleted", postTitle);
      continue;
    }
    const post = addPost(bundle, row, {
      sourceId: postNumber,
      boardSourceId: CSV_BOARD.sourceId,
      author: () => personNamed(cellAt(cells, createdBy)),
      title: postTitle,
      body: cellAt(cells, description),
      status: STATUS_FROM_FIDER[fider],
      createdAt: cellAt(cells, createdAt),
      statusChangedAt: fider === "open" ? null : parseTime(cellAt(cells, respondedAt)),
    });
    if (!post) continue;
    seenNumbers.add(postNumber);
    const responderName = cellAt(cells, respondedBy);
    if (post.statusChangedAt && responderName) {
      bundle.statusChanges.push({
        sourceId: `${postNumber}:response`,
        postSourceId: postNumber,
        actorSourceId: personNamed(responderName),
        fromStatus: "open",
        toStatus: post.status,
        responseMd: cellAt(cells, response),
        createdAt: post.statusChangedAt,
      });
    }
    // Fider joins a post's tags with ", " (a tag's own comma has no space after it).
    for (const rawTag of cellAt(cells, tags).split(", ").filter(Boolean)) {
      const name = tagName(rawTag);
      if (name === null) {
        refuse(bundle, "tag", row, "error.tagNameTooLong", rawTag);
        continue;
      }
      const key = `name:${name.toLowerCase()}`;
      if (!tagSourceIdOf.has(key)) {
        tagSourceIdOf.set(key, key);
        bundle.tags.push({ sourceId: key, name });
      }
      tagPost(post, key);
    }
  }
  return bundle;
}
