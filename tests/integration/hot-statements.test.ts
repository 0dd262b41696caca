// The hot paths (a vote, the session lookup, the board page, the post page) run statements
// prepared once (issue 15): on a warm connection they prepare nothing, and they run no
// more statements than the design says. Counted on better-sqlite3's Statement prototype,
// which both Drizzle's prepared queries and raw statements go through.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { posts, sessions, users, votes } from "~/db/schema";
import { getCurrentUser, type SessionUser } from "~/services/auth.server";
import { getPostPage, listPosts, parseListQuery } from "~/services/posts.server";
import { castVote, toggleVote } from "~/services/votes.server";
import { createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

type Counts = { prepared: number; run: number };
let counts: Counts = { prepared: 0, run: 0 };
let restore: (() => void) | undefined;

function countStatements(): void {
  const client = getDb().$client;
  const statementPrototype = Object.getPrototypeOf(client.prepare("select 1")) as Record<string, (...args: unknown[]) => unknown>;
  const databasePrototype = Object.getPrototypeOf(client) as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const method of ["run", "get", "all", "iterate"]) {
    const original = statementPrototype[method];
    originals.set(method, original);
    statementPrototype[method] = function (this: { source: string }, ...args: unknown[]) {
      // better-sqlite3's transaction() runs its BEGIN and COMMIT as statements too.
      if (!/^(begin|commit|rollback|savepoint|release)\b/i.test(this.source)) counts.run += 1;
      return original.apply(this, args);
    };
  }
  const prepare = databasePrototype.prepare;
  databasePrototype.prepare = function (this: unknown, ...args: unknown[]) {
    counts.prepared += 1;
    return prepare.apply(this, args);
  };
  counts = { prepared: 0, run: 0 };
  restore = () => {
    for (const [method, original] of originals) statementPrototype[method] = original;
    databasePrototype.prepare = prepare;
  };
}

function measured<T>(fn: () => T): { value: T; counts: Counts } {
  countStatements();
  try {
    return { value: fn(), counts };
  } finally {
    restore?.();
    restore = undefined;
  }
}

async function measuredAsync<T>(fn: () => Promise<T>): Promise<{ value: T; counts: Counts }> {
  countStatements();
  try {
    return { value: await fn(), counts };
  } finally {
    restore?.();
    restore = undefined;
  }
}

afterEach(() => {
  restore?.();
  restore = undefined;
});

let author: SessionUser;
let voter: SessionUser;
let postId: number;

beforeAll(async () => {
  await seedSite();
  author = await createUser();
  voter = await createUser();
  postId = await createTestPost(author, "A post to vote on");
});

function storedVoteCount(id: number): number {
  return getDb().select().from(posts).where(eq(posts.id, id)).get()!.voteCount;
}

describe("a vote", () => {
  it("prepares nothing once warm, reads the new count from its own update, and runs 6 statements to vote and 4 to take it back", () => {
    // Warm: the first toggle of each kind prepares its statements.
    toggleVote(postId, voter);
    toggleVote(postId, voter);
    const before = storedVoteCount(postId);

    const voting = measured(() => toggleVote(postId, voter));
    expect(voting.value).toEqual({ ok: true, value: { voted: true, voteCount: before + 1 } });
    expect(voting.counts.prepared).toBe(0);
    // the post's policy columns, delete (none), insert, update … returning, follow, webhook subscribers
    expect(voting.counts.run).toBe(6);

    const unvoting = measured(() => toggleVote(postId, voter));
    expect(unvoting.value).toEqual({ ok: true, value: { voted: false, voteCount: before } });
    expect(unvoting.counts.prepared).toBe(0);
    // the post's policy columns, delete … returning, update … returning, webhook subscribers
    expect(unvoting.counts.run).toBe(4);
    expect(storedVoteCount(postId)).toBe(before);
  });

  it("casting a vote already cast changes nothing and answers with the stored count", () => {
    const first = castVote(postId, voter);
    expect(first.ok && first.value.voted).toBe(true);
    const count = storedVoteCount(postId);
    expect(castVote(postId, voter)).toEqual({ ok: true, value: { voted: true, voteCount: count } });
    expect(storedVoteCount(postId)).toBe(count);
    expect(getDb().select().from(votes).where(eq(votes.postId, postId)).all().length).toBe(count);
    toggleVote(postId, voter);
  });
});

describe("the session lookup", () => {
  it("reads the session and its user in one prepared statement", async () => {
    const cookie = await sessionCookie(voter.id);
    await getCurrentUser(makeRequest("/", { cookie }));
    const lookup = await measuredAsync(() => getCurrentUser(makeRequest("/", { cookie })));
    expect(lookup.value.user).toEqual({
      id: voter.id,
      email: voter.email,
      displayName: voter.displayName,
      role: voter.role,
      locale: voter.locale,
      bannedAt: null,
    });
    expect(lookup.value.sessionId).toBe(cookie.split("=")[1]);
    expect(lookup.value.refreshCookie).toBeNull();
    expect(lookup.counts).toEqual({ prepared: 0, run: 1 });
  });

  it("refuses an unknown session, and an expired one (deleting it)", async () => {
    const unknown = await getCurrentUser(makeRequest("/", { cookie: "closeloop_session=nosuchsession0000000000000000000000000000" }));
    expect(unknown.user).toBeNull();
    expect(unknown.refreshCookie).toContain("closeloop_session=;");

    const cookie = await sessionCookie(voter.id);
    const id = cookie.split("=")[1];
    getDb()
      .update(sessions)
      .set({ expiresAt: Math.floor(Date.now() / 1000) - 60 })
      .where(eq(sessions.id, id))
      .run();
    const expired = await getCurrentUser(makeRequest("/", { cookie }));
    expect(expired.user).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.id, id)).get()).toBeUndefined();
  });

  it("renews a session past half its life, as Lucia does", async () => {
    const cookie = await sessionCookie(voter.id);
    const id = cookie.split("=")[1];
    const soon = Math.floor(Date.now() / 1000) + 3 * 86_400;
    getDb().update(sessions).set({ expiresAt: soon }).where(eq(sessions.id, id)).run();
    const renewed = await getCurrentUser(makeRequest("/", { cookie }));
    expect(renewed.user?.id).toBe(voter.id);
    expect(renewed.refreshCookie).toContain(`closeloop_session=${id}`);
    expect(getDb().select().from(sessions).where(eq(sessions.id, id)).get()!.expiresAt).toBeGreaterThan(soon + 20 * 86_400);
  });

  it("signs out an account banned after its session began, ending the session", async () => {
    const banned = await createUser();
    const cookie = await sessionCookie(banned.id);
    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, banned.id)).run();
    const lookup = await getCurrentUser(makeRequest("/", { cookie }));
    expect(lookup.user).toBeNull();
    expect(getDb().select().from(sessions).where(eq(sessions.userId, banned.id)).all()).toEqual([]);
  });
});

describe("the board page and the post page", () => {
  it("prepare nothing once warm, whatever the filter, the page or the viewer", async () => {
    const other = await createTestPost(voter, "Another post for the listing");
    toggleVote(other, author);
    const queries = ["/?sort=top", "/?sort=trending", "/?sort=new&state=closed", "/?sort=top&status=open", "/?sort=top&board=feedback"];
    const pages = () => queries.map((q) => listPosts(parseListQuery(new URL(`http://x${q}`)), voter));
    const cold = pages();
    const warm = measured(pages);
    expect(warm.value).toEqual(cold.map((listing) => ({ ...listing, now: expect.any(Number) })));
    expect(warm.counts.prepared).toBe(0);
    const top = warm.value[0].posts;
    expect(top.map((p) => p.id)).toEqual(expect.arrayContaining([postId, other]));
    // The viewer wrote `other` (an author votes for their own post) and took back their vote on postId.
    expect(top.find((p) => p.id === other)!.voted).toBe(true);
    expect(top.find((p) => p.id === postId)!.voted).toBe(false);

    getPostPage(postId, voter);
    const postPage = measured(() => getPostPage(postId, voter));
    expect(postPage.value.ok).toBe(true);
    expect(postPage.counts.prepared).toBe(0);
  });

  it("pages on with the cursor through the same prepared statement", async () => {
    for (let i = 0; i < 22; i += 1) await createTestPost(await createUser(), `Paged post ${i}`);
    const first = listPosts(parseListQuery(new URL("http://x/?sort=new")), null);
    expect(first.nextCursor).not.toBeNull();
    const second = listPosts(parseListQuery(new URL(`http://x/?sort=new&cursor=${first.nextCursor}`)), null);
    const ids = [...first.posts, ...second.posts].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const again = measured(() => listPosts(parseListQuery(new URL(`http://x/?sort=new&cursor=${first.nextCursor}`)), null));
    expect(again.counts.prepared).toBe(0);
  });
});
