// Reads our own export (services/export.server.ts) back: the ZIP of NDJSON files, or the
// one NDJSON stream. Ids of the exporting site become source ids, so importing the same
// export twice creates nothing twice. The mapping is documented in docs/import.md.
import { z } from "zod";
import { LOCALES, POST_KINDS, POST_STATUSES, ROLES } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import type { ImportBundle, ImportReader, RefusedRow } from "../import-types";
import { ImportFileError, isZip, timeOf, unzipFiles, utf8Text } from "./files.server";

const FORMAT = "closeloop-export";
const VERSION = 1;

const id = z.number().int().positive();
const time = z.string().refine((v) => Number.isFinite(timeOf(v)));
const optionalTime = time.nullable().optional();
const text = z.string();

// Loose on purpose: the importer checks titles, lengths and references with the forms' rules
// and says why; here only the shape of each line is checked.
const LINES = {
  user: z.object({
    id,
    email: z.string().optional(),
    displayName: text,
    role: z.enum(ROLES).optional(),
    locale: z.enum(LOCALES).nullable().optional(),
    company: z.string().nullable().optional(),
    monthlySpend: z.number().nullable().optional(),
    createdAt: optionalTime,
  }),
  board: z.object({ id, slug: text, name: text, description: z.string().optional(), createdAt: optionalTime }),
  tag: z.object({ id, name: text, color: z.string().optional() }),
  post: z.object({
    id,
    boardId: id,
    authorId: id,
    title: text,
    body: z.string().default(""),
    status: z.enum(POST_STATUSES),
    kind: z.enum(POST_KINDS).nullable(),
    impact: z.number().nullable().optional(),
    effort: z.number().nullable().optional(),
    ownerId: id.nullable().optional(),
    mergedIntoId: id.nullable().optional(),
    tagIds: z.array(id).default([]),
    createdAt: time,
    statusChangedAt: optionalTime,
    shippedAt: optionalTime,
  }),
  comment: z.object({ id, postId: id, authorId: id, parentId: id.nullable().optional(), body: text, internal: z.boolean().default(false), createdAt: time }),
  vote: z.object({ postId: id, userId: id, source: z.enum(["self", "on_behalf"]).default("self"), note: z.string().nullable().optional(), createdAt: time }),
  status_change: z.object({
    id,
    postId: id,
    actorId: id,
    fromStatus: z.enum(POST_STATUSES),
    toStatus: z.enum(POST_STATUSES),
    response: z.string().default(""),
    createdAt: time,
  }),
} as const;
type LineType = keyof typeof LINES;

/** The ZIP's NDJSON files and the entity each holds. */
const FILES: Record<string, LineType> = {
  "users.ndjson": "user",
  "boards.ndjson": "board",
  "tags.ndjson": "tag",
  "posts.ndjson": "post",
  "comments.ndjson": "comment",
  "votes.ndjson": "vote",
  "status_changes.ndjson": "status_change",
};

const manifestSchema = z.object({ format: z.literal(FORMAT), version: z.number() });

function checkManifest(value: unknown): void {
  const manifest = manifestSchema.safeParse(value);
  if (!manifest.success) throw new ImportFileError("import.error.notOurExport");
  if (manifest.data.version !== VERSION) throw new ImportFileError("import.error.exportVersion", String(manifest.data.version));
}

function emptyBundle(): ImportBundle {
  return { source: "closeloop", users: [], boards: [], tags: [], posts: [], comments: [], votes: [], statusChanges: [], refused: [] };
}

function optionalMs(value: string | null | undefined): number | null {
  return value ? timeOf(value) : null;
}

/** Adds one line's record to the bundle, or its refusal. */
function addLine(bundle: ImportBundle, type: LineType, raw: unknown, row: string): void {
  const refuse = (reason: MessageKey, value?: string): void => {
    bundle.refused.push({ entity: type, row, reason, ...(value === undefined ? {} : { value }) } satisfies RefusedRow);
  };
  const parsed = LINES[type].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse("import.refused.badRecord", issue ? issue.path.join(".") : undefined);
  }
  const line = parsed.data;
  switch (type) {
    case "user": {
      const user = line as z.output<typeof LINES.user>;
      // A staff member's export leaves addresses out; without one nobody can claim the account.
      if (!user.email) return refuse("import.refused.noEmail", user.displayName);
      bundle.users.push({
        sourceId: String(user.id),
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        locale: user.locale ?? null,
        company: user.company ?? null,
        monthlySpend: user.monthlySpend ?? null,
        createdAt: optionalMs(user.createdAt) ?? undefined,
      });
      return;
    }
    case "board": {
      const board = line as z.output<typeof LINES.board>;
      bundle.boards.push({
        sourceId: String(board.id),
        slug: board.slug,
        name: board.name,
        description: board.description ?? "",
        createdAt: optionalMs(board.createdAt) ?? undefined,
      });
      return;
    }
    case "tag": {
      const tag = line as z.output<typeof LINES.tag>;
      bundle.tags.push({ sourceId: String(tag.id), name: tag.name, color: tag.color });
      return;
    }
    case "post": {
      const post = line as z.output<typeof LINES.post>;
      bundle.posts.push({
        sourceId: String(post.id),
        boardSourceId: String(post.boardId),
        authorSourceId: String(post.authorId),
        title: post.title,
        bodyMd: post.body,
        status: post.status,
        kind: post.kind,
        impact: post.impact ?? null,
        effort: post.effort ?? null,
        tagSourceIds: post.tagIds.map(String),
        ownerSourceId: post.ownerId ? String(post.ownerId) : null,
        mergedIntoSourceId: post.mergedIntoId ? String(post.mergedIntoId) : null,
        createdAt: timeOf(post.createdAt),
        statusChangedAt: optionalMs(post.statusChangedAt),
        shippedAt: optionalMs(post.shippedAt),
      });
      return;
    }
    case "comment": {
      const comment = line as z.output<typeof LINES.comment>;
      bundle.comments.push({
        sourceId: String(comment.id),
        postSourceId: String(comment.postId),
        authorSourceId: String(comment.authorId),
        parentSourceId: comment.parentId ? String(comment.parentId) : null,
        bodyMd: comment.body,
        isInternal: comment.internal,
        createdAt: timeOf(comment.createdAt),
      });
      return;
    }
    case "vote": {
      const vote = line as z.output<typeof LINES.vote>;
      bundle.votes.push({
        sourceId: `${vote.postId}:${vote.userId}`,
        postSourceId: String(vote.postId),
        userSourceId: String(vote.userId),
        source: vote.source,
        note: vote.note ?? null,
        createdAt: timeOf(vote.createdAt),
      });
      return;
    }
    case "status_change": {
      const change = line as z.output<typeof LINES.status_change>;
      bundle.statusChanges.push({
        sourceId: String(change.id),
        postSourceId: String(change.postId),
        actorSourceId: String(change.actorId),
        fromStatus: change.fromStatus,
        toStatus: change.toStatus,
        responseMd: change.response,
        createdAt: timeOf(change.createdAt),
      });
      return;
    }
  }
}

/** Each non-blank line of an NDJSON text, parsed, with its line number; a line that is not JSON is null. */
function* ndjsonLines(content: string): Generator<{ value: unknown; line: number }> {
  let line = 0;
  for (const text of content.split("\n")) {
    line += 1;
    if (text.trim() === "") continue;
    try {
      yield { value: JSON.parse(text) as unknown, line };
    } catch {
      yield { value: null, line };
    }
  }
}

/** Adds every line; one that is not JSON, or of no type we know, is refused, so nothing is dropped silently. */
function readNdjson(bundle: ImportBundle, content: string, fileName: string, typeOf: (value: unknown) => LineType | "manifest" | null): void {
  for (const { value, line } of ndjsonLines(content)) {
    const row = `${fileName} line ${line}`;
    const type = value === null ? null : typeOf(value);
    if (type === "manifest") continue;
    if (type) addLine(bundle, type, value, row);
    else bundle.refused.push({ entity: FILES[fileName] ?? "post", row, reason: "import.refused.badLine" });
  }
}

/** Our export, as a ZIP or as one NDJSON stream whose first line is the manifest. */
export const readCloseloopExport: ImportReader = (file, fileName) => {
  const bundle = emptyBundle();
  if (isZip(file)) {
    const files = unzipFiles(file, (name) => name === "manifest.json" || Object.hasOwn(FILES, name));
    const manifest = files.get("manifest.json");
    if (!manifest) throw new ImportFileError("import.error.notOurExport");
    try {
      checkManifest(JSON.parse(utf8Text(manifest)));
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      throw new ImportFileError("import.error.notOurExport");
    }
    for (const [name, type] of Object.entries(FILES)) {
      const content = files.get(name);
      if (content) readNdjson(bundle, utf8Text(content), name, () => type);
    }
    return bundle;
  }
  const content = utf8Text(file);
  const firstLine = content.slice(0, content.indexOf("\n") === -1 ? content.length : content.indexOf("\n"));
  let manifest: unknown = null;
  try {
    manifest = JSON.parse(firstLine);
  } catch {
    throw new ImportFileError("import.error.notOurExport");
  }
  checkManifest(manifest);
  const name = fileName.split(/[\\/]/).pop() || "export.ndjson";
  readNdjson(bundle, content, name, (value) => {
    const type = (value as { type?: unknown } | null)?.type;
    if (type === "manifest") return "manifest";
    return typeof type === "string" && Object.hasOwn(LINES, type) ? (type as LineType) : null;
  });
  return bundle;
};

/** Whether the file looks like our export: a ZIP (checked fully when read) or NDJSON whose first line is our manifest. */
export function looksLikeCloseloopExport(file: Uint8Array): boolean {
  if (isZip(file)) return true;
  const head = Buffer.from(file.subarray(0, 200)).toString("utf8");
  return head.startsWith('{"type":"manifest"') && head.includes(FORMAT);
}
