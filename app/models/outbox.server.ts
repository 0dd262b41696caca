// The durable email outbox: rows are written in the same transaction as the change
// they announce, then leased, sent and settled by the worker in services/outbox.
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { emailOutbox, type EmailTemplate, type Locale, type OutboxStatus } from "~/db/schema";

export type OutboxRow = typeof emailOutbox.$inferSelect;
export type EmailPreference = "status" | "comment";

/**
 * One outbox row per recipient whose preference allows it, by one INSERT … SELECT.
 * `recipients` yields `user_id` (and whatever `payload` reads from `r`); the dedupe key
 * makes a repeated enqueue of the same event a no-op.
 */
export function enqueueEmailsFor(
  db: Db,
  recipients: SQL,
  options: {
    template: EmailTemplate;
    payload: SQL;
    dedupePrefix: string;
    preference: EmailPreference;
    smtpConfigured: boolean;
    defaultLocale: Locale;
    now: number;
  },
): number {
  const preference = options.preference === "status" ? sql`u.email_on_status` : sql`u.email_on_comment`;
  const waiting: OutboxStatus = options.smtpConfigured ? "pending" : "not_configured";
  return db.run(sql`
    insert into email_outbox (user_id, to_email, template, payload, locale, status, next_attempt_at, dedupe_key, created_at)
    select u.id, u.email, ${options.template}, ${options.payload}, coalesce(u.locale, ${options.defaultLocale}),
           case when u.email_suppressed_at is not null then 'suppressed' else ${waiting} end,
           ${options.now}, ${options.dedupePrefix} || u.id, ${options.now}
    from (${recipients}) r
    join users u on u.id = r.user_id
    where ${preference} = 1
    on conflict (dedupe_key) do nothing
  `).changes;
}

/**
 * Takes up to `limit` due rows: pending ones whose time has come, and rows whose lease
 * ran out (a worker died while sending them). Each gets a fresh lease and one more attempt.
 */
export function leaseDueRows(now: number, leaseMs: number, limit: number): OutboxRow[] {
  const db = getDb();
  return db.$client.transaction(() => {
    const due = db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(
        or(
          and(eq(emailOutbox.status, "pending"), sql`${emailOutbox.nextAttemptAt} <= ${now}`),
          and(eq(emailOutbox.status, "sending"), lt(emailOutbox.leaseUntil, now)),
        ),
      )
      .orderBy(emailOutbox.id)
      .limit(limit)
      .all()
      .map((r) => r.id);
    if (due.length === 0) return [];
    return db
      .update(emailOutbox)
      .set({ status: "sending", leaseUntil: now + leaseMs, attempts: sql`${emailOutbox.attempts} + 1` })
      .where(inArray(emailOutbox.id, due))
      .returning()
      .all();
  }).immediate();
}

export function markSent(id: number, at: number): void {
  getDb()
    .update(emailOutbox)
    .set({ status: "sent", sentAt: at, leaseUntil: null, lastError: null })
    .where(eq(emailOutbox.id, id))
    .run();
}

export function markForRetry(id: number, nextAttemptAt: number, error: string): void {
  getDb()
    .update(emailOutbox)
    .set({ status: "pending", nextAttemptAt, leaseUntil: null, lastError: error })
    .where(eq(emailOutbox.id, id))
    .run();
}

export function markFinal(id: number, status: "failed" | "suppressed", error: string | null): void {
  getDb().update(emailOutbox).set({ status, leaseUntil: null, lastError: error }).where(eq(emailOutbox.id, id)).run();
}

/** Rows still waiting for an address that just bounced permanently will not be tried. */
export function suppressWaitingRowsTo(email: string): number {
  return getDb()
    .update(emailOutbox)
    .set({ status: "suppressed", leaseUntil: null })
    .where(and(eq(emailOutbox.toEmail, email), inArray(emailOutbox.status, ["pending", "not_configured"])))
    .run().changes;
}

/** Once SMTP is configured, what waited for it becomes due. */
export function releaseUnconfiguredRows(now: number): number {
  return getDb()
    .update(emailOutbox)
    .set({ status: "pending", nextAttemptAt: now })
    .where(eq(emailOutbox.status, "not_configured"))
    .run().changes;
}

/** Staff asked to try again: the row gets a fresh set of attempts. */
export function requeueRows(ids: number[] | "failed", waiting: OutboxStatus, now: number): number {
  const where = ids === "failed" ? eq(emailOutbox.status, "failed") : and(inArray(emailOutbox.id, ids), sql`${emailOutbox.status} <> 'sent'`);
  return getDb()
    .update(emailOutbox)
    .set({ status: waiting, attempts: 0, nextAttemptAt: now, leaseUntil: null })
    .where(where)
    .run().changes;
}

export function findOutboxRow(id: number): OutboxRow | undefined {
  return getDb().select().from(emailOutbox).where(eq(emailOutbox.id, id)).get();
}

export function listOutbox(filters: { status?: OutboxStatus; email?: string }, limit: number, beforeId?: number): OutboxRow[] {
  const conditions: SQL[] = [];
  if (filters.status) conditions.push(eq(emailOutbox.status, filters.status));
  if (filters.email) conditions.push(eq(emailOutbox.toEmail, filters.email));
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

