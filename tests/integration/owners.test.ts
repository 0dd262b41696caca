// Owners, the inner loop (issue 13): assigning a post to a member of the team tells them
// in-app who did it (never when they take it themselves), and the triage inbox's "Mine"
// and "Unassigned" filters show what each of them looks after.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { notifications } from "~/db/schema";
import { loader as inboxLoader } from "~/routes/admin._index";
import { loader as latestLoader } from "~/routes/notifications_.latest";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let sara: SessionUser;
let omar: SessionUser;
let customer: SessionUser;
let saraCookie = "";
let omarCookie = "";

beforeAll(async () => {
  await seedSite();
  sara = await createUser({ role: "staff", displayName: "Sara" });
  omar = await createUser({ role: "admin", displayName: "Omar" });
  customer = await createUser({ displayName: "Cora" });
  saraCookie = await sessionCookie(sara.id);
  omarCookie = await sessionCookie(omar.id);
});

const assign = (postId: number, cookie: string, ownerId: number | "") =>
  callRoute(triageAction, makeRequest(`/posts/${postId}/triage`, { cookie, form: { intent: "owner", ownerId: String(ownerId) } }), { id: String(postId) });
const assignedNotices = (userId: number, postId: number) =>
  getDb()
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.postId, postId), eq(notifications.type, "assigned")))
    .all();

type Latest = { items: { type: string; postTitle: string; actorNames: string[]; readAt: number | null }[]; unread: number };

describe("assigning a post", () => {
  it("tells the new owner in-app who assigned it, once, in the same change", async () => {
    const postId = await createTestPost(customer, "Export to CSV");
    expect((await assign(postId, saraCookie, omar.id)).status).toBe(302);
    const [notice] = assignedNotices(omar.id, postId);
    expect(notice).toMatchObject({ type: "assigned", actorId: sara.id, readAt: null });

    // The bell names who did it.
    const latest = (await callRoute(latestLoader, makeRequest("/notifications/latest", { cookie: omarCookie }))).data as Latest;
    expect(latest.items[0]).toMatchObject({ type: "assigned", postTitle: "Export to CSV", actorNames: ["Sara"] });
    expect(latest.unread).toBeGreaterThanOrEqual(1);

    // Saving the same owner again is no new assignment.
    await assign(postId, saraCookie, omar.id);
    expect(assignedNotices(omar.id, postId)).toHaveLength(1);
  });

  it("tells nobody when you take a post yourself, or when the owner is cleared", async () => {
    const postId = await createTestPost(customer, "Keyboard shortcuts");
    await assign(postId, saraCookie, sara.id);
    expect(assignedNotices(sara.id, postId)).toHaveLength(0);
    await assign(postId, saraCookie, "");
    expect(getDb().select().from(notifications).where(eq(notifications.postId, postId)).all()).toHaveLength(0);
  });

  it("tells the next owner when a post moves from one owner to another", async () => {
    const postId = await createTestPost(customer, "Offline mode");
    await assign(postId, omarCookie, omar.id);
    await assign(postId, omarCookie, sara.id);
    expect(assignedNotices(sara.id, postId)).toMatchObject([{ actorId: omar.id }]);
    expect(assignedNotices(omar.id, postId)).toHaveLength(0);
  });

  it("writes no notice when the assignment is refused", async () => {
    const postId = await createTestPost(customer, "Refused owner");
    expect((await assign(postId, saraCookie, customer.id)).status).toBe(400);
    expect(assignedNotices(customer.id, postId)).toHaveLength(0);
  });
});

describe("the inbox's owner filter", () => {
  type Inbox = { rows: { id: number }[]; counts: { needsTriage: number; triaged: number }; query: { owner?: string } };
  const inbox = async (cookie: string, query: string) => (await callRoute(inboxLoader, makeRequest(`/admin${query}`, { cookie }))).data as Inbox;

  it("shows the viewer's posts under Mine, nobody's under Unassigned, and ignores anything else", async () => {
    const mine = await createTestPost(customer, "Sara's post");
    const his = await createTestPost(customer, "Omar's post");
    const nobodys = await createTestPost(customer, "Nobody's post");
    await assign(mine, saraCookie, sara.id);
    await assign(his, saraCookie, omar.id);

    const saraMine = await inbox(saraCookie, "?owner=me");
    expect(saraMine.query.owner).toBe("me");
    const saraIds = saraMine.rows.map((r) => r.id);
    expect(saraIds).toContain(mine);
    expect(saraIds).not.toContain(his);
    expect(saraIds).not.toContain(nobodys);
    expect(saraMine.counts.needsTriage + saraMine.counts.triaged).toBe(saraIds.length);

    const omarIds = (await inbox(omarCookie, "?owner=me")).rows.map((r) => r.id);
    expect(omarIds).toContain(his);
    expect(omarIds).not.toContain(mine);

    const unassigned = (await inbox(saraCookie, "?owner=none")).rows.map((r) => r.id);
    expect(unassigned).toContain(nobodys);
    expect(unassigned).not.toContain(mine);
    expect(unassigned).not.toContain(his);

    const everyone = await inbox(saraCookie, "?owner=bogus");
    expect(everyone.query.owner).toBeUndefined();
    expect(everyone.rows.map((r) => r.id)).toEqual(expect.arrayContaining([mine, his, nobodys]));
  });
});
