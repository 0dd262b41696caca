// The staff post page in real Chromium (issue 12): the sidebar saves on change with
// JavaScript and through its Save buttons without it, the merge picker finds an idea by
// part of its title, and a status change that notifies says how many people will hear.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, shownText, skipTestsWithoutBrowser } from "../helpers/browser";
import { readRow } from "../helpers/db-read";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { addCookies, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
let customerCookie = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  const port = await freePort();
  [server, browser] = await Promise.all([startServer({ port, env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback");
  customerCookie = await signUpOverHttp(server, "Carla Customer", "carla@example.test");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pageErrors: string[] = [];
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

async function newPage(options: { javaScript?: boolean; width?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: "en-US",
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  await addCookies(context, server, adminCookie);
  const page = await context.newPage();
  page.on("pageerror", (error) => {
    // A search superseded by the next keystroke aborts its fetcher's request; Remix's single
    // fetch can surface that abort as an unhandled rejection (remix-run/react-router#14203),
    // seen only on a busy machine. Nothing is shown to the user; every other error counts.
    if (error.name === "AbortError") return;
    pageErrors.push(String(error));
  });
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return { context, page };
}

function row<T>(sql: string, ...params: unknown[]): T | undefined {
  return readRow<T>(server.databasePath, sql, ...params);
}

const idOf = (path: string) => Number(path.split("/").pop());

/** Hydrated: the sidebar's forms post through fetchers (they carry via=fetcher). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector("input[name=via][value=fetcher]") !== null);
}

describe("the staff sidebar", () => {
  it("saves the kind as soon as it changes, without reloading the page", async () => {
    const postPath = await postIdeaOverHttp(server, customerCookie, "Export invoices to CSV");
    const { context, page } = await newPage();
    await page.goto(server.url + postPath);
    await hydrated(page);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await page.getByLabel("Kind").selectOption("feature_request");
    expect(await shownText(page.getByTestId("saved-kind").getByText("Saved."))).toBe("Saved.");
    expect(row<{ kind: string }>("select kind from posts where id = ?", idOf(postPath))?.kind).toBe("feature_request");
    // A feature request can be sized: the sidebar grows impact and effort, also saved on change.
    await page.getByLabel("Impact (1–5)").selectOption("4");
    expect(await shownText(page.getByTestId("saved-sizing").getByText("Saved."))).toBe("Saved.");
    expect(row<{ impact: number }>("select impact from posts where id = ?", idOf(postPath))?.impact).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // No Save buttons once hydrated: the sidebar is a list of properties.
    expect(await page.getByTestId("post-sidebar").getByRole("button", { name: /^Save/ }).count()).toBe(0);
    await screenshotForPeople(page, "a12-staff-post-1280-en");
    await context.close();
  });

  it("without JavaScript, the same forms save through their Save buttons and come back to the post", async () => {
    const postPath = await postIdeaOverHttp(server, customerCookie, "Bulk edit tags");
    const { context, page } = await newPage({ javaScript: false });
    await page.goto(server.url + postPath);
    await page.getByLabel("Kind").selectOption("bug");
    await page.getByRole("button", { name: "Save Kind" }).click();
    await page.waitForURL(server.url + postPath);
    expect(row<{ kind: string }>("select kind from posts where id = ?", idOf(postPath))?.kind).toBe("bug");
    expect(await page.getByLabel("Kind").inputValue()).toBe("bug");

    // The status form always shows the response box and says who would hear about it.
    expect(await shownText(page.getByTestId("notify-count"))).toContain("1 person will hear about it");
    await page.getByLabel("Status", { exact: true }).selectOption("planned");
    await page.getByLabel("Official response").fill("On the roadmap for **Q3**.");
    await page.getByRole("button", { name: "Save Status" }).click();
    await page.waitForURL(server.url + postPath);
    expect(row<{ status: string }>("select status from posts where id = ?", idOf(postPath))?.status).toBe("planned");
    expect(await page.getByTestId("official-response").locator("strong").textContent()).toBe("Q3");
    await context.close();
  });

  it("a status that notifies opens the composer with how many will hear, and can add the idea to a changelog draft", async () => {
    const postPath = await postIdeaOverHttp(server, customerCookie, "Dark mode for the dashboard");
    const voter = await signUpOverHttp(server, "Vera Voter", "vera@example.test");
    expect((await postForm(server, `${postPath}/vote`, {}, { cookie: voter })).status).toBe(302);

    const { context, page } = await newPage();
    await page.goto(server.url + postPath);
    await hydrated(page);
    await page.getByLabel("Status", { exact: true }).selectOption("shipped");
    const composer = page.getByTestId("status-composer");
    expect(await shownText(composer.getByTestId("notify-count"))).toBe("2 people will be notified.");
    await composer.getByLabel("Official response").fill("Shipped in **v2.3**.");
    await composer.getByLabel("Add to a changelog draft").check();
    // Ticking the box does not send anything by itself.
    expect(row<{ status: string }>("select status from posts where id = ?", idOf(postPath))?.status).toBe("open");
    await screenshotForPeople(page, "a12-status-composer-1280-en");
    await composer.getByRole("button", { name: "Change status" }).click();
    expect(await shownText(page.getByTestId("activity-status").filter({ hasText: "from Open to Shipped" }))).toContain("Shipped");
    expect(row<{ status: string }>("select status from posts where id = ?", idOf(postPath))?.status).toBe("shipped");
    expect(row<{ n: number }>("select count(*) as n from changelog_posts where post_id = ?", idOf(postPath))?.n).toBe(1);
    expect(await page.getByTestId("status-composer").count()).toBe(0);
    await context.close();
  });

  it("merges a duplicate found by typing part of its title into the picker", async () => {
    const target = await postIdeaOverHttp(server, customerCookie, "Calendar sync with Outlook");
    const duplicate = await postIdeaOverHttp(server, customerCookie, "Please sync my Outlook calendar");
    const { context, page } = await newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(server.url + duplicate);
    await hydrated(page);
    await page.getByText("Merge into another idea").click();
    const picker = page.getByRole("combobox", { name: "Find the idea to merge into" });
    await picker.fill("calendar sy");
    const option = page.getByRole("option", { name: /Calendar sync with Outlook/ });
    await option.waitFor();
    // The idea being merged is never offered.
    expect(await page.getByRole("option", { name: /Please sync my Outlook calendar/ }).count()).toBe(0);
    await picker.press("ArrowDown");
    await picker.press("ArrowUp");
    expect(await picker.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    await picker.press("Enter");
    expect(await shownText(page.getByTestId("merge-target"))).toContain("Calendar sync with Outlook");
    await page.getByTestId("merge").getByRole("button", { name: "Merge" }).click();
    await expect
      .poll(() => row<{ merged_into_id: number }>("select merged_into_id from posts where id = ?", idOf(duplicate))?.merged_into_id)
      .toBe(idOf(target));
    await page.goto(server.url + target);
    expect(await shownText(page.getByTestId("activity-merge"))).toContain("Please sync my Outlook calendar");
    await context.close();
  });

  it("the changelog editor links ideas with the same picker and previews the release note", async () => {
    const idea = await postIdeaOverHttp(server, customerCookie, "Recurring invoices every month");
    const { context, page } = await newPage();
    await page.goto(server.url + "/admin/changelog");
    await page.waitForFunction(() => document.querySelector("[role=combobox]") !== null);
    await page.getByLabel("Title").fill("March release");
    await page.getByRole("button", { name: "Create draft" }).click();
    await page.waitForURL(/\/admin\/changelog\/\d+$/);
    const picker = page.getByRole("combobox", { name: "Find an idea to link" });
    await picker.fill("recurring inv");
    await page.getByRole("option", { name: /Recurring invoices every month/ }).waitFor();
    await picker.press("Enter");
    expect(await shownText(page.getByTestId("linked-ideas"))).toContain("Recurring invoices every month");
    await page.getByRole("textbox", { name: "Release note" }).fill("Invoices can now **repeat**.");
    await page.getByRole("tab", { name: "Preview" }).click();
    expect(await shownText(page.getByTestId("preview").locator("strong"))).toBe("repeat");
    await screenshotForPeople(page, "a12-changelog-editor-1280-en");
    await page.getByRole("tab", { name: "Write" }).click();
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("Draft saved.").waitFor();
    expect(row<{ n: number }>("select count(*) as n from changelog_posts where post_id = ?", idOf(idea))?.n).toBe(1);
    await context.close();
  });

  it("looks right in Arabic and on a phone", async () => {
    const postPath = await postIdeaOverHttp(server, customerCookie, "إضافة الوضع الليلي");
    await postForm(server, `${postPath}/triage`, { intent: "note", body: "ملاحظة داخلية للفريق" }, { cookie: adminCookie });
    await postForm(server, `${postPath}/comments`, { body: "شكرًا، نعمل على ذلك" }, { cookie: adminCookie });
    for (const [locale, width] of [
      ["en", 390],
      ["ar", 1280],
      ["ar", 390],
    ] as const) {
      const { context, page } = await newPage({ width });
      await page.goto(server.url + postPath);
      // Choosing Arabic once makes it the account's language for the next pages too.
      if (locale === "ar" && (await page.evaluate(() => document.documentElement.lang)) !== "ar") {
        await page.getByTestId("account-menu").locator("summary").click();
        await page.locator("#pref-locale").selectOption("ar");
        await page.waitForFunction(() => document.documentElement.dir === "rtl");
      }
      await hydrated(page);
      // The note is marked in words, not by its colour alone; staff comments carry the Team badge.
      expect(await page.getByTestId("activity-note").textContent()).toContain(locale === "ar" ? "داخلي" : "Internal");
      expect(await page.getByTestId("team-badge").first().textContent()).toBe(locale === "ar" ? "الفريق" : "Team");
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(width);
      await screenshotForPeople(page, `a12-staff-post-${width}-${locale}`);
      await context.close();
    }
  });
});
