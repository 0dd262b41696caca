// The shell (issue 12): the account menu with and without JavaScript, switching language
// through it, a header of one row (1280 px in Arabic and Persian as an admin, 390 px on a
// phone), and the first-run checklist that setup lands on.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, E2E_PASSWORD, postForm, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback and Ideas");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(
  options: { javaScriptEnabled?: boolean; cookie?: string; width?: number; target?: RunningServer } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: "en-US",
    viewport: { width: options.width ?? 1280, height: 844 },
  });
  if (options.cookie) await addCookies(context, options.target ?? server, options.cookie);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return { context, page };
}

/** The header's height, and whether every item in its row sits on one line (their vertical middles within a few px). */
async function headerRow(page: Page): Promise<{ height: number; oneRow: boolean; overflow: boolean }> {
  return page.evaluate(() => {
    const header = document.querySelector<HTMLElement>("[data-testid=site-header]")!;
    const row = header.firstElementChild as HTMLElement;
    const items = [...row.querySelectorAll<HTMLElement>(":scope > *, :scope > * > *")].filter(
      (el) => el.getClientRects().length > 0 && el.offsetHeight > 1 && el.offsetWidth > 1,
    );
    const middles = items.map((el) => {
      const box = el.getBoundingClientRect();
      return box.top + box.height / 2;
    });
    return {
      height: header.getBoundingClientRect().height,
      oneRow: Math.max(...middles) - Math.min(...middles) < 12,
      overflow: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
}

describe("the account menu", () => {
  it("opens, closes on Escape and on a click outside, and switches the language (with JavaScript)", async () => {
    const cookie = await signUpOverHttp(server, "Menna Farouk", "menna@example.test");
    const { context, page } = await newPage({ cookie });
    await page.goto(server.url + "/");
    const menu = page.getByTestId("account-menu");
    // Language and theme are out of the header until the menu opens.
    expect(await page.locator("#pref-locale").isVisible()).toBe(false);
    await menu.locator("summary").click();
    expect(await menu.getAttribute("open")).not.toBeNull();
    await menu.getByText("Menna Farouk", { exact: true }).waitFor();
    expect(await menu.getByRole("link", { name: "Notification settings" }).isVisible()).toBe(true);
    expect(await menu.getByRole("link", { name: "Admin" }).count()).toBe(0);
    await screenshotForPeople(page, "shell-account-menu-en");
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.getAttribute("open")).toBeNull();
    await menu.locator("summary").click();
    await page.locator("main").click({ position: { x: 5, y: 5 } });
    await expect.poll(() => menu.getAttribute("open")).toBeNull();

    // Switching language: open the menu, choose. Two steps, no Apply button.
    await menu.locator("summary").click();
    await page.getByLabel("Language").selectOption("ar");
    await page.waitForFunction(() => document.documentElement.lang === "ar" && document.documentElement.dir === "rtl");
    // The menu closed with the navigation.
    await expect.poll(() => menu.getAttribute("open")).toBeNull();
    await context.close();
  });

  it("works without JavaScript: the menu opens natively, and Apply sets the language", async () => {
    const cookie = await signUpOverHttp(server, "Navid", "navid@example.test");
    const { context, page } = await newPage({ cookie, javaScriptEnabled: false });
    await page.goto(server.url + "/");
    const menu = page.getByTestId("account-menu");
    await menu.locator("summary").click();
    await page.getByLabel("Language").selectOption("fa");
    await menu
      .locator("form", { has: page.getByLabel("Language") })
      .getByRole("button", { name: "Apply" })
      .click();
    await page.waitForURL(server.url + "/");
    expect(await page.locator("html").getAttribute("lang")).toBe("fa");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    // Sign-out is in the menu too.
    await page.getByTestId("account-menu").locator("summary").click();
    await page.getByTestId("account-menu").getByRole("button", { name: "خروج" }).click();
    await page.waitForURL(server.url + "/");
    expect(await page.getByTestId("account-menu").count()).toBe(0);
    expect(await page.getByTestId("visitor-menu").count()).toBe(1);
    await context.close();
  });
});

describe("the header", () => {
  for (const locale of ["ar", "fa"] as const) {
    it(`fits one row at 1280 px in ${locale}, signed in as an admin`, async () => {
      const res = await postForm(server, "/preferences", { locale }, { cookie: adminCookie });
      expect(res.status).toBe(302);
      const { context, page } = await newPage({ cookie: adminCookie });
      await page.goto(server.url + "/");
      expect(await page.locator("html").getAttribute("lang")).toBe(locale);
      const row = await headerRow(page);
      expect(row.oneRow).toBe(true);
      expect(row.height).toBeLessThanOrEqual(60);
      await screenshotForPeople(page, `shell-header-1280-${locale}`);
      await context.close();
    });
  }

  it("fits one row at 390 px, for a visitor and for an admin, and its menu holds the page links", async () => {
    await postForm(server, "/preferences", { locale: "en" }, { cookie: adminCookie });
    for (const cookie of [undefined, adminCookie]) {
      const { context, page } = await newPage({ cookie, width: 390 });
      await page.goto(server.url + "/");
      const row = await headerRow(page);
      expect(row).toEqual({ height: expect.any(Number), oneRow: true, overflow: false });
      expect(row.height).toBeLessThanOrEqual(60);
      const nav = page.getByTestId("nav-menu");
      await nav.locator("summary").click();
      await nav.getByRole("link", { name: "Roadmap" }).waitFor();
      await screenshotForPeople(page, `shell-header-390-${cookie ? "admin" : "visitor"}`);
      await context.close();
    }
  });
});

describe("after setup", () => {
  it("lands on the admin home with the checklist, whose steps follow what is done", async () => {
    const fresh = await startServer();
    try {
      const { context, page } = await newPage({ target: fresh });
      await page.goto(fresh.url + "/setup");
      await page.getByLabel("Site name").fill("Fresh Board");
      await page.getByLabel("Your name").fill("Ada Admin");
      await page.getByLabel("Your email").fill("ada@example.test");
      await page.getByLabel("Password").fill(E2E_PASSWORD);
      await page.getByRole("button", { name: "Create board" }).click();
      await page.waitForURL(fresh.url + "/admin");
      const checklist = page.getByTestId("setup-checklist");
      const done = () => checklist.locator("li").evaluateAll((items) => items.map((li) => `${li.getAttribute("data-step")}:${li.getAttribute("data-done")}`));
      // The URL changes before the admin page has rendered: wait for the steps themselves.
      await expect.poll(done).toEqual(["email:false", "boards:false", "team:false", "share:false"]);
      await screenshotForPeople(page, "shell-checklist");

      await checklist.getByRole("button", { name: "I shared it" }).click();
      await expect.poll(done).toContain("share:true");

      // Inviting a teammate: the checklist's link, the address, Send invite.
      await checklist.getByRole("link", { name: "Invite your team" }).click();
      await page.waitForURL(fresh.url + "/admin/team");
      await page.getByLabel("Email address").fill("teammate@example.test");
      await page.getByRole("button", { name: "Send invite" }).click();
      await page.getByTestId("invite-sent").waitFor();
      expect(await page.getByTestId("pending-invite").textContent()).toContain("teammate@example.test");
      await page.getByRole("link", { name: "Inbox" }).click();
      await expect.poll(done).toEqual(["email:false", "boards:false", "team:true", "share:true"]);

      await checklist.getByRole("button", { name: "Dismiss" }).click();
      await expect.poll(() => page.getByTestId("setup-checklist").count()).toBe(0);
      await context.close();
    } finally {
      await fresh.stop();
    }
  });
});
