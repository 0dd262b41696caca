// Strangers cannot use up an owner's account emails (ADR 006, addendum): after several
// IPs exhaust the per-address cap, the owner's own password reset, from a client they
// signed in from lately or from a browser signed in to the account, still arrives over
// SMTP; strangers' further requests still send nothing, and every answer is the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action as loginAction } from "~/routes/login";
import { action as forgotAction } from "~/routes/login_.forgot";
import { clientsUnder, deliveredTo, linkTokenIn, outboxRowsTo, startSiteWithEmail } from "../helpers/account-requests";
import { createUser, makeRequest, sessionCookie, TEST_PASSWORD } from "../helpers/factories";

const call = clientsUnder("198.19");
const SARA = "sara@example.test";
const OWNERS_HOME = "203.0.113.50";
const OWNERS_PHONE = "2001:db8:7:7::1";
let site: Awaited<ReturnType<typeof startSiteWithEmail>>;

const forgot = (email: string, ip: string, cookie?: string) => call(forgotAction, makeRequest("/login/forgot", { form: { email }, cookie }), { ip });
const resetRows = () => outboxRowsTo(SARA).filter((row) => row.template === "password_reset");

beforeAll(async () => {
  site = await startSiteWithEmail();
});
afterAll(() => site?.stop());

describe("the owner's account emails when strangers have used up the cap", () => {
  it("still reach the owner from a trusted client or a signed-in browser, and never a stranger", async () => {
    // The owner signed in from home and from a phone (an IPv6 /64) some time ago.
    for (const ip of [OWNERS_HOME, OWNERS_PHONE]) {
      const login = await call(loginAction, makeRequest("/login", { form: { email: SARA, password: TEST_PASSWORD } }), { ip });
      expect(login.status).toBe(302);
    }

    // Five stranger IPs, three requests each: the address's 10 an hour are used up.
    const answers = [];
    for (let ip = 1; ip <= 5; ip++) for (let i = 0; i < 3; i++) answers.push(await forgot(SARA, `192.0.2.${ip}`));
    expect(resetRows()).toHaveLength(10);
    expect((await forgot(SARA, "192.0.2.77")).status).toBe(200);
    expect(resetRows()).toHaveLength(10);
    const before = (await deliveredTo(site.sink, SARA)).length;

    // The owner, from home: the email is sent.
    answers.push(await forgot(SARA, OWNERS_HOME));
    expect(resetRows()).toHaveLength(11);
    // From another address in the phone's /64.
    answers.push(await forgot(SARA, "2001:db8:7:7:abcd::9"));
    expect(resetRows()).toHaveLength(12);
    // From a new IP, in a browser signed in to the account.
    answers.push(await forgot(SARA, "198.51.100.200", await sessionCookie(site.sara.id)));
    expect(resetRows()).toHaveLength(13);

    const mails = await deliveredTo(site.sink, SARA);
    expect(mails.length - before).toBe(3);
    for (const mail of mails.slice(before)) expect(linkTokenIn(mail, "/login/reset")).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    // Strangers still get nothing: from new IPs, and signed in to an account of their own.
    const stranger = await createUser({ email: "eve@example.test" });
    answers.push(await forgot(SARA, "192.0.2.200"));
    answers.push(await forgot(SARA, "192.0.2.201", await sessionCookie(stranger.id)));
    answers.push(await forgot(SARA, "2001:db8:8:8::1"));
    expect(resetRows()).toHaveLength(13);

    // Every answer, owner's or stranger's, sent or not, says the same.
    expect(new Set(answers.map((a) => `${a.status} ${JSON.stringify(a.data)}`)).size).toBe(1);
  });

  it("gives the owner's own requests an allowance of their own, which also ends", async () => {
    const owner = await createUser({ email: "omar@example.test" });
    const cookie = await sessionCookie(owner.id);
    const sent = () => outboxRowsTo(owner.email).filter((row) => row.template === "password_reset");
    // Signed in, from eight IPs (so no per-IP limit is what stops them): five are sent.
    for (let i = 0; i < 8; i++) expect((await forgot(owner.email, `203.0.113.${70 + i}`, cookie)).status).toBe(200);
    expect(sent()).toHaveLength(5);
    // And it is not the strangers' allowance: a stranger still has theirs (3 from one IP).
    for (let i = 0; i < 4; i++) await forgot(owner.email, "192.0.2.90");
    expect(sent()).toHaveLength(8);
  });
});
