// The JSON API's boards, posts, merges and changelog (issue 14), through the real route
// modules with real API keys; every answer is checked against the schema the OpenAPI
// document declares for it.
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { boards, emailOutbox, notifications, posts, statusChanges, subscriptions, users, votes } from "~/db/schema";
import { insertBoard, updateBoard } from "~/models/boards.server";
import { writeSettings } from "~/models/settings.server";
import { insertTag } from "~/models/tags.server";
import * as notFoundRoute from "~/routes/api.$";
import * as boardsRoute from "~/routes/api.v1.boards";
import * as changelogRoute from "~/routes/api.v1.changelog";
import * as postsRoute from "~/routes/api.v1.posts";
import * as postRoute from "~/routes/api.v1.posts.$id";
import * as mergeRoute from "~/routes/api.v1.posts.$id.merge";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import { createApiKey } from "~/services/api-keys.server";
import type { SessionUser } from "~/services/auth.server";
import { publishEntry, saveEntry } from "~/services/changelog.server";
import { listPosts, parseListQuery } from "~/services/posts.server";
import { deletePost } from "~/services/triage.server";
import { toggleVote } from "~/services/votes.server";
import { exercised, expectDeclared, operationsTagged } from "../helpers/api-contract";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie, testContext } from "../helpers/factories";

type Page<T> = { data: T[]; nextCursor: string | null };
type Post = {
  id: number;
  title: string;
  status: string;
  kind: string | null;
  tags: string[];
  board: { id: number; slug: string; name: string };
  author: { id: number; name: string; email: string };
  owner: { id: number; email: string } | null;
  bodyMarkdown: string;
  bodyHtml: string;
  voteCount: number;
  impact: number | null;
  effort: number | null;
  priority: number | null;
  pendingApproval: boolean;
  mergedIntoId: number | null;
  createdAt: string;
};
type Board = { id: number; slug: string; archived: boolean };
type Entry = { id: number; title: string; postIds: number[]; publishedAt: string };
type Problem = { type: string; status: number; key: string; errors?: { field: string; key: string }[] };

let admin: SessionUser;
let staff: SessionUser;
let customer: SessionUser;
let writeKey: string;
let readKey: string;
let feedbackSlug: string;

beforeAll(async () => {
  let board;
  ({ admin, board } = await seedSite());
  feedbackSlug = board.slug;
  staff = await createUser({ role: "staff", displayName: "Sam Staff", email: "sam@example.test" });
  customer = await createUser({ displayName: "Layla Haddad", email: "layla@example.test" });
  writeKey = createApiKey({ name: "CRM", scope: "write" }, admin).key;
  readKey = createApiKey({ name: "BI", scope: "read" }, admin).key;
});

const db = () => getDb();
/** A new customer: each may post 10 ideas an hour, as on the board. */
const someone = () => createUser();
const postRow = (id: number) => db().select().from(posts).where(eq(posts.id, id)).get()!;

type Handler = (args: never) => unknown;
/** Runs a route's loader or action as Remix would: a thrown Response (a problem) is the answer. */
async function run(handler: Handler | undefined, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    return (await handler!({ request, params, context: testContext } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

function apiRequest(method: string, path: string, options: { key?: string | null; body?: unknown; contentType?: string } = {}): Request {
  const headers = new Headers();
  const key = options.key === undefined ? writeKey : options.key;
  if (key) headers.set("authorization", `Bearer ${key}`);
  if (options.body !== undefined) headers.set("content-type", options.contentType ?? "application/json");
  return new Request(`http://localhost${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
}

const getPosts = async (query: string, key?: string) =>
  expectDeclared<Page<Post>>("GET /api/v1/posts", await run(postsRoute.loader, apiRequest("GET", `/api/v1/posts${query}`, { key })));
const getPost = async (id: number | string) => run(postRoute.loader, apiRequest("GET", `/api/v1/posts/${id}`), { id: String(id) });
const createViaApi = (body: unknown, key?: string) => run(postsRoute.action, apiRequest("POST", "/api/v1/posts", { body, key }));
const patchViaApi = (id: number, body: unknown, key?: string) =>
  run(postRoute.action, apiRequest("PATCH", `/api/v1/posts/${id}`, { body, key }), { id: String(id) });
const mergeViaApi = (id: number, body: unknown) => run(mergeRoute.action, apiRequest("POST", `/api/v1/posts/${id}/merge`, { body }), { id: String(id) });

/** Every page of a list, following nextCursor; fails on a repeated id. */
async function walk<T extends { id: number }>(fetchPage: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: Page<T> = await fetchPage(cursor);
    seen.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const ids = seen.map((r) => r.id);
  expect(new Set(ids).size, `a repeated id in ${ids.join(",")}`).toBe(ids.length);
  return seen;
}

describe("boards", () => {
  it("lists every board, archived ones marked, a page at a time with no gap or repeat", async () => {
    insertBoard({ slug: "billing", name: "Billing", description: "Invoices and payments" });
    const archived = insertBoard({ slug: "old-ideas", name: "Old ideas", description: "" });
    updateBoard(archived.id, { archivedAt: Date.now() });
    const all = db().select().from(boards).all();
    const listed = await walk<Board>(async (cursor) =>
      expectDeclared<Page<Board>>(
        "GET /api/v1/boards",
        await run(boardsRoute.loader, apiRequest("GET", `/api/v1/boards?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { key: readKey })),
      ),
    );
    expect(listed.map((b) => b.id)).toEqual(all.map((b) => b.id).sort((a, b) => a - b));
    expect(listed.find((b) => b.id === archived.id)?.archived).toBe(true);
    expect(listed.find((b) => b.slug === feedbackSlug)?.archived).toBe(false);
  });

  it("refuses a bad limit and an unknown parameter with the field named, and answers 401 without a key", async () => {
    const tooMany = await expectDeclared<Problem>("GET /api/v1/boards", await run(boardsRoute.loader, apiRequest("GET", "/api/v1/boards?limit=101")));
    expect(tooMany).toMatchObject({ status: 400, key: "error.invalidRequest", errors: [{ field: "limit" }] });
    const unknown = await expectDeclared<Problem>("GET /api/v1/boards", await run(boardsRoute.loader, apiRequest("GET", "/api/v1/boards?page=2")));
    expect(unknown.errors).toEqual([expect.objectContaining({ field: "page", key: "error.unknownField" })]);
    const anonymous = await run(boardsRoute.loader, apiRequest("GET", "/api/v1/boards", { key: null }));
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    expect(await expectDeclared<Problem>("GET /api/v1/boards", anonymous)).toMatchObject({ status: 401, key: "error.apiKeyInvalid" });
  });
});

describe("listing and searching posts", () => {
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    const voters = await Promise.all([1, 2, 3].map((n) => createUser({ displayName: `Voter ${n}` })));
    for (let i = 0; i < 23; i++)
      ids[`p${i}`] = await createTestPost(await someone(), `Idea number ${i} about exports`, `Body ${i}`, i % 3 === 0 ? "billing" : undefined);
    // Votes make "top" differ from "new"; equal counts test the id tie-break.
    for (const [i, voter] of voters.entries()) for (let p = 0; p <= i * 5; p++) toggleVote(ids[`p${p}`], voter);
    ids.arabic = await createTestPost(customer, "تصدير الفواتير إلى إكسل", "نحتاج إلى تصدير **الفواتير** مع الفاتورة الشهرية.");
    ids.persian = await createTestPost(await someone(), "خروجی گرفتن از فاکتورها", "برای حسابداری.");
    ids.deleted = await createTestPost(await someone(), "A deleted idea about exports");
    deletePost(ids.deleted);
    ids.mergedAway = await createTestPost(await someone(), "A duplicate about exports");
    await mergeViaApi(ids.mergedAway, { into: ids.p1 });
    writeSettings({ requireApproval: "1" });
    ids.pending = await createTestPost(await someone(), "Awaiting approval: exports to XML");
    writeSettings({ requireApproval: "0" });
    await patchViaApi(ids.p2, { kind: "bug" });
    await patchViaApi(ids.p4, { status: "planned" });
  });

  const visible = () =>
    db()
      .select({ id: posts.id })
      .from(posts)
      .where(sql`${posts.deletedAt} is null and ${posts.mergedIntoId} is null`)
      .all()
      .map((r) => r.id)
      .sort((a, b) => a - b);

  it.each(["new", "top", "trending"])("walks every page of sort=%s: what staff see, each post once, in order", async (sort) => {
    const listed = await walk<Post>((cursor) => getPosts(`?sort=${sort}&limit=7${cursor ? `&cursor=${cursor}` : ""}`));
    expect(listed.map((p) => p.id).sort((a, b) => a - b)).toEqual(visible());
    expect(listed.some((p) => p.id === ids.pending && p.pendingApproval)).toBe(true);
    expect(listed.some((p) => p.id === ids.deleted || p.id === ids.mergedAway)).toBe(false);
    if (sort === "top") {
      const counts = listed.map((p) => p.voteCount);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
    if (sort === "new")
      expect(listed.map((p) => p.createdAt)).toEqual(
        listed
          .map((p) => p.createdAt)
          .sort()
          .reverse(),
      );
  });

  it("filters by board, status and kind", async () => {
    const billing = await walk<Post>((cursor) => getPosts(`?board=billing&limit=3${cursor ? `&cursor=${cursor}` : ""}`));
    expect(billing.length).toBe(8);
    expect(billing.every((p) => p.board.slug === "billing")).toBe(true);
    expect((await getPosts("?status=planned")).data.map((p) => p.id)).toEqual([ids.p4]);
    expect((await getPosts("?kind=bug")).data.map((p) => p.id)).toEqual([ids.p2]);
    const unknownBoard = await expectDeclared<Problem>("GET /api/v1/posts", await run(postsRoute.loader, apiRequest("GET", "/api/v1/posts?board=nope")));
    expect(unknownBoard).toMatchObject({ status: 400, key: "error.boardUnknown", errors: [{ field: "board" }] });
    const badStatus = await expectDeclared<Problem>("GET /api/v1/posts", await run(postsRoute.loader, apiRequest("GET", "/api/v1/posts?status=launched")));
    expect(badStatus.errors?.map((e) => e.field)).toEqual(["status"]);
  });

  it("searches with the board's Arabic-aware search: harakat, the article and letter variants fold", async () => {
    const typed = "تَصْدِير الفواتير";
    const arabic = await getPosts(`?q=${encodeURIComponent(typed)}`);
    expect(arabic.data.map((p) => p.id)).toEqual([ids.arabic]);
    expect(arabic.data[0].bodyHtml).toContain("<strong>الفواتير</strong>");
    // The same search as the board's: the same results for what both may show.
    expect(listPosts(parseListQuery(new URL(`http://x/?q=${encodeURIComponent(typed)}`)), admin).posts.map((p) => p.id)).toEqual([ids.arabic]);
    // ه typed for ة, in the body.
    expect((await getPosts(`?q=${encodeURIComponent("الفاتوره")}`)).data.map((p) => p.id)).toEqual([ids.arabic]);
    // Arabic ك and ي typed for Persian ک and ی.
    expect((await getPosts(`?q=${encodeURIComponent("فاكتورها")}`)).data.map((p) => p.id)).toEqual([ids.persian]);
    expect((await getPosts(`?q=${encodeURIComponent("!!!")}`)).data).toEqual([]);
  });

  it("pages through search results with no repeat, and a search finds posts awaiting approval (staff's view)", async () => {
    const pages = await walk<Post>((cursor) => getPosts(`?q=exports&limit=4${cursor ? `&cursor=${cursor}` : ""}`));
    expect(pages.length).toBe(24);
    expect(pages.map((p) => p.id)).toContain(ids.pending);
    expect(pages.map((p) => p.id)).not.toContain(ids.deleted);
    const billingOnly = await walk<Post>((cursor) => getPosts(`?q=exports&board=billing&limit=5${cursor ? `&cursor=${cursor}` : ""}`));
    expect(billingOnly.length).toBe(8);
  });

  it("gets one post; a merged one says where it went; deleted, unknown and malformed ids are 404 problems", async () => {
    const one = await expectDeclared<Post>("GET /api/v1/posts/{id}", await getPost(ids.arabic));
    expect(one).toMatchObject({ id: ids.arabic, title: "تصدير الفواتير إلى إكسل", author: { id: customer.id, email: "layla@example.test" }, owner: null });
    expect(one.bodyMarkdown).toBe("نحتاج إلى تصدير **الفواتير** مع الفاتورة الشهرية.");
    const merged = await expectDeclared<Post>("GET /api/v1/posts/{id}", await getPost(ids.mergedAway));
    expect(merged).toMatchObject({ mergedIntoId: ids.p1, status: "duplicate" });
    for (const id of [ids.deleted, 999_999, "abc", "0"]) {
      const res = await getPost(id);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await expectDeclared<Problem>("GET /api/v1/posts/{id}", res)).toMatchObject({
        status: 404,
        key: "error.notFound",
        type: "/api/docs#problem-error.notFound",
      });
    }
  });
});

describe("creating posts", () => {
  const userCount = () =>
    db()
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .get()!.n;

  it("gives an unknown email a claimable placeholder, who votes for and follows the idea", async () => {
    const res = await createViaApi({
      title: "Sync with HubSpot",
      body: "Deals should link to **ideas**.",
      board: "billing",
      authorEmail: " New.Customer@Example.test ",
    });
    const post = await expectDeclared<Post>("POST /api/v1/posts", res);
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/posts/${post.id}`);
    const placeholder = db().select().from(users).where(eq(users.email, "new.customer@example.test")).get()!;
    expect(placeholder).toMatchObject({ passwordHash: null, role: "customer", displayName: "new.customer" });
    expect(post).toMatchObject({
      author: { id: placeholder.id, email: "new.customer@example.test" },
      board: { slug: "billing" },
      voteCount: 1,
      status: "open",
    });
    expect(post.bodyHtml).toContain("<strong>ideas</strong>");
    expect(
      db()
        .select()
        .from(votes)
        .where(eq(votes.postId, post.id))
        .all()
        .map((v) => v.userId),
    ).toEqual([placeholder.id]);
    expect(db().select().from(subscriptions).where(eq(subscriptions.postId, post.id)).get()).toMatchObject({ userId: placeholder.id, state: "subscribed" });
  });

  it("writes as the existing account of a known email; a customer's post waits for approval when the board asks for it", async () => {
    writeSettings({ requireApproval: "1" });
    const fromCustomer = await expectDeclared<Post>("POST /api/v1/posts", await createViaApi({ title: "Dark mode please", authorEmail: customer.email }));
    const fromStaff = await expectDeclared<Post>("POST /api/v1/posts", await createViaApi({ title: "Idea heard on a call", authorEmail: staff.email }));
    writeSettings({ requireApproval: "0" });
    expect(fromCustomer).toMatchObject({ author: { id: customer.id }, pendingApproval: true, bodyMarkdown: "" });
    expect(fromStaff).toMatchObject({ author: { id: staff.id }, pendingApproval: false });
  });

  it("refuses bad input with every failing field named, and creates no account for a refused post", async () => {
    const before = userCount();
    const invalid = await expectDeclared<Problem>("POST /api/v1/posts", await createViaApi({ title: "ab", authorEmail: "not an email", extra: 1 }));
    expect(invalid.status).toBe(400);
    expect(invalid.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "title", key: "error.titleTooShort" }),
        expect.objectContaining({ field: "authorEmail", key: "error.emailInvalid" }),
        expect.objectContaining({ field: "extra", key: "error.unknownField" }),
      ]),
    );
    const noBoard = await expectDeclared<Problem>(
      "POST /api/v1/posts",
      await createViaApi({ title: "Valid title", board: "nope", authorEmail: "ghost@example.test" }),
    );
    expect(noBoard).toMatchObject({ status: 400, key: "error.boardUnknown", errors: [{ field: "board" }] });
    expect(userCount()).toBe(before);
    const banned = await createUser({ email: "banned@example.test" });
    db().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, banned.id)).run();
    expect(
      await expectDeclared<Problem>("POST /api/v1/posts", await createViaApi({ title: "From a banned account", authorEmail: banned.email })),
    ).toMatchObject({
      status: 403,
      key: "error.banned",
    });
    expect(await expectDeclared<Problem>("POST /api/v1/posts", await createViaApi("{title:"))).toMatchObject({ status: 400, key: "error.invalidJson" });
    const form = await run(postsRoute.action, apiRequest("POST", "/api/v1/posts", { body: "title=x", contentType: "application/x-www-form-urlencoded" }));
    expect(await expectDeclared<Problem>("POST /api/v1/posts", form)).toMatchObject({ status: 415, key: "error.jsonRequired" });
  });

  it("needs the write scope to create or change, the read scope to list", async () => {
    expect((await run(postsRoute.loader, apiRequest("GET", "/api/v1/posts", { key: readKey }))).status).toBe(200);
    const refused = await createViaApi({ title: "Read keys cannot post", authorEmail: "x@example.test" }, readKey);
    expect(await expectDeclared<Problem>("POST /api/v1/posts", refused)).toMatchObject({ status: 403, key: "error.apiScope" });
    const postId = await createTestPost(await someone(), "Scope check");
    expect(await expectDeclared<Problem>("PATCH /api/v1/posts/{id}", await patchViaApi(postId, { kind: "bug" }, readKey))).toMatchObject({ status: 403 });
    expect(postRow(postId).kind).toBeNull();
  });
});

describe("triage through PATCH", () => {
  it("sets kind, sizing, tags by name and the owner by email, and answers the post as it is now", async () => {
    insertTag({ name: "Billing", color: "#f59e0b" });
    insertTag({ name: "Mobile", color: "#2563eb" });
    const postId = await createTestPost(await someone(), "Pay invoices by card");
    const res = await patchViaApi(postId, { kind: "feature_request", impact: 4, effort: 2, tags: ["billing", "Mobile"], ownerEmail: "SAM@example.test" });
    const post = await expectDeclared<Post>("PATCH /api/v1/posts/{id}", res);
    expect(res.status).toBe(200);
    expect(post).toMatchObject({
      kind: "feature_request",
      impact: 4,
      effort: 2,
      priority: 2,
      tags: ["Billing", "Mobile"],
      owner: { id: staff.id, email: staff.email },
    });
    // The owner heard of it in-app, as from the sidebar.
    expect(
      db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.postId, postId), eq(notifications.type, "assigned")))
        .get(),
    ).toMatchObject({ userId: staff.id, actorId: admin.id });
    const unassigned = await expectDeclared<Post>("PATCH /api/v1/posts/{id}", await patchViaApi(postId, { ownerId: null, tags: [] }));
    expect(unassigned).toMatchObject({ owner: null, tags: [] });
  });

  it("changes all or nothing: a refused part leaves the rest as it was", async () => {
    const postId = await createTestPost(await someone(), "Atomic triage");
    const sized = await expectDeclared<Problem>("PATCH /api/v1/posts/{id}", await patchViaApi(postId, { kind: "bug", impact: 3 }));
    expect(sized).toMatchObject({ status: 400, key: "error.sizingFeatureOnly", errors: [{ field: "impact" }] });
    expect(postRow(postId).kind).toBeNull();
    const tag = await expectDeclared<Problem>("PATCH /api/v1/posts/{id}", await patchViaApi(postId, { kind: "bug", tags: ["Nope"] }));
    expect(tag).toMatchObject({ status: 400, key: "error.tagUnknown", errors: [{ field: "tags" }] });
    const owner = await expectDeclared<Problem>("PATCH /api/v1/posts/{id}", await patchViaApi(postId, { kind: "bug", ownerEmail: customer.email }));
    expect(owner).toMatchObject({ status: 400, key: "error.ownerInvalid", errors: [{ field: "ownerEmail" }] });
    const ownerId = await expectDeclared<Problem>("PATCH /api/v1/posts/{id}", await patchViaApi(postId, { kind: "bug", ownerId: customer.id }));
    expect(ownerId).toMatchObject({ key: "error.ownerInvalid", errors: [{ field: "ownerId" }] });
    expect(postRow(postId)).toMatchObject({ kind: null, ownerId: null });
  });

  it("refuses a response without a status, a status only a merge sets, both owner fields, and unknown fields", async () => {
    const postId = await createTestPost(await someone(), "Validation of PATCH");
    const problem = await expectDeclared<Problem>(
      "PATCH /api/v1/posts/{id}",
      await patchViaApi(postId, { response: "Hello", ownerId: staff.id, ownerEmail: staff.email, title: "x" }),
    );
    expect(problem.errors?.map((e) => [e.field, e.key])).toEqual(expect.arrayContaining([["title", "error.unknownField"]]));
    const refined = await expectDeclared<Problem>(
      "PATCH /api/v1/posts/{id}",
      await patchViaApi(postId, { response: "Hello", ownerId: staff.id, ownerEmail: staff.email }),
    );
    expect(refined.errors?.map((e) => [e.field, e.key])).toEqual([
      ["response", "error.responseNeedsStatus"],
      ["ownerEmail", "error.ownerTwice"],
    ]);
    const duplicate = await expectDeclared<Problem>("PATCH /api/v1/posts/{id}", await patchViaApi(postId, { status: "duplicate" }));
    expect(duplicate.errors).toEqual([expect.objectContaining({ field: "status", key: "error.statusInvalid" })]);
    expect(await expectDeclared<Problem>("PATCH /api/v1/posts/{id}", await patchViaApi(999_999, { kind: "bug" }))).toMatchObject({ status: 404 });
  });

  it("ships with a response through the loop: followers get the same notice and email as from the triage form", async () => {
    const follower = await createUser({ displayName: "Fay Follower" });
    const viaForm = await createTestPost(customer, "Shipped from the form");
    const viaApi = await createTestPost(customer, "Shipped from the API");
    for (const postId of [viaForm, viaApi]) toggleVote(postId, follower);
    const response = "Shipped in **v2.3**.";
    const form = await callRoute(
      triageAction,
      makeRequest(`/posts/${viaForm}/triage`, { cookie: await sessionCookie(admin.id), form: { intent: "status", status: "shipped", response } }),
      { id: String(viaForm) },
    );
    expect(form.status).toBe(302);
    const post = await expectDeclared<Post>("PATCH /api/v1/posts/{id}", await patchViaApi(viaApi, { status: "shipped", response }));
    expect(post.status).toBe("shipped");

    const noticesOf = (postId: number) =>
      db()
        .select({ userId: notifications.userId, type: notifications.type, status: notifications.status })
        .from(notifications)
        .where(eq(notifications.postId, postId))
        .all()
        .sort((a, b) => a.userId - b.userId);
    const emailsOf = (postId: number) =>
      db()
        .select()
        .from(emailOutbox)
        .where(sql`json_extract(${emailOutbox.payload}, '$.postId') = ${postId}`)
        .all()
        .map((row) => {
          const { postId: _p, title: _t, ...payload } = JSON.parse(row.payload) as Record<string, unknown>;
          return { userId: row.userId, template: row.template, payload };
        })
        .sort((a, b) => a.userId - b.userId);
    expect(noticesOf(viaApi)).toEqual(noticesOf(viaForm));
    expect(noticesOf(viaApi)).toEqual([
      { userId: customer.id, type: "status_change", status: "shipped" },
      { userId: follower.id, type: "status_change", status: "shipped" },
    ]);
    expect(emailsOf(viaApi)).toEqual(emailsOf(viaForm));
    expect(emailsOf(viaApi).map((e) => [e.userId, e.template, e.payload.responseHtml])).toEqual([
      [customer.id, "status_change", expect.stringContaining("<strong>v2.3</strong>")],
      [follower.id, "status_change", expect.stringContaining("<strong>v2.3</strong>")],
    ]);
    const history = db().select().from(statusChanges).where(eq(statusChanges.postId, viaApi)).all();
    expect(history.map((h) => [h.fromStatus, h.toStatus, h.actorId, h.responseMd])).toEqual([["open", "shipped", admin.id, response]]);

    // The same status again without a response changes nothing and tells nobody.
    await expectDeclared<Post>("PATCH /api/v1/posts/{id}", await patchViaApi(viaApi, { status: "shipped" }));
    expect(db().select().from(statusChanges).where(eq(statusChanges.postId, viaApi)).all()).toHaveLength(1);
    expect(noticesOf(viaApi)).toHaveLength(2);
  });
});

describe("merging", () => {
  it("merges through the merge service: votes move, voters are told, the post says where it went", async () => {
    const voter = await createUser({ displayName: "Mo Voter" });
    const target = await createTestPost(await someone(), "Export to Excel");
    const source = await createTestPost(staff, "Excel export");
    toggleVote(source, voter);
    const merged = await expectDeclared<Post>("POST /api/v1/posts/{id}/merge", await mergeViaApi(source, { into: target }));
    expect(merged).toMatchObject({ id: source, mergedIntoId: target, status: "duplicate", voteCount: 0 });
    expect(postRow(target).voteCount).toBe(3);
    expect(
      db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.postId, source), eq(notifications.type, "merged")))
        .all()
        .map((n) => n.userId),
    ).toEqual(expect.arrayContaining([voter.id]));
  });

  it("names the `into` field in its refusals; an unknown post is 404", async () => {
    const post = await createTestPost(await someone(), "Merge refusals");
    const self = await expectDeclared<Problem>("POST /api/v1/posts/{id}/merge", await mergeViaApi(post, { into: post }));
    expect(self).toMatchObject({ status: 400, key: "error.mergeSelf", errors: [{ field: "into" }] });
    const unknown = await expectDeclared<Problem>("POST /api/v1/posts/{id}/merge", await mergeViaApi(post, { into: 999_999 }));
    expect(unknown).toMatchObject({ key: "error.mergeTargetUnknown", errors: [{ field: "into" }] });
    const invalid = await expectDeclared<Problem>("POST /api/v1/posts/{id}/merge", await mergeViaApi(post, { into: "seven" }));
    expect(invalid.errors?.map((e) => e.field)).toEqual(["into"]);
    expect(await expectDeclared<Problem>("POST /api/v1/posts/{id}/merge", await mergeViaApi(999_999, { into: post }))).toMatchObject({ status: 404 });
    expect(postRow(post).mergedIntoId).toBeNull();
  });
});

describe("the changelog", () => {
  it("lists published entries newest first with their post ids, a page at a time; drafts are left out", async () => {
    const first = await createTestPost(await someone(), "Changelog idea one");
    const second = await createTestPost(await someone(), "Changelog idea two");
    const published: number[] = [];
    for (const [i, postIds] of [[first], [second, first], []].entries()) {
      const saved = await saveEntry(null, { title: `Release ${i}`, body: `Notes **${i}**`, postIds }, admin);
      if (!saved.ok) throw new Error("saveEntry");
      publishEntry(saved.value.entryId, admin, Date.now() + i);
      published.push(saved.value.entryId);
    }
    await saveEntry(null, { title: "A draft", body: "", postIds: [] }, admin);
    const entries = await walk<Entry>(async (cursor) =>
      expectDeclared<Page<Entry>>(
        "GET /api/v1/changelog",
        await run(changelogRoute.loader, apiRequest("GET", `/api/v1/changelog?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { key: readKey })),
      ),
    );
    expect(entries.map((e) => e.id)).toEqual([...published].reverse());
    expect(entries.map((e) => e.postIds.sort((a, b) => a - b))).toEqual([[], [first, second].sort((a, b) => a - b), [first]]);
    expect(entries[2].publishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe("paths the API does not have", () => {
  it("answers any other /api path, and a method a path does not take, with a problem, not the HTML page", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const handler = method === "GET" ? notFoundRoute.loader : notFoundRoute.action;
      const res = await run(handler, apiRequest(method, "/api/v1/nothing-here"), { "*": "v1/nothing-here" });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(await res.json()).toMatchObject({ key: "error.notFound", status: 404 });
    }
    const getMerge = await run(mergeRoute.loader, apiRequest("GET", "/api/v1/posts/1/merge"), { id: "1" });
    expect(getMerge.status).toBe(405);
    expect(getMerge.headers.get("allow")).toBe("POST");
    const deleteBoards = await run(boardsRoute.action, apiRequest("DELETE", "/api/v1/boards"));
    expect(deleteBoards.status).toBe(405);
    const putPost = await run(postRoute.action, apiRequest("PUT", "/api/v1/posts/1", { body: {} }), { id: "1" });
    expect([putPost.status, putPost.headers.get("allow")]).toEqual([405, "GET, PATCH"]);
  });
});

describe("the document", () => {
  it("has had every operation tagged Boards, Posts or Changelog called and its answers checked", () => {
    expect(operationsTagged("Boards", "Posts", "Changelog").length).toBe(7);
    expect(operationsTagged("Boards", "Posts", "Changelog").filter((op) => !exercised.has(op))).toEqual([]);
  });
});
