// Who a fan-out goes to, as typed data. A service says "the followers of post 12, except
// the actor"; this module turns that into the one query both fan-outs select from (the
// in-app notifications and the email outbox, each a single INSERT … SELECT), so no SQL
// is handed up or down between layers.
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { posts, subscriptions, users, votes, type SurveyAudience } from "~/db/schema";
import { listableInEmail } from "./changelog.server";

export type Recipients =
  /** One user (an account email, a security notice). */
  | { kind: "user"; userId: number }
  /** Everyone following the post who may see it, except one user. */
  | { kind: "followersOfPost"; postId: number; exceptUserId: number }
  /** The post's voters, except one user. */
  | { kind: "votersOfPost"; postId: number; exceptUserId: number }
  /** Each voter of a changelog entry's linked posts, once, except one user; see ChangelogRecipientFields. */
  | { kind: "votersOfChangelogEntry"; entryId: number; exceptUserId: number }
  /** A survey email's audience; see surveyAudience. */
  | { kind: "surveyAudience"; audience: SurveyAudience; activeSince: number | null; boardId: number | null }
  /** Every member of the team (staff and admins) who is not banned. */
  | { kind: "team" }
  /** Every admin who is not banned (a webhook endpoint was disabled). */
  | { kind: "admins" };

/** What a voter of a changelog entry gets in their email besides the entry: the linked posts they voted for. */
export type ChangelogRecipientFields = { posts: { id: number; title: string }[] };

/**
 * The payload fields a kind of recipients fills in for each recipient: an email's payload
 * is what the caller gives plus these. Only a changelog's voters have any.
 */
export type FieldsPerRecipient<R extends Recipients> = R extends { kind: "votersOfChangelogEntry" } ? ChangelogRecipientFields : Record<never, never>;

export function recipientUser(userId: number) {
  return { kind: "user", userId } as const satisfies Recipients;
}

export function followersOfPost(postId: number, options: { except: number }) {
  return { kind: "followersOfPost", postId, exceptUserId: options.except } as const satisfies Recipients;
}

export function votersOfPost(postId: number, options: { except: number }) {
  return { kind: "votersOfPost", postId, exceptUserId: options.except } as const satisfies Recipients;
}

export function votersOfChangelogEntry(entryId: number, options: { except: number }) {
  return { kind: "votersOfChangelogEntry", entryId, exceptUserId: options.except } as const satisfies Recipients;
}

/**
 * The customers a survey email goes to: all of them, those active since `activeSince`
 * (voted, posted, commented or signed in), or the voters of one board. Never staff, a
 * banned account, an address that bounced, or anyone who turned status emails off (the
 * "unsubscribe from all" link does that, and survey emails carry it too). Placeholder
 * accounts (no password yet) are in when they have a vote: staff recorded it for them,
 * and the status emails of that idea already reach them the same way.
 */
export function surveyAudience(audience: SurveyAudience, options: { activeSince?: number | null; boardId?: number | null } = {}) {
  return { kind: "surveyAudience", audience, activeSince: options.activeSince ?? null, boardId: options.boardId ?? null } as const satisfies Recipients;
}

export function theTeam() {
  return { kind: "team" } as const satisfies Recipients;
}

export function theAdmins() {
  return { kind: "admins" } as const satisfies Recipients;
}

type QueryOf = { [K in Recipients["kind"]]: (recipients: Extract<Recipients, { kind: K }>) => SQL };

// Each query yields `user_id`, and `fields`: a JSON object of FieldsPerRecipient, or null.
const QUERIES: QueryOf = {
  user: ({ userId }) => sql`select ${userId} as user_id, null as fields`,

  // "May see" is policy.server's canSeePost in SQL (a post awaiting approval: its author
  // and unbanned staff only); change the two together.
  followersOfPost: ({ postId, exceptUserId }) => sql`select s.user_id as user_id, null as fields from ${subscriptions} s
    join ${posts} p on p.id = s.post_id
    join ${users} u on u.id = s.user_id
    where s.post_id = ${postId} and s.state = 'subscribed' and s.user_id <> ${exceptUserId}
      and (p.pending_approval = 0 or s.user_id = p.author_id or (u.role in ('staff', 'admin') and u.banned_at is null))`,

  votersOfPost: ({ postId, exceptUserId }) =>
    sql`select ${votes.userId} as user_id, null as fields from ${votes} where ${votes.postId} = ${postId} and ${votes.userId} <> ${exceptUserId}`,

  // A voter who unsubscribed from a post does not hear about it here either; the posts
  // listed are the ones an email may list to anyone (listableInEmail).
  votersOfChangelogEntry: ({ entryId, exceptUserId }) => sql`select v.user_id as user_id,
      json_object('posts', json_group_array(json_object('id', ${posts.id}, 'title', ${posts.title}))) as fields
    from changelog_posts cp
    join votes v on v.post_id = cp.post_id
    join ${posts} on ${posts.id} = cp.post_id
    where cp.entry_id = ${entryId} and v.user_id <> ${exceptUserId} and ${listableInEmail}
      and not exists (select 1 from subscriptions s where s.post_id = v.post_id and s.user_id = v.user_id and s.state = 'unsubscribed')
    group by v.user_id`,

  surveyAudience: ({ audience, activeSince, boardId }) => {
    // Each audience is one set of user ids read through an index on time or board, not a
    // per-customer lookup (comments have no author index).
    const within = {
      all_customers: sql`1`,
      active_customers: sql`u.id in (
        select v.user_id from ${votes} v where v.created_at >= ${activeSince ?? 0}
        union select p.author_id from ${posts} p where p.created_at >= ${activeSince ?? 0} and p.deleted_at is null
        union select c.author_id from comments c where c.created_at >= ${activeSince ?? 0} and c.deleted_at is null
        union select t.user_id from trusted_sign_ins t where t.signed_in_at >= ${activeSince ?? 0})`,
      board_voters: sql`u.id in (select v.user_id from ${votes} v join ${posts} p on p.id = v.post_id where p.board_id = ${boardId ?? 0} and p.deleted_at is null)`,
    }[audience];
    return sql`select u.id as user_id, null as fields from ${users} u
      where u.role = 'customer' and u.banned_at is null and u.email_suppressed_at is null and u.email_on_status = 1
        and (u.password_hash is not null or exists (select 1 from ${votes} pv where pv.user_id = u.id))
        and ${within}`;
  },
  team: () => sql`select ${users.id} as user_id, null as fields from ${users} where ${users.role} in ('staff', 'admin') and ${users.bannedAt} is null`,
  admins: () => sql`select ${users.id} as user_id, null as fields from ${users} where ${users.role} = 'admin' and ${users.bannedAt} is null`,
};

/** The recipients as a subquery with `user_id` and `fields` columns, for the fan-outs in this folder only. */
export function selectRecipients(recipients: Recipients): SQL {
  return (QUERIES[recipients.kind] as (r: Recipients) => SQL)(recipients);
}

/** How many people a fan-out to these recipients would reach now (what a composer tells staff before they send). */
export function countRecipients(recipients: Recipients): number {
  return getDb().get<{ n: number }>(sql`select count(*) as n from (${selectRecipients(recipients)})`)?.n ?? 0;
}
