// Staff triage and closing the loop, through the real routes and services.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { comments, emailOutbox, notifications, posts, sessions, statusChanges, subscriptions, users, votes } from "~/db/schema";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import { action as subscriptionAction } from "~/routes/posts.$id_.subscription";
import { action as voteAction } from "~/routes/posts.$id_.vote";
import { action as commentAction } from "~/routes/posts.$id_.comments";
import { loader as postLoader } from "~/routes/posts.$id";
import { action as inboxAction, loader as inboxLoader } from "~/routes/admin._index";
import { action as notificationsAction, loader as notificationsLoader } from "~/routes/notifications";
import { action as prefsAction } from "~/routes/settings.notifications";
import { action as signupAction } from "~/routes/signup";
import { action as settingsAction } from "~/routes/admin.settings";
import { loader as rootLoader } from "~/root";
import { listPosts, parseListQuery } from "~/services/posts.server";
import { changeStatus } from "~/services/loop.server";
import { mergePosts, undoMerge } from "~/services/merge.server";
import { toggleVote } from "~/services/votes.server";
import { addComment } from "~/services/comments.server";
import { unsubscribeByLink } from "~/services/follow-up.server";
import { signLink } from "~/utils/signed-links.server";
import { writeSettings } from "~/models/settings.server";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie, testContext, respond } from "../helpers/factories";

let admin: SessionUser;
let staff: SessionUser;
let staffCookie: string;
let adminCookie: string;

beforeAll(async () => {
  ({ admin } = await seedSite());
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  staffCookie = await sessionCookie(staff.id);
  adminCookie = await sessionCookie(admin.id);
});

const db = () => getDb();
const postRow = (id: number) => db().select().from(posts).where(eq(posts.id, id)).get()!;
const count = (table: typeof notifications | typeof emailOutbox, where: ReturnType<typeof and>) =>
  db()
    .select({ n: sql<number>`count(*)` })
    .from(table)
    .where(where)
    .get()!.n;
const triage = (postId: number, cookie: string | undefined, form: Record<string, string>) =>
  callRoute(triageAction, makeRequest(`/posts/${postId}/triage`, { cookie, form }), { id: String(postId) });

async function customerWithCookie(name = "Customer") {
  const user = await createUser({ displayName: name });
  return { user, cookie: await sessionCookie(user.id) };
}

describe("kind, status and the official response", () => {
  it("records every status change with its actor and response, shows the timeline and the highlighted answer", async () => {
    const { user: author } = await customerWithCookie();
    const postId = await createTestPost(author, "Export invoices to CSV");
    expect((await triage(postId, staffCookie, { intent: "kind", kind: "feature_request" })).status).toBe(302);
    expect(postRow(postId).kind).toBe("feature_request");

    const bad = await triage(postId, staffCookie, { intent: "status", status: "launched", response: "kept text" });
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ intent: "status", reply: { error: { status: ["error.statusInvalid"] }, initialValue: { response: "kept text" } } });

    expect((await triage(postId, staffCookie, { intent: "status", status: "planned" })).status).toBe(302);
    expect((await triage(postId, staffCookie, { intent: "status", status: "shipped", response: "Shipped in **v2.3**." })).status).toBe(302);
    const history = db().select().from(statusChanges).where(eq(statusChanges.postId, postId)).all();
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorId])).toEqual([
      ["open", "planned", staff.id],
      ["planned", "shipped", staff.id],
    ]);
    expect(history[1].responseHtml).toContain("<strong>v2.3</strong>");
    const row = postRow(postId);
    expect(row.status).toBe("shipped");
    expect(row.shippedAt).toBeGreaterThan(0);

    const page = (await callRoute(postLoader, makeRequest(`/posts/${postId}`), { id: String(postId) })).data as {
      timeline: unknown[];
      officialResponse: { responseHtml: string };
      sidebar: unknown;
    };
    expect(page.timeline).toHaveLength(2);
    expect(page.officialResponse.responseHtml).toContain("v2.3");
    expect(page.sidebar).toBeNull();

    const same = await triage(postId, staffCookie, { intent: "status", status: "shipped" });
    expect(same.data).toMatchObject({ reply: { error: { status: ["error.statusUnchanged"] } } });
  });

  it("sizes feature requests and sorts the inbox by votes × impact ÷ effort, untriaged first", async () => {
    const { user: author } = await customerWithCookie();
    const ids: number[] = [];
    for (const title of ["Dark mode", "Bulk export", "SSO login"]) ids.push(await createTestPost(author, title));
    const voters = await Promise.all([1, 2, 3, 4].map(() => createUser()));
    voters.forEach((v, i) => i < 3 && toggleVote(ids[1], v));
    voters.forEach((v, i) => i < 1 && toggleVote(ids[2], v));
    for (const id of ids) await triage(id, staffCookie, { intent: "kind", kind: "feature_request" });
    // priorities: dark mode 1×5÷1 = 5, bulk export 4×2÷4 = 2, SSO 2×5÷2 = 5 (ties break by id)
    await triage(ids[0], staffCookie, { intent: "sizing", impact: "5", effort: "1" });
    await triage(ids[1], staffCookie, { intent: "sizing", impact: "2", effort: "4" });
    await triage(ids[2], staffCookie, { intent: "sizing", impact: "5", effort: "2" });
    const badSize = await triage(ids[0], staffCookie, { intent: "sizing", impact: "9", effort: "1" });
    expect(badSize.data).toMatchObject({ reply: { error: { impact: ["error.scoreRange"] } } });
    const untriaged = await createTestPost(author, "Something untriaged");

    const inbox = (await callRoute(inboxLoader, makeRequest("/admin?sort=priority", { cookie: staffCookie }))).data as {
      rows: { id: number; priority: number | null; kind: string | null }[];
    };
    expect(inbox.rows[0].id).toBe(untriaged);
    const sized = inbox.rows.filter((r) => ids.includes(r.id));
    expect(sized.map((r) => [r.id, r.priority])).toEqual([
      [ids[2], 5],
      [ids[0], 5],
      [ids[1], 2],
    ]);
  });
});

describe("authorisation of staff actions", () => {
  it("refuses every staff action to visitors (404) and customers (403), and changes nothing", async () => {
    const { user: author, cookie: customerCookie } = await customerWithCookie();
    const target = await createTestPost(author, "A target post");
    const postId = await createTestPost(author, "A post nobody may triage");
    const actions: Record<string, string>[] = [
      { intent: "kind", kind: "bug" },
      { intent: "status", status: "declined", response: "no" },
      { intent: "sizing", impact: "3", effort: "3" },
      { intent: "tags", tagIds: "1" },
      { intent: "lock", locked: "true" },
      { intent: "approve" },
      { intent: "merge", targetId: String(target) },
      { intent: "undoMerge" },
      { intent: "onBehalf", email: "someone@example.test", note: "x" },
      { intent: "note", body: "secret" },
      { intent: "ban", userId: String(author.id), banned: "true" },
      { intent: "delete" },
    ];
    const before = JSON.stringify(postRow(postId));
    for (const form of actions) {
      expect((await triage(postId, undefined, form)).status, `anonymous ${form.intent}`).toBe(404);
      expect((await triage(postId, customerCookie, form)).status, `customer ${form.intent}`).toBe(403);
    }
    expect(JSON.stringify(postRow(postId))).toBe(before);
    expect(db().select().from(users).where(eq(users.id, author.id)).get()!.bannedAt).toBeNull();
    const inboxForms: Record<string, string>[] = [
      { intent: "quick", postId: String(postId), kind: "bug", status: "planned" },
      { intent: "bulk", ids: String(postId), bulk: "delete" },
    ];
    for (const form of inboxForms) {
      expect((await callRoute(inboxAction, makeRequest("/admin", { form }))).status).toBe(404);
      expect((await callRoute(inboxAction, makeRequest("/admin", { cookie: customerCookie, form }))).status).toBe(403);
    }
    expect((await callRoute(inboxLoader, makeRequest("/admin", { cookie: customerCookie }))).status).toBe(403);
    expect(JSON.stringify(postRow(postId))).toBe(before);
  });
});

describe("internal notes", () => {
  it("are shown to staff and never counted for customers", async () => {
    const { user: author, cookie } = await customerWithCookie();
    const postId = await createTestPost(author, "Post with a staff note");
    expect((await triage(postId, staffCookie, { intent: "note", body: "ACME is about to churn over this" })).status).toBe(302);
    expect(postRow(postId).commentCount).toBe(0);
    const asStaff = (await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie: staffCookie }), { id: String(postId) })).data as {
      activity: { type: string; bodyHtml?: string }[];
    };
    expect(asStaff.activity.find((item) => item.type === "note")?.bodyHtml).toContain("ACME is about to churn");
    const asCustomer = await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie }), { id: String(postId) });
    expect(JSON.stringify(asCustomer.data)).not.toContain("ACME");
    expect(count(notifications, eq(notifications.postId, postId))).toBe(0);
  });
});

describe("votes on behalf of customers", () => {
  it("creates a placeholder that the customer claims at sign-up, counts the vote and subscribes them", async () => {
    const { user: author } = await customerWithCookie();
    const postId = await createTestPost(author, "Offline mode");
    const bad = await triage(postId, staffCookie, { intent: "onBehalf", email: "not-an-email", note: "ACME call" });
    expect(bad.data).toMatchObject({
      intent: "onBehalf",
      reply: { error: { email: ["error.emailInvalid"] }, initialValue: { email: "not-an-email", note: "ACME call" } },
    });

    expect((await triage(postId, staffCookie, { intent: "onBehalf", email: " Lina@ACME.test ", note: "ACME call, 2026-11-20" })).status).toBe(302);
    const placeholder = db().select().from(users).where(eq(users.email, "lina@acme.test")).get()!;
    expect(placeholder.passwordHash).toBeNull();
    const vote = db()
      .select()
      .from(votes)
      .where(and(eq(votes.postId, postId), eq(votes.userId, placeholder.id)))
      .get()!;
    expect(vote).toMatchObject({ source: "on_behalf", addedById: staff.id, note: "ACME call, 2026-11-20" });
    expect(postRow(postId).voteCount).toBe(2);
    expect(
      db()
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.postId, postId), eq(subscriptions.userId, placeholder.id)))
        .get()?.state,
    ).toBe("subscribed");

    const twice = await triage(postId, staffCookie, { intent: "onBehalf", email: "lina@acme.test", note: "" });
    expect(twice.data).toMatchObject({ reply: { error: { email: ["error.alreadyVoted"] } } });

    // Staff see the vote in the idea's activity: whose it is, who recorded it and why.
    const staffView = (await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie: staffCookie }), { id: String(postId) })).data as {
      activity: { type: string; voterName?: string; addedByName?: string | null; note?: string | null }[];
    };
    expect(staffView.activity.find((item) => item.type === "vote" && item.voterName === "lina")).toMatchObject({
      addedByName: "Sam Staff",
      note: "ACME call, 2026-11-20",
    });
    const publicView = await callRoute(postLoader, makeRequest(`/posts/${postId}`), { id: String(postId) });
    expect(JSON.stringify(publicView.data)).not.toContain("lina@acme.test");
    expect(JSON.stringify(publicView.data)).not.toContain("ACME call");

    const signup = await respond(() =>
      signupAction({
        request: makeRequest("/signup", { form: { displayName: "Lina", email: "lina@acme.test", password: "a much longer passphrase" } }),
        params: {},
        context: testContext,
      } as never),
    );
    expect(signup.status).toBe(302);
    const claimed = db().select().from(users).where(eq(users.email, "lina@acme.test")).get()!;
    expect(claimed.id).toBe(placeholder.id);
    expect(claimed.passwordHash).not.toBeNull();
    expect(claimed.displayName).toBe("Lina");
    expect(postRow(postId).voteCount).toBe(2);
  });
});

describe("merging duplicates", () => {
  function snapshot(ids: number[]) {
    const pick = (id: number) => {
      const { updatedAt: _u, trendingScore, ...post } = postRow(id);
      return {
        // Recomputed sums of ~1e19 may differ in the last bits from the running sum.
        post: { ...post, trendingScore: Number(trendingScore.toPrecision(12)) },
        votes: db().select().from(votes).where(eq(votes.postId, id)).orderBy(votes.userId).all(),
        comments: db().select().from(comments).where(eq(comments.postId, id)).orderBy(comments.id).all(),
        subscriptions: db().select().from(subscriptions).where(eq(subscriptions.postId, id)).orderBy(subscriptions.userId).all(),
        statusChanges: db().select().from(statusChanges).where(eq(statusChanges.postId, id)).orderBy(statusChanges.id).all(),
      };
    };
    return ids.map(pick);
  }

  it("moves votes (counting a double voter once), comments and followers, notifies A's voters once, and undoes exactly", async () => {
    const a1 = await createUser({ displayName: "A author" });
    const b1 = await createUser({ displayName: "B author" });
    const both = await createUser({ displayName: "Votes both" });
    const onlyA = await createUser({ displayName: "Votes A" });
    const quitter = await createUser({ displayName: "Unsubscribed from A" });
    const a = await createTestPost(a1, "Export to Excel");
    const b = await createTestPost(b1, "Export to XLSX");
    toggleVote(a, both);
    toggleVote(b, both);
    toggleVote(a, onlyA);
    toggleVote(a, quitter);
    await callRoute(subscriptionAction, makeRequest(`/posts/${a}/subscription`, { cookie: await sessionCookie(quitter.id), form: { subscribed: "false" } }), {
      id: String(a),
    });
    const top = await addComment(a, { body: "Me too" }, onlyA);
    if (!top.ok) throw new Error("comment failed");
    await addComment(a, { body: "A reply", parentId: top.value.commentId }, both);
    const before = snapshot([a, b]);

    const self = mergePosts(a, a, staff);
    expect(self).toEqual({ ok: false, error: "error.mergeSelf", field: "targetId" });
    const merged = await triage(a, staffCookie, { intent: "merge", targetId: `#${b}` });
    expect(merged.status).toBe(302);

    const after = { a: postRow(a), b: postRow(b) };
    expect(after.a).toMatchObject({ status: "duplicate", mergedIntoId: b, voteCount: 0, commentCount: 0 });
    // B: its author and `both` already, plus A's author, onlyA and quitter.
    expect(after.b.voteCount).toBe(5);
    expect(db().select().from(votes).where(eq(votes.postId, b)).all()).toHaveLength(5);
    expect(after.b.commentCount).toBe(2);
    const moved = db().select().from(comments).where(eq(comments.postId, b)).all();
    expect(moved.every((c) => c.mergedFromPostId === a)).toBe(true);
    expect(
      db()
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.postId, b), eq(subscriptions.userId, quitter.id)))
        .get()?.state,
    ).toBe("unsubscribed");
    // Every voter of A but the actor, once each.
    expect(count(notifications, and(eq(notifications.postId, a), eq(notifications.type, "merged")))).toBe(4);

    const chain = await createTestPost(a1, "A third export idea");
    expect(mergePosts(chain, a, staff)).toEqual({ ok: false, error: "error.mergeTargetMerged", field: "targetId" });
    expect(mergePosts(a, chain, staff)).toEqual({ ok: false, error: "error.mergeSourceMerged", field: "targetId" });

    expect((await triage(a, staffCookie, { intent: "undoMerge" })).status).toBe(302);
    expect(snapshot([a, b])).toEqual(before);
    expect(undoMerge(a)).toEqual({ ok: false, error: "error.mergeNothingToUndo" });
  });
});

describe("moderation", () => {
  it("locks comments, soft-deletes posts and comments, and a ban ends every session and every action", async () => {
    const { user: troll, cookie: trollCookie } = await customerWithCookie("Troll");
    const secondCookie = await sessionCookie(troll.id);
    const postId = await createTestPost(troll, "Spam spam spam");
    const other = await createTestPost(staff, "A fine idea");

    await triage(other, staffCookie, { intent: "lock", locked: "true" });
    const locked = await callRoute(commentAction, makeRequest(`/posts/${other}/comments`, { cookie: trollCookie, form: { body: "hello" } }), {
      id: String(other),
    });
    expect(locked.status).toBe(403);
    expect(locked.data).toMatchObject({ error: { "": ["error.commentsLocked"] }, initialValue: { body: "hello" } });
    await triage(other, staffCookie, { intent: "lock", locked: "false" });
    const posted = await addComment(other, { body: "rude words" }, troll);
    if (!posted.ok) throw new Error("comment failed");

    const deleted = await callRoute(
      (await import("~/routes/posts.$id_.comments_.$commentId")).action,
      makeRequest(`/posts/${other}/comments/${posted.value.commentId}`, { cookie: staffCookie, form: { intent: "delete" } }),
      { id: String(other), commentId: String(posted.value.commentId) },
    );
    expect(deleted.status).toBe(302);
    expect(db().select().from(comments).where(eq(comments.id, posted.value.commentId)).get()!.deletedAt).not.toBeNull();
    expect(postRow(other).commentCount).toBe(0);

    expect((await triage(postId, staffCookie, { intent: "ban", userId: String(troll.id), banned: "true" })).status).toBe(302);
    expect(db().select().from(sessions).where(eq(sessions.userId, troll.id)).all()).toHaveLength(0);
    for (const cookie of [trollCookie, secondCookie]) {
      const root = await callRoute(rootLoader, makeRequest("/", { cookie }));
      expect((root.data as { user: unknown }).user).toBeNull();
    }
    // Even a session started after the ban is no session at all (ADR 008).
    const freshCookie = await sessionCookie(troll.id);
    const vote = await callRoute(voteAction, makeRequest(`/posts/${other}/vote`, { cookie: freshCookie, form: {} }), { id: String(other) });
    expect(vote.status).toBe(302);
    expect(vote.location).toMatch(/^\/login/);
    const comment = await callRoute(commentAction, makeRequest(`/posts/${other}/comments`, { cookie: freshCookie, form: { body: "again" } }), {
      id: String(other),
    });
    expect(comment.location).toMatch(/^\/login/);
    // And the services refuse a banned author whoever calls them.
    const bannedTroll = { ...troll, bannedAt: Date.now() };
    expect(await addComment(other, { body: "again" }, bannedTroll)).toEqual({ ok: false, error: "error.banned" });
    expect(toggleVote(other, bannedTroll)).toEqual({ ok: false, error: "error.banned" });

    expect((await triage(postId, staffCookie, { intent: "delete" })).status).toBe(302);
    expect(postRow(postId).deletedAt).not.toBeNull();
    expect((await callRoute(postLoader, makeRequest(`/posts/${postId}`), { id: String(postId) })).status).toBe(404);
  });

  it("a locked thread stops its comments being edited or deleted by their authors; staff still moderate", async () => {
    const { user: author, cookie } = await customerWithCookie("Talker");
    const postId = await createTestPost(staff, "A thread about to be locked");
    const first = await addComment(postId, { body: "My first word" }, author);
    const second = await addComment(postId, { body: "My second word" }, author);
    if (!first.ok || !second.ok) throw new Error("comment failed");
    await triage(postId, staffCookie, { intent: "lock", locked: "true" });
    const commentRoute = await import("~/routes/posts.$id_.comments_.$commentId");
    const call = (fn: (args: never) => unknown, commentId: number, who: string, form?: Record<string, string>) =>
      callRoute(fn, makeRequest(`/posts/${postId}/comments/${commentId}`, { cookie: who, form }), { id: String(postId), commentId: String(commentId) });
    const commentRow = (id: number) => db().select().from(comments).where(eq(comments.id, id)).get()!;

    // The post page offers the author no edit, delete or reply; the edit page says why, and
    // an edit sent anyway is refused with the message and the typed text kept.
    const { loader: postLoader } = await import("~/routes/posts.$id");
    const page = await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie }), { id: String(postId) });
    expect(page.data).toMatchObject({ can: { comment: false } });
    expect((page.data as { comments: { can: unknown }[] }).comments.map((c) => c.can)).toEqual([
      { reply: false, edit: false, delete: false },
      { reply: false, edit: false, delete: false },
    ]);
    const staffPage = await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie: staffCookie }), { id: String(postId) });
    expect(staffPage.data).toMatchObject({ can: { comment: true, moderate: true } });
    expect((staffPage.data as { comments: { can: unknown }[] }).comments.map((c) => c.can)).toEqual([
      { reply: true, edit: false, delete: true },
      { reply: true, edit: false, delete: true },
    ]);
    const editForm = await call(commentRoute.loader, first.value.commentId, cookie);
    expect(editForm).toMatchObject({ status: 200, data: { refusal: "error.commentsLocked", body: null } });
    const edit = await call(commentRoute.action, first.value.commentId, cookie, { intent: "edit", body: "Rewritten after the lock" });
    expect(edit).toMatchObject({
      status: 403,
      data: { intent: "edit", reply: { error: { "": ["error.commentsLocked"] }, initialValue: { body: "Rewritten after the lock" } } },
    });
    const del = await call(commentRoute.action, first.value.commentId, cookie, { intent: "delete" });
    expect(del.status).toBe(403);
    expect(commentRow(first.value.commentId)).toMatchObject({ bodyMd: "My first word", editedAt: null, deletedAt: null });
    expect(postRow(postId).commentCount).toBe(2);

    expect((await call(commentRoute.action, second.value.commentId, staffCookie, { intent: "delete" })).status).toBe(302);
    expect(commentRow(second.value.commentId).deletedAt).not.toBeNull();
    expect(postRow(postId).commentCount).toBe(1);

    await triage(postId, staffCookie, { intent: "lock", locked: "false" });
    expect((await call(commentRoute.action, first.value.commentId, cookie, { intent: "edit", body: "Rewritten after the unlock" })).status).toBe(302);
    expect(commentRow(first.value.commentId).bodyMd).toBe("Rewritten after the unlock");
  });

  it("holds new posts for approval when the setting is on", async () => {
    writeSettings({ requireApproval: "1" });
    try {
      const { user: author, cookie: authorCookie } = await customerWithCookie("Newcomer");
      const { cookie: otherCookie } = await customerWithCookie("Someone else");
      const postId = await createTestPost(author, "Waiting for approval");
      expect(postRow(postId).pendingApproval).toBe(true);
      expect(listPosts(parseListQuery(new URL("http://x/?sort=new")), null)!.posts.map((p) => p.id)).not.toContain(postId);
      expect((await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie: otherCookie }), { id: String(postId) })).status).toBe(404);
      expect((await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie: authorCookie }), { id: String(postId) })).status).toBe(200);
      const vote = await callRoute(voteAction, makeRequest(`/posts/${postId}/vote`, { cookie: otherCookie, form: {} }), { id: String(postId) });
      expect(vote.status).toBe(404);

      const queue = (await callRoute(inboxLoader, makeRequest("/admin?pending=1", { cookie: staffCookie }))).data as {
        rows: { id: number }[];
        pendingCount: number;
      };
      expect(queue.rows.map((r) => r.id)).toEqual([postId]);
      expect(queue.pendingCount).toBe(1);
      const approve = await callRoute(
        inboxAction,
        makeRequest("/admin", { cookie: staffCookie, form: { intent: "bulk", ids: String(postId), bulk: "approve" } }),
      );
      expect(approve.status).toBe(302);
      expect(listPosts(parseListQuery(new URL("http://x/?sort=new")), null)!.posts.map((p) => p.id)).toContain(postId);
    } finally {
      writeSettings({ requireApproval: "0" });
    }
  });
});

describe("bulk and quick actions", () => {
  it("sets kind, status and tags on the selected rows, and says what is missing", async () => {
    const { user: author } = await customerWithCookie();
    const ids = [await createTestPost(author, "Bulk one"), await createTestPost(author, "Bulk two")];
    const none = await callRoute(inboxAction, makeRequest("/admin", { cookie: staffCookie, form: { intent: "bulk", bulk: "kind:bug" } }));
    expect(none.status).toBe(400);
    expect(none.data).toMatchObject({ intent: "bulk", reply: { error: { ids: ["error.selectPosts"] } } });
    const form = new URLSearchParams([["intent", "bulk"], ["bulk", "kind:minor_bug"], ...ids.map((id) => ["ids", String(id)])]);
    const request = new Request("http://localhost/admin", {
      method: "POST",
      headers: { cookie: staffCookie, "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect((await callRoute(inboxAction, request)).status).toBe(302);
    expect(ids.map((id) => postRow(id).kind)).toEqual(["minor_bug", "minor_bug"]);
    const quick = await callRoute(
      inboxAction,
      makeRequest("/admin", { cookie: staffCookie, form: { intent: "quick", postId: String(ids[0]), kind: "bug", status: "under_review" } }),
    );
    expect(quick.status).toBe(302);
    expect(postRow(ids[0])).toMatchObject({ kind: "bug", status: "under_review" });
  });
});

describe("notifications", () => {
  it("fans a status change out to every follower but the actor, honours email preferences and the admin's switches", async () => {
    const { user: author, cookie: authorCookie } = await customerWithCookie("Author");
    const { user: quiet, cookie: quietCookie } = await customerWithCookie("No emails please");
    const { user: leaver, cookie: leaverCookie } = await customerWithCookie("Leaver");
    const postId = await createTestPost(author, "Calendar sync");
    toggleVote(postId, quiet);
    toggleVote(postId, leaver);
    toggleVote(postId, staff);
    await callRoute(prefsAction, makeRequest("/settings/notifications", { cookie: quietCookie, form: {} }));
    expect(db().select().from(users).where(eq(users.id, quiet.id)).get()).toMatchObject({ emailOnStatus: false, emailOnComment: false });
    await callRoute(subscriptionAction, makeRequest(`/posts/${postId}/subscription`, { cookie: leaverCookie, form: { subscribed: "false" } }), {
      id: String(postId),
    });
    // Unsubscribing sticks through a later vote and comment.
    toggleVote(postId, leaver);
    toggleVote(postId, leaver);
    await addComment(postId, { body: "still here" }, leaver);
    expect(
      db()
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.postId, postId), eq(subscriptions.userId, leaver.id)))
        .get()?.state,
    ).toBe("unsubscribed");

    const changed = await changeStatus(postId, "planned", "Next sprint", staff);
    expect(changed).toMatchObject({ ok: true, value: { announced: true, emailed: 1 } });
    const rows = db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.postId, postId), eq(notifications.type, "status_change")))
      .all();
    expect(rows.map((r) => r.userId).sort()).toEqual([author.id, quiet.id].sort());
    const emails = db()
      .select()
      .from(emailOutbox)
      .where(
        and(
          eq(emailOutbox.template, "status_change"),
          sql`${emailOutbox.dedupeKey} like ${`status_change:${changed.ok ? changed.value.statusChangeId : 0}:%`}`,
        ),
      )
      .all();
    expect(emails.map((e) => e.userId)).toEqual([author.id]);
    expect(emails[0].status).toBe("not_configured");
    expect(JSON.parse(emails[0].payload)).toMatchObject({ postId, status: "planned", title: "Calendar sync" });

    // The bell (the leaver's comment and the status change), then reading.
    const root = (await callRoute(rootLoader, makeRequest("/", { cookie: authorCookie }))).data as { unread: number };
    expect(root.unread).toBe(2);
    const list = (await callRoute(notificationsLoader, makeRequest("/notifications", { cookie: authorCookie }))).data as {
      items: { id: number; postId: number; type: string }[];
    };
    expect(list.items.map((n) => [n.postId, n.type])).toEqual([
      [postId, "status_change"],
      [postId, "comment"],
    ]);
    await callRoute(notificationsAction, makeRequest("/notifications", { cookie: authorCookie, form: { intent: "read", id: String(list.items[0].id) } }));
    expect(((await callRoute(rootLoader, makeRequest("/", { cookie: authorCookie }))).data as { unread: number }).unread).toBe(1);
    await changeStatus(postId, "in_progress", "", staff);
    await callRoute(notificationsAction, makeRequest("/notifications", { cookie: authorCookie, form: { intent: "readAll" } }));
    expect(((await callRoute(rootLoader, makeRequest("/", { cookie: authorCookie }))).data as { unread: number }).unread).toBe(0);

    // An admin switches "declined" notices off: the change is recorded, nobody is told.
    await callRoute(
      settingsAction,
      makeRequest("/admin/settings", { cookie: adminCookie, form: { intent: "loop", notice_planned: "on", notice_in_progress: "on", notice_shipped: "on" } }),
    );
    const declined = await changeStatus(postId, "declined", "", staff);
    expect(declined).toMatchObject({ ok: true, value: { announced: false, emailed: 0 } });
    expect(count(notifications, and(eq(notifications.postId, postId), eq(notifications.status, "declined")))).toBe(0);
    writeSettings({ noticeStatuses: "planned,in_progress,shipped,declined" });
  });

  it("emails comment followers only when they asked for it, and the unsubscribe link sticks", async () => {
    const { user: author } = await customerWithCookie("Commented author");
    const { user: keen, cookie: keenCookie } = await customerWithCookie("Wants comment emails");
    const postId = await createTestPost(author, "Comment emails");
    toggleVote(postId, keen);
    await callRoute(prefsAction, makeRequest("/settings/notifications", { cookie: keenCookie, form: { emailOnStatus: "on", emailOnComment: "on" } }));
    const c = await addComment(postId, { body: "A new thought" }, staff);
    if (!c.ok) throw new Error("comment failed");
    const commentEmails = db()
      .select()
      .from(emailOutbox)
      .where(sql`${emailOutbox.dedupeKey} like ${`comment:${c.value.commentId}:%`}`)
      .all();
    expect(commentEmails.map((e) => e.userId)).toEqual([keen.id]);
    expect(count(notifications, and(eq(notifications.postId, postId), eq(notifications.type, "comment")))).toBe(2);

    const token = signLink({ purpose: "unsubscribe-post", postId, userId: keen.id });
    expect(unsubscribeByLink(token)).toMatchObject({ scope: "post", postId });
    expect(unsubscribeByLink(token.slice(0, -1) + (token.endsWith("A") ? "B" : "A"))).toBeNull();
    toggleVote(postId, keen);
    toggleVote(postId, keen);
    const shipped = await changeStatus(postId, "shipped", "", staff);
    expect(shipped.ok).toBe(true);
    expect(count(notifications, and(eq(notifications.postId, postId), eq(notifications.userId, keen.id), eq(notifications.type, "status_change")))).toBe(0);
  });

  it("writes 10,000 notifications and 10,000 outbox rows in one transaction, none for the actor", async () => {
    const { user: author } = await customerWithCookie("Popular author");
    const postId = await createTestPost(author, "Very popular idea");
    const sqlite = db().$client;
    const insertUser = sqlite.prepare("insert into users (email, display_name, password_hash, role) values (?, ?, null, 'customer')");
    const subscribe = sqlite.prepare("insert into subscriptions (post_id, user_id, state) values (?, ?, 'subscribed')");
    sqlite.transaction(() => {
      for (let i = 0; i < 9_999; i += 1) {
        const id = Number(insertUser.run(`fan${i}@example.test`, `Fan ${i}`).lastInsertRowid);
        subscribe.run(postId, id);
      }
      subscribe.run(postId, staff.id);
    })();
    const started = performance.now();
    const result = await changeStatus(postId, "shipped", "It is live.", staff);
    console.log(`status change to a post with 10,001 followers: ${(performance.now() - started).toFixed(0)} ms`);
    expect(result).toMatchObject({ ok: true, value: { emailed: 10_000 } });
    expect(count(notifications, and(eq(notifications.postId, postId), eq(notifications.type, "status_change")))).toBe(10_000);
    expect(count(notifications, and(eq(notifications.postId, postId), eq(notifications.userId, staff.id)))).toBe(0);
    expect(count(emailOutbox, sql`${emailOutbox.dedupeKey} like ${`status_change:${result.ok ? result.value.statusChangeId : 0}:%`}`)).toBe(10_000);
  });
});
