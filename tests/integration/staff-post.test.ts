// The staff post page (issue 12): the sidebar's payload and its intents, the activity
// feed, the idea picker's search, the status change that notifies (and its count), and
// "Add to a changelog draft"; through the real routes and services.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { changelogEntries, changelogPosts, notifications, posts } from "~/db/schema";
import { insertBoard } from "~/models/boards.server";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import { loader as postLoader } from "~/routes/posts.$id";
import { loader as pickLoader } from "~/routes/posts.pick";
import { action as changelogEntryAction } from "~/routes/admin.changelog_.$id";
import { addComment } from "~/services/comments.server";
import { saveEntry } from "~/services/changelog.server";
import { mergePosts } from "~/services/merge.server";
import { postSidebar, type ActivityItem, type PostSidebarData } from "~/services/staff-post.server";
import { toggleVote } from "~/services/votes.server";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let admin: SessionUser;
let staff: SessionUser;
let customer: SessionUser;
let staffCookie: string;
let customerCookie: string;

beforeAll(async () => {
  ({ admin } = await seedSite());
  staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  customer = await createUser({ displayName: "Cora Customer" });
  staffCookie = await sessionCookie(staff.id);
  customerCookie = await sessionCookie(customer.id);
});

const db = () => getDb();
const postRow = (id: number) => db().select().from(posts).where(eq(posts.id, id)).get()!;
const triage = (postId: number, cookie: string | undefined, form: Record<string, string>) =>
  callRoute(triageAction, makeRequest(`/posts/${postId}/triage`, { cookie, form }), { id: String(postId) });
const page = async (postId: number, cookie?: string) =>
  (await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie }), { id: String(postId) })).data as {
    sidebar: PostSidebarData | null;
    activity: ActivityItem[] | null;
    comments: { authorRole: string }[];
  };
const pick = (query: string, cookie?: string) => callRoute(pickLoader, makeRequest(`/posts/pick?${query}`, { cookie }));

describe("the sidebar", () => {
  it("gives staff every property in one payload, and nobody else anything", async () => {
    const postId = await createTestPost(customer, "Sidebar payload idea");
    const voter = await createUser({ displayName: "Vera Voter" });
    await toggleVote(postId, voter);

    const sidebar = (await page(postId, staffCookie)).sidebar!;
    expect(sidebar).toMatchObject({
      postId,
      status: "open",
      kind: null,
      ownerId: null,
      voterCount: 2,
      followers: 2,
      notifyCount: 2,
      authorName: "Cora Customer",
      mergedIntoId: null,
      canBanAuthor: true,
    });
    expect(sidebar.voterNames).toEqual(expect.arrayContaining(["Vera Voter", "Cora Customer"]));
    expect(sidebar.owners.map((o) => o.name)).toEqual(expect.arrayContaining(["Sam Staff", "Admin"]));
    expect(sidebar.owners.map((o) => o.name)).not.toContain("Cora Customer");
    expect(sidebar.notifyStatuses).toEqual(["planned", "in_progress", "shipped", "declined"]);

    const asCustomer = await page(postId, customerCookie);
    expect(asCustomer.sidebar).toBeNull();
    expect(asCustomer.activity).toBeNull();
    expect((await page(postId)).sidebar).toBeNull();
    expect(postSidebar(postId, customer)).toEqual({ ok: false, error: "error.notFound" });
  });

  it("sets the owner (staff only, and only to a member of the team) and the board", async () => {
    const postId = await createTestPost(customer, "Owner idea");
    const set = await triage(postId, staffCookie, { intent: "owner", ownerId: String(admin.id) });
    expect(set.status).toBe(302);
    expect(postRow(postId).ownerId).toBe(admin.id);

    const toCustomer = await triage(postId, staffCookie, { intent: "owner", ownerId: String(customer.id) });
    expect(toCustomer.status).toBe(400);
    expect(toCustomer.data).toMatchObject({ intent: "owner", reply: { error: { ownerId: ["error.ownerInvalid"] } } });
    expect(postRow(postId).ownerId).toBe(admin.id);

    expect((await triage(postId, customerCookie, { intent: "owner", ownerId: String(customer.id) })).status).toBe(403);
    expect((await triage(postId, undefined, { intent: "owner", ownerId: String(staff.id) })).status).toBe(404);
    expect(postRow(postId).ownerId).toBe(admin.id);

    expect((await triage(postId, staffCookie, { intent: "owner", ownerId: "" })).status).toBe(302);
    expect(postRow(postId).ownerId).toBeNull();

    const other = insertBoard({ slug: "mobile", name: "Mobile", description: "" });
    expect((await triage(postId, staffCookie, { intent: "board", boardId: String(other.id) })).status).toBe(302);
    expect(postRow(postId).boardId).toBe(other.id);
    const unknown = await triage(postId, staffCookie, { intent: "board", boardId: "999999" });
    expect(unknown.data).toMatchObject({ reply: { error: { boardId: ["error.boardUnknown"] } } });
  });

  it("answers a fetcher with JSON and a plain form with a redirect back to the page it came from", async () => {
    const postId = await createTestPost(customer, "Redirect idea");
    const viaFetcher = await triage(postId, staffCookie, { intent: "kind", kind: "bug", via: "fetcher" });
    expect(viaFetcher).toMatchObject({ status: 200, data: { intent: "kind", ok: true } });

    const plain = await triage(postId, staffCookie, { intent: "kind", kind: "feature_request" });
    expect(plain.status).toBe(302);
    expect(plain.location).toBe(`/posts/${postId}#staff`);

    const fromInbox = await triage(postId, staffCookie, { intent: "tags", redirectTo: `/admin?post=${postId}` });
    expect(fromInbox.location).toBe(`/admin?post=${postId}`);
    const offSite = await triage(postId, staffCookie, { intent: "kind", kind: "bug", redirectTo: "//evil.test/x" });
    expect(offSite.location).toBe(`/posts/${postId}#staff`);
    expect(postRow(postId).kind).toBe("bug");
  });
});

describe("the status composer", () => {
  it("counts exactly the people a notifying status change reaches", async () => {
    const postId = await createTestPost(customer, "Notify count idea");
    for (const name of ["V1", "V2", "V3"]) await toggleVote(postId, await createUser({ displayName: name }));
    // The staff member changing the status is not counted, even when following.
    await toggleVote(postId, staff);
    const { notifyCount } = (await page(postId, staffCookie)).sidebar!;
    expect(notifyCount).toBe(4);

    const before = db()
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(eq(notifications.postId, postId))
      .get()!.n;
    expect((await triage(postId, staffCookie, { intent: "status", status: "planned", response: "On the roadmap." })).status).toBe(302);
    const after = db()
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(eq(notifications.postId, postId))
      .get()!.n;
    expect(after - before).toBe(notifyCount);
  });

  it("adds a shipped idea to the newest changelog draft, starting one when there is none", async () => {
    const first = await createTestPost(customer, "Export to CSV");
    const second = await createTestPost(customer, "Import from CSV");
    const third = await createTestPost(customer, "Planned only");
    db()
      .delete(changelogEntries)
      .where(sql`${changelogEntries.publishedAt} is null`)
      .run();

    expect((await triage(first, staffCookie, { intent: "status", status: "shipped", response: "Done", addToChangelog: "on" })).status).toBe(302);
    const drafts = db()
      .select()
      .from(changelogEntries)
      .where(sql`${changelogEntries.publishedAt} is null`)
      .all();
    expect(drafts).toHaveLength(1);
    expect(drafts[0].title).toBe("Export to CSV");
    expect(postRow(first).status).toBe("shipped");

    expect((await triage(second, staffCookie, { intent: "status", status: "shipped", addToChangelog: "on", via: "fetcher" })).status).toBe(200);
    // Only "shipped" adds to the changelog; the box is ignored for any other status.
    expect((await triage(third, staffCookie, { intent: "status", status: "planned", addToChangelog: "on" })).status).toBe(302);
    const linked = db().select().from(changelogPosts).where(eq(changelogPosts.entryId, drafts[0].id)).all();
    expect(linked.map((l) => l.postId).sort((a, b) => a - b)).toEqual([first, second]);
    expect(
      db()
        .select()
        .from(changelogEntries)
        .where(sql`${changelogEntries.publishedAt} is null`)
        .all(),
    ).toHaveLength(1);

    // A refused change adds nothing.
    const again = await triage(first, staffCookie, { intent: "status", status: "shipped", addToChangelog: "on" });
    expect(again.data).toMatchObject({ reply: { error: { status: ["error.statusUnchanged"] } } });
  });
});

describe("the activity feed", () => {
  it("puts comments, status changes, merges, on-behalf votes and internal notes in time order, for staff only", async () => {
    const postId = await createTestPost(customer, "Feed idea");
    const duplicate = await createTestPost(customer, "Feed idea again");
    await addComment(postId, { body: "First comment" }, customer);
    await triage(postId, staffCookie, { intent: "note", body: "Internal: ACME wants this" });
    await triage(postId, staffCookie, { intent: "status", status: "under_review", response: "" });
    await triage(postId, staffCookie, { intent: "onBehalf", email: "lina@acme.test", note: "ACME call" });
    expect(mergePosts(duplicate, postId, staff).ok).toBe(true);
    await addComment(postId, { body: "Team answer" }, staff);

    const { activity, comments } = await page(postId, staffCookie);
    expect(activity!.map((item) => item.type)).toEqual(["comment", "note", "status", "vote", "merge", "comment"]);
    const times = activity!.map((item) => item.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(activity![3]).toMatchObject({ type: "vote", voterName: "lina", addedByName: "Sam Staff", note: "ACME call" });
    expect(activity![4]).toMatchObject({ type: "merge", sourcePostId: duplicate, sourceTitle: "Feed idea again" });
    // The Team badge: each comment says whether its author is on the team.
    expect(comments.map((c) => c.authorRole)).toEqual(["customer", "staff"]);

    const asCustomer = await page(postId, customerCookie);
    expect(JSON.stringify(asCustomer)).not.toContain("ACME wants this");
  });
});

describe("the idea picker", () => {
  it("is for staff only", async () => {
    expect((await pick("q=anything")).status).toBe(404);
    expect((await pick("q=anything", customerCookie)).status).toBe(403);
    expect((await pick("q=anything", staffCookie)).status).toBe(200);
  });

  it("finds ideas with the board's Arabic-aware search or by number, never the post being merged", async () => {
    const writer = await createUser({ displayName: "كاتب" });
    const arabic = await createTestPost(writer, "إضافة الوضع الليلي للتطبيق");
    const other = await createTestPost(writer, "الوضع الليلي في البريد");
    const found = async (query: string) => ((await pick(query, staffCookie)).data as { posts: { id: number }[] }).posts.map((p) => p.id);

    // Harakat and a different alef are normalised away, as on the board.
    expect(await found(`q=${encodeURIComponent("اضافة الوَضع")}`)).toEqual([arabic]);
    expect(await found(`q=${encodeURIComponent("الوضع الليلي")}`)).toEqual(expect.arrayContaining([arabic, other]));
    expect(await found(`q=${encodeURIComponent("الوضع الليلي")}&except=${arabic}`)).not.toContain(arabic);
    expect(await found(`q=${encodeURIComponent(`#${other}`)}`)).toEqual([other]);
    const arabicDigits = String(other).replace(/\d/g, (d) => "٠١٢٣٤٥٦٧٨٩"[Number(d)]);
    expect(await found(`q=${encodeURIComponent(arabicDigits)}`)).toEqual([other]);
    expect(await found("q=")).toEqual([]);
    expect(await found(`q=${encodeURIComponent('"AND OR (')}`)).toEqual([]);
  });
});

describe("the changelog editor", () => {
  it("previews the release note, rendered on the server, and gives the form back as typed", async () => {
    const saved = await saveEntry(null, { title: "Preview entry", body: "", postIds: [] }, staff);
    if (!saved.ok) throw new Error("no entry");
    const entryId = saved.value.entryId;
    const preview = await callRoute(
      changelogEntryAction,
      makeRequest(`/admin/changelog/${entryId}`, {
        cookie: staffCookie,
        form: { intent: "preview", title: "Typed title", body: "**Bold** <script>alert(1)</script>", postIds: "1, 2" },
      }),
      { id: String(entryId) },
    );
    expect(preview.status).toBe(200);
    const data = preview.data as { preview: { html: string; typed: { title: string; postIds: string } } };
    expect(data.preview.html).toContain("<strong>Bold</strong>");
    expect(data.preview.html).not.toContain("<script");
    expect(data.preview.typed).toMatchObject({ title: "Typed title", postIds: "1, 2" });
    const refused = await callRoute(
      changelogEntryAction,
      makeRequest(`/admin/changelog/${entryId}`, { cookie: customerCookie, form: { intent: "preview", body: "x" } }),
      { id: String(entryId) },
    );
    expect(refused.status).toBe(403);
  });
});
