import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { holdClockMidWindow } from "../helpers/clock";
import { getDb } from "~/db/client.server";
import { comments, posts, subscriptions, votes } from "~/db/schema";
import { action as newPostAction } from "~/routes/posts.new";
import { action as voteAction } from "~/routes/posts.$id_.vote";
import { action as commentAction } from "~/routes/posts.$id_.comments";
import { action as commentEditAction } from "~/routes/posts.$id_.comments_.$commentId";
import { loader as postLoader } from "~/routes/posts.$id";
import { loader as indexLoader } from "~/routes/_index";
import { loader as similarLoader } from "~/routes/posts.similar";
import { listPosts, parseListQuery, PAGE_SIZE, type Listing } from "~/services/posts.server";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, respond, seedSite, sessionCookie } from "../helpers/factories";

let alice: SessionUser;
let bob: SessionUser;
let aliceCookie: string;
let bobCookie: string;

const run = callRoute;

beforeAll(async () => {
  await seedSite();
  alice = await createUser({ displayName: "Alice" });
  bob = await createUser({ displayName: "Bob" });
  aliceCookie = await sessionCookie(alice.id);
  bobCookie = await sessionCookie(bob.id);
});

const countRows = (table: typeof votes | typeof comments, postId: number) =>
  getDb()
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .where(eq(table.postId, postId))
    .get()!.n;

describe("posting", () => {
  it("re-renders with field errors and everything typed, then creates the post with the author's vote", async () => {
    const bad = await run(
      newPostAction,
      makeRequest("/posts/new", { cookie: aliceCookie, form: { title: "Hi", body: "x".repeat(10_001), board: "feedback" } }),
    );
    expect(bad.status).toBe(400);
    const untitled = await run(newPostAction, makeRequest("/posts/new", { cookie: aliceCookie, form: { title: "", body: "" } }));
    expect(untitled.data).toMatchObject({ error: { title: ["error.titleTooShort"] } });
    expect(bad.data).toMatchObject({
      error: { title: ["error.titleTooShort"], body: ["error.bodyTooLong"] },
      initialValue: { title: "Hi", board: "feedback" },
    });
    expect((bad.data as { initialValue: { body: string } }).initialValue.body).toHaveLength(10_001);

    const unknownBoard = await run(
      newPostAction,
      makeRequest("/posts/new", { cookie: aliceCookie, form: { title: "Dark mode please", body: "", board: "nope" } }),
    );
    expect(unknownBoard.status).toBe(400);
    expect(unknownBoard.data).toMatchObject({ error: { board: ["error.boardUnknown"] } });

    const ok = await run(
      newPostAction,
      makeRequest("/posts/new", {
        cookie: aliceCookie,
        form: { title: "  Dark mode please  ", body: "**Night** [docs](https://example.com) <script>alert(1)</script>" },
      }),
    );
    expect(ok.status).toBe(302);
    const id = Number(ok.location!.split("/").pop());
    const row = getDb().select().from(posts).where(eq(posts.id, id)).get()!;
    expect(row.title).toBe("Dark mode please");
    expect(row.voteCount).toBe(1);
    expect(row.bodyHtml).toContain("<strong>Night</strong>");
    expect(row.bodyHtml).toContain('rel="nofollow ugc noopener"');
    // The script the author typed is kept as visible text, never as an element.
    expect(row.bodyHtml).not.toContain("<script");
    expect(row.bodyHtml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(countRows(votes, id)).toBe(1);
    expect(getDb().select().from(subscriptions).where(eq(subscriptions.postId, id)).all()).toMatchObject([{ userId: alice.id, state: "subscribed" }]);
  });

  it("sends a visitor to log in instead of posting", async () => {
    const r = await run(newPostAction, makeRequest("/posts/new", { form: { title: "Anonymous idea" } }));
    expect(r.status).toBe(302);
    expect(r.location).toMatch(/^\/login\?redirectTo=%2Fposts%2Fnew/);
  });

  it("rejects a filled honeypot", async () => {
    const r = await run(newPostAction, makeRequest("/posts/new", { cookie: bobCookie, form: { title: "Buy cheap watches", website: "http://spam" } }));
    expect(r.status).toBe(400);
  });
});

describe("voting", () => {
  it("toggles one vote per user and keeps vote_count equal to the rows", async () => {
    const id = await createTestPost(alice, "Export to CSV");
    const vote = () => run(voteAction, makeRequest(`/posts/${id}/vote`, { cookie: bobCookie, form: { redirectTo: `/posts/${id}` } }), { id: String(id) });
    expect((await vote()).location).toBe(`/posts/${id}`);
    expect(countRows(votes, id)).toBe(2);
    await vote();
    expect(countRows(votes, id)).toBe(1);
    const viaFetcher = await run(voteAction, makeRequest(`/posts/${id}/vote`, { cookie: bobCookie, form: { via: "fetcher" } }), { id: String(id) });
    expect(viaFetcher.data).toEqual({ voted: true, voteCount: 2 });
    const post = getDb().select().from(posts).where(eq(posts.id, id)).get()!;
    expect(post.voteCount).toBe(countRows(votes, id));
    expect(post.trendingScore).toBeGreaterThan(0);
  });

  it("sends a visitor to log in and applies the vote when they arrive", async () => {
    const id = await createTestPost(alice, "Keyboard shortcuts");
    const r = await run(voteAction, makeRequest(`/posts/${id}/vote`, { form: {} }), { id: String(id) });
    expect(r.status).toBe(302);
    const loginUrl = new URL(r.location!, "http://localhost");
    expect(loginUrl.pathname).toBe("/login");
    expect(loginUrl.searchParams.get("vote")).toBe(String(id));
    expect(loginUrl.searchParams.get("redirectTo")).toBe(`/posts/${id}`);
  });

  it("answers 404 for a post that does not exist and never 500 for a bad id", async () => {
    expect((await run(voteAction, makeRequest(`/posts/999999/vote`, { cookie: bobCookie, form: {} }), { id: "999999" })).status).toBe(404);
    expect((await run(voteAction, makeRequest(`/posts/abc/vote`, { cookie: bobCookie, form: {} }), { id: "abc" })).status).toBe(404);
  });
});

describe("comments", () => {
  it("adds comments and one level of replies, edits and soft-deletes, keeping comment_count", async () => {
    const id = await createTestPost(alice, "Slack integration");
    const post = (form: Record<string, string>, cookie = bobCookie) =>
      run(commentAction, makeRequest(`/posts/${id}/comments`, { cookie, form }), { id: String(id) });

    for (const body of ["   ", ""]) {
      const empty = await post({ body });
      expect(empty.status).toBe(400);
      expect(empty.data).toMatchObject({ error: { body: ["error.commentEmpty"] } });
    }

    const first = await post({ body: "We need this **too**" });
    expect(first.status).toBe(302);
    const commentId = Number(first.location!.split("#comment-")[1]);
    const reply = await post({ body: "Same here", parentId: String(commentId) }, aliceCookie);
    expect(reply.status).toBe(302);
    const replyId = Number(reply.location!.split("#comment-")[1]);
    const nested = await post({ body: "too deep", parentId: String(replyId) });
    expect(nested.status).toBe(400);
    expect(nested.data).toMatchObject({ error: { parentId: ["error.replyTarget"] }, initialValue: { body: "too deep" } });

    const editPath = `/posts/${id}/comments/${commentId}`;
    const params = { id: String(id), commentId: String(commentId) };
    const notMine = await run(commentEditAction, makeRequest(editPath, { cookie: aliceCookie, form: { intent: "edit", body: "hijack" } }), params);
    expect(notMine.status).toBe(403);
    const edited = await run(commentEditAction, makeRequest(editPath, { cookie: bobCookie, form: { intent: "edit", body: "We need this *badly*" } }), params);
    expect(edited.status).toBe(302);
    let row = getDb().select().from(comments).where(eq(comments.id, commentId)).get()!;
    expect(row.editedAt).not.toBeNull();
    expect(row.bodyHtml).toContain("<em>badly</em>");

    expect(getDb().select().from(posts).where(eq(posts.id, id)).get()!.commentCount).toBe(2);
    const deleted = await run(commentEditAction, makeRequest(editPath, { cookie: bobCookie, form: { intent: "delete" } }), params);
    expect(deleted.status).toBe(302);
    row = getDb().select().from(comments).where(eq(comments.id, commentId)).get()!;
    expect(row.deletedAt).not.toBeNull();
    expect(getDb().select().from(posts).where(eq(posts.id, id)).get()!.commentCount).toBe(1);

    const page = await run(postLoader, makeRequest(`/posts/${id}`, { cookie: bobCookie }), { id: String(id) });
    const thread = (page.data as { comments: { id: number; deletedAt: number | null; bodyHtml: string; replies: { id: number }[] }[] }).comments;
    expect(thread).toHaveLength(1);
    expect(thread[0]).toMatchObject({ id: commentId, bodyHtml: "" });
    expect(thread[0].deletedAt).not.toBeNull();
    expect(thread[0].replies.map((r) => r.id)).toEqual([replyId]);
  });
});

describe("listing", () => {
  it("pages through a board with keyset cursors, with no repeats and no gaps", async () => {
    // Five authors, since one author may post only ten ideas an hour.
    for (let a = 0; a < 5; a++) {
      const author = await createUser();
      for (let i = 0; i < 9; i++) await createTestPost(author, `Paging idea ${a}-${i}`);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: URL = new URL(`http://localhost/?sort=new${cursor ? `&cursor=${cursor}` : ""}`);
      const listing: Listing = listPosts(parseListQuery(url), null)!;
      expect(listing.posts.length).toBeLessThanOrEqual(PAGE_SIZE);
      seen.push(...listing.posts.map((p: { id: number }) => p.id));
      cursor = listing.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    const all = getDb()
      .select({ id: posts.id })
      .from(posts)
      .all()
      .map((r) => r.id)
      .sort((a, b) => b - a);
    expect(seen).toEqual(all);
  });

  it("sorts by top and filters by status, kind and board through the URL, ignoring junk values", async () => {
    const top = listPosts(parseListQuery(new URL("http://localhost/?sort=top")), null)!;
    const counts = top.posts.map((p) => p.voteCount);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(listPosts(parseListQuery(new URL("http://localhost/?status=shipped")), null)!.posts).toEqual([]);
    const junk = await run(indexLoader, makeRequest("/?sort=%27;DROP%20TABLE%20posts;--&status=nope&cursor=!!!&kind=1"));
    expect(junk.status).toBe(200);
    expect((junk.data as { posts: unknown[] }).posts.length).toBeGreaterThan(0);
  });
});

describe("search", () => {
  beforeAll(async () => {
    await createTestPost(alice, "إِدارةُ المستخدمين", "نريد صفحة لإدارة الأعضاء");
    await createTestPost(alice, "أرشيف الفواتير", "تصدير الفواتير القديمة");
    await createTestPost(alice, "گزارش‌های ماهانه", "یک گزارش کامل برای مدیران");
    await createTestPost(alice, "Calendar sync", "Sync ideas to Google Calendar");
  });

  const search = (q: string) => listPosts(parseListQuery(new URL(`http://localhost/?q=${encodeURIComponent(q)}`)), null)!.posts;

  it("finds English words by prefix and highlights them", () => {
    const hits = search("calend");
    expect(hits.map((p) => p.title)).toEqual(["Calendar sync"]);
    expect(hits[0].titleSegments).toEqual([
      { text: "Calendar", match: true },
      { text: " sync", match: false },
    ]);
  });

  it("finds Arabic with or without harakat and with another alef form", () => {
    expect(search("ادارة").map((p) => p.title)).toContain("إِدارةُ المستخدمين");
    expect(search("إِدَارَة").map((p) => p.title)).toContain("إِدارةُ المستخدمين");
    expect(search("ارشيف").map((p) => p.title)).toEqual(["أرشيف الفواتير"]);
    expect(search("الفواتير").map((p) => p.title)).toEqual(["أرشيف الفواتير"]);
  });

  it("finds Persian written with Arabic letters and digits", () => {
    expect(search("گزارش").map((p) => p.title)).toEqual(["گزارش‌های ماهانه"]);
    expect(search("مديران").map((p) => p.title)).toEqual(["گزارش‌های ماهانه"]);
  });

  it("never errors on FTS syntax", () => {
    for (const q of ['"', "*", "NEAR(", "-", "(((", "title:x", 'a" OR "b', "AND", "سلام)", "\u202Etest"]) {
      expect(() => search(q)).not.toThrow();
    }
  });

  it("suggests similar posts as JSON after 3 characters", async () => {
    const response = (await similarLoader({
      request: makeRequest(`/posts/similar?title=${encodeURIComponent("Sync calendar")}`),
      params: {},
      context: {},
    } as never)) as Response;
    const json = (await response.json()) as { posts: { title: string; voteCount: number; status: string }[] };
    expect(json.posts[0]).toMatchObject({ title: "Calendar sync", voteCount: 1, status: "open" });
    const short = (await similarLoader({ request: makeRequest("/posts/similar?title=ca"), params: {}, context: {} } as never)) as Response;
    expect(await short.json()).toEqual({ posts: [] });
  });
});

describe("rate limits", () => {
  holdClockMidWindow();

  it("allows 10 posts an hour per user, then answers 429 with the text kept", async () => {
    const writer = await createUser();
    const cookie = await sessionCookie(writer.id);
    for (let i = 0; i < 10; i++) {
      const r = await run(newPostAction, makeRequest("/posts/new", { cookie, form: { title: `Rate limited idea ${i}` } }));
      expect(r.status).toBe(302);
    }
    const blocked = await run(newPostAction, makeRequest("/posts/new", { cookie, form: { title: "One too many" } }));
    expect(blocked.status).toBe(429);
    expect(blocked.data).toMatchObject({ error: { "": ["error.rateLimited"] }, initialValue: { title: "One too many" } });
  });

  it("allows 5 sign-in attempts a minute per IP and email", async () => {
    const { action: loginAction } = await import("~/routes/login");
    const attempt = () => run(loginAction, makeRequest("/login", { form: { email: "target@example.com", password: "guess guess" } }));
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(400);
    const blocked = await attempt();
    expect(blocked.status).toBe(429);
    expect(blocked.data).toMatchObject({ error: { "": ["error.rateLimited"] }, initialValue: { email: "target@example.com" } });
  });

  it("allows 5 sign-ups an hour per IP", async () => {
    const { action: signupAction } = await import("~/routes/signup");
    const signUp = (n: number) =>
      respond(async () =>
        signupAction({
          request: makeRequest("/signup", { form: { displayName: `N${n}`, email: `ratelimit${n}@example.test`, password: "a long enough passphrase" } }),
          params: {},
          context: { clientIp: "198.51.100.9" },
        } as never),
      );
    for (let i = 0; i < 5; i++) expect((await signUp(i)).status).toBe(302);
    const blocked = await signUp(5);
    expect(blocked.status).toBe(429);
    expect(blocked.data).toMatchObject({ error: { "": ["error.rateLimited"] }, initialValue: { displayName: "N5", email: "ratelimit5@example.test" } });
  });

  it("allows 30 comments an hour per user", async () => {
    const { addComment } = await import("~/services/comments.server");
    const talker = await createUser();
    const id = await createTestPost(alice, "A chatty thread");
    for (let i = 0; i < 30; i++) expect((await addComment(id, { body: `comment ${i}` }, talker)).ok).toBe(true);
    expect(await addComment(id, { body: "one more" }, talker)).toEqual({ ok: false, error: "error.rateLimited" });
  });
});
