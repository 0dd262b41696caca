// A new customer's path through the board in real Chromium: setup, sign-up, posting,
// similar posts, voting, comments, search, Arabic RTL, and the same again without JS.
import fs from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, SCREENSHOT_DIR } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
let browser: Browser;
const PASSWORD = "sunlight over the harbour";

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  server = await startServer({ env: { TRUST_PROXY: "loopback" } });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(options: { javaScriptEnabled?: boolean; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? "en-US",
    viewport: { width: 1100, height: 900 },
  });
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
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(server.url + "/");
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

describe("the customer board in a browser", () => {
  let postUrl = "";

  it("1. sets up the site on first visit", async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + "/");
    expect(new URL(page.url()).pathname).toBe("/setup");
    await shot(page, "01-setup");
    await page.getByLabel("Site name").fill("Acme Feedback");
    await page.getByLabel("Your name").fill("Ada Admin");
    await page.getByLabel("Your email").fill("ada@example.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create board" }).click();
    await page.waitForURL(server.url + "/");
    await page.getByRole("link", { name: "Acme Feedback" }).waitFor();
    await context.close();
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
    postUrl = page.url();
    expect(await page.locator("strong", { hasText: "CSV" }).count()).toBe(1);
    expect(await page.getByTestId("vote-count").first().textContent()).toBe("1");
    await shot(page, "03-post");
    await context.close();
  });

  it("4. a second customer sees it while typing and votes instead; 5. comments and replies", async () => {
    const { context, page } = await newPage();
    await signUp(page, "Dan", "dan@example.test");
    await page.goto(server.url + "/posts/new");
    await page.getByLabel("Title").pressSequentially("csv export", { delay: 20 });
    const similar = page.getByTestId("similar-posts");
    await similar.waitFor();
    await shot(page, "04-similar");
    await similar.getByRole("link", { name: "Export invoices to CSV" }).click();
    await page.waitForURL(postUrl);
    const vote = page.getByRole("button", { name: /Vote for/ });
    expect(await vote.getAttribute("aria-pressed")).toBe("false");
    await vote.click();
    await expect.poll(() => vote.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(() => page.getByTestId("vote-count").first().textContent()).toBe("2");
    await page.reload();
    expect(await page.getByTestId("vote-count").first().textContent()).toBe("2");

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
    await shot(page, "05-comments");
    await context.close();
  });

  it("6. searches and highlights", async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + "/");
    await page.getByLabel("Search ideas").fill("invoice");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=invoice/);
    expect(await page.locator("mark").first().textContent()).toBe("invoices");
    expect(await page.getByTestId("post-row").count()).toBe(1);
    await context.close();
  });

  it("7. switches to Arabic: rtl, mirrored layout, Arabic plurals", async () => {
    const { context, page } = await newPage();
    await signUp(page, "ليلى", "layla@example.test");
    await page.goto(postUrl);
    const ltrVoteBox = await page.getByRole("button", { name: /Vote for/ }).boundingBox();
    await page.locator("#pref-locale").selectOption("ar");
    await page.waitForFunction(() => document.documentElement.dir === "rtl");
    expect(await page.locator("html").getAttribute("lang")).toBe("ar");
    const rtlVoteBox = await page.locator("button[aria-pressed]").first().boundingBox();
    // The vote button sits at the start of the row: left in English, right in Arabic.
    expect(ltrVoteBox!.x).toBeLessThan(550);
    expect(rtlVoteBox!.x).toBeGreaterThan(550);
    await shot(page, "07-post-ar");
    await page.goto(server.url + "/");
    await shot(page, "07-board-ar");
    expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
    await context.close();
  });

  it("8. posts, votes and comments with JavaScript disabled", async () => {
    const { context, page } = await newPage({ javaScriptEnabled: false });
    page.setDefaultTimeout(8_000);
    await page.goto(postUrl);
    await page.getByRole("button", { name: /Vote for/ }).click();
    await page.waitForURL(/\/login\?/);
    await page.getByRole("link", { name: "Sign up" }).last().click();
    await page.getByLabel("Display name").fill("Nora NoJS");
    await page.getByLabel("Email").fill("nora@example.test");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(postUrl);
    // The vote she clicked before signing up was counted on arrival.
    expect(await page.getByRole("button", { name: /Vote for/ }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByTestId("vote-count").first().textContent()).toBe("3");
    await page.getByRole("button", { name: /Vote for/ }).click();
    await page.waitForURL(postUrl);
    expect(await page.getByTestId("vote-count").first().textContent()).toBe("2");

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
    await shot(page, "08-nojs-post");
    await context.close();
  });
});
