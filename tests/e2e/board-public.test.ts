// Issue 12 in real Chromium: the public board shows open ideas with closed ones a tab
// away and not votable (the button says why); the first idea is in view on a phone;
// the bell opens the latest notifications, and opening the idea clears them.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
let carlaCookie = "";
let shippedPath = "";
let openPath = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback");
  carlaCookie = await signUpOverHttp(server, "Carla Mendes", "carla@example.test");
  openPath = await postIdeaOverHttp(server, carlaCookie, "Dark mode for the dashboard", "Night shifts need it.");
  await postIdeaOverHttp(server, carlaCookie, "Export invoices to CSV");
  shippedPath = await postIdeaOverHttp(server, carlaCookie, "Single sign-on with Google");
  const shipped = await postForm(
    server,
    `${shippedPath}/triage`,
    { intent: "status", status: "shipped", response: "Live for everyone." },
    { cookie: adminCookie },
  );
  expect(shipped.status).toBe(302);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(options: { cookie?: string; width?: number; height?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: options.locale ?? "en-US", viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  if (options.cookie) await addCookies(context, server, options.cookie);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return { context, page };
}

function unreadInDb(email: string): number {
  const db = new Database(server.databasePath, { readonly: true });
  try {
    const row = db.prepare("select count(*) as n from notifications n join users u on u.id = n.user_id where u.email = ? and n.read_at is null").get(email) as {
      n: number;
    };
    return row.n;
  } finally {
    db.close();
  }
}

describe.skipIf(noBrowser)("the public board in a browser", () => {
  it("lists open ideas by default; a closed idea's vote button is disabled and says why", async () => {
    const { context, page } = await newPage({ cookie: carlaCookie });
    await page.goto(server.url + "/");
    const rows = page.getByTestId("post-row");
    await rows.first().waitFor();
    expect(await rows.filter({ hasText: "Single sign-on with Google" }).count()).toBe(0);
    // Rows name the author and say when, with the date as a tooltip.
    const first = rows.filter({ hasText: "Dark mode for the dashboard" });
    expect(await first.getByTestId("post-author").textContent()).toContain("Carla Mendes");
    expect(await first.locator("time").getAttribute("title")).toMatch(/\d{4}/);
    // The vote button's accessible name starts with the count it shows.
    const openVote = first.getByRole("button", { name: /^1 vote\. Vote for/ });
    expect(await openVote.isEnabled()).toBe(true);
    await screenshotForPeople(page, "i12-board-open");

    await page.getByTestId("state-closed").click();
    await page.waitForURL(/state=closed/);
    const shipped = page.getByTestId("post-row").filter({ hasText: "Single sign-on with Google" });
    await shipped.waitFor();
    expect(await shipped.getByTestId("team-replied").count()).toBe(1);
    const vote = shipped.getByTestId("vote-button");
    expect(await vote.isDisabled()).toBe(true);
    expect(await vote.getAttribute("title")).toBe("This idea is closed, so it takes no more votes.");
    expect(await shipped.getByRole("button", { name: "1 vote. This idea is closed, so it takes no more votes." }).count()).toBe(1);
    await screenshotForPeople(page, "i12-board-closed");

    // The idea's own page too, and the server refuses the vote whatever the page shows.
    await page.goto(server.url + shippedPath);
    expect(await page.getByTestId("vote-button").isDisabled()).toBe(true);
    const refused = await postForm(server, `${shippedPath}/vote`, { redirectTo: "/", via: "fetcher" }, { cookie: carlaCookie });
    expect(refused.status).toBe(403);
    await context.close();
  });

  it("shows the first idea within the first 300 px on a 390 × 844 phone, filters in one control", async () => {
    for (const locale of ["en-US", "ar"]) {
      const { context, page } = await newPage({ width: 390, height: 844, locale });
      await page.goto(server.url + "/");
      const box = await page.getByTestId("post-row").first().boundingBox();
      expect(box!.y, locale).toBeLessThan(300);
      // The board list is inside the Filters disclosure on a phone.
      const filters = page.getByTestId("filters-menu");
      await filters.locator("summary").click();
      expect(await filters.getByRole("combobox").first().isVisible()).toBe(true);
      await screenshotForPeople(page, `i12-board-phone-${locale}`);
      await context.close();
    }
  });

  it("the bell opens the latest notifications, and opening the idea marks them read", async () => {
    const readerEmail = "rita@example.test";
    const readerCookie = await signUpOverHttp(server, "Rita", readerEmail);
    const ideaPath = await postIdeaOverHttp(server, readerCookie, "Keyboard shortcuts in the inbox");
    for (const body of ["Yes please, **j/k** like Gmail", "And ? for help"]) {
      expect((await postForm(server, `${ideaPath}/comments`, { body }, { cookie: carlaCookie })).status).toBe(302);
    }
    expect(unreadInDb(readerEmail)).toBe(2);

    const { context, page } = await newPage({ cookie: readerCookie });
    await page.goto(server.url + openPath);
    expect(await page.getByTestId("unread-count").textContent()).toBe("2");
    // Before hydration the bell is the no-JavaScript link to /notifications: click the disclosure.
    await page.locator("summary[data-testid=bell]").click();
    const panel = page.getByTestId("bell-panel");
    const item = panel.getByTestId("bell-notification").first();
    await item.waitFor();
    // Two comments on one idea are one row that says so.
    expect(await panel.getByTestId("bell-notification").count()).toBe(1);
    expect(await item.textContent()).toContain("2 new comments on “Keyboard shortcuts in the inbox”");
    expect(await item.textContent()).toMatch(/From \u2068?Carla Mendes/);
    expect(await item.textContent()).toContain("And ? for help");
    await screenshotForPeople(page, "i12-bell-dropdown");

    await item.getByTestId("notification-link").click();
    await page.waitForURL(server.url + ideaPath);
    await page.waitForFunction(() => !document.querySelector("[data-testid=unread-count]"));
    expect(unreadInDb(readerEmail)).toBe(0);

    // Back on the board (a link navigation: the root loader does not run again) the count stays cleared.
    await page.getByRole("link", { name: "Ideas", exact: true }).first().click();
    await page.waitForURL(server.url + "/");
    await expect.poll(() => page.getByTestId("unread-count").count()).toBe(0);

    // The full page lists it as read, with who did what.
    await page.goto(server.url + "/notifications");
    const row = page.getByTestId("notification").first();
    expect(await row.getAttribute("data-unread")).toBeNull();
    expect(await row.textContent()).toContain("2 new comments on");
    await context.close();
  });

  it("without JavaScript the bell is a link to the notifications page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    await addCookies(context, server, carlaCookie);
    const page = await context.newPage();
    await page.goto(server.url + "/");
    await page.getByTestId("bell").click();
    await page.waitForURL(server.url + "/notifications");
    await context.close();
  });
});
