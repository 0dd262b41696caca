// A new customer's path through the board in real Chromium: setup, sign-up, posting,
// similar posts, voting, comments, search, Arabic RTL, and the same again without JS.
// Each test makes the posts and accounts it needs (over HTTP when they are not what it
// tests), so any one can run alone and in any order.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, E2E_PASSWORD, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  await setUpSite(server, "Acme Feedback");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(options: { javaScriptEnabled?: boolean; locale?: string; cookie?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? "en-US",
    viewport: { width: 1100, height: 900 },
  });
  if (options.cookie) await addCookies(context, server, options.cookie);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    throw error;
  });
  return { context, page };
}

async function signUp(page: Page, name: string, email: string) {
  await page.goto(server.url + "/signup");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(server.url + "/");
}

/** An idea posted by a customer of its own: its absolute URL. */
async function ideaByAnotherCustomer(title: string, author: string, body = ""): Promise<string> {
  const cookie = await signUpOverHttp(server, author, `${author.toLowerCase().replace(/\W+/g, "-")}@example.test`);
  return server.url + (await postIdeaOverHttp(server, cookie, title, body));
}

function voteCount(page: Page) {
  return page.getByTestId("vote-count").first().textContent();
}

describe("the customer board in a browser", () => {
  it("1. sets up the site on first visit", async () => {
    // A server of its own: the shared one is set up already.
    const fresh = await startServer();
    try {
      const { context, page } = await newPage();
      await page.goto(fresh.url + "/");
      expect(new URL(page.url()).pathname).toBe("/setup");
      await screenshotForPeople(page, "01-setup");
      await page.getByLabel("Site name").fill("Acme Feedback");
      await page.getByLabel("Your name").fill("Ada Admin");
      await page.getByLabel("Your email").fill("ada@example.test");
      await page.getByLabel("Password").fill(E2E_PASSWORD);
      await page.getByRole("button", { name: "Create board" }).click();
      // Setup lands on the admin home, with the first-run checklist.
      await page.waitForURL(fresh.url + "/admin");
      await page.getByRole("link", { name: "Acme Feedback" }).waitFor();
      await page.getByTestId("setup-checklist").waitFor();
      await context.close();
    } finally {
      await fresh.stop();
    }
  });

  it("2–3. a customer signs up and posts an idea", async () => {
    const { context, page } = await newPage();
    await signUp(page, "Carla", "carla@example.test");
    await page.getByRole("link", { name: "New idea" }).click();
    await page.getByLabel("Title").fill("x");
    await page.getByRole("button", { name: "Post idea" }).click();
    await page.getByText("The title needs at least 3 characters.").waitFor();
    await page.getByLabel("Title").fill("Export invoices to CSV");
    await page.getByLabel("Details").fill("We need **CSV** exports for our accountant.");
    await page.getByRole("button", { name: "Post idea" }).click();
    await page.waitForURL(/\/posts\/\d+$/);
    await page.getByRole("heading", { level: 1, name: "Export invoices to CSV" }).waitFor();
    expect(await page.locator("strong", { hasText: "CSV" }).count()).toBe(1);
    expect(await voteCount(page)).toBe("1");
    await screenshotForPeople(page, "03-post");
    await context.close();
  });

  it("4. a second customer sees it while typing and votes instead; 5. comments and replies", async () => {
    const postUrl = await ideaByAnotherCustomer("Export receipts as CSV files", "Rita");
    const { context, page } = await newPage();
    await signUp(page, "Dan", "dan@example.test");
    await page.goto(server.url + "/posts/new");
    await page.getByLabel("Title").pressSequentially("csv export", { delay: 20 });
    const similar = page.getByTestId("similar-posts");
    await similar.waitFor();
    await screenshotForPeople(page, "04-similar");
    await similar.getByRole("link", { name: "Export receipts as CSV files" }).click();
    await page.waitForURL(postUrl);
    const vote = page.getByRole("button", { name: /Vote for/ });
    expect(await vote.getAttribute("aria-pressed")).toBe("false");
    // The count changes at once (optimistic); reloading before the server answered would
    // cancel the vote, so wait for its answer too.
    const voted = page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/vote"));
    await vote.click();
    await expect.poll(() => vote.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => voteCount(page)).toBe("2");
    expect((await voted).ok()).toBe(true);
    await page.reload();
    expect(await voteCount(page)).toBe("2");

    await page.getByLabel("Write a comment").fill("Also **XLSX** would be great");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.locator("strong", { hasText: "XLSX" }).waitFor();
    // A posted comment clears its box, so nobody posts it twice.
    await expect.poll(() => page.getByLabel("Write a comment").inputValue()).toBe("");
    await page.getByText("Reply", { exact: true }).click();
    await page.getByLabel("Write a reply").fill("Seconded");
    await page.getByRole("button", { name: "Post reply" }).click();
    await page.getByText("Seconded").waitFor();
    await expect.poll(() => page.locator("details").first().getAttribute("open")).toBeNull();
    expect(await page.getByTestId("comment").count()).toBe(2);

    await page.getByRole("link", { name: "Edit" }).first().click();
    await page.waitForURL(/\/comments\/\d+$/);
    const editor = page.getByLabel("Edit");
    expect(await editor.inputValue()).toBe("Also **XLSX** would be great");
    await editor.fill("Also **XLSX** and ODS would be great");
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(postUrl + "#comment-*");
    await page.getByText("and ODS would be great").waitFor();
    await page.getByText("(edited)").waitFor();
    expect(await page.getByTestId("comment").count()).toBe(2);
    await screenshotForPeople(page, "05-comments");
    await context.close();
  });

  it("6. searches and highlights", async () => {
    await ideaByAnotherCustomer("Reconcile ledgers every month", "Lena");
    const { context, page } = await newPage();
    await page.goto(server.url + "/");
    await page.getByLabel("Search ideas").fill("ledger");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=ledger/);
    expect(await page.locator("mark").first().textContent()).toBe("ledgers");
    expect(await page.getByTestId("post-row").count()).toBe(1);
    await context.close();
  });

  it("7. switches to Arabic: rtl, mirrored layout, Arabic plurals", async () => {
    const postUrl = await ideaByAnotherCustomer("Dark mode for the dashboard", "Omar");
    const cookie = await signUpOverHttp(server, "ليلى", "layla@example.test");
    const { context, page } = await newPage({ cookie });
    await page.goto(postUrl);
    const ltrVoteBox = await page.getByRole("button", { name: /Vote for/ }).boundingBox();
    // Language lives in the account menu now, out of the header.
    await page.getByTestId("account-menu").locator("summary").click();
    await page.locator("#pref-locale").selectOption("ar");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    expect(await page.locator("html").getAttribute("lang")).toBe("ar");
    const rtlVoteBox = await page.locator("button[aria-pressed]").first().boundingBox();
    // The vote button sits at the start of the row: left in English, right in Arabic.
    expect(ltrVoteBox!.x).toBeLessThan(550);
    expect(rtlVoteBox!.x).toBeGreaterThan(550);
    await screenshotForPeople(page, "07-post-ar");
    await page.goto(server.url + "/");
    await screenshotForPeople(page, "07-board-ar");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    await context.close();
  });

  it("8. posts, votes and comments with JavaScript disabled", async () => {
    const postUrl = await ideaByAnotherCustomer("Print-friendly invoices", "Pia");
    const { context, page } = await newPage({ javaScriptEnabled: false });
    page.setDefaultTimeout(8_000);
    await page.goto(postUrl);
    await page.getByRole("button", { name: /Vote for/ }).click();
    await page.waitForURL(/\/login\?/);
    await page.getByRole("link", { name: "Sign up" }).last().click();
    await page.getByLabel("Display name").fill("Nora NoJS");
    await page.getByLabel("Email").fill("nora@example.test");
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(postUrl);
    // The vote she clicked before signing up was counted on arrival (the author's own vote is the other one).
    expect(await page.getByRole("button", { name: /Vote for/ }).getAttribute("aria-pressed")).toBe("true");
    expect(await voteCount(page)).toBe("2");
    await page.getByRole("button", { name: /Vote for/ }).click();
    await page.waitForURL(postUrl);
    expect(await voteCount(page)).toBe("1");

    await page.getByLabel("Write a comment").fill("");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.getByText("Write something first.").first().waitFor();
    await page.locator("textarea[name=body]").fill("Works without JavaScript too");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.getByText("Works without JavaScript too").waitFor();

    await page.goto(server.url + "/posts/new");
    await page.getByLabel("Title").fill("Offline mode for the mobile app");
    await page.getByRole("button", { name: "Post idea" }).click();
    await page.waitForURL(/\/posts\/\d+$/);
    await page.getByRole("heading", { level: 1, name: "Offline mode for the mobile app" }).waitFor();
    await screenshotForPeople(page, "08-nojs-post");
    await context.close();
  });
});
