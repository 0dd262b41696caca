// The anonymous page cache (ADR 016) in real Chromium: a visitor's board page served from
// the cache, whose inline scripts are allowed by hash rather than a nonce, hydrates and
// navigates on the client with no Content-Security-Policy violation; then a signed-in
// person loading the same page gets their own.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchBrowser, skipTestsWithoutBrowser, watchedPage } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  // A long TTL: the visit below must be served from the cache, however slow the machine.
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback", PAGE_CACHE_TTL_MS: "600000" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Cached Feedback");
  const carla = await signUpOverHttp(server, "Carla Mendes", "carla@example.test");
  await postIdeaOverHttp(server, carla, "Dark mode for the dashboard");
  const shipped = await postIdeaOverHttp(server, carla, "Single sign-on with Google");
  expect((await postForm(server, `${shipped}/triage`, { intent: "status", status: "shipped", response: "Live." }, { cookie: adminCookie })).status).toBe(302);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("serves a visitor the cached page, which hydrates and works under its hash-only policy", async () => {
  // Prime the cache as another English-speaking visitor would (the browser below asks in en-US).
  expect((await fetch(server.url + "/", { headers: { "accept-language": "en-GB,en;q=0.8" } })).status).toBe(200);
  const violations: string[] = [];
  const context = await browser.newContext({ locale: "en-US" });
  const page = await watchedPage(context, violations);
  const response = await page.goto(server.url + "/");
  expect(response?.headers()["x-page-cache"]).toBe("hit");
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("'sha256-");
  expect(policy).not.toContain("'nonce-");
  await page.getByRole("link", { name: "Dark mode for the dashboard" }).waitFor();

  // A client-side navigation: only a hydrated page fetches the next page's data itself.
  const data = page.waitForResponse((r) => r.url().includes(".data") && r.url().includes("state=closed"));
  await page.getByTestId("state-closed").click();
  expect((await data).status()).toBe(200);
  await page.getByRole("link", { name: "Single sign-on with Google" }).waitFor();
  expect(await page.getByRole("link", { name: "Dark mode for the dashboard" }).count()).toBe(0);
  expect(violations).toEqual([]);

  // Signed in, the same page is their own, with a nonce and the admin's link.
  await addCookies(context, server, adminCookie);
  const signedIn = await page.goto(server.url + "/");
  expect(signedIn?.headers()["x-page-cache"]).toBeUndefined();
  expect(signedIn?.headers()["content-security-policy"]).toContain("'nonce-");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).waitFor();
  expect(violations).toEqual([]);
  await context.close();
});
