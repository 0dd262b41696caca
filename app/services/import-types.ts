// The contract between the import's readers and the importer (issue 14). Each reader
// (our own export, a CSV of posts, Canny's export, Fider's export) turns a file into one
// ImportBundle; the importer (services/import.server.ts) turns a bundle into a dry-run
// report or, in one transaction, into rows. Every record carries the id it has in its
// source, which `imported_records` remembers, so a re-import creates nothing twice.
// References between records (a post's author, a vote's post) use those source ids.
import type { ImportSource, Locale, PostKind, PostStatus, Role } from "~/db/enums";
import type { MessageKey } from "~/i18n";

export type ImportedUser = {
  sourceId: string;
  email: string;
  displayName: string;
  /** Only our own export carries roles; every other source's people are customers. */
  role?: Role;
  locale?: Locale | null;
  company?: string | null;
  monthlySpend?: number | null;
  createdAt?: number;
};

export type ImportedBoard = { sourceId: string; slug: string; name: string; description?: string; createdAt?: number };

export type ImportedTag = { sourceId: string; name: string; color?: string };

export type ImportedPost = {
  sourceId: string;
  boardSourceId: string;
  authorSourceId: string;
  title: string;
  bodyMd: string;
  status: PostStatus;
  kind: PostKind | null;
  impact?: number | null;
  effort?: number | null;
  tagSourceIds?: string[];
  ownerSourceId?: string | null;
  /** A post merged into another ("duplicate"): the other's source id. Optional; added by import-export for our own round trip. */
  mergedIntoSourceId?: string | null;
  createdAt: number;
  statusChangedAt?: number | null;
  shippedAt?: number | null;
};

export type ImportedComment = {
  sourceId: string;
  postSourceId: string;
  authorSourceId: string;
  parentSourceId?: string | null;
  bodyMd: string;
  isInternal: boolean;
  createdAt: number;
};

export type ImportedVote = {
  sourceId: string;
  postSourceId: string;
  userSourceId: string;
  source?: "self" | "on_behalf";
  note?: string | null;
  createdAt: number;
};

export type ImportedStatusChange = {
  sourceId: string;
  postSourceId: string;
  actorSourceId: string;
  fromStatus: PostStatus;
  toStatus: PostStatus;
  responseMd: string;
  createdAt: number;
};

/** A row of the file that the reader could not use, with the reason, for the dry run. */
export type RefusedRow = {
  entity: "user" | "board" | "tag" | "post" | "comment" | "vote" | "status_change";
  /** Where it is in the file: "posts.csv line 12", "posts.ndjson line 3". */
  row: string;
  /** A catalogue key (the admin reads it in their language) … */
  reason: MessageKey;
  /** … and the offending value, shown as typed. */
  value?: string;
};

export type ImportBundle = {
  source: ImportSource;
  users: ImportedUser[];
  boards: ImportedBoard[];
  tags: ImportedTag[];
  posts: ImportedPost[];
  comments: ImportedComment[];
  votes: ImportedVote[];
  statusChanges: ImportedStatusChange[];
  /** Rows refused while reading (a post with no title, a vote for an unknown post …). */
  refused: RefusedRow[];
};

/** A reader: the file's bytes (a ZIP, JSON, NDJSON or CSV) in, a bundle out; it never touches the database. */
export type ImportReader = (file: Uint8Array, fileName: string) => ImportBundle;
