import { and, eq } from "drizzle-orm";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { changelogEntries, emailOutbox, posts, statusChanges } from "~/db/schema";
import { insertBoard } from "~/models/boards.server";
import { setSubscription } from "~/models/subscriptions.server";
import { action as adminAction, loader as adminLoader } from "~/routes/admin.changelog";
import { action as entryAction, loader as entryLoader } from "~/routes/admin.changelog_.$id";
import { loader as changelogLoader } from "~/routes/changelog";
import { loader as rssLoader } from "~/routes/changelog[.]rss";
import { loader as roadmapLoader } from "~/routes/roadmap";
import type { SessionUser } from "~/services/auth.server";
import { changeStatus } from "~/services/loop.server";
import { castVote } from "~/services/votes.server";
import { entryForStaff } from "~/services/changelog.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const DAY = 24 * 3_600_000;

let staff: SessionUser;
let author: SessionUser;
let staffCookie: string;
let customerCookie: string;

beforeAll(async () => {
  await seedSite();
  staff = await createUser({ role: "staff", displayName: "Staff" });
  author = await createUser({ displayName: "Author" });
  staffCookie = await sessionCookie(staff.id);
  customerCookie = await sessionCookie((await createUser()).id);
});

async function moveTo(postId: number, status: "planned" | "in_progress" | "shipped") {
  const result = await changeStatus(postId, status, "", staff);
  if (!result.ok) throw new Error(`changeStatus failed: ${result.error}`);
}

type RoadmapData = { board: { slug: string } | null; columns: { status: string; posts: { id: number }[] }[] };
const columnIds = (data: unknown) => Object.fromEntries((data as RoadmapData).columns.map((c) => [c.status, c.posts.map((p) => p.id)]));

/** Creates a draft through the staff form and returns its id. */
async function createEntry(form: Record<string, string>): Promise<number> {
  const created = await callRoute(adminAction, makeRequest("/admin/changelog", { cookie: staffCookie, form }));
  expect(created.status).toBe(302);
  const match = /^\/admin\/changelog\/(\d+)$/.exec(created.location ?? "");
  expect(match).not.toBeNull();
  return Number(match![1]);
}

/** Posts the Publish button; `null` for a visitor who is not signed in. */
/** Publishes from the edit form, which sends the entry's fields along with the intent. */
function publish(entryId: number, cookie: string | null = staffCookie, edits: Record<string, string> = {}) {
  const current = entryForStaff(entryId);
  const fields = current
    ? { title: current.entry.title, body: current.entry.bodyMd, postIds: current.posts.map((p) => p.id).join(",") }
    : { title: "Anything", body: "", postIds: "" };
  return callRoute(entryAction, makeRequest(`/admin/changelog/${entryId}`, { cookie: cookie ?? undefined, form: { ...fields, ...edits, intent: "publish" } }), {
    id: String(entryId),
  });
}

describe("roadmap", () => {
  it("shows planned, in progress and recently shipped posts, filtered by board", async () => {
    insertBoard({ slug: "mobile", name: "Mobile", description: "" });
    const planned = await createTestPost(author, "Roadmap planned idea");
    const inProgress = await createTestPost(author, "Roadmap in progress idea");
    const shippedNow = await createTestPost(author, "Roadmap shipped today");
    const shippedRecently = await createTestPost(author, "Roadmap shipped 89 days ago");
    const shippedLongAgo = await createTestPost(author, "Roadmap shipped 91 days ago");
    const open = await createTestPost(author, "Roadmap still open idea");
    const mobilePlanned = await createTestPost(author, "Roadmap mobile planned idea", "", "mobile");
    await moveTo(planned, "planned");
    await moveTo(inProgress, "in_progress");
    for (const id of [shippedNow, shippedRecently, shippedLongAgo]) await moveTo(id, "shipped");
    await moveTo(mobilePlanned, "planned");
    const db = getDb();
    db.update(posts)
      .set({ shippedAt: Date.now() - 89 * DAY })
      .where(eq(posts.id, shippedRecently))
      .run();
    db.update(posts)
      .set({ shippedAt: Date.now() - 91 * DAY })
      .where(eq(posts.id, shippedLongAgo))
      .run();

    const all = await callRoute(roadmapLoader, makeRequest("/roadmap"));
    expect(all.status).toBe(200);
    const columns = columnIds(all.data);
    expect(Object.keys(columns)).toEqual(["planned", "in_progress", "shipped"]);
    expect(columns.planned).toEqual(expect.arrayContaining([planned, mobilePlanned]));
    expect(columns.in_progress).toContain(inProgress);
    expect(columns.shipped).toEqual(expect.arrayContaining([shippedNow, shippedRecently]));
    expect(columns.shipped).not.toContain(shippedLongAgo);
    const everywhere = [...columns.planned, ...columns.in_progress, ...columns.shipped];
    expect(everywhere).not.toContain(open);
    expect(columns.planned).not.toContain(inProgress);

    const mobile = await callRoute(roadmapLoader, makeRequest("/roadmap?board=mobile"));
    expect(mobile.status).toBe(200);
    expect((mobile.data as RoadmapData).board?.slug).toBe("mobile");
    expect(columnIds(mobile.data)).toEqual({ planned: [mobilePlanned], in_progress: [], shipped: [] });

    const feedback = columnIds((await callRoute(roadmapLoader, makeRequest("/roadmap?board=feedback"))).data);
    expect(feedback.planned).toContain(planned);
    expect(feedback.planned).not.toContain(mobilePlanned);

    // An empty choice in the board select means all boards.
    expect(columnIds((await callRoute(roadmapLoader, makeRequest("/roadmap?board="))).data)).toEqual(columns);
    expect((await callRoute(roadmapLoader, makeRequest("/roadmap?board=no-such-board"))).status).toBe(404);
  });
});

describe("staff changelog pages", () => {
  it("are hidden from visitors (404) and refused to customers (403)", async () => {
    const form = { title: "Sneaky entry", body: "", postIds: "" };
    for (const [cookie, status] of [
      [undefined, 404],
      [customerCookie, 403],
    ] as const) {
      expect((await callRoute(adminLoader, makeRequest("/admin/changelog", { cookie }))).status).toBe(status);
      expect((await callRoute(adminAction, makeRequest("/admin/changelog", { cookie, form }))).status).toBe(status);
    }
    expect(getDb().select().from(changelogEntries).where(eq(changelogEntries.title, "Sneaky entry")).all()).toEqual([]);

    const entryId = await createEntry({ title: "Guarded draft", body: "", postIds: "" });
    const params = { id: String(entryId) };
    for (const [cookie, status] of [
      [undefined, 404],
      [customerCookie, 403],
    ] as const) {
      expect((await callRoute(entryLoader, makeRequest(`/admin/changelog/${entryId}`, { cookie }), params)).status).toBe(status);
      expect((await publish(entryId, cookie ?? null)).status).toBe(status);
    }
    expect(getDb().select().from(changelogEntries).where(eq(changelogEntries.id, entryId)).get()?.publishedAt).toBeNull();
  });

  it("shows a field error for unknown or malformed post numbers and keeps what was typed", async () => {
    const unknown = await callRoute(
      adminAction,
      makeRequest("/admin/changelog", { cookie: staffCookie, form: { title: "Spring release", body: "Lots of fixes", postIds: "999999" } }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.data).toMatchObject({
      error: { postIds: ["changelog.error.postIdsUnknown"] },
      initialValue: { title: "Spring release", body: "Lots of fixes", postIds: "999999" },
    });

    const malformed = await callRoute(
      adminAction,
      makeRequest("/admin/changelog", { cookie: staffCookie, form: { title: "Spring release", postIds: "twelve" } }),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.data).toMatchObject({
      error: { postIds: ["changelog.error.postIdsInvalid"] },
      initialValue: { title: "Spring release", postIds: "twelve" },
    });

    const shortTitle = await callRoute(adminAction, makeRequest("/admin/changelog", { cookie: staffCookie, form: { title: "x", postIds: "" } }));
    expect(shortTitle.data).toMatchObject({ error: { title: ["error.titleTooShort"] }, initialValue: { title: "x" } });
    expect(getDb().select().from(changelogEntries).where(eq(changelogEntries.title, "Spring release")).all()).toEqual([]);
  });

  it("accepts post numbers in any digits and separators, and saves edits to a draft", async () => {
    const writer = await createUser(); // posting is rate-limited per author
    const a = await createTestPost(writer, "Digits post A");
    const b = await createTestPost(writer, "Digits post B");
    const arabic = (n: number) => String(n).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const entryId = await createEntry({ title: "نسخة الربيع", body: "", postIds: `${arabic(a)}، #${b}` });
    const page = await callRoute(entryLoader, makeRequest(`/admin/changelog/${entryId}`, { cookie: staffCookie }), { id: String(entryId) });
    expect(page.status).toBe(200);
    expect((page.data as { posts: { id: number }[] }).posts.map((p) => p.id).sort((x, y) => x - y)).toEqual([a, b]);

    const saved = await callRoute(
      entryAction,
      makeRequest(`/admin/changelog/${entryId}`, {
        cookie: staffCookie,
        form: { intent: "save", title: "Spring release notes", body: "Now *faster*", postIds: `#${b}` },
      }),
      { id: String(entryId) },
    );
    expect(saved).toMatchObject({ status: 302, location: `/admin/changelog/${entryId}?saved=1` });
    const row = getDb().select().from(changelogEntries).where(eq(changelogEntries.id, entryId)).get()!;
    expect(row).toMatchObject({ title: "Spring release notes", bodyMd: "Now *faster*", publishedAt: null });
    expect(row.bodyHtml).toContain("<em>faster</em>");

    expect((await callRoute(entryLoader, makeRequest("/admin/changelog/999999", { cookie: staffCookie }), { id: "999999" })).status).toBe(404);
    expect((await callRoute(entryLoader, makeRequest("/admin/changelog/abc", { cookie: staffCookie }), { id: "abc" })).status).toBe(404);
    expect((await publish(999999)).status).toBe(404);
  });
});

describe("publishing a changelog entry", () => {
  it("ships the linked posts, emails each voter once, and cannot be repeated", async () => {
    const writer = await createUser(); // posting is rate-limited per author
    const first = await createTestPost(writer, "Export to CSV");
    const second = await createTestPost(writer, "Export to PDF");
    await moveTo(first, "planned");
    await moveTo(second, "in_progress");
    const both = await createUser({ displayName: "Votes for both" });
    const unsubscribed = await createUser({ displayName: "Unsubscribed voter" });
    const onlySecond = await createUser({ displayName: "Votes for PDF" });
    castVote(first, both);
    castVote(second, both);
    castVote(first, unsubscribed);
    setSubscription(getDb(), first, unsubscribed.id, "unsubscribed");
    castVote(second, onlySecond);

    const entryId = await createEntry({ title: "Exports are nearly here", body: "You can now **export** your ideas.", postIds: `${first}, ${second}` });
    const draftList = await callRoute(changelogLoader, makeRequest("/changelog"));
    expect((draftList.data as { entries: { id: number }[] }).entries.map((e) => e.id)).not.toContain(entryId);

    const db = getDb();
    const outboxOf = (userId: number, template: "changelog" | "status_change") =>
      db
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.template, template)))
        .all();
    const statusEmailsBefore = outboxOf(both.id, "status_change").length;

    // Publishing from the form keeps the edit made just before it.
    const published = await publish(entryId, staffCookie, { title: "Exports are here" });
    expect(published).toMatchObject({ status: 302, location: `/changelog#entry-${entryId}` });

    for (const postId of [first, second]) {
      const post = db.select().from(posts).where(eq(posts.id, postId)).get()!;
      expect(post.status).toBe("shipped");
      expect(post.shippedAt).not.toBeNull();
      const change = db
        .select()
        .from(statusChanges)
        .where(and(eq(statusChanges.postId, postId), eq(statusChanges.toStatus, "shipped")))
        .all();
      expect(change).toHaveLength(1);
      expect(change[0]).toMatchObject({ responseMd: "You can now **export** your ideas.", actorId: staff.id });
      // The release note rendered when the entry was saved, not again for each post.
      expect(change[0].responseHtml).toBe(db.select().from(changelogEntries).where(eq(changelogEntries.id, entryId)).get()!.bodyHtml);
    }

    const bothEmails = outboxOf(both.id, "changelog");
    expect(bothEmails).toHaveLength(1);
    const payload = JSON.parse(bothEmails[0].payload) as { entryId: number; entryTitle: string; posts: { id: number; title: string }[] };
    expect(payload).toMatchObject({ entryId, entryTitle: "Exports are here" });
    expect(payload.posts.map((p) => p.id).sort((x, y) => x - y)).toEqual([first, second].sort((x, y) => x - y));
    expect(payload.posts.map((p) => p.title).sort()).toEqual(["Export to CSV", "Export to PDF"]);
    // The changelog email replaces the per-post status emails.
    expect(outboxOf(both.id, "status_change")).toHaveLength(statusEmailsBefore);

    const pdfEmails = outboxOf(onlySecond.id, "changelog");
    expect(pdfEmails).toHaveLength(1);
    expect((JSON.parse(pdfEmails[0].payload) as { posts: { id: number }[] }).posts.map((p) => p.id)).toEqual([second]);
    expect(outboxOf(unsubscribed.id, "changelog")).toEqual([]);
    expect(outboxOf(staff.id, "changelog")).toEqual([]);

    const changelogRowsBefore = db.select().from(emailOutbox).where(eq(emailOutbox.template, "changelog")).all().length;
    const again = await publish(entryId);
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ intent: "publish", reply: { error: { "": ["changelog.error.alreadyPublished"] } } });
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.template, "changelog")).all()).toHaveLength(changelogRowsBefore);
    expect(
      db
        .select()
        .from(statusChanges)
        .where(and(eq(statusChanges.postId, first), eq(statusChanges.toStatus, "shipped")))
        .all(),
    ).toHaveLength(1);

    const edit = await callRoute(
      entryAction,
      makeRequest(`/admin/changelog/${entryId}`, { cookie: staffCookie, form: { intent: "save", title: "Rewritten history", body: "", postIds: "" } }),
      { id: String(entryId) },
    );
    expect(edit.status).toBe(409);
    expect(db.select().from(changelogEntries).where(eq(changelogEntries.id, entryId)).get()?.title).toBe("Exports are here");

    const publicPage = await callRoute(changelogLoader, makeRequest("/changelog"));
    const entry = (publicPage.data as { entries: { id: number; title: string; posts: { id: number }[] }[]; canWrite: boolean }).entries.find(
      (e) => e.id === entryId,
    );
    expect(entry?.title).toBe("Exports are here");
    expect(entry?.posts.map((p) => p.id).sort((x, y) => x - y)).toEqual([first, second].sort((x, y) => x - y));
    expect((publicPage.data as { canWrite: boolean }).canWrite).toBe(false);
    expect(((await callRoute(changelogLoader, makeRequest("/changelog", { cookie: staffCookie }))).data as { canWrite: boolean }).canWrite).toBe(true);
  });
});

describe("changelog RSS feed", () => {
  it("is well-formed RSS 2.0 with escaped titles and the entry HTML", async () => {
    const title = `Fix <script>&" ]]> in titles`;
    const entryId = await createEntry({ title, body: "See [the idea](/posts/1) and `a ]]> b`.", postIds: "" });
    expect((await publish(entryId)).status).toBe(302);
    // The sanitiser never emits a raw "]]>", but the feed must not depend on that: plant one.
    const raw = await createEntry({ title: "Raw HTML entry", body: "", postIds: "" });
    expect((await publish(raw)).status).toBe(302);
    getDb().update(changelogEntries).set({ bodyHtml: "<p>before ]]> after</p>" }).where(eq(changelogEntries.id, raw)).run();
    const draftId = await createEntry({ title: "Unpublished draft entry", body: "", postIds: "" });

    const response = (await rssLoader()) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const xml = await response.text();

    const doc = new new JSDOM().window.DOMParser().parseFromString(xml, "application/xml");
    expect(doc.getElementsByTagName("parsererror")).toHaveLength(0);
    expect(doc.documentElement.nodeName).toBe("rss");
    expect(doc.documentElement.getAttribute("version")).toBe("2.0");
    const channel = doc.querySelector("channel")!;
    expect(channel.querySelector(":scope > title")?.textContent).toBe("Test board");
    expect(channel.querySelector(":scope > link")?.textContent).toMatch(/^https?:\/\/.+\/changelog$/);
    expect(channel.querySelector(":scope > description")?.textContent).toBeTruthy();

    const items = [...doc.querySelectorAll("item")];
    const item = items.find((i) => i.querySelector("guid")?.textContent === `closeloop-changelog-${entryId}`)!;
    expect(item).toBeDefined();
    expect(item.querySelector("title")?.textContent).toBe(title);
    expect(item.querySelector("guid")?.getAttribute("isPermaLink")).toBe("false");
    expect(item.querySelector("link")?.textContent).toMatch(new RegExp(`/changelog#entry-${entryId}$`));
    const row = getDb().select().from(changelogEntries).where(eq(changelogEntries.id, entryId)).get()!;
    expect(item.querySelector("pubDate")?.textContent).toBe(new Date(row.publishedAt!).toUTCString());
    const description = item.querySelector("description")?.textContent ?? "";
    expect(description).toContain("<code>a ]]&gt; b</code>");
    expect(description).toMatch(/href="https?:\/\/[^"]+\/posts\/1"/);
    expect(xml).not.toContain("<script>");
    const rawItem = items.find((i) => i.querySelector("guid")?.textContent === `closeloop-changelog-${raw}`);
    expect(rawItem?.querySelector("description")?.textContent).toBe("<p>before ]]> after</p>");
    expect(items.some((i) => i.querySelector("guid")?.textContent === `closeloop-changelog-${draftId}`)).toBe(false);
  });
});
