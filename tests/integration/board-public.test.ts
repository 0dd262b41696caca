// Issue 12, the public board and notifications: open ideas by default and closed ones
// one tab away and not votable, the board list and filters, authors and "team replied",
// kinds for staff unless made public, and notifications that name who did what, group
// repeats and clear when the idea is opened.
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/db/client.server";
import { notifications, posts } from "~/db/schema";
import { insertTag, replacePostTags } from "~/models/tags.server";
import { writeSettings } from "~/models/settings.server";
import { loader as indexLoader } from "~/routes/_index";
import { loader as boardLoader } from "~/routes/b.$slug";
import { loader as postLoader } from "~/routes/posts.$id";
import { action as voteAction } from "~/routes/posts.$id_.vote";
import { loader as notificationsLoader } from "~/routes/notifications";
import { loader as latestLoader } from "~/routes/notifications_.latest";
import { action as settingsAction } from "~/routes/admin.settings";
import { addComment } from "~/services/comments.server";
import { changeStatus } from "~/services/loop.server";
import type { Listing } from "~/services/posts.server";
import type { NotificationGroup } from "~/services/notifications.server";
import { isClosedStatus } from "~/db/enums";
import { formatRelative } from "~/i18n";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let admin: SessionUser;
let staff: SessionUser;
let sara: SessionUser;
let omar: SessionUser;
let carla: SessionUser;
let adminCookie: string;
let staffCookie: string;
let carlaCookie: string;
let openId: number;
let plannedId: number;
let shippedId: number;
let declinedId: number;

async function listing(path: string, cookie?: string): Promise<Listing> {
  const res = await callRoute(indexLoader, makeRequest(path, { cookie }));
  expect(res.status).toBe(200);
  return res.data as Listing;
}

const titles = (l: Listing) => l.posts.map((p) => p.title);

async function comment(postId: number, author: SessionUser, body: string) {
  const done = await addComment(postId, { body }, author);
  if (!done.ok) throw new Error(done.error);
  return done.value.commentId;
}

beforeAll(async () => {
  ({ admin } = await seedSite());
  staff = await createUser({ role: "staff", displayName: "Stella Staff" });
  sara = await createUser({ displayName: "Sara Ahmadi" });
  omar = await createUser({ displayName: "Omar" });
  carla = await createUser({ displayName: "Carla" });
  adminCookie = await sessionCookie(admin.id);
  staffCookie = await sessionCookie(staff.id);
  carlaCookie = await sessionCookie(carla.id);
  openId = await createTestPost(carla, "Open: dark mode");
  plannedId = await createTestPost(sara, "Planned: CSV export");
  shippedId = await createTestPost(sara, "Shipped: SSO login");
  declinedId = await createTestPost(omar, "Declined: fax support");
  for (const [id, status] of [
    [plannedId, "planned"],
    [shippedId, "shipped"],
    [declinedId, "declined"],
  ] as const) {
    const changed = await changeStatus(id, status, status === "shipped" ? "It is **live** for everyone." : "", staff);
    expect(changed.ok).toBe(true);
  }
});

describe("open and closed ideas", () => {
  it("lists open statuses by default and shipped and declined ones under ?state=closed", async () => {
    expect(isClosedStatus("shipped") && isClosedStatus("declined") && !isClosedStatus("planned")).toBe(true);
    const open = await listing("/");
    expect(open.state).toBe("open");
    expect(titles(open)).toEqual(expect.arrayContaining(["Open: dark mode", "Planned: CSV export"]));
    expect(titles(open)).not.toContain("Shipped: SSO login");
    expect(titles(open)).not.toContain("Declined: fax support");

    const closed = await listing("/?state=closed");
    expect(closed.state).toBe("closed");
    expect(titles(closed).sort()).toEqual(["Declined: fax support", "Shipped: SSO login"]);
    // The board list counts what the current view holds.
    expect(closed.boards[0].count).toBe(2);
    expect(open.boards[0].count).toBe(2);

    // A status filter picks its own view; a board page filters the same way.
    expect(titles(await listing("/?status=shipped"))).toEqual(["Shipped: SSO login"]);
    const board = await callRoute(boardLoader, makeRequest("/b/feedback?state=closed"), { slug: "feedback" });
    expect(titles(board.data as Listing).sort()).toEqual(["Declined: fax support", "Shipped: SSO login"]);
  });

  it("refuses a vote on a shipped or declined idea with 403 and error.votingClosed, and says why on the button", async () => {
    for (const id of [shippedId, declinedId]) {
      const res = await callRoute(voteAction, makeRequest(`/posts/${id}/vote`, { cookie: carlaCookie, form: { redirectTo: "/", via: "fetcher" } }), {
        id: String(id),
      });
      expect(res.status).toBe(403);
      expect(res.data).toMatchObject({ error: { "": ["error.votingClosed"] } });
    }
    // Nor can its author take back the vote they gave when posting: the count is final.
    const unvote = await callRoute(voteAction, makeRequest(`/posts/${shippedId}/vote`, { cookie: await sessionCookie(sara.id), form: { redirectTo: "/" } }), {
      id: String(shippedId),
    });
    expect(unvote.status).toBe(403);
    expect(getDb().select({ n: posts.voteCount }).from(posts).where(eq(posts.id, shippedId)).get()!.n).toBe(1);

    const closed = await listing("/?state=closed", carlaCookie);
    expect(closed.posts.every((p) => p.voteRefusal === "error.votingClosed")).toBe(true);
    const open = await listing("/", carlaCookie);
    expect(open.posts.every((p) => p.voteRefusal === null)).toBe(true);

    const page = await callRoute(postLoader, makeRequest(`/posts/${shippedId}`, { cookie: carlaCookie }), { id: String(shippedId) });
    expect(page.data).toMatchObject({ can: { vote: true, voteRefusal: "error.votingClosed" } });
    const openPage = await callRoute(postLoader, makeRequest(`/posts/${openId}`, { cookie: carlaCookie }), { id: String(openId) });
    expect(openPage.data).toMatchObject({ can: { vote: true, voteRefusal: null } });

    // An open idea still takes votes.
    const ok = await callRoute(voteAction, makeRequest(`/posts/${openId}/vote`, { cookie: staffCookie, form: { redirectTo: "/", via: "fetcher" } }), {
      id: String(openId),
    });
    expect(ok.data).toMatchObject({ voted: true });
  });
});

describe("rows and filters", () => {
  it("names the author, marks ideas the team answered, and gives the server's clock for relative dates", async () => {
    const before = Date.now();
    const open = await listing("/");
    const planned = open.posts.find((p) => p.id === plannedId)!;
    expect(planned.authorName).toBe("Sara Ahmadi");
    expect(planned.teamReplied).toBe(false);
    expect(open.now).toBeGreaterThanOrEqual(before);

    // A public staff comment is a team reply; a customer's is not.
    await comment(openId, omar, "Me too");
    expect((await listing("/")).posts.find((p) => p.id === openId)!.teamReplied).toBe(false);
    await comment(openId, staff, "We are looking at this.");
    expect((await listing("/")).posts.find((p) => p.id === openId)!.teamReplied).toBe(true);
    // The thread marks the team's comment (its author's role goes to the page, for the badge).
    const thread = await callRoute(postLoader, makeRequest(`/posts/${openId}`), { id: String(openId) });
    expect((thread.data as { comments: { authorName: string; authorRole: string }[] }).comments.map((c) => [c.authorName, c.authorRole])).toEqual([
      ["Omar", "customer"],
      ["Stella Staff", "staff"],
    ]);
    // An official response is one too.
    expect((await listing("/?state=closed")).posts.find((p) => p.id === shippedId)!.teamReplied).toBe(true);
    expect((await listing("/?state=closed")).posts.find((p) => p.id === declinedId)!.teamReplied).toBe(false);

    expect(formatRelative("en", Date.now() - 3 * 86_400_000, Date.now())).toBe("3 days ago");
    expect(formatRelative("en", Date.now() - 86_400_000, Date.now())).toBe("yesterday");
    expect(formatRelative("en", Date.now(), Date.now())).toBe("now");
    expect(formatRelative("ar", Date.now() - 3 * 86_400_000, Date.now())).toContain("٣");
  });

  it("filters by tag and by the viewer's own ideas and votes", async () => {
    const tag = insertTag({ name: "Reports", color: "#0369a1" });
    transaction((db) => replacePostTags(db, plannedId, [tag.id]));
    const tagged = await listing(`/?tag=${tag.id}`);
    expect(titles(tagged)).toEqual(["Planned: CSV export"]);
    expect(tagged.tags.map((t) => t.name)).toContain("Reports");

    expect(titles(await listing("/?mine=ideas", carlaCookie))).toEqual(["Open: dark mode"]);
    // Staff voted for the open idea above; their own votes list only it.
    expect(titles(await listing("/?mine=votes", staffCookie))).toEqual(["Open: dark mode"]);
    // A visitor has no ideas of their own: the filter is ignored.
    expect((await listing("/?mine=ideas")).posts.length).toBeGreaterThan(1);
  });
});

describe("kinds", () => {
  it("are shown to staff only, unless the admin turns on showKindsPublicly", async () => {
    getDb().update(posts).set({ kind: "bug" }).where(eq(posts.id, openId)).run();
    const kindOf = (l: Listing) => l.posts.find((p) => p.id === openId)!.kind;

    const customer = await listing("/", carlaCookie);
    expect(customer.showKinds).toBe(false);
    expect(kindOf(customer)).toBeNull();
    // A kind filter is ignored too: its results would give the label away.
    expect(titles(await listing("/?kind=feature_request", carlaCookie))).toContain("Open: dark mode");
    const page = await callRoute(postLoader, makeRequest(`/posts/${openId}`, { cookie: carlaCookie }), { id: String(openId) });
    expect(page.data).toMatchObject({ post: { kind: null }, can: { seeKinds: false } });

    const asStaff = await listing("/", staffCookie);
    expect(asStaff.showKinds).toBe(true);
    expect(kindOf(asStaff)).toBe("bug");

    const saved = await callRoute(
      settingsAction,
      makeRequest("/admin/settings", { cookie: adminCookie, form: { intent: "loop", showKindsPublicly: "on", notice_shipped: "on" } }),
    );
    expect(saved.status).toBe(302);
    expect(kindOf(await listing("/", carlaCookie))).toBe("bug");
    expect(kindOf(await listing("/"))).toBe("bug");
    writeSettings({ showKindsPublicly: "0", noticeStatuses: "planned,in_progress,shipped,declined" });
    expect(kindOf(await listing("/"))).toBeNull();
  });
});

describe("notifications", () => {
  it("name who did what with an excerpt, group repeated comments on one idea, and clear when the idea is opened", async () => {
    const reader = await createUser({ displayName: "Reader" });
    const readerCookie = await sessionCookie(reader.id);
    const postId = await createTestPost(reader, "Keyboard shortcuts");
    const otherId = await createTestPost(reader, "Webhooks");
    await comment(postId, sara, "Please add **j/k** navigation like Gmail.");
    await comment(postId, omar, "And `?` for help");
    await comment(postId, sara, "Also `/` to search, please.");
    await comment(otherId, omar, "Slack webhooks would be great");
    const shipped = await changeStatus(otherId, "shipped", "Webhooks are **live** in Settings.", staff);
    expect(shipped.ok).toBe(true);

    const res = await callRoute(notificationsLoader, makeRequest("/notifications", { cookie: readerCookie }));
    const { items, unread } = res.data as { items: NotificationGroup[]; unread: number };
    expect(unread).toBe(5);
    expect(items).toHaveLength(3);
    const [status, webhookComment, grouped] = items;
    expect(status).toMatchObject({ type: "status_change", status: "shipped", postId: otherId, count: 1, excerpt: "Webhooks are live in Settings." });
    expect(webhookComment).toMatchObject({ type: "comment", postId: otherId, count: 1, actorNames: ["Omar"], excerpt: "Slack webhooks would be great" });
    expect(grouped).toMatchObject({ type: "comment", postId, count: 3, actorNames: ["Sara Ahmadi", "Omar"], excerpt: "Also / to search, please." });
    expect(grouped.ids).toHaveLength(3);

    // The bell's dropdown gets the same rows.
    const latest = await callRoute(latestLoader, makeRequest("/notifications/latest", { cookie: readerCookie }));
    expect((latest.data as { items: NotificationGroup[] }).items.map((n) => n.count)).toEqual([1, 1, 3]);

    // Opening the idea reads its notifications (one UPDATE), and the page sends the new count.
    const page = await callRoute(postLoader, makeRequest(`/posts/${postId}`, { cookie: readerCookie }), { id: String(postId) });
    expect(page.data).toMatchObject({ unreadNotifications: 2 });
    const unreadOf = (id: number) =>
      getDb()
        .select({ n: sql<number>`count(*)` })
        .from(notifications)
        .where(and(eq(notifications.userId, reader.id), eq(notifications.postId, id), isNull(notifications.readAt)))
        .get()!.n;
    expect(unreadOf(postId)).toBe(0);
    expect(unreadOf(otherId)).toBe(2);
    // Someone else opening it reads nothing of the reader's.
    await callRoute(postLoader, makeRequest(`/posts/${otherId}`, { cookie: carlaCookie }), { id: String(otherId) });
    expect(unreadOf(otherId)).toBe(2);
    // A visitor's page view writes nothing.
    const anonymous = await callRoute(postLoader, makeRequest(`/posts/${otherId}`), { id: String(otherId) });
    expect(anonymous.data).toMatchObject({ unreadNotifications: null });

    const after = (await callRoute(notificationsLoader, makeRequest("/notifications", { cookie: readerCookie }))).data as { items: NotificationGroup[] };
    expect(after.items.find((n) => n.postId === postId)!.readAt).not.toBeNull();
  });
});
