// What the weekly staff digest reads (new, most voted and untriaged posts) and the
// digest_runs row that makes each week's digest go out once.
import { and, asc, desc, eq, gte, isNull, lt, notInArray, sql, type SQL } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { CLOSED_STATUSES } from "~/db/enums";
import { digestRuns, posts, votes } from "~/db/schema";

export type DigestPostLine = { id: number; title: string; count: number };
export type DigestTriageLine = { id: number; title: string; createdAt: number };

// Live posts only: deleted ones and merged-away duplicates are no news.
const live = [isNull(posts.deletedAt), isNull(posts.mergedIntoId)];

function countPosts(where: SQL | undefined): number {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(posts)
    .where(where)
    .get()!.n;
}

/** Posts created in [from, to): how many, and the most voted few (count: their votes). */
export function newPostsBetween(from: number, to: number, limit: number): { total: number; top: DigestPostLine[] } {
  const inPeriod = and(...live, gte(posts.createdAt, from), lt(posts.createdAt, to));
  const top = getDb()
    .select({ id: posts.id, title: posts.title, count: posts.voteCount })
    .from(posts)
    .where(inPeriod)
    .orderBy(desc(posts.voteCount), desc(posts.id))
    .limit(limit)
    .all();
  return { total: countPosts(inPeriod), top };
}

/** The posts that gained the most votes in [from, to) (count: the votes gained), over votes_created_idx. */
export function mostVotedBetween(from: number, to: number, limit: number): DigestPostLine[] {
  return getDb()
    .select({ id: posts.id, title: posts.title, count: sql<number>`count(*)` })
    .from(votes)
    .innerJoin(posts, eq(posts.id, votes.postId))
    .where(and(...live, gte(votes.createdAt, from), lt(votes.createdAt, to)))
    .groupBy(posts.id)
    .orderBy(desc(sql`count(*)`), desc(posts.voteCount), desc(posts.id))
    .limit(limit)
    .all();
}

/** Posts still in play that nobody has given a kind (the inbox's "Needs triage"): how many, and the oldest few. */
export function awaitingTriage(limit: number): { total: number; oldest: DigestTriageLine[] } {
  const untriaged = and(...live, isNull(posts.kind), notInArray(posts.status, [...CLOSED_STATUSES]));
  const oldest = getDb()
    .select({ id: posts.id, title: posts.title, createdAt: posts.createdAt })
    .from(posts)
    .where(untriaged)
    .orderBy(asc(posts.createdAt), asc(posts.id))
    .limit(limit)
    .all();
  return { total: countPosts(untriaged), oldest };
}

/** Claims the week's digest: true for the first caller, false once the week has a row (the primary key). */
export function claimDigestWeek(db: Db, week: string, now: number): boolean {
  return db.insert(digestRuns).values({ week, recipients: 0, createdAt: now }).onConflictDoNothing().run().changes > 0;
}

export function setDigestRecipients(db: Db, week: string, recipients: number): void {
  db.update(digestRuns).set({ recipients }).where(eq(digestRuns.week, week)).run();
}

export function findDigestRun(week: string) {
  return getDb().select().from(digestRuns).where(eq(digestRuns.week, week)).get();
}
