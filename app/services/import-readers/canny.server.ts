// Canny's data, read into one ImportBundle, from either of:
// - the CSV of posts from Canny's admin export: one row per post; columns are found by
//   their header, in any case and spacing ("Author Email", "author_email"), with the
//   names listed in CSV_COLUMNS; voters, when the file has them, are a list of addresses;
// - a JSON file of Canny API list answers: { boards, posts, comments, votes } and
//   optionally { tags, statusChanges }, each either the array or the list answer as the
//   API returns it ({ hasMore, posts: [...] }).
// The mappings are documented in docs/import.md ("## Canny").
import type { PostStatus } from "~/db/enums";
import type { ImportBundle, ImportReader, ImportedPost } from "~/services/import-types";
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
  foldStatus,
  looksLikeJson,
  parseJson,
  parseTime,
  placeholderEmail,
  readCsvTable,
  refuse,
  refusedFile,
  slugFor,
  tagName,
  tagPost,
  uniqueSlugs,
  validEmail,
  type CsvTable,
  type JsonObject,
} from "./shared.server";

/**
 * Canny's built-in statuses and ours. "complete" is shipped, "closed" (won't do) is
 * declined. A status a team made up in Canny's settings can't be placed on our loop, so
 * its posts are refused with the name shown, for the admin to rename in the file.
 */
const STATUS_FROM_CANNY: Readonly<Record<string, PostStatus>> = {
  open: "open",
  "under review": "under_review",
  planned: "planned",
  "in progress": "in_progress",
  complete: "shipped",
  closed: "declined",
};

/** Canny's header names (and the API's field names) for each column, folded as foldHeader folds them. */
const CSV_COLUMNS = {
  id: ["id", "postid"],
  title: ["title", "posttitle"],
  details: ["details", "postdetails", "description", "body"],
  board: ["board", "boardname"],
  status: ["status", "poststatus"],
  authorEmail: ["authoremail", "email", "authorsemail"],
  authorName: ["authorname", "author", "name"],
  created: ["created", "createdat", "createddate", "date"],
  statusChanged: ["statuschangedat", "statuschanged"],
  tags: ["tags", "tag"],
  voters: ["voters", "voteremails", "votersemails"],
  url: ["url", "posturl", "link"],
} as const;
type CsvColumn = keyof typeof CSV_COLUMNS;

/** The board of posts whose file names none. */
const DEFAULT_BOARD = { id: "canny", name: "Canny" } as const;
/** The author of posts and comments whose Canny account was deleted (the API gives author null). */
const DELETED_ACCOUNT = { id: "deleted-account", email: placeholderEmail("canny", "deleted-account") } as const;

export const readCannyExport: ImportReader = (file, fileName) => {
  const text = decodeUtf8(file);
  if (text === null) return refusedFile("canny", fileName, "import.refused.notUtf8");
  if (text.trim() === "") return refusedFile("canny", fileName, "import.refused.emptyFile");
  return looksLikeJson(text) ? readApiJson(text, fileName) : readPostsCsv(file, fileName);
};

/** The last segment of an address, percent-decoded ("…/board/feature-requests" → "feature-requests"). */
function lastPathSegment(url: string): string {
  const segment = url.split(/[?#]/)[0].split("/").filter(Boolean).pop() ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function cannyStatus(value: string): PostStatus | undefined {
  return STATUS_FROM_CANNY[foldStatus(value)];
}

/** The author of a post, comment or status change; an account deleted in Canny (author null) is one placeholder for all. */
function authorFrom(people: ImportedPeople, value: unknown): string {
  return personFrom(people, value) ?? personFrom(people, DELETED_ACCOUNT)!;
}

/** Someone as Canny's API describes them (an author, a voter, a commenter): the person's source id, or undefined for nobody. */
function personFrom(people: ImportedPeople, value: unknown): string | undefined {
  const user = asObject(value);
  if (!user) return undefined;
  const id = asId(user.id);
  const email = validEmail(asText(user.email));
  if (id === null && email === null) return undefined;
  // A voter added by an admin without an address has an id only (the API's email is null).
  const address = email ?? placeholderEmail("canny", `user-${id}`);
  const company = (Array.isArray(user.companies) ? user.companies : []).map(asObject).find(Boolean) ?? null;
  const spend = company && typeof company.monthlySpend === "number" && Number.isFinite(company.monthlySpend) ? company.monthlySpend : null;
  return people.add({
    sourceId: id ?? `email:${address}`,
    email: address,
    displayName: displayNameFor(asText(user.name), address),
    createdAt: parseTime(user.created) ?? undefined,
    ...(company ? { company: asText(company.name).trim().slice(0, 200) || null, monthlySpend: spend } : {}),
  });
}

// ── JSON of API list answers ───────────────────────────────────────────────────────────

const API_LISTS = ["boards", "posts", "comments", "votes", "tags", "statusChanges"] as const;
type ApiList = (typeof API_LISTS)[number];

function readApiJson(text: string, fileName: string): ImportBundle {
  const parsed = parseJson(text);
  const root = asObject(parsed);
  if (!root) return refusedFile("canny", fileName, parsed === null ? "import.refused.jsonMalformed" : "import.refused.notCannyExport");
  const lists = {} as Record<ApiList, JsonObject[]>;
  for (const name of API_LISTS) {
    // Either the array itself, or the API's answer saved as it came ({ hasMore, posts: [...] }).
    const value = root[name];
    const items: unknown = value === undefined ? [] : Array.isArray(value) ? value : asObject(value)?.[name];
    if (!Array.isArray(items)) return refusedFile("canny", `${fileName}: ${name}`, "import.refused.notCannyExport", name);
    if (items.length > MAX_ROWS_PER_ENTITY) return refusedFile("canny", `${fileName}: ${name}`, "import.refused.tooManyRows", name);
    lists[name] = items.map((item: unknown) => asObject(item) ?? {});
  }
  if (root.posts === undefined) return refusedFile("canny", fileName, "import.refused.notCannyExport");

  const bundle = emptyBundle("canny");
  const people = new ImportedPeople(bundle);
  const at = (list: ApiList, index: number) => `${fileName}: ${list} row ${index + 1}`;
  const slug = uniqueSlugs();

  const boardIds = new Set<string>();
  const addBoard = (value: unknown): string | undefined => {
    const board = asObject(value);
    const id = asId(board?.id);
    if (!board || id === null) return undefined;
    if (!boardIds.has(id)) {
      boardIds.add(id);
      const name = asText(board.name).trim() || DEFAULT_BOARD.name;
      // The board's address ends in its "URL name" (…/admin/board/feature-requests): the best slug there is.
      const urlName = lastPathSegment(asText(board.url));
      bundle.boards.push({
        sourceId: id,
        slug: slug(slugFor(urlName, slugFor(name, `board-${fingerprint(id).slice(0, 6)}`))),
        name,
        createdAt: parseTime(board.created) ?? undefined,
      });
    }
    return id;
  };
  lists.boards.forEach((board, i) => addBoard(board) ?? refuse(bundle, "board", at("boards", i), "import.refused.idMissing", board.name));

  // Canny's tags belong to a board; ours are one list with unique names, so same-named tags become one.
  const tagByName = new Map<string, string>();
  const tagIdOf = new Map<string, string>();
  const addTag = (value: unknown, where: string): string | undefined => {
    const tag = asObject(value);
    const id = asId(tag?.id);
    if (!tag || id === null) return undefined;
    if (tagIdOf.has(id)) return tagIdOf.get(id);
    const name = tagName(asText(tag.name));
    if (name === null) {
      refuse(bundle, "tag", where, "error.tagNameTooLong", tag.name);
      return undefined;
    }
    const key = name.toLowerCase();
    if (!tagByName.has(key)) {
      tagByName.set(key, id);
      bundle.tags.push({ sourceId: id, name });
    }
    tagIdOf.set(id, tagByName.get(key)!);
    return tagIdOf.get(id);
  };
  lists.tags.forEach((tag, i) => addTag(tag, at("tags", i)));

  const postById = new Map<string, ImportedPost>();
  lists.posts.forEach((post, i) => {
    const where = at("posts", i);
    const id = asId(post.id);
    const title = asText(post.title);
    if (id === null) return refuse(bundle, "post", where, "import.refused.idMissing", title);
    if (postById.has(id)) return refuse(bundle, "post", where, "import.refused.duplicateRow", id);
    const status = cannyStatus(asText(post.status));
    if (status === undefined) return refuse(bundle, "post", where, "import.refused.statusUnknown", post.status);
    const board = addBoard(post.board) ?? addBoard(DEFAULT_BOARD);
    const statusChangedAt = status === "open" ? null : parseTime(post.statusChangedAt);
    const added = addPost(bundle, where, {
      sourceId: id,
      boardSourceId: board!,
      author: () => authorFrom(people, post.author),
      title,
      body: asText(post.details),
      status,
      createdAt: post.created,
      statusChangedAt,
    });
    if (!added) return;
    postById.set(id, added);
    for (const tag of Array.isArray(post.tags) ? post.tags : []) {
      const tagId = addTag(tag, where);
      if (tagId !== undefined) tagPost(added, tagId);
    }
  });

  const voted = new Set<string>();
  lists.votes.forEach((vote, i) => {
    const where = at("votes", i);
    const post = postById.get(asId(asObject(vote.post)?.id) ?? "");
    if (!post) return refuse(bundle, "vote", where, "import.refused.postMissing", asObject(vote.post)?.title ?? asObject(vote.post)?.id);
    const createdAt = parseTime(vote.created);
    if (createdAt === null) return refuse(bundle, "vote", where, "import.refused.dateInvalid", vote.created);
    const voter = personFrom(people, vote.voter);
    if (voter === undefined) return refuse(bundle, "vote", where, "import.refused.userMissing");
    if (voted.has(`${post.sourceId}:${voter}`)) return refuse(bundle, "vote", where, "import.refused.duplicateVote", asObject(vote.voter)?.email ?? voter);
    voted.add(`${post.sourceId}:${voter}`);
    bundle.votes.push({
      sourceId: asId(vote.id) ?? `${post.sourceId}:${voter}`,
      postSourceId: post.sourceId,
      userSourceId: voter,
      // `by` is the admin who voted for a customer (from a support ticket, a call).
      source: asObject(vote.by) ? "on_behalf" : "self",
      createdAt,
    });
  });

  const parentOf = new Map<string, string | null>();
  lists.comments.forEach((comment, i) => {
    const where = at("comments", i);
    const id = asId(comment.id);
    const post = postById.get(asId(asObject(comment.post)?.id) ?? "");
    if (id === null) return refuse(bundle, "comment", where, "import.refused.idMissing");
    if (!post) return refuse(bundle, "comment", where, "import.refused.postMissing", asObject(comment.post)?.id);
    const body = checkComment(asText(comment.value));
    if (!body.ok) return refuse(bundle, "comment", where, body.reason, comment.value);
    const createdAt = parseTime(comment.created);
    if (createdAt === null) return refuse(bundle, "comment", where, "import.refused.dateInvalid", comment.created);
    parentOf.set(id, asId(comment.parentID));
    const author = authorFrom(people, comment.author);
    bundle.comments.push({
      sourceId: id,
      postSourceId: post.sourceId,
      authorSourceId: author,
      bodyMd: body.value,
      isInternal: comment.internal === true,
      createdAt,
    });
  });
  // Our replies are one level deep: a reply to a reply answers the thread's first comment;
  // a reply whose parent isn't imported stands on its own.
  const rootOf = (id: string): string | null => {
    let root: string | null = null;
    const seen = new Set([id]);
    for (let parent = parentOf.get(id); parent && parentOf.has(parent) && !seen.has(parent); parent = parentOf.get(parent)) {
      seen.add(parent);
      root = parent;
    }
    return root;
  };
  for (const comment of bundle.comments) comment.parentSourceId = rootOf(comment.sourceId);
  bundle.comments.sort((a, b) => a.createdAt - b.createdAt);

  readStatusChanges(bundle, people, lists.statusChanges, postById, at);
  return bundle;
}

/** Each post's changes in time order: the first one starts from open, each later one from the one before. */
function readStatusChanges(
  bundle: ImportBundle,
  people: ImportedPeople,
  changes: JsonObject[],
  postById: Map<string, ImportedPost>,
  at: (list: ApiList, index: number) => string,
): void {
  const valid: { sourceId: string; post: ImportedPost; toStatus: PostStatus; createdAt: number; change: JsonObject }[] = [];
  changes.forEach((change, index) => {
    const where = at("statusChanges", index);
    const sourceId = asId(change.id);
    const post = postById.get(asId(asObject(change.post)?.id) ?? "");
    const toStatus = cannyStatus(asText(change.status));
    const createdAt = parseTime(change.created);
    if (sourceId === null) return refuse(bundle, "status_change", where, "import.refused.idMissing");
    if (!post) return refuse(bundle, "status_change", where, "import.refused.postMissing", asObject(change.post)?.id);
    if (toStatus === undefined) return refuse(bundle, "status_change", where, "import.refused.statusUnknown", change.status);
    if (createdAt === null) return refuse(bundle, "status_change", where, "import.refused.dateInvalid", change.created);
    valid.push({ sourceId, post, toStatus, createdAt, change });
  });
  const lastStatus = new Map<string, PostStatus>();
  for (const { sourceId, post, toStatus, createdAt, change } of valid.sort((a, b) => a.createdAt - b.createdAt)) {
    const fromStatus = lastStatus.get(post.sourceId) ?? "open";
    lastStatus.set(post.sourceId, toStatus);
    bundle.statusChanges.push({
      sourceId,
      postSourceId: post.sourceId,
      actorSourceId: authorFrom(people, change.changer),
      fromStatus,
      toStatus,
      responseMd: asText(asObject(change.changeComment)?.value),
      createdAt,
    });
  }
}

// ── CSV of posts ───────────────────────────────────────────────────────────────────────

function readPostsCsv(file: Uint8Array, fileName: string): ImportBundle {
  const read = readCsvTable(file);
  if (!read.ok) return refusedFile("canny", read.line ? `${fileName} line ${read.line}` : fileName, read.reason);
  const { table } = read;
  const column = Object.fromEntries(Object.entries(CSV_COLUMNS).map(([key, names]) => [key, columnIndex(table, names)])) as Record<CsvColumn, number>;
  // Without a title and something Canny-shaped beside it, this is some other CSV.
  if (column.title < 0 || (column.status < 0 && column.board < 0 && column.details < 0)) return refusedFile("canny", fileName, "import.refused.notCannyExport");
  return bundleFromCsv(table, column, fileName);
}

function bundleFromCsv(table: CsvTable, column: Record<CsvColumn, number>, fileName: string): ImportBundle {
  const bundle = emptyBundle("canny");
  const people = new ImportedPeople(bundle);
  const slug = uniqueSlugs();
  const boardKeys = new Set<string>();
  const tagKeys = new Set<string>();
  const seenPosts = new Set<string>();
  const voted = new Set<string>();

  const boardNamed = (name: string): string => {
    const key = `name:${name.toLowerCase()}`;
    if (!boardKeys.has(key)) {
      boardKeys.add(key);
      const boardName = name || DEFAULT_BOARD.name;
      bundle.boards.push({ sourceId: key, slug: slug(slugFor(boardName, `board-${fingerprint(key).slice(0, 6)}`)), name: boardName });
    }
    return key;
  };
  const personWith = (email: string | null, name: string): string => {
    const address = email ?? (name ? placeholderEmail("canny", `name-${fingerprint(name)}`) : DELETED_ACCOUNT.email);
    return people.add({ sourceId: `email:${address}`, email: address, displayName: displayNameFor(name, address) });
  };

  for (const { rowNumber, cells } of table.rows) {
    const where = `${fileName} row ${rowNumber}`;
    const cell = (key: CsvColumn) => cellAt(cells, column[key]);
    const title = cell("title");
    // Canny's post id when the file has one; else its address; else the row's own content, so a re-import matches it.
    const sourceId = cell("id") || cell("url") || `row:${fingerprint(`${cell("board")}\n${title}\n${cell("created")}`)}`;
    if (seenPosts.has(sourceId)) {
      refuse(bundle, "post", where, "import.refused.duplicateRow", title);
      continue;
    }
    const status = column.status < 0 || cell("status") === "" ? "open" : cannyStatus(cell("status"));
    if (status === undefined) {
      refuse(bundle, "post", where, "import.refused.statusUnknown", cell("status"));
      continue;
    }
    const rawEmail = cell("authorEmail");
    const authorEmail = rawEmail ? validEmail(rawEmail) : null;
    if (rawEmail && authorEmail === null) {
      refuse(bundle, "post", where, "error.emailInvalid", rawEmail);
      continue;
    }
    const statusChangedAt = status === "open" ? null : parseTime(cell("statusChanged"));
    const post = addPost(bundle, where, {
      sourceId,
      boardSourceId: boardNamed(cell("board")),
      author: () => personWith(authorEmail, cell("authorName")),
      title,
      body: cell("details"),
      status,
      createdAt: cell("created"),
      statusChangedAt,
    });
    if (!post) continue;
    seenPosts.add(sourceId);

    for (const raw of cell("tags").split(/[,;\n]/)) {
      if (raw.trim() === "") continue;
      const name = tagName(raw);
      if (name === null) {
        refuse(bundle, "tag", where, "error.tagNameTooLong", raw);
        continue;
      }
      const key = `name:${name.toLowerCase()}`;
      if (!tagKeys.has(key)) bundle.tags.push({ sourceId: key, name });
      tagKeys.add(key);
      tagPost(post, key);
    }

    // The CSV has no vote dates: a listed voter's vote takes the post's date.
    for (const raw of cell("voters")
      .split(/[,;\r\n]+/)
      .map((v) => v.trim())) {
      if (raw === "") continue;
      const email = validEmail(raw);
      if (email === null) {
        refuse(bundle, "vote", where, "error.emailInvalid", raw);
        continue;
      }
      const voter = personWith(email, "");
      if (voted.has(`${sourceId}:${voter}`)) {
        refuse(bundle, "vote", where, "import.refused.duplicateVote", email);
        continue;
      }
      voted.add(`${sourceId}:${voter}`);
      bundle.votes.push({ sourceId: `${sourceId}:${voter}`, postSourceId: sourceId, userSourceId: voter, createdAt: post.createdAt });
    }
  }
  return bundle;
}
