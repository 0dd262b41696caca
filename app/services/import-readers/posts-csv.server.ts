// Reads a CSV of posts (issue 14): one post per row, with the columns title, body,
// status, kind, votes (a list of voters' emails), author email and created date; header
// names in any case, spaces and underscores ignored ("Author Email" = "author_email").
// An optional `board` column names a board by slug; rows without one go to the board the
// admin chose. Mapping and examples: docs/import.md, "CSV of posts".
import { createHash } from "node:crypto";
import { POST_KINDS, POST_STATUSES, type PostKind, type PostStatus } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import type { ImportBundle, ImportReader } from "../import-types";
import { ImportFileError } from "./files.server";
import { foldHeader, parseTime, readCsvTable } from "./shared.server";

type Column = "title" | "body" | "status" | "kind" | "votes" | "author" | "created" | "board";

/** Header names as people write them, folded (lower case, letters and digits only). */
const HEADERS: Record<string, Column> = {
  title: "title",
  body: "body",
  description: "body",
  details: "body",
  status: "status",
  kind: "kind",
  type: "kind",
  votes: "votes",
  voters: "votes",
  authoremail: "author",
  author: "author",
  email: "author",
  createddate: "created",
  createdat: "created",
  created: "created",
  date: "created",
  board: "board",
};

const STATUS_ALIASES: Record<string, PostStatus> = { complete: "shipped", completed: "shipped", done: "shipped", new: "open" };
const KIND_ALIASES: Record<string, PostKind> = { feature: "feature_request", idea: "feature_request", minorbug: "minor_bug" };

function statusOf(value: string): PostStatus | null {
  const word = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (word === "") return "open";
  if ((POST_STATUSES as readonly string[]).includes(word) && word !== "duplicate") return word as PostStatus;
  return STATUS_ALIASES[word.replace(/_/g, "")] ?? null;
}

function kindOf(value: string): PostKind | null | undefined {
  const word = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  if (word === "") return null;
  if ((POST_KINDS as readonly string[]).includes(word)) return word as PostKind;
  return KIND_ALIASES[word.replace(/_/g, "")];
}

/** The post's id in the file: its title, author and date, so the same row imported twice is one post. */
function rowId(title: string, author: string, created: string): string {
  return createHash("sha256").update(`${title.trim()}\n${author}\n${created.trim()}`).digest("hex").slice(0, 24);
}

/** A reader of posts CSVs whose rows without a `board` cell go to `defaultBoardSlug`. */
export function postsCsvReader(defaultBoardSlug: string): ImportReader {
  return (file, fileName) => {
    const name = fileName.split(/[\\/]/).pop() || "posts.csv";
    const read = readCsvTable(file);
    if (!read.ok) {
      if (read.reason === "import.refused.notUtf8") throw new ImportFileError("import.error.notText");
      if (read.reason === "import.refused.csvQuoteNotClosed") throw new ImportFileError("import.error.csvUnclosedQuote");
      throw new ImportFileError(read.reason, read.line === undefined ? undefined : String(read.line));
    }
    const { header, rows } = read.table;
    const columns = new Map<Column, number>();
    header.forEach((cell, index) => {
      const column = HEADERS[foldHeader(cell)];
      if (column && !columns.has(column)) columns.set(column, index);
    });
    if (!columns.has("title")) throw new ImportFileError("import.error.csvNoTitle");

    const bundle: ImportBundle = { source: "csv", users: [], boards: [], tags: [], posts: [], comments: [], votes: [], statusChanges: [], refused: [] };
    const people = new Set<string>();
    const boards = new Set<string>();
    const person = (email: string) => {
      if (people.has(email)) return;
      people.add(email);
      bundle.users.push({ sourceId: email, email, displayName: email.split("@")[0] });
    };
    const now = Date.now();
    for (const { cells, rowNumber: line } of rows) {
      const cell = (column: Column) => {
        const index = columns.get(column);
        return index === undefined ? "" : (cells[index] ?? "");
      };
      const row = `${name} row ${line}`;
      const refuse = (reason: MessageKey, value?: string) => bundle.refused.push({ entity: "post", row, reason, ...(value === undefined ? {} : { value }) });
      const author = cell("author").trim().toLowerCase();
      const status = statusOf(cell("status"));
      const kind = kindOf(cell("kind"));
      const created = cell("created");
      const createdAt = created.trim() === "" ? now : (parseTime(created) ?? Number.NaN);
      if (author === "") refuse("import.refused.noAuthor");
      else if (status === null) refuse("error.statusInvalid", cell("status"));
      else if (kind === undefined) refuse("error.kindInvalid", cell("kind"));
      else if (!Number.isFinite(createdAt)) refuse("import.refused.dateInvalid", created);
      else {
        const board = cell("board").trim().toLowerCase() || defaultBoardSlug;
        if (!boards.has(board)) {
          boards.add(board);
          bundle.boards.push({ sourceId: board, slug: board, name: board });
        }
        person(author);
        const sourceId = rowId(cell("title"), author, created);
        bundle.posts.push({
          sourceId,
          boardSourceId: board,
          authorSourceId: author,
          title: cell("title"),
          bodyMd: cell("body"),
          status,
          kind,
          createdAt,
          statusChangedAt: status === "open" ? null : createdAt,
          shippedAt: status === "shipped" ? createdAt : null,
        });
        const voters = new Set(
          cell("votes")
            .split(/[\s,;]+/)
            .map((email) => email.trim().toLowerCase())
            .filter(Boolean),
        );
        for (const voter of voters) {
          person(voter);
          bundle.votes.push({ sourceId: `${sourceId}:${voter}`, postSourceId: sourceId, userSourceId: voter, createdAt });
        }
      }
    }
    return bundle;
  };
}
