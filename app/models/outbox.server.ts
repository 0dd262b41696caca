// The durable email outbox: rows are written in the same transaction as the change
// they announce, then leased, sent and settled by the worker in services/outbox.
import { and, desc, eq, getTableColumns, inArray, lt, notInArray, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { emailOutbox, users, type EmailTemplate, type Locale, type OutboxStatus } from "~/db/schema";
import { selectRecipients, type Recipients } from "./recipients.server";

export type OutboxRow = typeof emailOutbox.$inferSelect;
// "account" emails (sign-up links) answer a request the recipient just made, so no
// preference switches them off. "digest": the team's weekly digest.
export type EmailPreference = "status" | "comment" | "digest" | "account";

/**
 * One outbox row per recipient whose preference allows it, by one INSERT … SELECT. Each
 * row's payload is `payload` plus the fields the recipients fill in for each recipient
 * (FieldsPerRecipient); the dedupe key makes a repeated enqueue of the same event a no-op.
 */
export function enqueueEmailsFor(
  db: Db,
  recipients: Recipients,
  options: {
    template: EmailTemplate;
    payload: object;
    dedupePrefix: string;
    preference: EmailPreference;
    smtpConfigured: boolean;
    defaultLocale: Locale;
    now: number;
  },
): number {
  const preference = { status: sql`u.email_on_status`, comment: sql`u.email_on_comment`, digest: sql`u.email_weekly_digest`, account: sql`1` }[
    options.preference
  ];
  const waiting: OutboxStatus = options.smtpConfigured ? "pending" : "not_configured";
  const payload = JSON.stringify(options.payload);
  return db.run(sql`
    insert into email_outbox (user_id, to_email, template, payload, locale, status, next_attempt_at, dedupe_key, created_at)
    select u.id, u.email, ${options.template}, case when r.fields is null then ${payload} else json_patch(${payload}, r.fields) end,
           coalesce(u.locale, ${options.defaultLocale}),
           case when u.email_suppressed_at is not null then 'suppressed' else ${waiting} end,
           ${options.now}, ${options.dedupePrefix} || u.id, ${options.now}
    from (${selectRecipients(recipients)}) r
    join users u on u.id = r.user_id
    where ${preference} = 1
    on conflict (dedupe_key) do nothing
  `).changes;
}

// Templates that quote a post (its title, a merge's target title, a status response) or
// a comment (its excerpt), and the payload fields that say which.
const QUOTING_TEMPLATES: EmailTemplate[] = ["status_change", "comment", "merged"];
// A payload that is not JSON reads as null here (json_extract would raise and stop the
// whole lease): the worker fails that row alone, with the reason.
const payloadField = (path: string) => sql`(case when json_valid(${emailOutbox.payload}) then json_extract(${emailOutbox.payload}, ${path}) end)`;

/** Rows whose payload quotes a post or a comment that `post` / `comment` match. */
function quoting(post: (id: SQL) => SQL, comment: (id: SQL) => SQL): SQL {
  return sql`(${inArray(emailOutbox.template, QUOTING_TEMPLATES)} and (${post(payloadField("$.postId"))} or ${post(payloadField("$.targetPostId"))} or ${comment(payloadField("$.commentId"))}))`;
}

const oneOf = (ids: number[]) => (id: SQL) =>
  ids.length
    ? sql`${id} in (${sql.join(
        ids.map((n) => sql`${n}`),
        sql`, `,
      )})`
    : sql`0`;
const deletedPost = (id: SQL) => sql`exists (select 1 from posts p where p.id = ${id} and p.deleted_at is not null)`;
const deletedComment = (id: SQL) => sql`exists (select 1 from comments c where c.id = ${id} and c.deleted_at is not null)`;

/**
 * Called in the transaction that deletes posts or comments: the emails still waiting
 * (pending, a retry, or for SMTP) that quote them are cancelled, never sent. Rows a
 * worker holds are left to it; it checks again when it leases (leaseDueRows).
 */
export function cancelWaitingRowsQuoting(db: Db, deleted: { postIds?: number[]; commentIds?: number[] }): number {
  return db
    .update(emailOutbox)
    .set({ status: "cancelled", leaseUntil: null })
    .where(and(inArray(emailOutbox.status, ["pending", "not_configured"]), quoting(oneOf(deleted.postIds ?? []), oneOf(deleted.commentIds ?? []))))
    .run().changes;
}

/**
 * Called in the transaction that takes back what made these emails (an undone merge):
 * the rows whose dedupe key starts with `dedupePrefix` and still wait are cancelled.
 * Rows a worker holds are left to it; leaseDueRows checks again.
 */
export function cancelWaitingRowsKeyed(db: Db, dedupePrefix: string): number {
  return db
    .update(emailOutbox)
    .set({ status: "cancelled", leaseUntil: null })
    .where(and(inArray(emailOutbox.status, ["pending", "not_configured"]), sql`substr(${emailOutbox.dedupeKey}, 1, ${dedupePrefix.length}) = ${dedupePrefix}`))
    .run().changes;
}

/** A "merged" notice whose merge was undone: its post is no longer merged into the target it names. */
const undoneMergeNotice = sql`(${emailOutbox.template} = 'merged' and not exists (select 1 from posts p
  where p.id = ${payloadField("$.postId")} and p.merged_into_id = ${payloadField("$.targetPostId")}))`;

export type LeasedRow = OutboxRow & { recipientName: string; recipientSuppressedAt: number | null };

/**
 * Takes up to `limit` due rows: pending ones whose time has come, and rows whose lease
 * ran out (a worker died while sending them). Each gets a fresh lease and one more
 * attempt, and comes with what the worker needs to know about its recipient.
 */
export function leaseDueRows(now: number, leaseMs: number, limit: number): LeasedRow[] {
  const db = getDb();
  return db.$client
    .transaction(() => {
      // Both walk (status, id) and stop at the limit; neither sorts the whole queue.
      const expired = db
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.status, "sending"), lt(emailOutbox.leaseUntil, now)))
        .orderBy(emailOutbox.id)
        .limit(limit)
        .all();
      const due = db
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(and(eq(emailOutbox.status, "pending"), sql`${emailOutbox.nextAttemptAt} <= ${now}`))
        .orderBy(emailOutbox.id)
        .limit(limit - expired.length)
        .all();
      const candidates = [...expired, ...due].map((r) => r.id);
      if (candidates.length === 0) return [];
      // Whatever slipped past the delete or the undo (a row leased then, a staff retry of
      // a failed row since) is cancelled here, so no email quotes deleted content or
      // announces a merge that was undone.
      const cancelled = db
        .update(emailOutbox)
        .set({ status: "cancelled", leaseUntil: null })
        .where(and(inArray(emailOutbox.id, candidates), or(quoting(deletedPost, deletedComment), undoneMergeNotice)))
        .returning({ id: emailOutbox.id })
        .all();
      const gone = new Set(cancelled.map((r) => r.id));
      const ids = candidates.filter((id) => !gone.has(id));
      if (ids.length === 0) return [];
      db.update(emailOutbox)
        .set({ status: "sending", leaseUntil: now + leaseMs, attempts: sql`${emailOutbox.attempts} + 1` })
        .where(inArray(emailOutbox.id, ids))
        .run();
      return db
        .select({ ...getTableColumns(emailOutbox), recipientName: users.displayName, recipientSuppressedAt: users.emailSuppressedAt })
        .from(emailOutbox)
        .innerJoin(users, eq(users.id, emailOutbox.userId))
        .where(inArray(emailOutbox.id, ids))
        .all();
    })
    .immediate();
}

/** Settles many rows as sent in one statement. */
// Templates whose payload carries a link token; once sent, the token is removed, so a
// copy of the database (a backup) holds no link that still works.
const TEMPLATES_WITH_TOKENS: EmailTemplate[] = ["signup_confirm", "password_reset", "team_invite"];

export function markAllSent(ids: number[], at: number): void {
  if (ids.length === 0) return;
  getDb()
    .update(emailOutbox)
    .set({
      status: "sent",
      sentAt: at,
      leaseUntil: null,
      lastError: null,
      payload: sql`case when ${inArray(emailOutbox.template, TEMPLATES_WITH_TOKENS)} then json_remove(${emailOutbox.payload}, '$.token') else ${emailOutbox.payload} end`,
    })
    .where(inArray(emailOutbox.id, ids))
    .run();
}

export function markForRetry(id: number, nextAttemptAt: number, error: string): void {
  getDb().update(emailOutbox).set({ status: "pending", nextAttemptAt, leaseUntil: null, lastError: error }).where(eq(emailOutbox.id, id)).run();
}

export function markFinal(id: number, status: "failed" | "suppressed", error: string | null): void {
  getDb().update(emailOutbox).set({ status, leaseUntil: null, lastError: error }).where(eq(emailOutbox.id, id)).run();
}

/** Rows still waiting for an address that just bounced permanently will not be tried. */
export function suppressWaitingRowsTo(userId: number): number {
  return getDb()
    .update(emailOutbox)
    .set({ status: "suppressed", leaseUntil: null })
    .where(and(eq(emailOutbox.userId, userId), inArray(emailOutbox.status, ["pending", "not_configured"])))
    .run().changes;
}

/** Once SMTP is configured, what waited for it becomes due. */
export function releaseUnconfiguredRows(now: number): number {
  return getDb().update(emailOutbox).set({ status: "pending", nextAttemptAt: now }).where(eq(emailOutbox.status, "not_configured")).run().changes;
}

/** Staff asked to try again: the row gets a fresh set of attempts (never a sent or cancelled one). */
export function requeueRows(ids: number[] | "failed", waiting: OutboxStatus, now: number): number {
  const where = ids === "failed" ? eq(emailOutbox.status, "failed") : and(inArray(emailOutbox.id, ids), notInArray(emailOutbox.status, ["sent", "cancelled"]));
  return getDb().update(emailOutbox).set({ status: waiting, attempts: 0, nextAttemptAt: now, leaseUntil: null }).where(where).run().changes;
}

export function findOutboxRow(id: number): OutboxRow | undefined {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.id, id)).get();
}

export function listOutbox(filters: { status?: OutboxStatus; userId?: number; email?: string }, limit: number, beforeId?: number): OutboxRow[] {
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(emailOutbox.status, filters.status));
  if (filters.userId) conditions.push(eq(emailOutbox.userId, filters.userId));
  else if (filters.email) conditions.push(eq(emailOutbox.toEmail, filters.email));
  if (beforeId) conditions.push(lt(emailOutbox.id, beforeId));
  return getDb()
    .select()
    .from(emailOutbox)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(emailOutbox.id))
    .limit(limit)
    .all();
}

export function countOutboxByStatus(): Partial<Record<OutboxStatus, number>> {
  const rows = getDb()
    .select({ status: emailOutbox.status, n: sql<number>`count(*)` })
    .from(emailOutbox)
    .groupBy(emailOutbox.status)
    .all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
