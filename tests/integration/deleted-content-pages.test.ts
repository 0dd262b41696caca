// A deleted (or rejected: a post awaiting approval that staff deleted) post's title
// must not show on a follower's pages: /notifications, its data request, and
// /settings/notifications — through the route loaders and the production server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loader as notificationsLoader } from "~/routes/notifications";
import { loader as preferencesLoader } from "~/routes/settings.notifications";
import type { SessionUser } from "~/services/auth.server";
import { addComment } from "~/services/comments.server";
import { changeStatus } from "~/services/loop.server";
import { deletePosts } from "~/services/triage.server";
import { castVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";
import { startServer, type RunningServer } from "../helpers/server";

const DELETED_TITLE = "Zebra export that staff deleted";
const LIVE_TITLE = "Walrus import that stays";

let follower: SessionUser;
let cookie: string;

beforeAll(async () => {
  delete process.env.SMTP_URL;
  const { admin } = await seedSite();
  const staff = await createUser({ role: "staff", displayName: "Sam Staff" });
  const author = await createUser({ displayName: "Ada Author" });
  follower = await createUser({ displayName: "Fay Follower" });
  cookie = await sessionCookie(follower.id);

  const deleted = await createTestPost(author, DELETED_TITLE);
  const live = await createTestPost(author, LIVE_TITLE);
  for (const id of [deleted, live]) {
    castVote(id, follower);
    expect((await changeStatus(id, "planned", "", staff)).ok).toBe(true);
    expect((await addComment(id, { body: "A comment that notifies followers" }, admin)).ok).toBe(true);
  }
  expect(deletePosts([deleted])).toBe(1);
});

describe("a deleted post's title on a follower's pages", () => {
  it("is not in the /notifications loader, whose unread count matches what it lists", async () => {
    const page = await callRoute(notificationsLoader, makeRequest("/notifications", { cookie }));
    expect(page.status).toBe(200);
    const data = page.data as Awaited<ReturnType<typeof notificationsLoader>>;
    expect(JSON.stringify(data)).not.toContain(DELETED_TITLE);
    expect(data.items.map((n) => n.postTitle)).toEqual([LIVE_TITLE, LIVE_TITLE]);
    expect(data.unread).toBe(data.items.filter((n) => n.readAt === null).length);
  });

  it("is not in the /settings/notifications loader", async () => {
    const page = await callRoute(preferencesLoader, makeRequest("/settings/notifications", { cookie }));
    const data = page.data as Awaited<ReturnType<typeof preferencesLoader>>;
    expect(JSON.stringify(data)).not.toContain(DELETED_TITLE);
    expect(data.subscriptions.map((s) => s.title)).toEqual([LIVE_TITLE]);
  });
});

describe("over HTTP (production build)", () => {
  let server: RunningServer;

  beforeAll(async () => {
    // The server reads this file's database, where the rows above were written.
    server = await startServer({ databasePath: process.env.DATABASE_PATH });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("leaves the title out of the pages and their raw data responses", async () => {
    for (const path of ["/notifications", "/notifications.data", "/settings/notifications", "/settings/notifications.data"]) {
      const response = await fetch(server.url + path, { headers: { cookie }, redirect: "manual" });
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text, path).toContain(LIVE_TITLE);
      expect(text, path).not.toContain(DELETED_TITLE);
    }
  });
});
