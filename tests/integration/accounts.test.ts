import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { sessions, users } from "~/db/schema";
import { eq } from "drizzle-orm";
import { action as setupAction, loader as setupLoader } from "~/routes/setup";
import { action as signupAction } from "~/routes/signup";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as rootLoader } from "~/root";
import { listPublicBoards } from "~/models/boards.server";
import { makeRequest, respond, testContext } from "../helpers/factories";

const call = (fn: (args: never) => Promise<unknown>, request: Request) => respond(() => fn({ request, params: {}, context: testContext } as never));

function cookieFrom(headers: Headers): string {
  return (headers.get("set-cookie") ?? "").split(";")[0];
}

describe("first run", () => {
  it("sends every page to /setup until an admin exists, then /setup is a 404", async () => {
    const home = await call(rootLoader, makeRequest("/"));
    expect(home.status).toBe(302);
    expect(home.location).toBe("/setup");
    expect((await call(setupLoader, makeRequest("/setup"))).status).toBe(200);

    const invalid = await call(
      setupAction,
      makeRequest("/setup", { form: { siteName: "", defaultLocale: "xx", adminName: "Ada", adminEmail: "nope", adminPassword: "short" } }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.data).toMatchObject({
      error: {
        siteName: ["error.nameRequired"],
        defaultLocale: ["error.localeInvalid"],
        adminEmail: ["error.emailInvalid"],
        adminPassword: ["error.passwordShort"],
      },
      initialValue: { adminName: "Ada", adminEmail: "nope" },
    });
    expect((invalid.data as { initialValue: Record<string, string> }).initialValue.adminPassword).toBeUndefined();

    const done = await call(
      setupAction,
      makeRequest("/setup", {
        form: { siteName: "Acme ideas", defaultLocale: "ar", adminName: "Ada", adminEmail: " Ada@Example.COM ", adminPassword: "a quiet harbour at dawn" },
      }),
    );
    expect(done.status).toBe(302);
    expect(cookieFrom(done.headers)).toMatch(/^closeloop_session=/);
    const admin = getDb().select().from(users).where(eq(users.email, "ada@example.com")).get();
    expect(admin?.role).toBe("admin");
    expect(listPublicBoards().map((b) => b.slug)).toEqual(["feedback"]);

    expect((await call(setupLoader, makeRequest("/setup"))).status).toBe(404);
    const again = await call(
      setupAction,
      makeRequest("/setup", {
        form: { siteName: "Evil", defaultLocale: "en", adminName: "Eve", adminEmail: "eve@example.com", adminPassword: "another long passphrase" },
      }),
    );
    expect(again.status).toBe(404);
    expect(getDb().select().from(users).all()).toHaveLength(1);
  });
});

describe("sign-up, login and logout", () => {
  beforeAll(() => {
    // Setup ran in the test above (same file, same database).
  });

  it("signs up with a lowercased email, keeps typed values on errors, and refuses common passwords", async () => {
    const weak = await call(signupAction, makeRequest("/signup", { form: { displayName: "Sara", email: "Sara@Example.com", password: "password123" } }));
    expect(weak.status).toBe(400);
    expect(weak.data).toMatchObject({ error: { password: ["error.passwordCommon"] }, initialValue: { displayName: "Sara", email: "Sara@Example.com" } });
    expect((weak.data as { initialValue: Record<string, string> }).initialValue.password).toBeUndefined();

    const ok = await call(signupAction, makeRequest("/signup", { form: { displayName: "سارا", email: " Sara@Example.com ", password: "blue tea at noon" } }));
    expect(ok.status).toBe(302);
    const sara = getDb().select().from(users).where(eq(users.email, "sara@example.com")).get();
    expect(sara?.displayName).toBe("سارا");
    expect(sara?.passwordHash).toMatch(/^\$argon2id\$/);

    const taken = await call(signupAction, makeRequest("/signup", { form: { displayName: "Other", email: "SARA@example.com", password: "blue tea at noon" } }));
    expect(taken.status).toBe(400);
    expect(taken.data).toMatchObject({ error: { email: ["error.emailTaken"] } });
  });

  it("says the same thing for an unknown email and a wrong password", async () => {
    const unknown = await call(loginAction, makeRequest("/login", { form: { email: "nobody@example.com", password: "blue tea at noon" } }));
    const wrong = await call(loginAction, makeRequest("/login", { form: { email: "sara@example.com", password: "wrong password!" } }));
    expect(unknown.status).toBe(400);
    expect(wrong.status).toBe(400);
    expect(unknown.data).toMatchObject({ error: { "": ["error.wrongCredentials"] } });
    expect(wrong.data).toMatchObject({ error: { "": ["error.wrongCredentials"] }, initialValue: { email: "sara@example.com" } });
    expect((wrong.data as { initialValue: Record<string, string> }).initialValue.password).toBeUndefined();
    // A field too long to be anyone's is one more wrong password, said the same way.
    const overlong = await call(loginAction, makeRequest("/login", { form: { email: `${"a".repeat(250)}@example.com`, password: "blue tea at noon" } }));
    expect(overlong.status).toBe(400);
    expect(overlong.data).toMatchObject({ error: { "": ["error.wrongCredentials"] } });
  });

  it("creates a new session at login, never reusing the one sent before, and deletes it at logout", async () => {
    const first = await call(loginAction, makeRequest("/login", { form: { email: "SARA@example.com", password: "blue tea at noon", redirectTo: "/posts/1" } }));
    expect(first.status).toBe(302);
    expect(first.location).toBe("/posts/1");
    const cookie = cookieFrom(first.headers);
    const setCookie = first.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i);

    const second = await call(loginAction, makeRequest("/login", { cookie, form: { email: "sara@example.com", password: "blue tea at noon" } }));
    const cookie2 = cookieFrom(second.headers);
    expect(cookie2).not.toBe(cookie);
    const oldId = cookie.split("=")[1];
    expect(getDb().select().from(sessions).where(eq(sessions.id, oldId)).get()).toBeUndefined();

    // A session id an attacker planted in the victim's browser before login is not adopted.
    const planted = "closeloop_session=planted-by-an-attacker-0000000000";
    const fixated = await respond(() =>
      loginAction({
        request: makeRequest("/login", { cookie: planted, form: { email: "sara@example.com", password: "blue tea at noon" } }),
        params: {},
        context: { clientIp: "203.0.113.99" },
      } as never),
    );
    expect(fixated.status).toBe(302);
    expect(cookieFrom(fixated.headers)).toMatch(/^closeloop_session=/);
    expect(cookieFrom(fixated.headers)).not.toBe(planted);
    expect(getDb().select().from(sessions).where(eq(sessions.id, "planted-by-an-attacker-0000000000")).get()).toBeUndefined();

    const https = await call(
      loginAction,
      new Request("https://board.example/login", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: "sara@example.com", password: "blue tea at noon" }).toString(),
      }),
    );
    expect(https.headers.get("set-cookie")).toMatch(/Secure/);

    const out = await call(logoutAction, makeRequest("/logout", { cookie: cookie2, form: {} }));
    expect(out.status).toBe(302);
    expect(
      getDb()
        .select()
        .from(sessions)
        .where(eq(sessions.id, cookie2.split("=")[1]))
        .get(),
    ).toBeUndefined();
  });

  it("refuses an external redirect after login", async () => {
    const r = await call(
      loginAction,
      makeRequest("/login", { form: { email: "sara@example.com", password: "blue tea at noon", redirectTo: "//evil.example/x" } }),
    );
    expect(r.location).toBe("/");
  });
});
