// Single sign-on in real Chromium (issue 14): a browser follows a link the customer's
// server made and lands signed in, in English and in Arabic (the new account takes the
// browser's language); a refused link is a page with its reason in the visitor's
// language; the settings section and the refusal page pass axe (no serious or critical
// violation) in both languages and themes, at 1280 and 390 px, and never overflow a
// phone. With SCREENSHOTS=<folder>, each is saved there for people to look at.
import Database from "better-sqlite3";
import { SignJWT } from "jose";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, shownText, skipTestsWithoutBrowser, watchedPage } from "../helpers/browser";
import { seriousAxeViolations } from "../helpers/axe";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, postIdeaOverHttp, setUpSite } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
let key: Uint8Array;
let ideaPath = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "SSO Board");
  expect((await postForm(server, "/admin/settings", { intent: "ssoEnabled", enabled: "true" }, { cookie: adminCookie })).status).toBe(302);
  const db = new Database(server.databasePath, { readonly: true });
  key = new TextEncoder().encode((db.prepare("select value from settings where key = 'ssoSecret'").get() as { value: string }).value);
  db.close();
  ideaPath = await postIdeaOverHttp(server, adminCookie, "Dark mode for the dashboard");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const policyViolations: string[] = [];
afterEach(() => {
  expect(policyViolations.splice(0)).toEqual([]);
});

let jtis = 0;
/** A link as the customer's server makes it (docs/sso.md). */
async function ssoLink(claims: Record<string, unknown>, redirectTo?: string, exp: string | number = "5m"): Promise<string> {
  jtis += 1;
  const token = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setJti(`e2e-${jtis}`).setIssuedAt().setExpirationTime(exp).sign(key);
  return `${server.url}/sso?${new URLSearchParams({ token, ...(redirectTo ? { redirectTo } : {}) })}`;
}

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

type Look = { locale: "en" | "ar"; theme: "light" | "dark"; width: 1280 | 390 };
const LOOKS: Look[] = (["en", "ar"] as const).flatMap((locale) =>
  (["light", "dark"] as const).flatMap((theme) => ([1280, 390] as const).map((width) => ({ locale, theme, width }))),
);

/** A browser context in a language and theme, as the header's menu sets them; signed in with `cookie` when given. */
async function contextFor({ locale, theme, width }: Look, cookie = "") {
  const prefs = cookieOf(await postForm(server, "/preferences", { locale, theme }, { cookie: cookie || undefined }));
  const context = await browser.newContext({
    colorScheme: theme,
    locale: locale === "ar" ? "ar" : "en-US",
    viewport: { width, height: width < 500 ? 844 : 900 },
    bypassCSP: true,
  });
  await addCookies(context, server, [cookie, prefs].filter(Boolean).join("; "));
  return context;
}

describe("following a sign-in link", () => {
  for (const locale of ["en", "ar"] as const) {
    it(`lands signed in on the page asked for, in ${locale}`, async () => {
      // A browser that has never been here: its language comes from Accept-Language.
      const context = await browser.newContext({ locale: locale === "ar" ? "ar" : "en-US", viewport: { width: 1280, height: 900 } });
      const page = await watchedPage(context, policyViolations);
      try {
        const email = `sso-${locale}@customer.test`;
        const name = locale === "ar" ? "سلمى سعيد" : "Sally Sso";
        const res = await page.goto(await ssoLink({ email, name, company: "Acme", monthlySpend: 250 }, ideaPath));
        expect(res?.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe(ideaPath);
        expect(await page.locator("html").getAttribute("lang")).toBe(locale);
        expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
        // Signed in: the header names the account and offers to log out.
        expect(await page.content()).toContain(name);
        await expect.poll(() => page.locator('form[action="/logout"]').count()).toBeGreaterThan(0);
        const cookies = await context.cookies(server.url);
        expect(cookies.find((c) => c.name === "closeloop_session")?.httpOnly).toBe(true);
        // The token is in no URL the browser keeps after landing.
        expect(page.url()).not.toContain("token=");
      } finally {
        await context.close();
      }
    });
  }

  it("shows the refusal's reason in the visitor's language, with nothing signed in", async () => {
    const expired = await ssoLink({ email: "late@customer.test" }, "/", Math.floor(Date.now() / 1000) - 120);
    for (const locale of ["en", "ar"] as const) {
      const context = await browser.newContext({ locale: locale === "ar" ? "ar" : "en-US" });
      const page = await watchedPage(context, policyViolations);
      const res = await page.goto(expired);
      expect(res?.status()).toBe(400);
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      const reason = await shownText(page.getByRole("alert"));
      expect(reason).toBe(locale === "ar" ? "انتهت صلاحية رابط الدخول." : "The sign-in link has expired.");
      expect((await context.cookies(server.url)).some((c) => c.name === "closeloop_session")).toBe(false);
      await context.close();
    }
  });
});

describe("how the pages look", () => {
  for (const look of LOOKS) {
    const name = `${look.locale}-${look.width}-${look.theme}`;
    it(`the refusal page and the settings section, ${name}: no serious axe violation, no overflow`, async () => {
      const found: string[] = [];
      const visitor = await contextFor(look);
      const page = await watchedPage(visitor, policyViolations);
      // A team account's email: the refusal with the longest reason and its own hint.
      const res = await page.goto(await ssoLink({ email: "ada@example.test" }));
      expect(res?.status()).toBe(403);
      expect(await page.locator("html").getAttribute("lang")).toBe(look.locale);
      await page.getByRole("alert").waitFor();
      await screenshotForPeople(page, `refused-${name}`);
      for (const v of await seriousAxeViolations(page)) found.push(`refusal: ${v}`);
      expect(await overflow(page), "refusal page overflow").toBeLessThanOrEqual(0);
      await visitor.close();

      const admin = await contextFor(look, adminCookie);
      const settings = await watchedPage(admin, policyViolations);
      expect((await settings.goto(`${server.url}/admin/settings`))?.status()).toBe(200);
      const section = settings.getByTestId("sso-settings");
      await section.scrollIntoViewIfNeeded();
      if (process.env.SCREENSHOTS) await section.screenshot({ path: `${process.env.SCREENSHOTS}/settings-${name}.png` });
      expect(await shownText(settings.getByTestId("sso-state"))).toBe(look.locale === "ar" ? "مفعّل" : "On");
      expect(await settings.locator("#sso-secret").inputValue()).toMatch(/^sso_/);
      for (const v of await seriousAxeViolations(settings)) found.push(`settings: ${v}`);
      expect(await overflow(settings), "settings overflow").toBeLessThanOrEqual(0);
      await admin.close();
      expect(found).toEqual([]);
    });
  }

  it("the inbox sorted by the spend of voters shows each row's figure in the locale's digits", async () => {
    // Two customers of the app sign in by link and vote: their spend adds up on the idea.
    for (const [email, monthlySpend] of [
      ["spender-1@customer.test", 1200],
      ["spender-2@customer.test", 34.5],
    ] as const) {
      const signedIn = await fetch(await ssoLink({ email, company: "Initech", monthlySpend }), { redirect: "manual" });
      expect(signedIn.status).toBe(302);
      expect((await postForm(server, `${ideaPath}/vote`, {}, { cookie: cookieOf(signedIn) })).status).toBe(302);
    }
    const found: string[] = [];
    for (const look of LOOKS.filter((l) => l.theme === (l.locale === "en" ? "light" : "dark"))) {
      const admin = await contextFor(look, adminCookie);
      const page = await watchedPage(admin, policyViolations);
      expect((await page.goto(`${server.url}/admin?sort=spend`))?.status()).toBe(200);
      const row = page.locator(`[data-testid=inbox-row][data-post-id="${ideaPath.split("/").pop()}"]`);
      const figure = await shownText(row.getByTestId("voter-spend"));
      expect(figure).toContain(look.locale === "ar" ? "١٬٢٣٤٫٥" : "1,234.5");
      await screenshotForPeople(page, `inbox-spend-${look.locale}-${look.width}-${look.theme}`);
      for (const v of await seriousAxeViolations(page)) found.push(`${look.locale} ${look.width}: ${v}`);
      expect(await overflow(page), "inbox overflow").toBeLessThanOrEqual(0);
      // The idea's staff sidebar names the voters' company and adds up their spend.
      await page.goto(`${server.url}${ideaPath}`);
      expect(await shownText(page.getByTestId("voter-traits"))).toContain("Initech");
      await screenshotForPeople(page, `post-voter-traits-${look.locale}-${look.width}-${look.theme}`);
      await admin.close();
    }
    expect(found).toEqual([]);
  });

  it("copies the secret with the button once the page is hydrated", async () => {
    const admin = await contextFor({ locale: "en", theme: "light", width: 1280 }, adminCookie);
    await admin.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await watchedPage(admin, policyViolations);
    await page.goto(`${server.url}/admin/settings`);
    const secret = await page.locator("#sso-secret").inputValue();
    const status = page.getByTestId("sso-settings").getByRole("status");
    // Before hydration the button does nothing: clicked until the copy is confirmed.
    await expect
      .poll(async () => {
        await page.getByTestId("sso-settings").getByRole("button", { name: "Copy" }).click();
        return status.textContent();
      })
      .toBe("Copied.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await admin.close();
  });
});
