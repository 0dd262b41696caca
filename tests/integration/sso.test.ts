// Single sign-on from the customer's own app (issue 14): GET /sso through its real loader.
// A good token makes, claims or updates a customer account and signs it in; every refusal
// is a page with its reason and leaves no row behind (no account, no used token, no
// session). The admin's settings section, the inbox's "spend of voters" sort, and the
// voters' companies in the staff sidebar.
import { eq, sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { sessions, ssoUsedTokens, users } from "~/db/schema";
import { insertBoard } from "~/models/boards.server";
import { listInbox } from "~/models/posts.server";
import { readSetting, writeSettings } from "~/models/settings.server";
import { findOrCreatePlaceholderUser } from "~/models/users.server";
import { loader as inboxLoader } from "~/routes/admin._index";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { loader as ssoLoader } from "~/routes/sso";
import { createAccount, getCurrentUser, verifyCredentials, type SessionUser } from "~/services/auth.server";
import { postSidebar } from "~/services/staff-post.server";
import { toggleVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, respond, seedSite, sessionCookie } from "../helpers/factories";

let admin: SessionUser;
let adminCookie: string;
let secret: string;
const db = () => getDb();

beforeAll(async () => {
  ({ admin } = await seedSite());
  adminCookie = await sessionCookie(admin.id);
  const turnedOn = await settings({ intent: "ssoEnabled", enabled: "true" });
  expect(turnedOn.status).toBe(302);
  secret = readSetting("ssoSecret")!;
});

function settings(form: Record<string, string>, cookie = adminCookie) {
  return callRoute(settingsAction, makeRequest("/admin/settings", { cookie, form }));
}

const nowS = () => Math.floor(Date.now() / 1000);
let jtiCounter = 0;

/** A token as the customer's server makes it (jose's SignJWT, HS256), with these claims over good defaults. */
async function token(claims: Record<string, unknown> = {}, options: { key?: string; alg?: string; exp?: number | null; jti?: string | null } = {}) {
  jtiCounter += 1;
  const jwt = new SignJWT({ email: "new.customer@acme.test", name: "Nora New", ...claims }).setProtectedHeader({ alg: options.alg ?? "HS256" });
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? nowS() + 300);
  if (options.jti !== null) jwt.setJti(options.jti ?? `jti-${jtiCounter}-${process.pid}`);
  return jwt.sign(new TextEncoder().encode(options.key ?? secret));
}

function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

function sso(query: Record<string, string>, options: { cookie?: string; ip?: string; headers?: Record<string, string> } = {}) {
  const request = makeRequest(`/sso?${new URLSearchParams(query)}`, { cookie: options.cookie, headers: options.headers });
  return respond(async () => ssoLoader({ request, params: {}, context: { clientIp: options.ip ?? "203.0.113.7" } } as never));
}

const userByEmail = (email: string) => db().select().from(users).where(eq(users.email, email)).get();
const counts = () => ({
  users: db().get<{ n: number }>(sql`select count(*) as n from users`)!.n,
  usedTokens: db().get<{ n: number }>(sql`select count(*) as n from sso_used_tokens`)!.n,
  sessions: db().get<{ n: number }>(sql`select count(*) as n from sessions`)!.n,
});

/** Who the Set-Cookie of an answer signs in. */
async function signedInAs(setCookie: string | null): Promise<SessionUser | null> {
  expect(setCookie).toMatch(/^closeloop_session=[^;]+/);
  const cookie = setCookie!.split(";")[0];
  return (await getCurrentUser(makeRequest("/", { cookie }))).user;
}

describe("signing in with a good token", () => {
  it("makes a new customer account with the traits, sets the session cookie and follows redirectTo", async () => {
    const before = counts();
    const res = await sso({
      token: await token({ email: "New.Customer@Acme.test", avatarUrl: "https://cdn.acme.test/nora.png", company: "Acme Inc", monthlySpend: 1200 }),
      redirectTo: "/b/feedback?sort=top",
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/b/feedback?sort=top");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const user = userByEmail("new.customer@acme.test")!;
    expect(user).toMatchObject({
      displayName: "Nora New",
      role: "customer",
      avatarUrl: "https://cdn.acme.test/nora.png",
      company: "Acme Inc",
      monthlySpend: 1200,
      bannedAt: null,
    });
    // Not a placeholder: nobody can claim it by signing up with the address, and no password opens it.
    expect(user.passwordHash).not.toBeNull();
    expect(await signedInAs(res.headers.get("set-cookie"))).toMatchObject({ id: user.id, role: "customer" });
    expect(counts()).toEqual({ users: before.users + 1, usedTokens: before.usedTokens + 1, sessions: before.sessions + 1 });
  });

  it("claims a placeholder with the same email, keeping its id", async () => {
    const placeholder = findOrCreatePlaceholderUser(db(), "placeholder@acme.test", "placeholder");
    expect(placeholder.passwordHash).toBeNull();
    const res = await sso({ token: await token({ email: "placeholder@acme.test", name: "Paula Placeholder", company: "Acme" }) });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/");
    const claimed = userByEmail("placeholder@acme.test")!;
    expect(claimed).toMatchObject({ id: placeholder.id, displayName: "Paula Placeholder", company: "Acme", role: "customer" });
    expect(claimed.passwordHash).not.toBeNull();
    expect((await signedInAs(res.headers.get("set-cookie")))?.id).toBe(placeholder.id);
  });

  it("signs an existing customer in and updates the traits; a left-out claim keeps its value and null clears it", async () => {
    const customer = await createUser({ email: "existing@acme.test", displayName: "Ellen Existing" });
    const first = await sso({ token: await token({ email: "existing@acme.test", name: "Other Name", company: "Old Co", monthlySpend: 10 }) });
    expect(first.status).toBe(302);
    expect(userByEmail("existing@acme.test")).toMatchObject({ id: customer.id, displayName: "Ellen Existing", company: "Old Co", monthlySpend: 10 });
    const second = await sso({ token: await token({ email: "existing@acme.test", monthlySpend: 99.5, avatarUrl: null }) });
    expect(second.status).toBe(302);
    expect(userByEmail("existing@acme.test")).toMatchObject({ company: "Old Co", monthlySpend: 99.5, avatarUrl: null });
    const third = await sso({ token: await token({ email: "existing@acme.test", company: null }) });
    expect(third.status).toBe(302);
    expect(userByEmail("existing@acme.test")!.company).toBeNull();
    expect((await signedInAs(third.headers.get("set-cookie")))?.id).toBe(customer.id);
  });

  it("names the account after the email when the name claim is missing or unusable", async () => {
    for (const [email, name] of [
      ["no.name@acme.test", undefined],
      ["link.name@acme.test", "https://acme.test"],
      ["long.name@acme.test", "x".repeat(61)],
      ["number.name@acme.test", 42],
    ] as const) {
      expect((await sso({ token: await token({ email, name }) })).status).toBe(302);
      expect(userByEmail(email)!.displayName).toBe(email.split("@")[0]);
    }
  });

  it("replaces the session the browser had, and refuses to redirect off the site", async () => {
    const other = await createUser();
    const otherCookie = await sessionCookie(other.id);
    for (const redirectTo of ["https://evil.example/x", "//evil.example", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await sso({ token: await token({ email: "redirects@acme.test" }), redirectTo }, { cookie: otherCookie });
      expect(res.status).toBe(302);
      expect(res.location).toBe("/");
    }
    expect((await getCurrentUser(makeRequest("/", { cookie: otherCookie }))).user).toBeNull();
  });
});

describe("an account single sign-on made", () => {
  it("cannot be claimed by signing up with its address, and no password opens it", async () => {
    expect((await sso({ token: await token({ email: "only-sso@acme.test" }) })).status).toBe(302);
    const signUp = await createAccount({ email: "only-sso@acme.test", displayName: "Squatter", password: "a long enough passphrase", locale: null });
    expect(signUp).toEqual({ ok: false, error: "error.emailTaken", field: "email" });
    expect(await verifyCredentials("only-sso@acme.test", "!sso")).toBeNull();
    expect(await verifyCredentials("only-sso@acme.test", "")).toBeNull();
  });

  it("answers hostile links with a 4xx, never a 500", async () => {
    const hostile = ["", "a".repeat(9_000), "\u0000", "e30.e30.", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig", "..", "a.b.c.d.e", "%00", "'; drop table users; --"];
    for (const [i, value] of hostile.entries()) {
      const res = await sso({ token: value, redirectTo: value }, { ip: `192.0.2.${200 + i}` });
      expect(res.status, JSON.stringify(value.slice(0, 40))).toBe(400);
      expect(res.data).toMatchObject({ reason: expect.stringMatching(/^sso\.error\./) });
    }
  });
});

describe("refusals: a page with the reason, and nothing written", () => {
  let refusals = 0;
  beforeEach(() => {
    // Each test refuses from an address of its own, so the failure limit is tested alone.
    refusals += 1;
  });
  const ip = () => `198.51.100.${refusals}`;

  async function expectRefused(query: Record<string, string>, status: number, reason: string, claim: string | null = null) {
    const before = counts();
    const res = await sso(query, { ip: ip() });
    expect(res.status).toBe(status);
    expect(res.data).toEqual({ reason, claim });
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(counts()).toEqual(before);
    return res;
  }

  it("an expired token", async () => {
    await expectRefused({ token: await token({ email: "expired@acme.test" }, { exp: nowS() - 120 }) }, 400, "sso.error.expired");
    expect(userByEmail("expired@acme.test")).toBeUndefined();
  });

  it("a token whose exp is more than 10 minutes ahead", async () => {
    await expectRefused({ token: await token({ email: "long@acme.test" }, { exp: nowS() + 11 * 60 }) }, 400, "sso.error.lifetime");
    // Ten minutes is allowed.
    expect((await sso({ token: await token({ email: "long@acme.test" }, { exp: nowS() + 600 }) }, { ip: ip() })).status).toBe(302);
  });

  it("a token without exp or without jti", async () => {
    await expectRefused({ token: await token({ email: "noexp@acme.test" }, { exp: null }) }, 400, "sso.error.missingClaim", "exp");
    await expectRefused({ token: await token({ email: "nojti@acme.test" }, { jti: null }) }, 400, "sso.error.missingClaim", "jti");
  });

  it("a reused jti", async () => {
    const once = await token({ email: "reuse@acme.test" }, { jti: "reuse-me" });
    expect((await sso({ token: once }, { ip: ip() })).status).toBe(302);
    await expectRefused({ token: once }, 400, "sso.error.reused");
    // The same jti in another token (another email) is refused as well.
    await expectRefused({ token: await token({ email: "reuse2@acme.test" }, { jti: "reuse-me" }) }, 400, "sso.error.reused");
    expect(userByEmail("reuse2@acme.test")).toBeUndefined();
  });

  it("a wrong signature, and the old secret after a rotation", async () => {
    await expectRefused(
      { token: await token({ email: "forged@acme.test" }, { key: "sso_not-the-secret-at-all-but-long-enough-0000" }) },
      400,
      "sso.error.signature",
    );
    const beforeRotation = await token({ email: "rotated@acme.test" });
    expect((await settings({ intent: "ssoRotate" })).status).toBe(302);
    const rotated = readSetting("ssoSecret")!;
    expect(rotated).not.toBe(secret);
    secret = rotated;
    await expectRefused({ token: beforeRotation }, 400, "sso.error.signature");
    expect((await sso({ token: await token({ email: "rotated@acme.test" }) }, { ip: ip() })).status).toBe(302);
  });

  it("alg none and algorithms other than HS256", async () => {
    await expectRefused({ token: unsignedToken({ email: "none@acme.test", exp: nowS() + 60, jti: "none-1" }) }, 400, "sso.error.algorithm");
    await expectRefused({ token: await token({ email: "hs512@acme.test" }, { alg: "HS512" }) }, 400, "sso.error.algorithm");
    expect(userByEmail("none@acme.test")).toBeUndefined();
  });

  it("a missing or invalid email", async () => {
    await expectRefused({ token: await token({ email: undefined }) }, 400, "sso.error.email");
    await expectRefused({ token: await token({ email: "not-an-email" }) }, 400, "sso.error.email");
    await expectRefused({ token: await token({ email: 42 }) }, 400, "sso.error.email");
  });

  it("claims of the wrong kind: a javascript: avatar, a negative or textual spend", async () => {
    await expectRefused({ token: await token({ email: "claims@acme.test", avatarUrl: "javascript:alert(1)" }) }, 400, "sso.error.invalidClaim", "avatarUrl");
    await expectRefused({ token: await token({ email: "claims@acme.test", monthlySpend: -1 }) }, 400, "sso.error.invalidClaim", "monthlySpend");
    await expectRefused({ token: await token({ email: "claims@acme.test", monthlySpend: "12" }) }, 400, "sso.error.invalidClaim", "monthlySpend");
    await expectRefused({ token: await token({ email: "claims@acme.test", company: "x".repeat(101) }) }, 400, "sso.error.invalidClaim", "company");
    expect(userByEmail("claims@acme.test")).toBeUndefined();
  });

  it("a malformed link: no token, or not a JWT", async () => {
    await expectRefused({}, 400, "sso.error.malformed");
    await expectRefused({ token: "not.a.jwt" }, 400, "sso.error.malformed");
    await expectRefused({ token: "garbage" }, 400, "sso.error.malformed");
  });

  it("a banned customer, and leaves their traits as they were", async () => {
    const banned = await createUser({ email: "banned@acme.test" });
    db().update(users).set({ bannedAt: Date.now(), company: "Before" }).where(eq(users.id, banned.id)).run();
    await expectRefused({ token: await token({ email: "banned@acme.test", company: "After" }) }, 403, "error.accountBanned");
    expect(userByEmail("banned@acme.test")!.company).toBe("Before");
  });

  it("a staff or admin email: a token never signs in a team account", async () => {
    const staff = await createUser({ role: "staff", email: "staff@acme.test" });
    await expectRefused({ token: await token({ email: "staff@acme.test" }) }, 403, "sso.error.staffAccount");
    await expectRefused({ token: await token({ email: "STAFF@acme.test" }) }, 403, "sso.error.staffAccount");
    await expectRefused({ token: await token({ email: admin.email }) }, 403, "sso.error.staffAccount");
    expect(db().select().from(sessions).where(eq(sessions.userId, staff.id)).all()).toHaveLength(0);
  });

  it("SSO turned off (the secret kept), and turned on again", async () => {
    const good = await token({ email: "off@acme.test" });
    expect((await settings({ intent: "ssoEnabled", enabled: "false" })).status).toBe(302);
    expect(readSetting("ssoSecret")).toBe(secret);
    await expectRefused({ token: good }, 403, "sso.error.disabled");
    expect((await settings({ intent: "ssoEnabled", enabled: "true" })).status).toBe(302);
    expect((await sso({ token: good }, { ip: ip() })).status).toBe(302);
  });

  it("too many refusals from one IP: then even a good token is refused, with Retry-After", async () => {
    const address = "192.0.2.99";
    for (let i = 0; i < 30; i++) expect((await sso({ token: "garbage" }, { ip: address })).status).toBe(400);
    const limited = await sso({ token: await token({ email: "limited@acme.test" }) }, { ip: address });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(userByEmail("limited@acme.test")).toBeUndefined();
    // Successes are not counted: another address signs in again and again.
    for (let i = 0; i < 3; i++) expect((await sso({ token: await token({ email: "busy@acme.test" }) }, { ip: "192.0.2.100" })).status).toBe(302);
  });

  it("a storage failure half-way through the account work rolls back the used token too", async () => {
    db().run(sql`create temp trigger refuse_boom before insert on users when new.email = 'boom@acme.test' begin select raise(abort, 'boom'); end`);
    try {
      const before = counts();
      await expect(sso({ token: await token({ email: "boom@acme.test" }, { jti: "boom-jti" }) }, { ip: ip() })).rejects.toThrow(/boom/);
      expect(counts()).toEqual(before);
      expect(db().select().from(ssoUsedTokens).where(eq(ssoUsedTokens.jti, "boom-jti")).all()).toHaveLength(0);
    } finally {
      db().run(sql`drop trigger refuse_boom`);
    }
  });
});

describe("used tokens are forgotten once they expire", () => {
  it("prunes expired jtis on the next sign-in", async () => {
    db()
      .insert(ssoUsedTokens)
      .values({ jti: "long-gone", expiresAt: Date.now() - 3_600_000 })
      .run();
    expect((await sso({ token: await token({ email: "prune@acme.test" }) })).status).toBe(302);
    expect(db().select().from(ssoUsedTokens).where(eq(ssoUsedTokens.jti, "long-gone")).all()).toHaveLength(0);
  });
});

describe("the settings section", () => {
  it("shows admins the state and the secret; staff and customers cannot see or change it", async () => {
    const page = await callRoute(settingsLoader, makeRequest("/admin/settings", { cookie: adminCookie }));
    expect(page.status).toBe(200);
    expect((page.data as { sso: unknown }).sso).toEqual({ enabled: true, secret, signInUrl: expect.stringMatching(/\/sso$/) });
    expect(secret).toMatch(/^sso_[A-Za-z0-9_-]{43}$/);

    const staffCookie = await sessionCookie((await createUser({ role: "staff" })).id);
    expect((await callRoute(settingsLoader, makeRequest("/admin/settings", { cookie: staffCookie }))).status).toBe(403);
    expect((await settings({ intent: "ssoRotate" }, staffCookie)).status).toBe(403);
    expect((await settings({ intent: "ssoEnabled", enabled: "false" }, staffCookie)).status).toBe(403);
    expect(readSetting("ssoSecret")).toBe(secret);
    expect(readSetting("ssoEnabled")).toBe("1");
  });

  it("turning on the first time makes a secret; without one, SSO reads as off", async () => {
    writeSettings({ ssoSecret: "", ssoEnabled: "1" });
    const off = await sso({ token: await token({ email: "nosecret@acme.test" }) }, { ip: "192.0.2.7" });
    expect(off.status).toBe(403);
    expect(await settings({ intent: "ssoEnabled", enabled: "true" })).toMatchObject({ status: 302 });
    secret = readSetting("ssoSecret")!;
    expect(secret).toMatch(/^sso_/);
    expect((await sso({ token: await token({ email: "nosecret@acme.test" }) })).status).toBe(302);
  });
});

describe("company traits for staff", () => {
  type InboxRow = { id: number; voterSpend: number | null };
  async function inbox(query: string): Promise<InboxRow[]> {
    const staffCookie = await sessionCookie((await createUser({ role: "staff" })).id);
    const res = await callRoute(inboxLoader, makeRequest(`/admin${query}`, { cookie: staffCookie }));
    expect(res.status).toBe(200);
    return (res.data as { rows: InboxRow[] }).rows;
  }

  async function customerWith(spend: number | null, company: string | null) {
    const user = await createUser();
    db().update(users).set({ monthlySpend: spend, company }).where(eq(users.id, user.id)).run();
    return user;
  }

  it("sorts the inbox by the sum of the voters' monthly spend, shows the figure, and pages by it", async () => {
    insertBoard({ slug: "spend", name: "Spend", description: "" });
    const big = await customerWith(5000, "BigCorp");
    const mid = await customerWith(700, "MidCo");
    const small = await customerWith(50, null);
    const none = await customerWith(null, null);
    // Many small voters outvote one big customer; the spend sort puts the big one first.
    const manyVotes = await createTestPost(await createUser(), "Many small voters", "", "spend");
    for (const voter of [small, none, await customerWith(10, null)]) toggleVote(manyVotes, voter);
    const bigSpender = await createTestPost(await createUser(), "One big customer", "", "spend");
    toggleVote(bigSpender, big);
    const both = await createTestPost(await createUser(), "Big and mid", "", "spend");
    toggleVote(both, big);
    toggleVote(both, mid);
    const nobody = await createTestPost(await createUser(), "No spend at all", "", "spend");
    // Triaged, so all four sit in one group.
    db().run(sql`update posts set kind = 'feature_request' where id in (${manyVotes}, ${bigSpender}, ${both}, ${nobody})`);

    const bySpend = await inbox("?board=spend&sort=spend");
    expect(bySpend.map((r) => r.id)).toEqual([both, bigSpender, manyVotes, nobody]);
    expect(bySpend.map((r) => r.voterSpend)).toEqual([5700, 5000, 60, 0]);
    const byVotes = await inbox("?board=spend&sort=votes");
    expect(byVotes[0].id).toBe(manyVotes);
    expect(byVotes.every((r) => r.voterSpend === null)).toBe(true);

    // Keyset paging on (untriaged, spend, id): two pages of two give the same order.
    const filters = { hideClosed: true, boardId: db().get<{ id: number }>(sql`select id from boards where slug = 'spend'`)!.id };
    const first = listInbox("spend", filters, null, 2);
    const last = first[1];
    const second = listInbox("spend", filters, { untriaged: last.untriaged, value: last.sortValue, id: last.id }, 2);
    expect([...first, ...second].map((r) => r.id)).toEqual([both, bigSpender, manyVotes, nobody]);
  });

  it("lists the voters' companies and their total spend in the staff sidebar", async () => {
    const staff = await createUser({ role: "staff" });
    const postId = await createTestPost(await createUser(), "Sidebar traits");
    toggleVote(postId, await customerWith(300, "Globex"));
    toggleVote(postId, await customerWith(null, "Initech"));
    toggleVote(postId, await customerWith(1000, null));
    const sidebar = postSidebar(postId, staff);
    expect(sidebar.ok).toBe(true);
    if (!sidebar.ok) return;
    expect(sidebar.value.voterTraits.totalSpend).toBe(1300);
    expect(sidebar.value.voterTraits.voters.map((v) => [v.company, v.monthlySpend])).toEqual([
      [null, 1000],
      ["Globex", 300],
      ["Initech", null],
    ]);
  });
});
