// "Forgot your password?" with email configured: the form answers the same for an
// account, an unknown address and an on-behalf placeholder; the email decides (a
// one-hour link, or "no account here"); the link sets a new password once, ends every
// other session and every other link, and signs in.
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import { passwordResets, sessions, users } from "~/db/schema";
import { loader as emailPreviewLoader } from "~/routes/admin.emails_.$id";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as forgotAction } from "~/routes/login_.forgot";
import { action as resetAction, loader as resetLoader } from "~/routes/login_.reset.$token";
import { forgetStalePasswordResets } from "~/services/password-reset.server";
import { voteOnBehalf } from "~/services/triage.server";
import {
  ACCOUNT_EMAILS_PUBLIC_URL,
  clientsUnder,
  startSiteWithEmail,
  deliveredTo as deliveredToSink,
  linkTokenIn,
  outboxRowsTo,
  argon2WorkOf,
} from "../helpers/account-requests";
import type { SmtpSink } from "../helpers/smtp-sink";
import { makeRequest, sessionCookie, TEST_PASSWORD } from "../helpers/factories";

// Every hash and verification is counted: both answers must cost the same argon2 work.
const argon2Calls = vi.hoisted(() => ({ hash: 0, verify: 0 }));
vi.mock("@node-rs/argon2", async (original) => (await import("../helpers/argon2-counter")).countingArgon2(original, argon2Calls));

const PUBLIC_URL = ACCOUNT_EMAILS_PUBLIC_URL;
const NEW_PASSWORD = "a brand new passphrase";

let sink: SmtpSink;
let staffCookie = "";
let saraId = 0;
const call = clientsUnder("198.18");

const forgot = (email: string, ip?: string) => call(forgotAction, makeRequest("/login/forgot", { form: { email } }), { ip });
const reset = (token: string, password: string) => call(resetAction, makeRequest(`/login/reset/${token}`, { form: { password } }), { params: { token } });
const logIn = (email: string, password: string) => call(loginAction, makeRequest("/login", { form: { email, password } }));
const rowsTo = outboxRowsTo;
const deliveredTo = (email: string) => deliveredToSink(sink, email);
const resetTokenIn = (mail: ParsedMail) => linkTokenIn(mail, "/login/reset");

let site: Awaited<ReturnType<typeof startSiteWithEmail>>;

beforeAll(async () => {
  site = await startSiteWithEmail();
  sink = site.sink;
  staffCookie = site.staffCookie;
  saraId = site.sara.id;
  voteOnBehalf(site.postId, { email: "lina@example.test", note: "" }, site.admin);
});

afterAll(() => site?.stop());

describe("forgot password", () => {
  it("answers an account, an unknown address and a placeholder in the same way", async () => {
    const answers = await Promise.all(["SARA@example.test", "nobody@example.test", "lina@example.test"].map((email) => forgot(email)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get("set-cookie")).toBeNull();
    }
    const shapes = answers.map((a) => JSON.stringify(a.data).replace(/"[^"]*@example\.test[^"]*"/gi, '"<address>"'));
    expect(new Set(shapes).size).toBe(1);
    expect(rowsTo("sara@example.test").map((r) => r.template)).toEqual(["password_reset"]);
    expect(rowsTo("nobody@example.test").map((r) => r.template)).toEqual(["password_reset_no_account"]);
    expect(rowsTo("lina@example.test").map((r) => r.template)).toEqual(["password_reset_no_account"]);
  });

  it("tells an address without an account how to sign up, with no reset link", async () => {
    const [mail] = await deliveredTo("nobody@example.test");
    expect(mail.subject).toBe("No account on Test board for this address");
    expect(mail.text).toContain(`${PUBLIC_URL}/signup`);
    expect(mail.text).not.toMatch(/login\/reset|unsubscribe/);
  });

  it("sets the new password from the link, once, ending every other session and link", async () => {
    const oldSession = await sessionCookie(saraId);
    await forgot("sara@example.test");
    const [first, second] = (await deliveredTo("sara@example.test")).map(resetTokenIn);
    expect(first).toBeDefined();
    expect(second).toBeDefined();

    const shown = await call(resetLoader, makeRequest(`/login/reset/${second}`), { params: { token: second } });
    expect(shown.status).toBe(200);
    expect(shown.data).toMatchObject({ email: "sara@example.test" });

    // A weak password is refused next to the field, and the link still works.
    const weak = await reset(second, "password123");
    expect(weak.status).toBe(400);
    expect(weak.data).toMatchObject({ error: { password: ["error.passwordCommon"] } });

    const done = await reset(second, NEW_PASSWORD);
    expect(done.status).toBe(302);
    expect(done.location).toBe("/");
    expect(done.headers.get("set-cookie")).toMatch(/^closeloop_session=/);
    expect(
      getDb()
        .select()
        .from(sessions)
        .where(eq(sessions.id, oldSession.split("=")[1]))
        .get(),
    ).toBeUndefined();
    expect((await logIn("sara@example.test", NEW_PASSWORD)).status).toBe(302);
    expect((await logIn("sara@example.test", TEST_PASSWORD)).status).toBe(400);

    // The owner hears of it, and the sent reset emails no longer hold a working token.
    const changed = (await deliveredTo("sara@example.test")).find((m) => m.subject === "Your password on Test board was changed");
    expect(changed?.text).toContain(`${PUBLIC_URL}/login/forgot`);
    expect(changed?.text).toContain("the password of your account was changed");
    const sentResets = rowsTo("sara@example.test").filter((r) => r.template === "password_reset");
    expect(sentResets.map((r) => r.status)).toEqual(["sent", "sent"]);
    expect(sentResets.map((r) => JSON.parse(r.payload).token)).toEqual([undefined, undefined]);

    // The same link, and the other one sent before it, are spent, whatever is typed.
    expect((await reset(second, "short")).status).toBe(410);
    expect((await reset(second, "yet another passphrase")).status).toBe(410);
    expect((await reset(first, "yet another passphrase")).status).toBe(410);
    expect((await call(resetLoader, makeRequest(`/login/reset/${first}`), { params: { token: first } })).status).toBe(410);
  });

  it("refuses an expired link and a made-up one", async () => {
    sink.received.length = 0;
    await forgot("sara@example.test");
    const [token] = (await deliveredTo("sara@example.test")).map(resetTokenIn);
    getDb()
      .update(passwordResets)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(passwordResets.userId, saraId))
      .run();
    expect((await reset(token, "yet another passphrase")).status).toBe(410);
    expect((await reset("made-up", "yet another passphrase")).status).toBe(410);
    expect((await logIn("sara@example.test", NEW_PASSWORD)).status).toBe(302);
  });

  it("keeps reset links out of the staff email preview", async () => {
    await forgot("sara@example.test");
    const row = rowsTo("sara@example.test")
      .filter((r) => r.template === "password_reset")
      .pop()!;
    const token = JSON.parse(row.payload).token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const preview = await call(emailPreviewLoader, makeRequest(`/admin/emails/${row.id}`, { cookie: staffCookie }), { params: { id: String(row.id) } });
    expect(preview.status).toBe(200);
    expect(JSON.stringify(preview.data)).not.toContain(token);
  });

  it("lets one of many simultaneous uses of a link through, and mails the owner once", async () => {
    sink.received.length = 0;
    await forgot("sara@example.test");
    const token = (await deliveredTo("sara@example.test")).map(resetTokenIn).pop()!;
    const before = rowsTo("sara@example.test").filter((r) => r.template === "password_changed").length;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => reset(token, `simultaneous passphrase ${i}`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 302)).toHaveLength(1);
    expect(statuses.every((s) => s === 302 || s === 410 || s === 429)).toBe(true);
    expect(rowsTo("sara@example.test").filter((r) => r.template === "password_changed")).toHaveLength(before + 1);
    const winner = answers.findIndex((a) => a.status === 302);
    expect((await logIn("sara@example.test", `simultaneous passphrase ${winner}`)).status).toBe(302);
  });

  it("ends the account's sessions in the commit that sets the password: if ending them fails, nothing changes", async () => {
    const signedIn = await sessionCookie(saraId);
    const sessionRow = () =>
      getDb()
        .select()
        .from(sessions)
        .where(eq(sessions.id, signedIn.split("=")[1]))
        .get();
    const passwordHash = () => getDb().select().from(users).where(eq(users.id, saraId)).get()!.passwordHash;
    // Only the email this test asks for: what earlier tests queued is sent and set aside first.
    await deliveredTo("sara@example.test");
    sink.received.length = 0;
    await forgot("sara@example.test");
    const token = (await deliveredTo("sara@example.test")).map(resetTokenIn).pop()!;
    const hashBefore = passwordHash();

    const sqlite = getDb().$client;
    sqlite.exec(`create temp trigger refuse_session_delete before delete on main.sessions begin select raise(abort, 'sessions are read-only'); end`);
    try {
      await expect(reset(token, "a passphrase that never lands")).rejects.toThrow(/sessions are read-only/);
    } finally {
      sqlite.exec("drop trigger temp.refuse_session_delete");
    }
    // The password, the session and the link are as they were: the link still works, once.
    expect(passwordHash()).toBe(hashBefore);
    expect(sessionRow()).toBeDefined();
    const done = await reset(token, "a passphrase that lands");
    expect(done.status).toBe(302);
    expect(passwordHash()).not.toBe(hashBefore);
    expect(sessionRow()).toBeUndefined();
  });

  it("uses up one user id per request, so ids do not tell a known address from a new one", async () => {
    const { action: signupAction } = await import("~/routes/signup");
    const idAfter = async (email: string) => {
      await call(signupAction, makeRequest("/signup", { form: { displayName: "Probe", email, password: "probe passphrase one" } }));
      return getDb().select().from(users).where(eq(users.email, email)).get()!.id;
    };
    const first = await idAfter("probe-1@example.test");
    await forgot("sara@example.test");
    const second = await idAfter("probe-2@example.test");
    await forgot("unknown-address@example.test");
    const third = await idAfter("probe-3@example.test");
    expect([second - first, third - second]).toEqual([2, 2]);
  });

  it("limits requests to 5 an hour from one IP", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await forgot(`flood${i}@example.test`, "192.0.2.90")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("does the same work for an account as for an unknown address: no argon2, one queued email", async () => {
    const queuedBefore = [outboxRowsTo("sara@example.test").length, outboxRowsTo("timing-unknown@example.test").length];
    const forAccount = await argon2WorkOf(argon2Calls, () => forgot("sara@example.test"));
    const forUnknown = await argon2WorkOf(argon2Calls, () => forgot("timing-unknown@example.test"));
    expect(forAccount).toEqual(forUnknown);
    const queuedAfter = [outboxRowsTo("sara@example.test").length, outboxRowsTo("timing-unknown@example.test").length];
    expect(queuedAfter.map((n, i) => n - queuedBefore[i])).toEqual([1, 1]);
  });

  it("forgets resets a day after they expired or were used", () => {
    expect(forgetStalePasswordResets(Date.now() + 3 * 24 * 3_600_000)).toBeGreaterThan(0);
    expect(getDb().select().from(passwordResets).all()).toHaveLength(0);
  });
});

describe("forgot password without email configured", () => {
  it("says the board cannot send email, whatever the address, and the login page offers no reset", async () => {
    expect((await call(loginLoader, makeRequest("/login"))).data).toEqual({ canResetPassword: true });
    const saved = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      expect((await call(loginLoader, makeRequest("/login"))).data).toEqual({ canResetPassword: false });
      const answers = [await forgot("sara@example.test"), await forgot("nobody-else@example.test")];
      expect(answers.map((a) => a.status)).toEqual([400, 400]);
      for (const answer of answers) expect(answer.data).toMatchObject({ error: { "": ["error.resetNeedsEmail"] } });
    } finally {
      process.env.SMTP_URL = saved;
    }
  });
});
