// Every door that sends the visitor "back where they were" keeps them on the site, for a
// generated corpus of dot-segment, slash and encoding variants (tests/helpers/redirect-corpus).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { signupRequests } from "~/db/schema";
import { loader as loginLoader, action as loginAction } from "~/routes/login";
import { action as preferencesAction } from "~/routes/preferences";
import { action as signupAction } from "~/routes/signup";
import { action as confirmAction } from "~/routes/signup_.confirm.$token";
import { action as voteAction } from "~/routes/posts.$id_.vote";
import { clientsUnder, deliveredTo, linkTokenIn, startSiteWithEmail } from "../helpers/account-requests";
import { makeRequest, sessionCookie, TEST_PASSWORD } from "../helpers/factories";
import { redirectSample, staysOn } from "../helpers/redirect-corpus";

const call = clientsUnder("192.0");
let site: Awaited<ReturnType<typeof startSiteWithEmail>>;
let saraCookie = "";

beforeAll(async () => {
  site = await startSiteWithEmail();
  saraCookie = await sessionCookie(site.sara.id);
});
afterAll(() => site?.stop());

/** The inputs whose Location would take a browser off the site (none, when it is right). */
function escapes(results: Array<[string, { status: number; location: string | null }]>) {
  return results
    .filter(
      ([, r]) =>
        r.status !== 302 || !/^\/(?![/\\])/.test(r.location ?? "") || !staysOn("https://board.example", r.location) || !staysOn("http://localhost", r.location),
    )
    .map(([input, r]) => ({ input, status: r.status, location: r.location }));
}

describe("open redirects through dot segments", () => {
  it("GET /login when signed in sends every corpus input back on the site", async () => {
    const inputs = redirectSample("evil.example", 3000);
    const results: Array<[string, Awaited<ReturnType<typeof call>>]> = [];
    for (const input of inputs) {
      const request = makeRequest(`/login?${new URLSearchParams({ redirectTo: input })}`, { cookie: saraCookie });
      results.push([input, await call(loginLoader, request)]);
    }
    expect(escapes(results)).toEqual([]);
  });

  it("POST /preferences and a plain-form vote keep every corpus input on the site", async () => {
    const inputs = redirectSample("evil.example", 1500);
    const results: Array<[string, Awaited<ReturnType<typeof call>>]> = [];
    for (const input of inputs) {
      results.push([input, await call(preferencesAction, makeRequest("/preferences", { form: { theme: "dark", redirectTo: input } }))]);
      const vote = makeRequest(`/posts/${site.postId}/vote`, { cookie: saraCookie, form: { redirectTo: input } });
      results.push([input, await call(voteAction, vote, { params: { id: String(site.postId) } })]);
    }
    expect(escapes(results)).toEqual([]);
  });

  it("the login form sends the signed-in visitor back on the site", async () => {
    const inputs = redirectSample("evil.example", 25);
    const results: Array<[string, Awaited<ReturnType<typeof call>>]> = [];
    for (const input of inputs) {
      const request = makeRequest("/login", { form: { email: "sara@example.test", password: TEST_PASSWORD, redirectTo: input } });
      results.push([input, await call(loginAction, request)]);
    }
    expect(escapes(results)).toEqual([]);
  });

  it("the return path kept with a sign-up request is checked when kept and when used", async () => {
    const inputs = ["/./\\evil.example", "/..//evil.example", "/%2e%2e//evil.example", "/a/..//evil.example"];
    const results: Array<[string, Awaited<ReturnType<typeof call>>]> = [];
    for (const [index, input] of inputs.entries()) {
      const email = `back${index}@example.test`;
      const password = "a long enough passphrase";
      const asked = await call(signupAction, makeRequest("/signup", { form: { displayName: "Nora", email, password, redirectTo: input } }));
      expect(asked.status).toBe(200);
      const kept = getDb().select().from(signupRequests).all().at(-1)!;
      expect(kept.redirectTo).toMatch(/^\/(?![/\\])/);
      const token = linkTokenIn((await deliveredTo(site.sink, email))[0], "/signup/confirm");
      results.push([input, await call(confirmAction, makeRequest(`/signup/confirm/${token}`, { form: { password } }), { params: { token } })]);
      expect(getDb().select().from(signupRequests).where(eq(signupRequests.id, kept.id)).get()?.usedAt).toBeTruthy();
    }
    expect(escapes(results)).toEqual([]);
  });
});
