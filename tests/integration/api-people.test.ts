// The API's comments, votes and users (issue 14): what each route does to the data, that
// it goes through the same services as the web forms (placeholders, counts, notifications),
// and that every answer is one the OpenAPI document declares for it.
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { apiKeys, comments, emailOutbox, notifications, posts, subscriptions, users, votes } from "~/db/schema";
import { updateEmailPreferences } from "~/models/users.server";
import * as commentsRoute from "~/routes/api.v1.posts.$id_.comments";
import * as votesRoute from "~/routes/api.v1.posts.$id_.votes";
import * as usersRoute from "~/routes/api.v1.users";
import { action as apiKeysAction, loader as apiKeysLoader } from "~/routes/admin.api";
import { action as webCommentAction } from "~/routes/posts.$id_.comments";
import type { SessionUser } from "~/services/auth.server";
import { addComment, deleteComment } from "~/services/comments.server";
import { openApiDocument } from "~/services/openapi.server";
import { approvePost, setCommentsLocked } from "~/services/triage.server";
import { exercised, expectDeclared, operationsTagged } from "../helpers/api-contract";
import { apiKeyFor, callApi, type ApiCallOptions, type ApiMethod, type ApiRouteModule } from "../helpers/api-request";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

type Problem = { type: string; title: string; status: number; detail: string; key: string; errors?: { field: string; key: string; detail: string }[] };
type UserRef = { id: number; name: string; email: string };
type Vote = { voter: UserRef; source: "self" | "on_behalf"; addedById: number | null; note: string | null; createdAt: string };
type Comment = {
  id: number;
  postId: number;
  parentId: number | null;
  author: UserRef;
  body: string;
  bodyHtml: string;
  internal: boolean;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
};
type Page<T> = { data: T[]; nextCursor: string | null };
type User = { id: number; email: string; name: string; role: string; claimed: boolean; banned: boolean; createdAt: string };

let admin: SessionUser;
let staff: SessionUser;
let author: SessionUser;
let follower: SessionUser;
let readKey: string;
let writeKey: string;
let postId: number;

const db = () => getDb();

beforeAll(async () => {
  ({ admin } = await seedSite());
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  author = await createUser({ displayName: "Author" });
  follower = await createUser({ displayName: "Follower" });
  // The follower asked for comment emails; the author did not (the default).
  updateEmailPreferences(follower.id, { emailOnStatus: true, emailOnComment: true });
  readKey = apiKeyFor(admin, "read").key;
  writeKey = apiKeyFor(admin, "write").key;
  postId = await createTestPost(author, "Export to CSV");
  db().insert(subscriptions).values({ postId, userId: follower.id, state: "subscribed" }).run();
});

/** Calls the route for `operation` ("POST /api/v1/posts/{id}/votes") and checks the answer against the document. */
async function call<T>(operation: `${ApiMethod} ${string}`, module: ApiRouteModule, path: string, options: ApiCallOptions = {}) {
  const [method] = operation.split(" ") as [ApiMethod];
  const response = await callApi(module, method, path, options);
  const status = response.status;
  const headers = response.headers;
  const body = await expectDeclared<T>(operation, response);
  return { status, headers, body };
}

const COMMENTS = "/api/v1/posts/{id}/comments";
const VOTES = "/api/v1/posts/{id}/votes";
const params = (id = postId) => ({ id: String(id) });

const getVotes = (query = "", key = readKey, id = postId) =>
  call<Page<Vote>>(`GET ${VOTES}`, votesRoute, `/api/v1/posts/${id}/votes${query}`, { key, params: params(id) });
const postVote = (body: unknown, id = postId) =>
  call<Vote & Problem>(`POST ${VOTES}`, votesRoute, `/api/v1/posts/${id}/votes`, { key: writeKey, body, params: params(id) });
const deleteVote = (query: string, options: ApiCallOptions = {}, id = postId) =>
  call<Problem>(`DELETE ${VOTES}`, votesRoute, `/api/v1/posts/${id}/votes${query}`, { key: writeKey, params: params(id), ...options });
const getComments = (query = "", key = readKey, id = postId) =>
  call<Page<Comment> & Problem>(`GET ${COMMENTS}`, commentsRoute, `/api/v1/posts/${id}/comments${query}`, { key, params: params(id) });
const postComment = (body: unknown, id = postId) =>
  call<Comment & Problem>(`POST ${COMMENTS}`, commentsRoute, `/api/v1/posts/${id}/comments`, { key: writeKey, body, params: params(id) });
const getUser = (query: string) => call<User & Problem>("GET /api/v1/users", usersRoute, `/api/v1/users${query}`, { key: readKey });

const userByEmail = (email: string) => db().select().from(users).where(eq(users.email, email)).get();
const voteCount = (id = postId) => db().select({ n: posts.voteCount }).from(posts).where(eq(posts.id, id)).get()!.n;
const commentCount = (id = postId) => db().select({ n: posts.commentCount }).from(posts).where(eq(posts.id, id)).get()!.n;
const voteRow = (userId: number, id = postId) =>
  db()
    .select()
    .from(votes)
    .where(and(eq(votes.postId, id), eq(votes.userId, userId)))
    .get();
const notifiedAbout = (commentId: number) =>
  db()
    .select({ userId: notifications.userId, type: notifications.type })
    .from(notifications)
    .where(eq(notifications.commentId, commentId))
    .all()
    .sort((a, b) => a.userId - b.userId);
const emailedAbout = (commentId: number) =>
  db()
    .select({ userId: emailOutbox.userId, template: emailOutbox.template, dedupeKey: emailOutbox.dedupeKey })
    .from(emailOutbox)
    .all()
    .filter((row) => row.dedupeKey.startsWith(`comment:${commentId}:`));

describe("votes", () => {
  it("POST votes on behalf: a placeholder account for a new address, the vote, the count, and the voter follows the idea", async () => {
    expect(voteCount()).toBe(1); // the author's own
    const added = await postVote({ email: "  Lina@Acme.test ", note: "Asked on a sales call" });
    expect(added.status).toBe(201);
    const lina = userByEmail("lina@acme.test")!;
    expect(lina).toMatchObject({ role: "customer", passwordHash: null, displayName: "lina" });
    expect(added.body).toEqual({
      voter: { id: lina.id, name: "lina", email: "lina@acme.test" },
      source: "on_behalf",
      addedById: admin.id,
      note: "Asked on a sales call",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(voteRow(lina.id)).toMatchObject({ source: "on_behalf", addedById: admin.id, note: "Asked on a sales call" });
    expect(voteCount()).toBe(2);
    const followed = db()
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.postId, postId), eq(subscriptions.userId, lina.id)))
      .get();
    expect(followed?.state).toBe("subscribed");

    const user = await getUser("?email=LINA%40acme.test");
    expect(user.status).toBe(200);
    expect(user.body).toMatchObject({ id: lina.id, email: "lina@acme.test", name: "lina", role: "customer", claimed: false, banned: false });
  });

  it("POST votes: the same customer again is a 409, a bad address a 400 naming the field, an unknown idea a 404", async () => {
    const again = await postVote({ email: "lina@acme.test" });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ key: "error.alreadyVoted", errors: [{ field: "email", key: "error.alreadyVoted" }] });
    expect(voteCount()).toBe(2);

    const bad = await postVote({ email: "not an address" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "email", key: "error.emailInvalid", detail: expect.any(String) }]);

    const missing = await postVote({ email: "someone@acme.test" }, 999_999);
    expect(missing.status).toBe(404);
    expect(userByEmail("someone@acme.test")).toBeUndefined();
  });

  it("POST votes on an idea awaiting approval: refused as on the staff panel, and no placeholder is left behind", async () => {
    db().update(posts).set({ pendingApproval: true }).where(eq(posts.id, postId)).run();
    try {
      const refused = await postVote({ email: "early@acme.test" });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ key: "error.onBehalfCannotSee", errors: [{ field: "email" }] });
      expect(userByEmail("early@acme.test")).toBeUndefined();
    } finally {
      approvePost(postId);
    }
  });

  it("GET votes: newest first, with voter, source and note, paged by cursor", async () => {
    const all = await getVotes();
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.data.map((v) => [v.voter.email, v.source])).toEqual([
      ["lina@acme.test", "on_behalf"],
      [author.email, "self"],
    ]);

    const first = await getVotes("?limit=1");
    expect(first.body.data.map((v) => v.voter.id)).toEqual([userByEmail("lina@acme.test")!.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await getVotes(`?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((v) => v.voter.id)).toEqual([author.id]);
    expect(second.body.nextCursor).toBeNull();

    expect((await getVotes("?limit=101")).status).toBe(400);
    expect((await getVotes("", readKey, 999_999)).status).toBe(404);
  });

  it("DELETE votes by ?email= or by a JSON body: the vote goes and the count follows; none left is a 404", async () => {
    const lina = userByEmail("lina@acme.test")!;
    const removed = await deleteVote("?email=lina%40acme.test");
    expect(removed.status).toBe(204);
    expect(voteRow(lina.id)).toBeUndefined();
    expect(voteCount()).toBe(1);

    const again = await deleteVote("?email=lina%40acme.test");
    expect(again.status).toBe(404);
    expect(again.body.key).toBe("error.notFound");
    expect((await deleteVote("?email=nobody%40acme.test")).status).toBe(404);
    expect(voteCount()).toBe(1);

    const byBody = await deleteVote("", { body: { email: author.email } });
    expect(byBody.status).toBe(204);
    expect(voteRow(author.id)).toBeUndefined();
    expect(voteCount()).toBe(0);
    expect((await getVotes()).body.data).toEqual([]);

    const neither = await deleteVote("");
    expect(neither.status).toBe(400);
    expect(neither.body.errors?.map((e) => e.field)).toEqual(["email"]);
    const extra = await deleteVote("", { body: { email: author.email, reason: "spam" } });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([{ field: "reason", key: "error.unknownField", detail: expect.any(String) }]);
  });
});

describe("users", () => {
  it("GET users?email=: one account, or a 404; no address is a 400, never a list", async () => {
    const found = await getUser(`?email=${encodeURIComponent(author.email)}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      id: author.id,
      email: author.email,
      name: "Author",
      role: "customer",
      claimed: true,
      banned: false,
      locale: null,
      company: null,
      monthlySpend: null,
      avatarUrl: null,
      createdAt: expect.stringMatching(/Z$/),
    });
    const unknown = await getUser("?email=ghost%40acme.test");
    expect(unknown.status).toBe(404);
    expect(unknown.body.key).toBe("error.notFound");
    const none = await getUser("");
    expect(none.status).toBe(400);
    expect(none.body.errors?.map((e) => e.field)).toEqual(["email"]);
  });
});

describe("comments", () => {
  let adminCommentId = 0;

  it("POST comments by the key's admin: through the comment service, counted, and followers notified as the web form does", async () => {
    const before = commentCount();
    const added = await postComment({ body: "Thanks, **noted**." });
    expect(added.status).toBe(201);
    adminCommentId = added.body.id;
    expect(added.body).toMatchObject({
      postId,
      parentId: null,
      author: { id: admin.id, name: "Admin", email: admin.email },
      body: "Thanks, **noted**.",
      bodyHtml: expect.stringContaining("<strong>noted</strong>"),
      internal: false,
      editedAt: null,
      deletedAt: null,
    });
    expect(commentCount()).toBe(before + 1);
    // Everyone following is told in-app (the author, the follower, and Lina, who follows since her vote on
    // behalf, taken back since); only the follower asked for email; the admin, who wrote it, hears nothing.
    const lina = userByEmail("lina@acme.test")!;
    expect(notifiedAbout(adminCommentId)).toEqual([author.id, follower.id, lina.id].sort((a, b) => a - b).map((userId) => ({ userId, type: "comment" })));
    expect(emailedAbout(adminCommentId)).toEqual([{ userId: follower.id, template: "comment", dedupeKey: `comment:${adminCommentId}:user:${follower.id}` }]);

    // The same comment through the board's form, by the follower: the same service, the same fan-out (now to the admin too, who follows since commenting).
    const cookie = await sessionCookie(follower.id);
    const web = await callRoute(webCommentAction, makeRequest(`/posts/${postId}/comments`, { cookie, form: { body: "Me too" } }), params());
    expect(web.status).toBe(302);
    const webCommentId = Number(/#comment-(\d+)/.exec(web.location!)![1]);
    expect(notifiedAbout(webCommentId).map((n) => n.userId)).toEqual([admin.id, author.id, lina.id].sort((a, b) => a - b));
    expect(emailedAbout(webCommentId)).toEqual([]);
  });

  it("POST comments with authorEmail: that account's comment, or a placeholder's for a new address; their own rules apply", async () => {
    const forCustomer = await postComment({ body: "From the support desk", authorEmail: author.email });
    expect(forCustomer.status).toBe(201);
    expect(forCustomer.body.author).toEqual({ id: author.id, name: "Author", email: author.email });

    const forNewcomer = await postComment({ body: "Wrote in by email", authorEmail: "Sam@Acme.test" });
    expect(forNewcomer.status).toBe(201);
    const sam = userByEmail("sam@acme.test")!;
    expect(sam).toMatchObject({ passwordHash: null, role: "customer" });
    expect(forNewcomer.body.author).toEqual({ id: sam.id, name: "sam", email: "sam@acme.test" });
    expect((await getUser("?email=sam%40acme.test")).body).toMatchObject({ claimed: false });

    const reply = await postComment({ body: "A reply", parentId: adminCommentId, authorEmail: "sam@acme.test" });
    expect(reply.status).toBe(201);
    expect(reply.body.parentId).toBe(adminCommentId);

    const banned = await createUser({ bannedAt: Date.now() });
    db().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, banned.id)).run();
    const refused = await postComment({ body: "Let me in", authorEmail: banned.email });
    expect(refused.status).toBe(403);
    expect(refused.body.key).toBe("error.banned");
  });

  it("a locked thread refuses a customer's comment but takes staff's; an idea awaiting approval takes no new address's comment and leaves no account", async () => {
    const locked = await createTestPost(author, "Locked thread");
    setCommentsLocked(locked, true);
    const customer = await postComment({ body: "Still here", authorEmail: author.email }, locked);
    expect(customer.status).toBe(403);
    expect(customer.body.key).toBe("error.commentsLocked");
    expect((await postComment({ body: "Closing this thread" }, locked)).status).toBe(201);

    const pending = await createTestPost(author, "Waiting for approval");
    db().update(posts).set({ pendingApproval: true }).where(eq(posts.id, pending)).run();
    const hidden = await postComment({ body: "First!", authorEmail: "eager@acme.test" }, pending);
    expect(hidden.status).toBe(404);
    expect(userByEmail("eager@acme.test")).toBeUndefined();
    expect((await postComment({ body: "x" }, 999_999)).status).toBe(404);
  });

  it("internal notes: written by staff, notify no one, count nothing, and are listed only with notes=1 and a write key", async () => {
    const before = commentCount();
    const outboxBefore = db().select().from(emailOutbox).all().length;
    const note = await postComment({ body: "ACME is a big account", internal: true });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ internal: true, author: { id: admin.id } });
    expect(commentCount()).toBe(before);
    expect(notifiedAbout(note.body.id)).toEqual([]);
    expect(db().select().from(emailOutbox).all().length).toBe(outboxBefore);

    const byStaff = await postComment({ body: "Agreed", internal: true, authorEmail: staff.email });
    expect(byStaff.status).toBe(201);
    expect(byStaff.body.author.id).toBe(staff.id);
    const byCustomer = await postComment({ body: "Let me see", internal: true, authorEmail: author.email });
    expect(byCustomer.status).toBe(400);
    expect(byCustomer.body).toMatchObject({ key: "error.noteNeedsStaff", errors: [{ field: "authorEmail" }] });
    const replyNote = await postComment({ body: "A note in reply", internal: true, parentId: adminCommentId });
    expect(replyNote.status).toBe(400);
    expect(replyNote.body.errors?.map((e) => e.field)).toEqual(["parentId"]);

    const publicOnly = await getComments();
    expect(publicOnly.status).toBe(200);
    expect(publicOnly.body.data.some((c) => c.internal)).toBe(false);
    expect(JSON.stringify(publicOnly.body)).not.toContain("ACME is a big account");
    expect((await getComments("?notes=1", writeKey)).body.data.filter((c) => c.internal).map((c) => c.body)).toEqual(["ACME is a big account", "Agreed"]);
    expect((await getComments("", writeKey)).body.data.some((c) => c.internal)).toBe(false);
    const readKeyAsks = await getComments("?notes=1", readKey);
    expect(readKeyAsks.status).toBe(403);
    expect(readKeyAsks.body.key).toBe("error.apiScope");
  });

  it("GET comments: thread order, deleted ones kept in place without their text, paged by cursor to the same list", async () => {
    const doomed = await addComment(postId, { body: "Oops, wrong idea" }, author);
    if (!doomed.ok) throw new Error("comment failed");
    deleteComment(postId, doomed.value.commentId, author);

    const all = (await getComments("?limit=100")).body;
    expect(all.nextCursor).toBeNull();
    const stored = db()
      .select({ id: comments.id })
      .from(comments)
      .where(and(eq(comments.postId, postId), eq(comments.isInternal, false)))
      .orderBy(comments.createdAt, comments.id)
      .all();
    expect(all.data.map((c) => c.id)).toEqual(stored.map((c) => c.id));
    expect(all.data.find((c) => c.id === doomed.value.commentId)).toMatchObject({ body: "", bodyHtml: "", deletedAt: expect.stringMatching(/Z$/) });

    const paged: number[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: Page<Comment> = (await getComments(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`)).body;
      expect(page.data.length).toBeLessThanOrEqual(2);
      paged.push(...page.data.map((c) => c.id));
      cursor = page.nextCursor;
    }
    expect(paged).toEqual(all.data.map((c) => c.id));
    expect((await getComments("", readKey, 999_999)).status).toBe(404);
  });

  it("POST comments refuses what the form would: an empty body and an unknown field, each named", async () => {
    const empty = await postComment({ body: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: "body", key: "error.commentEmpty", detail: expect.any(String) }]);
    const unknown = await postComment({ body: "Hi", author: "someone" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: "author", key: "error.unknownField", detail: expect.any(String) }]);
  });
});

describe("the document", () => {
  it("declares these routes with their tags and security", () => {
    const paths = openApiDocument().paths ?? {};
    expect(paths[COMMENTS]?.get?.tags).toEqual(["Comments"]);
    expect(paths[VOTES]?.delete?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(paths["/api/v1/users"] ?? {})).toEqual(["get"]);
  });
});

describe("the /admin/api page", () => {
  it("creates a key shown once (stored as a hash only) that works at once, lists it without the secret, and revokes it", async () => {
    const cookie = await sessionCookie(admin.id);
    const refused = await callRoute(apiKeysAction, makeRequest("/admin/api", { cookie, form: { intent: "create", name: "  ", scope: "admin" } }));
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ intent: "create", reply: { error: { name: ["error.apiKeyName"], scope: ["error.apiKeyScope"] } } });

    const created = await callRoute(apiKeysAction, makeRequest("/admin/api", { cookie, form: { intent: "create", name: "Support desk sync", scope: "read" } }));
    expect(created.status).toBe(200);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const secret = (created.data as { created: { name: string; key: string } }).created.key;
    expect(secret).toMatch(/^cl_[A-Za-z0-9_-]{32}$/);
    const row = db().select().from(apiKeys).where(eq(apiKeys.name, "Support desk sync")).get()!;
    expect(row).toMatchObject({
      scope: "read",
      keyPrefix: secret.slice(0, 9),
      keyHash: createHash("sha256").update(secret).digest("hex"),
      createdById: admin.id,
    });
    expect(JSON.stringify(db().select().from(apiKeys).all())).not.toContain(secret);

    const used = await call<User>("GET /api/v1/users", usersRoute, `/api/v1/users?email=${encodeURIComponent(admin.email)}`, { key: secret });
    expect(used.status).toBe(200);
    const page = await callRoute(apiKeysLoader, makeRequest("/admin/api", { cookie }));
    const listed = (page.data as { keys: { id: number; name: string; lastUsedAt: number | null; revokedAt: number | null }[] }).keys;
    expect(listed.find((k) => k.id === row.id)).toMatchObject({ name: "Support desk sync", lastUsedAt: expect.any(Number), revokedAt: null });
    expect(JSON.stringify(page.data)).not.toContain(secret);

    const revoked = await callRoute(apiKeysAction, makeRequest("/admin/api", { cookie, form: { intent: "revoke", keyId: String(row.id) } }));
    expect(revoked.status).toBe(302);
    expect(db().select().from(apiKeys).where(eq(apiKeys.id, row.id)).get()!.revokedAt).toEqual(expect.any(Number));
    expect((await callApi(usersRoute, "GET", `/api/v1/users?email=${encodeURIComponent(admin.email)}`, { key: secret })).status).toBe(401);
  });
});

// Last: every documented comments, votes and users operation was called above and its answer checked.
it("exercised every operation tagged Comments, Votes or Users", () => {
  expect(operationsTagged("Comments", "Votes", "Users").length).toBe(6);
  expect(operationsTagged("Comments", "Votes", "Users").filter((op) => !exercised.has(op))).toEqual([]);
});
