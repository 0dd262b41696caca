// Bans (ADR 008): a banned account is signed out everywhere and cannot sign in again;
// only an admin bans staff; nobody bans an admin or themselves; the ban and the end of
// the account's sessions are one commit. The per-route outcomes for banned customers,
// staff and admins are in action-matrix.test.ts and staff-authorisation.test.ts.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { sessions, users } from "~/db/schema";
import { action as loginAction } from "~/routes/login";
import { action as triageAction } from "~/routes/posts.$id_.triage";
import { loader as postLoader } from "~/routes/posts.$id";
import { addComment } from "~/services/comments.server";
import { getViewer } from "~/services/guards.server";
import { getPostPage } from "~/services/posts.server";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie, TEST_PASSWORD } from "../helpers/factories";

let admin: SessionUser;
let adminCookie: string;
let staffCookie: string;
let staff: SessionUser;
let postId = 0;

beforeAll(async () => {
  ({ admin } = await seedSite());
  staff = await createUser({ role: "staff" });
  adminCookie = await sessionCookie(admin.id);
  staffCookie = await sessionCookie(staff.id);
  postId = await createTestPost(staff, "A post to moderate from");
});

const userRow = (id: number) => getDb().select().from(users).where(eq(users.id, id)).get()!;
const sessionCount = (userId: number) => getDb().select().from(sessions).where(eq(sessions.userId, userId)).all().length;
const ban = (cookie: string, userId: number, banned = true) =>
  callRoute(
    triageAction,
    makeRequest(`/posts/${postId}/triage`, { cookie, form: { intent: "ban", userId: String(userId), banned: String(banned), via: "fetcher" } }),
    { id: String(postId) },
  );

describe("a banned account", () => {
  it("cannot sign in: the right password gets 'this account is suspended' and no session", async () => {
    const user = await createUser({ role: "staff" });
    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, user.id)).run();
    const result = await callRoute(loginAction, makeRequest("/login", { form: { email: user.email, password: TEST_PASSWORD } }));
    expect(result.status).toBe(403);
    expect(result.data).toMatchObject({ error: { "": ["error.accountBanned"] } });
    expect(result.headers.get("set-cookie")).toBeNull();
    expect(sessionCount(user.id)).toBe(0);
    // A wrong password still says only "wrong email or password".
    const wrong = await callRoute(loginAction, makeRequest("/login", { form: { email: user.email, password: "not the password" } }));
    expect(wrong.data).toMatchObject({ error: { "": ["error.wrongCredentials"] } });
  });

  it("is signed out by a session that outlived the ban, and that session is ended", async () => {
    const user = await createUser({ role: "staff" });
    const cookie = await sessionCookie(user.id);
    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, user.id)).run();
    expect(await getViewer(makeRequest("/", { cookie }))).toBeNull();
    expect(sessionCount(user.id)).toBe(0);
  });
});

describe("who may ban whom", () => {
  it("staff ban customers but not other staff; admins ban staff; nobody bans an admin or themselves", async () => {
    const customer = await createUser();
    const colleague = await createUser({ role: "staff" });
    const colleagueCookie = await sessionCookie(colleague.id);

    const staffBansStaff = await ban(staffCookie, colleague.id);
    expect(staffBansStaff.status).toBe(403);
    expect(staffBansStaff.data).toMatchObject({ intent: "ban", reply: { error: { "": ["error.cannotBanStaff"] } } });
    expect(userRow(colleague.id).bannedAt).toBeNull();
    expect(await getViewer(makeRequest("/", { cookie: colleagueCookie }))).toMatchObject({ id: colleague.id });

    for (const [cookie, target] of [
      [staffCookie, admin.id],
      [adminCookie, admin.id],
      [staffCookie, staff.id],
    ] as const) {
      const refused = await ban(cookie, target);
      expect(refused.status).toBe(400);
      expect(refused.data).toMatchObject({ intent: "ban", reply: { error: { "": ["error.cannotBan"] } } });
      expect(userRow(target).bannedAt).toBeNull();
    }

    expect((await ban(staffCookie, customer.id)).status).toBe(200);
    expect(userRow(customer.id).bannedAt).not.toBeNull();

    expect((await ban(adminCookie, colleague.id)).status).toBe(200);
    expect(userRow(colleague.id).bannedAt).not.toBeNull();
    expect(sessionCount(colleague.id)).toBe(0);
    expect(await getViewer(makeRequest("/", { cookie: colleagueCookie }))).toBeNull();

    // Lifting a staff member's ban is the admin's too.
    expect((await ban(staffCookie, colleague.id, false)).status).toBe(403);
    expect(userRow(colleague.id).bannedAt).not.toBeNull();
    expect((await ban(adminCookie, colleague.id, false)).status).toBe(200);
    expect(userRow(colleague.id).bannedAt).toBeNull();
  });

  it("offers the Ban button only where policy allows it", async () => {
    const customer = await createUser();
    const customerPost = await createTestPost(customer, "A customer's post");
    const canBan = async (cookie: string, id: number) =>
      ((await callRoute(postLoader, makeRequest(`/posts/${id}`, { cookie }), { id: String(id) })).data as { sidebar: { canBanAuthor: boolean } }).sidebar
        .canBanAuthor;
    expect(await canBan(staffCookie, customerPost)).toBe(true);
    expect(await canBan(staffCookie, postId)).toBe(false); // their own post
    const colleagueCookie = await sessionCookie((await createUser({ role: "staff" })).id);
    expect(await canBan(colleagueCookie, postId)).toBe(false); // a colleague's post
    expect(await canBan(adminCookie, postId)).toBe(true);
  });
});

describe("a post page seen by a banned account", () => {
  type Page = { can: Record<string, boolean>; comments: { can: Record<string, boolean> }[]; sidebar: unknown };
  const pageFor = async (id: number, cookie: string) => (await callRoute(postLoader, makeRequest(`/posts/${id}`, { cookie }), { id: String(id) })).data as Page;

  it("offers no comment form, vote or comment controls: the page's flags and the services ask the same policy", async () => {
    const talker = await createUser({ displayName: "Soon banned" });
    const cookie = await sessionCookie(talker.id);
    const id = await createTestPost(staff, "A thread a banned account comes back to");
    const own = await addComment(id, { body: "Said before the ban" }, talker);
    expect(own.ok).toBe(true);

    const before = await pageFor(id, cookie);
    expect(before.can).toMatchObject({ vote: true, comment: true, moderate: false });
    expect(before.comments.map((c) => c.can)).toEqual([{ reply: true, edit: true, delete: true }]);

    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, talker.id)).run();
    // The session that outlived the ban is no session (ADR 008): the page offers only the way to sign in.
    const after = await pageFor(id, cookie);
    expect(after.can.comment).toBe(false);
    expect(after.can.follow).toBe(false);
    expect(after.comments.map((c) => c.can)).toEqual([{ reply: false, edit: false, delete: false }]);

    // Asked for the banned account itself, policy refuses what the services refuse.
    const banned = { ...talker, bannedAt: Date.now() };
    const page = getPostPage(id, banned);
    if (!page.ok) throw new Error("the post page should be found");
    expect(page.value.can).toMatchObject({ vote: false, comment: false, moderate: false });
    expect(page.value.comments.map((c) => c.can)).toEqual([{ reply: false, edit: false, delete: false }]);
    expect(await addComment(id, { body: "Back again" }, banned)).toEqual({ ok: false, error: "error.banned" });

    // A banned staff member moderates nothing either.
    const staffPage = getPostPage(id, { ...staff, bannedAt: Date.now() });
    if (!staffPage.ok) throw new Error("the post page should be found");
    expect(staffPage.value.can).toMatchObject({ comment: false, moderate: false });
    expect(staffPage.value.can.moderate).toBe(false);
  });
});

describe("a ban's commit", () => {
  it("sets banned_at and ends the sessions together: if ending them fails, the ban is not recorded", async () => {
    const target = await createUser();
    await sessionCookie(target.id);
    const sqlite = getDb().$client;
    sqlite.exec(`create temp trigger refuse_session_delete before delete on main.sessions begin select raise(abort, 'sessions are read-only'); end`);
    try {
      await ban(staffCookie, target.id).catch(() => undefined);
    } finally {
      sqlite.exec("drop trigger temp.refuse_session_delete");
    }
    expect(userRow(target.id).bannedAt).toBeNull();
    expect(sessionCount(target.id)).toBe(1);
  });

  it("is the auth module's: no other module deletes session rows", () => {
    const root = path.resolve(__dirname, "../../app");
    const files = fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f));
    const filesWhere = (pattern: RegExp) => files.filter((f) => pattern.test(fs.readFileSync(path.join(root, f), "utf8"))).sort();
    // The sessions model is auth.server's alone; the table is only that model's and Lucia's (whose adapter auth.server makes).
    expect(filesWhere(/from\s*"~\/models\/sessions\.server"/)).toEqual(["services/auth.server.ts"]);
    expect(filesWhere(/import\s*(type\s*)?\{[^}]*\bsessions\b[^}]*\}\s*from\s*"~\/db\/schema"/)).toEqual([
      "models/sessions.server.ts",
      "services/auth.server.ts",
    ]);
    expect(filesWhere(/deleteSessionsOfUser\s*\(/)).toEqual(["models/sessions.server.ts", "services/auth.server.ts"]);
  });
});
