// Team invites by email (issue 12): the admin's form queues an email through the outbox in
// the invitee's language (or the admin's), the link makes an account on the team or lets
// the signed-in invitee accept, and used, expired and foreign links are refused.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import { teamInvites, users } from "~/db/schema";
import { renderEmail } from "~/emails/render.server";
import { safeParseEmail } from "~/emails/templates";
import { action as teamAction, loader as teamLoader } from "~/routes/admin.team";
import { action as joinAction, loader as joinLoader } from "~/routes/join.$token";
import type { SessionUser } from "~/services/auth.server";
import { outboxRowsTo } from "../helpers/account-requests";
import { stopClockMidWindow } from "../helpers/clock";
import { callRoute, createUser, makeRequest, seedSite, sessionCookie, TEST_PASSWORD } from "../helpers/factories";

let admin: SessionUser;
let adminCookie = "";
const userByEmail = (email: string) => getDb().select().from(users).where(eq(users.email, email)).get();
const invite = (form: Record<string, string>, cookie = adminCookie) =>
  callRoute(teamAction, makeRequest("/admin/team", { cookie, form: { intent: "invite", ...form } }));
const tokenSentTo = (email: string) => (JSON.parse(outboxRowsTo(email).at(-1)!.payload) as { token: string }).token;
const join = (token: string, form: Record<string, string>, cookie?: string) =>
  callRoute(joinAction, makeRequest(`/join/${token}`, { cookie, form }), { token });
const joinPage = (token: string, cookie?: string) => callRoute(joinLoader, makeRequest(`/join/${token}`, { cookie }), { token });

beforeAll(async () => {
  ({ admin } = await seedSite());
  getDb().update(users).set({ locale: "ar" }).where(eq(users.id, admin.id)).run();
  adminCookie = await sessionCookie(admin.id);
});

describe("inviting a teammate by email", () => {
  it("queues the invite in the outbox, in the admin's language for a new address and the invitee's own for an existing account", async () => {
    const sent = await invite({ inviteEmail: "New.Person@Example.test", role: "staff" });
    expect(sent.status).toBe(302);
    expect(sent.location).toBe("/admin/team?invited=new.person%40example.test");
    const [row] = outboxRowsTo("new.person@example.test");
    expect(row).toMatchObject({ template: "team_invite", locale: "ar", status: "not_configured" });
    const reading = safeParseEmail(row.template, row.payload);
    expect(reading.success).toBe(true);
    if (!reading.success) return;
    const email = renderEmail({ email: reading.data, locale: row.locale, userId: row.userId, recipientName: "x" });
    expect(email.html).toContain('dir="rtl"');
    expect(email.text).toContain(`/join/${tokenSentTo("new.person@example.test")}`);
    // Only the token's hash is kept in the invite.
    const stored = getDb().select().from(teamInvites).where(eq(teamInvites.email, "new.person@example.test")).get()!;
    expect(stored.tokenHash).not.toBe(tokenSentTo("new.person@example.test"));

    const customer = await createUser();
    getDb().update(users).set({ locale: "fa" }).where(eq(users.id, customer.id)).run();
    expect((await invite({ inviteEmail: customer.email, role: "staff" })).status).toBe(302);
    expect(outboxRowsTo(customer.email).at(-1)).toMatchObject({ template: "team_invite", locale: "fa" });

    const loaded = await callRoute(teamLoader, makeRequest("/admin/team", { cookie: adminCookie }));
    expect((loaded.data as { invites: { email: string }[] }).invites.map((i) => i.email)).toEqual(
      expect.arrayContaining(["new.person@example.test", customer.email]),
    );
  });

  it("refuses a teammate who is already staff, a non-admin, and a flood of invites", async () => {
    const staff = await createUser({ role: "staff" });
    const already = await invite({ inviteEmail: staff.email, role: "staff" });
    expect(already.status).toBe(400);
    expect(already.data).toMatchObject({ intent: "invite", reply: { error: { inviteEmail: ["error.alreadyStaff"] } } });

    const staffCookie = await sessionCookie(staff.id);
    expect((await invite({ inviteEmail: "x@example.test", role: "staff" }, staffCookie)).status).toBe(403);
    const customer = await createUser();
    expect((await invite({ inviteEmail: "x@example.test", role: "admin" }, await sessionCookie(customer.id))).status).toBe(403);
    expect((await invite({ inviteEmail: "x@example.test", role: "staff" }, "")).status).toBe(404);
    expect(outboxRowsTo("x@example.test")).toHaveLength(0);

    const other = await createUser({ role: "admin" });
    const otherCookie = await sessionCookie(other.id);
    const answers = [];
    stopClockMidWindow();
    try {
      for (let i = 0; i < 21; i++) answers.push((await invite({ inviteEmail: `flood${i}@example.test`, role: "staff" }, otherCookie)).status);
    } finally {
      vi.useRealTimers();
    }
    expect(answers.slice(0, 20).every((s) => s === 302)).toBe(true);
    expect(answers[20]).toBe(429);
  });
});

describe("joining from the link", () => {
  it("makes the account on the team and signs it in; the link then says it was used", async () => {
    await invite({ inviteEmail: "joiner@example.test", role: "staff" });
    const token = tokenSentTo("joiner@example.test");
    expect((await joinPage(token)).data).toMatchObject({ state: "signup", email: "joiner@example.test", role: "staff", inviterName: "Admin" });

    const joined = await join(token, { displayName: "Joiner", password: TEST_PASSWORD });
    expect(joined.status).toBe(302);
    expect(joined.location).toBe("/admin");
    expect(joined.headers.get("set-cookie")).toMatch(/closeloop_session=/);
    expect(userByEmail("joiner@example.test")).toMatchObject({ role: "staff", displayName: "Joiner" });

    const used = await joinPage(token);
    expect(used.status).toBe(410);
    expect(used.data).toEqual({ state: "invalid" });
    const again = await join(token, { displayName: "Someone", password: TEST_PASSWORD });
    expect(again.status).toBe(400);
    expect(userByEmail("joiner@example.test")!.displayName).toBe("Joiner");
  });

  it("lets the signed-in invitee accept, and refuses another account, an expired link and a made-up one", async () => {
    const customer = await createUser();
    await invite({ inviteEmail: customer.email, role: "admin" });
    const token = tokenSentTo(customer.email);
    expect((await joinPage(token)).data).toMatchObject({ state: "signin" });

    const stranger = await createUser();
    const strangerCookie = await sessionCookie(stranger.id);
    expect((await joinPage(token, strangerCookie)).data).toMatchObject({ state: "otherAccount", viewerEmail: stranger.email });
    const foreign = await join(token, {}, strangerCookie);
    expect(foreign.status).toBe(400);
    expect(foreign.data).toMatchObject({ error: { "": ["error.inviteOtherAccount"] } });
    expect(userByEmail(stranger.email)!.role).toBe("customer");

    const cookie = await sessionCookie(customer.id);
    expect((await joinPage(token, cookie)).data).toMatchObject({ state: "accept" });
    const accepted = await join(token, {}, cookie);
    expect(accepted.status).toBe(302);
    expect(userByEmail(customer.email)!.role).toBe("admin");
    expect((await join(token, {}, cookie)).data).toMatchObject({ error: { "": ["error.inviteInvalid"] } });

    const late = await createUser();
    await invite({ inviteEmail: late.email, role: "staff" });
    const lateToken = tokenSentTo(late.email);
    getDb()
      .update(teamInvites)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(teamInvites.email, late.email))
      .run();
    expect((await joinPage(lateToken)).status).toBe(410);
    expect((await join(lateToken, {}, await sessionCookie(late.id))).data).toMatchObject({ error: { "": ["error.inviteInvalid"] } });
    expect(userByEmail(late.email)!.role).toBe("customer");

    expect((await joinPage("made-up-token")).status).toBe(410);
    expect((await join("made-up-token", { displayName: "X", password: TEST_PASSWORD })).status).toBe(400);
  });

  it("asks an invitee who has an account to sign in rather than make another", async () => {
    const customer = await createUser();
    await invite({ inviteEmail: customer.email, role: "staff" });
    const refused = await join(tokenSentTo(customer.email), { displayName: "Thief", password: "another long password" });
    expect(refused.data).toMatchObject({ error: { "": ["error.inviteSignIn"] } });
    expect(userByEmail(customer.email)).toMatchObject({ role: "customer", displayName: customer.displayName });
  });
});
