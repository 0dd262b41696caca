// Open redirects in real Chromium: a signed-in visitor who follows a crafted
// /login?redirectTo=… link, or signs in through a crafted login page, ends on the board,
// never on the other site (here a real server on another port that would answer).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, skipTestsWithoutBrowser } from "../helpers/browser";
import { redirectSample } from "../helpers/redirect-corpus";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
let browser: Browser;
let evil: http.Server;
let evilHost = "";
let cookie = "";
const PASSWORD = "sunlight over the harbour";
const noBrowser = skipTestsWithoutBrowser();

async function post(path: string, form: Record<string, string>, ip: string) {
  return fetch(server.url + path, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body: new URLSearchParams(form).toString(),
  });
}

beforeAll(async () => {
  if (noBrowser) return;
  evil = http.createServer((_, response) => response.end("<title>evil</title>phished"));
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  evilHost = `localhost:${(evil.address() as AddressInfo).port}`;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  const setup = await post(
    "/setup",
    { siteName: "Redirects", defaultLocale: "en", adminName: "Admin", adminEmail: "admin@example.test", adminPassword: PASSWORD },
    "10.9.0.1",
  );
  expect(setup.status).toBe(302);
  const signup = await post("/signup", { displayName: "Sara", email: "sara@example.test", password: PASSWORD }, "10.9.0.2");
  expect(signup.status).toBe(302);
  cookie = (signup.headers.get("set-cookie") ?? "").split(";")[0];
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => evil?.close(resolve));
});

/** Where the page ended, once it stopped navigating. */
async function landedOrigin(page: Page): Promise<string> {
  await page.waitForLoadState("load");
  return new URL(page.url()).origin;
}

describe("redirects in Chromium", () => {
  it("a signed-in visitor following crafted /login links stays on the board", async () => {
    const context = await browser.newContext();
    const [name, value] = cookie.split("=");
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const origins: Array<[string, string]> = [];
    for (const input of redirectSample(evilHost, 60)) {
      await page.goto(`${server.url}/login?${new URLSearchParams({ redirectTo: input })}`);
      origins.push([input, await landedOrigin(page)]);
    }
    expect(origins.filter(([, origin]) => origin !== server.url)).toEqual([]);
    await context.close();
  });

  it("signing in through a crafted login page lands on the board", async () => {
    const inputs = redirectSample(evilHost, 0).slice(0, 6);
    const origins: Array<[string, string]> = [];
    for (const [index, input] of inputs.entries()) {
      // Each sign-in from its own address, so the per-IP sign-in limit stays out of the way.
      const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": `10.9.1.${index + 1}` } });
      const page = await context.newPage();
      await page.goto(`${server.url}/login?${new URLSearchParams({ redirectTo: input })}`);
      await page.getByLabel("Email").fill("sara@example.test");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL((url) => url.pathname !== "/login");
      origins.push([input, await landedOrigin(page)]);
      await context.close();
    }
    expect(origins.filter(([, origin]) => origin !== server.url)).toEqual([]);
  });
});
