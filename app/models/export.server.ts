// The export's reads (issue 14). An export walks every table once, so it reads through
// a connection of its own, opened read-only, inside one read transaction: in WAL mode
// that is a consistent snapshot (a vote written meanwhile cannot point at a post the file
// lacks) which never blocks the app's writers. Rows come one at a time from
// better-sqlite3's `.iterate()`, so no table is ever held in memory.
import Database from "better-sqlite3";
import { databasePath } from "~/db/client.server";

export type ExportEntity = "users" | "boards" | "tags" | "posts" | "comments" | "votes" | "status_changes";
export const EXPORT_ENTITIES: readonly ExportEntity[] = ["users", "boards", "tags", "posts", "comments", "votes", "status_changes"];

/** Live posts only: deleted ones are gone for everyone, and so are their threads. */
const LIVE_POST = "p.deleted_at is null";

// Each statement selects the export's own field names, in a stable order (by id), so two
// exports of the same data are the same file. `$emails` is 1 for an admin, else 0.
const ROWS: Record<ExportEntity, string> = {
  users: `select id, case when $emails then email end as email, display_name as displayName, role, locale, company,
      monthly_spend as monthlySpend, created_at as createdAt
    from users order by id`,
  boards: `select id, slug, name, description, archived_at as archivedAt, created_at as createdAt from boards order by id`,
  tags: `select id, name, color, created_at as createdAt from tags order by id`,
  posts: `select p.id, p.board_id as boardId, p.author_id as authorId, p.title, p.body_md as body, p.status, p.kind,
      p.impact, p.effort, p.owner_id as ownerId, p.merged_into_id as mergedIntoId, p.vote_count as voteCount,
      p.comment_count as commentCount,
      (select json_group_array(pt.tag_id) from (select tag_id from post_tags where post_id = p.id order by tag_id) pt) as tagIds,
      p.created_at as createdAt, p.status_changed_at as statusChangedAt, p.shipped_at as shippedAt
    from posts p where ${LIVE_POST} order by p.id`,
  comments: `select c.id, c.post_id as postId, c.author_id as authorId, c.parent_id as parentId, c.body_md as body,
      c.is_internal as internal, c.created_at as createdAt
    from comments c join posts p on p.id = c.post_id
    where c.deleted_at is null and ${LIVE_POST} order by c.id`,
  votes: `select v.post_id as postId, v.user_id as userId, v.source, v.note, v.created_at as createdAt
    from votes v join posts p on p.id = v.post_id where ${LIVE_POST} order by v.post_id, v.user_id`,
  status_changes: `select s.id, s.post_id as postId, s.actor_id as actorId, s.from_status as fromStatus, s.to_status as toStatus,
      s.response_md as response, s.created_at as createdAt
    from status_changes s join posts p on p.id = s.post_id where ${LIVE_POST} order by s.id`,
};

const COUNTS: Record<ExportEntity, string> = {
  users: "select count(*) from users",
  boards: "select count(*) from boards",
  tags: "select count(*) from tags",
  posts: `select count(*) from posts p where ${LIVE_POST}`,
  comments: `select count(*) from comments c join posts p on p.id = c.post_id where c.deleted_at is null and ${LIVE_POST}`,
  votes: `select count(*) from votes v join posts p on p.id = v.post_id where ${LIVE_POST}`,
  status_changes: `select count(*) from status_changes s join posts p on p.id = s.post_id where ${LIVE_POST}`,
};

/** posts.csv: each live post with its counts and where it lives; the author's email for admins only. */
const POSTS_CSV = `select p.id, b.slug as board, p.title, p.status, coalesce(p.kind, '') as kind, p.vote_count as votes,
    p.comment_count as comments, u.display_name as author, case when $emails then u.email else '' end as authorEmail,
    p.created_at as createdAt
  from posts p join boards b on b.id = p.board_id join users u on u.id = p.author_id
  where ${LIVE_POST} and p.merged_into_id is null order by p.id`;

export type PostsCsvRow = {
  id: number;
  board: string;
  title: string;
  status: string;
  kind: string;
  votes: number;
  comments: number;
  author: string;
  authorEmail: string;
  createdAt: number;
};

export type ExportSnapshot = {
  counts(): Record<ExportEntity, number>;
  rows(entity: ExportEntity): IterableIterator<Record<string, unknown>>;
  postsCsv(): IterableIterator<PostsCsvRow>;
  /** Ends the read transaction and closes the connection; safe to call twice. */
  close(): void;
};

/** Opens the snapshot an export reads from. `emails`: whether users' addresses are in it (admins only). */
export function openExportSnapshot(options: { emails: boolean }): ExportSnapshot {
  const connection = new Database(databasePath(), { readonly: true, fileMustExist: true });
  connection.pragma("busy_timeout = 5000");
  connection.exec("begin");
  const emails = options.emails ? 1 : 0;
  const iterate = <T>(source: string) => connection.prepare(source).iterate(source.includes("$emails") ? { emails } : {}) as IterableIterator<T>;
  return {
    counts: () =>
      Object.fromEntries(EXPORT_ENTITIES.map((entity) => [entity, connection.prepare(COUNTS[entity]).pluck().get() as number])) as Record<ExportEntity, number>,
    rows: (entity) => iterate<Record<string, unknown>>(ROWS[entity]),
    postsCsv: () => iterate<PostsCsvRow>(POSTS_CSV),
    close: () => {
      if (!connection.open) return;
      if (connection.inTransaction) connection.exec("commit");
      connection.close();
    },
  };
}
