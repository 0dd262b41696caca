// Account probing: with email configured, the sign-up form answers the same for a new
// address, a taken one and an on-behalf placeholder, and the email decides what
// happens (finish the account, or "you already have one"). Sign-in says the same for
// an unknown address and a wrong password. Both take about as long either way and
// are rate-limited.
import { eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/client.server";
import { signupRequests, users, votes } from "~/db/schema";
import { loader as emailPreviewLoader } from "~/routes/admin.emails_.$id";
import { action as loginAction } from "~/routes/login";
import { action as signupAction } from "~/routes/signup";
import { action as confirmAction, loader as confirmLoader } from "~/routes/signup_.confirm.$token";
import { forgetStaleSignupRequests } from "~/services/account.server";
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
import { makeRequest, TEST_PASSWORD } from "../helpers/factories";

// Every hash and verification is counted: both answers must cost the same argon2 work.
const argon2Calls = vi.hoisted(() => ({ hash: 0, verify: 0 }));
vi.mock("@node-rs/argon2", async (original) => (await import("../helpers/argon2-counter")).countingArgon2(original, argon2Calls));

const PUBLIC_URL = ACCOUNT_EMAILS_PUBLIC_URL;
const PASSWORD = "a long enough passphrase";

let sink: SmtpSink;
let staffCookie = "";
let postId = 0;
const call = clientsUnder("198.51");

function signUp(email: string, extra: Record<string, string> = {}, ip?: string) {
  return call(signupAction, makeRequest("/signup", { form: { displayName: "Nora", email, password: PASSWORD, ...extra } }), { ip });
}

function logIn(email: string, password: string, ip?: string) {
  return call(loginAction, makeRequest("/login", { form: { email, password } }), { ip });
}

function userByEmail(email: string) {
  return getDb().select().from(users).where(eq(users.email, email)).get();
}

const rowsTo = outboxRowsTo;
const deliveredTo = (email: string) => deliveredToSink(sink, email);
const confirmTokenIn = (mail: ParsedMail) => linkTokenIn(mail, "/signup/confirm");

let site: Awaited<ReturnType<typeof startSiteWithEmail>>;

beforeAll(async () => {
  site = await startSiteWithEmail();
  sink = site.sink;
  staffCookie = site.staffCookie;
  postId = site.postId;
});

afterAll(() => site?.stop());

describe("sign-up with email configured", () => {
  it("answers a new address, a taken one and a placeholder in exactly the same way, without a session", async () => {
    const staff = { id: 1, email: "admin", displayName: "Admin", role: "admin" as const, locale: null, bannedAt: null };
    expect(voteOnBehalf(postId, { email: "lina@example.test", note: "" }, staff).ok).toBe(true);

    const answers = await Promise.all(["nora@example.test", " SARA@example.test ", "lina@example.test"].map((email) => signUp(email)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get("set-cookie")).toBeNull();
      expect(answer.location).toBeNull();
    }
    // Only the echoed address differs, and it is what the visitor typed (normalised).
    const shapes = answers.map((a) => JSON.stringify(a.data).replace(/"[^"]*@example\.test[^"]*"/g, '"<address>"'));
    expect(new Set(shapes).size).toBe(1);
    expect(answers.map((a) => (a.data as { confirmationSentTo: string }).confirmationSentTo)).toEqual([
      "nora@example.test",
      "sara@example.test",
      "lina@example.test",
    ]);

    // Nothing is an account yet, and Sara's password is untouched.
    expect(userByEmail("nora@example.test")?.passwordHash).toBeNull();
    expect(userByEmail("lina@example.test")?.passwordHash).toBeNull();
    expect((await logIn("sara@example.test", TEST_PASSWORD)).status).toBe(302);
    expect((await logIn("nora@example.test", PASSWORD)).data).toMatchObject({ error: { "": ["error.wrongCredentials"] } });

    expect(rowsTo("nora@example.test").map((r) => r.template)).toEqual(["signup_confirm"]);
    expect(rowsTo("sara@example.test").map((r) => r.template)).toEqual(["signup_existing"]);
    expect(rowsTo("lina@example.test").map((r) => r.template)).toEqual(["signup_confirm"]);
  });

  it("emails the owner of a taken address a way to log in, with no link that changes the account", async () => {
    const [mail] = await deliveredTo("sara@example.test");
    expect(mail.subject).toBe("You already have an account on Test board");
    expect(mail.text).toContain(`${PUBLIC_URL}/login`);
    expect(mail.text).toContain(`${PUBLIC_URL}/login/forgot`);
    expect(mail.text).not.toMatch(/signup\/confirm|unsubscribe/);
    expect(mail.headers.get("list-unsubscribe")).toBeUndefined();
  });

  it("finishes the account from the emailed link, once, signed in and with the vote the visitor asked for", async () => {
    const [mail] = await deliveredTo("nora@example.test");
    expect(mail.subject).toBe("Confirm your email for Test board");
    const token = confirmTokenIn(mail);

    // Opening the link (a mail scanner does) changes nothing.
    const shown = await call(confirmLoader, makeRequest(`/signup/confirm/${token}`), { params: { token } });
    expect(shown.status).toBe(200);
    expect(shown.data).toMatchObject({ pending: { displayName: "Nora", email: "nora@example.test" } });
    expect(userByEmail("nora@example.test")?.passwordHash).toBeNull();

    const done = await call(confirmAction, makeRequest(`/signup/confirm/${token}`, { form: { password: PASSWORD } }), { params: { token } });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/");
    expect(done.headers.get("set-cookie")).toMatch(/^closeloop_session=/);
    const nora = userByEmail("nora@example.test")!;
    expect(nora.displayName).toBe("Nora");
    expect((await logIn("nora@example.test", PASSWORD)).status).toBe(302);

    const again = await call(confirmAction, makeRequest(`/signup/confirm/${token}`, { form: { password: PASSWORD } }), { params: { token } });
    expect(again.status).toBe(410);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect((await call(confirmLoader, makeRequest(`/signup/confirm/${token}`), { params: { token } })).status).toBe(410);
  });

  it("lets the customer take over an on-behalf placeholder only through the emailed link", async () => {
    const lina = userByEmail("lina@example.test")!;
    const [mail] = await deliveredTo("lina@example.test");
    const token = confirmTokenIn(mail);
    const done = await call(confirmAction, makeRequest(`/signup/confirm/${token}`, { form: { password: PASSWORD } }), { params: { token } });
    expect(done.status).toBe(302);
    const after = userByEmail("lina@example.test")!;
    expect(after.id).toBe(lina.id);
    expect(after.displayName).toBe("Nora");
    expect(
      getDb()
        .select()
        .from(votes)
        .where(eq(votes.userId, lina.id))
        .all()
        .map((v) => v.postId),
    ).toEqual([postId]);
  });

  it("casts the vote a visitor clicked before signing up, after the link is used", async () => {
    await signUp("omar@example.test", { vote: String(postId), redirectTo: "/b/feedback" });
    const token = confirmTokenIn((await deliveredTo("omar@example.test"))[0]);
    const done = await call(confirmAction, makeRequest(`/signup/confirm/${token}`, { form: { password: PASSWORD } }), { params: { token } });
    expect(done.location).toBe("/b/feedback");
    const omar = userByEmail("omar@example.test")!;
    expect(
      getDb()
        .select()
        .from(votes)
        .where(eq(votes.userId, omar.id))
        .all()
        .map((v) => v.postId),
    ).toEqual([postId]);
  });

  it("refuses an expired link, a made-up one, and a second request's link once the first finished", async () => {
    await signUp("rami@example.test");
    await signUp("rami@example.test");
    const tokens = (await deliveredTo("rami@example.test")).map(confirmTokenIn);
    expect(tokens).toHaveLength(2);

    const rami = userByEmail("rami@example.test")!;
    getDb()
      .update(signupRequests)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(signupRequests.userId, rami.id))
      .run();
    for (const token of [...tokens, "made-up-token"]) {
      expect((await call(confirmAction, makeRequest(`/signup/confirm/${token}`, { form: { password: PASSWORD } }), { params: { token } })).status).toBe(410);
    }
    getDb()
      .update(signupRequests)
      .set({ expiresAt: Date.now() + 60_000 })
      .where(eq(signupRequests.userId, rami.id))
      .run();
    expect(
      (await call(confirmAction, makeRequest(`/signup/confirm/${tokens[1]}`, { form: { password: PASSWORD } }), { params: { token: tokens[1] } })).status,
    ).toBe(302);
    expect(
      (await call(confirmAction, makeRequest(`/signup/confirm/${tokens[0]}`, { form: { password: PASSWORD } }), { params: { token: tokens[0] } })).status,
    ).toBe(410);
  });

  it("keeps sign-up links out of the staff email preview", async () => {
    await signUp("hana@example.test");
    const [row] = rowsTo("hana@example.test");
    const token = JSON.parse(row.payload).token as string;
    const preview = await call(emailPreviewLoader, makeRequest(`/admin/emails/${row.id}`, { cookie: staffCookie }), { params: { id: String(row.id) } });
    expect(preview.status).toBe(200);
    expect(JSON.stringify(preview.data)).not.toContain(token);
    expect(JSON.stringify(preview.data)).toContain("preview-only");
  });

  it("sends one address at most 3 emails an hour asked from one IP, and 10 in all, while every answer stays the same", async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await signUp("victim@example.test", {}, "192.0.2.30"));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(rowsTo("victim@example.test")).toHaveLength(3);
    for (let i = 0; i < 10; i++) await signUp("victim@example.test");
    expect(rowsTo("victim@example.test")).toHaveLength(10);
  });

  it("does not let a stranger who signed up with someone's address have its owner finish that account", async () => {
    await signUp("owner@example.test", { password: "the stranger's own passphrase" });
    const [strangersLink] = (await deliveredTo("owner@example.test")).map(confirmTokenIn);
    // The owner opens the link in their inbox and types the password they know.
    const refused = await call(confirmAction, makeRequest(`/signup/confirm/${strangersLink}`, { form: { password: "the owner's real passphrase" } }), {
      params: { token: strangersLink },
    });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ error: { password: ["error.signupPasswordWrong"] } });
    expect(refused.headers.get("set-cookie")).toBeNull();
    expect(userByEmail("owner@example.test")?.passwordHash).toBeNull();

    // Guessing is capped: 5 tries an hour per link, then 429 even for the right password.
    for (let i = 0; i < 4; i++) {
      await call(confirmAction, makeRequest(`/signup/confirm/${strangersLink}`, { form: { password: `guess ${i} passphrase` } }), {
        params: { token: strangersLink },
      });
    }
    const capped = await call(confirmAction, makeRequest(`/signup/confirm/${strangersLink}`, { form: { password: "the stranger's own passphrase" } }), {
      params: { token: strangersLink },
    });
    expect(capped.status).toBe(429);
    expect(userByEmail("owner@example.test")?.passwordHash).toBeNull();
  });

  it("uses up one user id per sign-up request, so ids do not tell a known address from a new one", async () => {
    const idOf = async (email: string) => {
      await signUp(email);
      return userByEmail(email)!.id;
    };
    const first = await idOf("probe-a@example.test");
    await signUp("sara@example.test"); // taken
    const second = await idOf("probe-b@example.test");
    await signUp("lina-two@example.test"); // new
    const third = await idOf("probe-c@example.test");
    expect(second - first).toBe(2);
    expect(third - second).toBe(2);
  });

  it("never sends a confirmed visitor off the site, whatever return path the form carried", async () => {
    await signUp("tab@example.test", { redirectTo: "/\t/evil.example/phish" });
    const token = confirmTokenIn((await deliveredTo("tab@example.test"))[0]);
    const done = await call(confirmAction, makeRequest(`/signup/confirm/${token}`, { form: { password: PASSWORD } }), { params: { token } });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/");
  });

  it("forgets requests a day after they expired or were used", () => {
    const before = getDb().select().from(signupRequests).all().length;
    expect(forgetStaleSignupRequests(Date.now())).toBe(0);
    const removed = forgetStaleSignupRequests(Date.now() + 3 * 24 * 3_600_000);
    expect(removed).toBe(before);
    expect(getDb().select().from(signupRequests).all()).toHaveLength(0);
  });

  it("limits sign-ups to 5 an hour from one IP", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await signUp(`flood${i}@example.test`, {}, "192.0.2.50")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it("does the same argon2 work for a taken address as for a new one", async () => {
    // Without the hash on the taken path, that answer would come about 50× sooner.
    const forTaken = await argon2WorkOf(argon2Calls, () => signUp("sara@example.test"));
    const forNew = await argon2WorkOf(argon2Calls, () => signUp("timing-new@example.test"));
    expect(forTaken).toEqual(forNew);
    expect(forTaken.hash).toBeGreaterThanOrEqual(1);
  });
});

describe("sign-in", () => {
  it("answers and works alike for an unknown address and a wrong password", async () => {
    const answers: { status: number; data: unknown }[] = [];
    // The decoy hash an unknown address is checked against is made once per process.
    answers.push(await logIn("nobody-first@example.test", "wrong password here"));
    const unknown = await argon2WorkOf(argon2Calls, async () => answers.push(await logIn("nobody@example.test", "wrong password here")));
    const wrong = await argon2WorkOf(argon2Calls, async () => answers.push(await logIn("sara@example.test", "wrong password 1")));
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400]);
    for (const answer of answers) expect(answer.data).toMatchObject({ error: { "": ["error.wrongCredentials"] } });
    expect(unknown).toEqual(wrong);
    expect(wrong.verify).toBe(1);
  });

  it("limits one IP to 100 attempts in 15 minutes across addresses, and one address to 5 a minute", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await logIn(`spray${i}@example.test`, "guess guess guess", "192.0.2.77")).status);
    expect(statuses.slice(0, 100).every((s) => s === 400)).toBe(true);
    expect(statuses[100]).toBe(429);

    const perAddress: number[] = [];
    for (let i = 0; i < 6; i++) perAddress.push((await logIn("sara@example.test", "guess guess guess", "192.0.2.78")).status);
    expect(perAddress).toEqual([400, 400, 400, 400, 400, 429]);
  });
});
