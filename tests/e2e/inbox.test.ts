// The triage inbox in real Chromium: the list and the selected idea side by side, moved
// through with the keyboard (in English, and in Arabic with an Arabic keyboard layout);
// the list and the detail as two screens at 390 px, never wider than the phone; and the
// quick triage without JavaScript. Each test makes the ideas it triages, over HTTP.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, shownText, skipTestsWithoutBrowser, watchedPage } from "../helpers/browser";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { addCookies, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  const port = await freePort();
  [server, browser] = await Promise.all([startServer({ port, env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Inbox Board");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const policyViolations: string[] = [];
afterEach(() => {
  expect(policyViolations.splice(0)).toEqual([]);
});

let customers = 0;
/** Ideas posted by a new customer, oldest first; returns their ids. */
async function ideas(...titles: string[]): Promise<number[]> {
  customers += 1;
  const cookie = await signUpOverHttp(server, `Customer ${customers}`, `inbox-customer-${customers}@example.test`);
  const ids: number[] = [];
  for (const title of titles) ids.push(Number((await postIdeaOverHttp(server, cookie, title, `Details of ${title}.`)).split("/").pop()));
  return ids;
}

/** The admin's language, saved to the account as the header's picker does. */
async function adminSpeaks(locale: "en" | "ar") {
  const res = await postForm(server, "/preferences", { locale, redirectTo: "/" }, { cookie: adminCookie });
  expect(res.status).toBe(302);
}

async function newPage(options: { width?: number; javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: "en-US",
    viewport: { width: options.width ?? 1280, height: options.width && options.width < 500 ? 844 : 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  await addCookies(context, server, adminCookie);
  const page = await watchedPage(context, policyViolations);
  return { context, page };
}

function postRow(id: number): { kind: string | null; status: string } {
  const db = new Database(server.databasePath, { readonly: true });
  try {
    return db.prepare("select kind, status from posts where id = ?").get(id) as { kind: string | null; status: string };
  } finally {
    db.close();
  }
}

const selectedPost = (page: Page) => Number(new URL(page.url()).searchParams.get("post"));
const rowIds = async (page: Page) => await page.getByTestId("inbox-row").evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-post-id"))));
const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
/** Hydrated: the shortcuts button is only there once React runs. */
const hydrated = (page: Page, name: string) => page.getByRole("button", { name }).waitFor();
/** The key at the place of `code`, as an Arabic layout types it: `key` is an Arabic letter. */
const pressWithArabicLayout = (page: Page, code: string, key: string) =>
  page.evaluate(([code, key]) => document.body.dispatchEvent(new KeyboardEvent("keydown", { code, key, bubbles: true, cancelable: true })), [code, key]);

async function noHorizontalOverflow(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

describe.skipIf(noBrowser)("the triage inbox", () => {
  it("moves through the groups with j and k, ticks with x, goes to status, kind and merge with s, t and m, and lists the shortcuts with ?", async () => {
    await adminSpeaks("en");
    const [first, second] = await ideas("Inbox: export to Excel", "Inbox: dark mode for the widget");
    const { context, page } = await newPage();
    await page.goto(server.url + "/admin?sort=newest");
    await hydrated(page, "Keyboard shortcuts (?)");

    // "Needs triage" first, with its count; the newest idea on top.
    const needs = page.getByTestId("group-needsTriage");
    expect(await shownText(needs.getByRole("heading", { level: 2 }))).toMatch(/^Needs triage\s*\d+ ideas?$/);
    const ids = await rowIds(page);
    expect(ids.slice(0, 2)).toEqual([second, first]);
    expect(
      await page
        .getByRole("columnheader", { name: /Priority/ })
        .first()
        .locator("abbr")
        .getAttribute("title"),
    ).toContain("votes × impact ÷ effort");

    // j selects the first idea, then the next; k goes back. The URL follows.
    await page.keyboard.press("j");
    await page.waitForURL((url) => url.searchParams.get("post") === String(ids[0]));
    expect(await shownText(page.locator("#inbox-detail-title"))).toContain("Inbox: dark mode for the widget");
    expect(await page.locator('[data-testid="inbox-row"][data-selected]').getAttribute("data-post-id")).toBe(String(ids[0]));
    await page.keyboard.press("j");
    await page.waitForURL((url) => url.searchParams.get("post") === String(ids[1]));
    await page.keyboard.press("k");
    await page.waitForURL((url) => url.searchParams.get("post") === String(ids[0]));
    await page.locator(`[data-testid="inbox-row"][data-selected][data-post-id="${ids[0]}"]`).waitFor();
    await screenshotForPeople(page, "inbox-1280-en");

    // x ticks the selected row for bulk actions, and unticks it.
    const tick = page.locator(`[data-testid="inbox-row"][data-post-id="${ids[0]}"] input[name="ids"]`);
    await page.keyboard.press("x");
    expect(await tick.isChecked()).toBe(true);
    await page.keyboard.press("x");
    expect(await tick.isChecked()).toBe(false);

    // s, t and m go to the status, the kind and the merge field; typing there is not a shortcut.
    await page.keyboard.press("s");
    expect(await activeId(page)).toBe("quick-status");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    // m opens the sidebar's merge disclosure and puts the cursor in its idea picker.
    await page.keyboard.press("m");
    const picker = page.locator('[data-testid="merge"] input[role="combobox"]');
    expect(await picker.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('[data-testid="merge"]').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    await page.keyboard.type("jk");
    expect(await picker.inputValue()).toBe("jk");
    expect(selectedPost(page)).toBe(ids[0]);
    await picker.fill("");

    // t, choose, Tab, choose, Enter: saved, and the next idea is selected.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("t");
    expect(await activeId(page)).toBe("quick-kind");
    await page.locator("#quick-kind").selectOption("feature_request");
    await page.keyboard.press("Tab");
    expect(await activeId(page)).toBe("quick-status");
    await page.locator("#quick-status").selectOption("planned");
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("post") === String(ids[1]) && url.searchParams.get("saved") === "1");
    expect(postRow(ids[0])).toEqual({ kind: "feature_request", status: "planned" });
    // The idea moved to "Triaged".
    await page.getByTestId("group-triaged").locator(`[data-post-id="${ids[0]}"]`).waitFor();

    // ? and the visible button both open the list of shortcuts.
    await page.keyboard.press("Shift+Slash");
    const dialog = page.getByTestId("shortcuts-dialog");
    expect(await shownText(dialog.getByRole("heading"))).toBe("Keyboard shortcuts");
    expect(await dialog.locator("kbd").allTextContents()).toEqual(["j", "k", "x", "s", "t", "m", "Enter", "?"]);
    // While it is open, keys are not shortcuts.
    await page.keyboard.press("j");
    expect(selectedPost(page)).toBe(ids[1]);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("button", { name: "Keyboard shortcuts (?)" }).click();
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "hidden" });

    // Shipped ideas are hidden until asked for.
    await page.goto(server.url + `/admin?post=${ids[1]}`);
    await hydrated(page, "Keyboard shortcuts (?)");
    await page.locator("#quick-status").selectOption("shipped");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("saved") === "1");
    // The URL changes before the page renders: wait for the row to go.
    await page.locator(`[data-testid="inbox-row"][data-post-id="${ids[1]}"]`).waitFor({ state: "detached" });
    expect(await shownText(page.getByTestId("inbox-saved"))).toBe("Saved.");
    await page.getByRole("link", { name: "Show shipped and declined" }).click();
    await page.locator(`[data-testid="inbox-row"][data-post-id="${ids[1]}"]`).waitFor();
    expect(new URL(page.url()).searchParams.get("closed")).toBe("1");
    await context.close();
  });

  it("works in Arabic, right to left, with an Arabic keyboard layout", async () => {
    await adminSpeaks("ar");
    try {
      await ideas("صندوق: تصدير الفواتير", "صندوق: الوضع الداكن");
      const { context, page } = await newPage();
      await page.goto(server.url + "/admin");
      await hydrated(page, "اختصارات لوحة المفاتيح (?)");
      expect(await page.evaluate(() => document.documentElement.dir)).toBe("rtl");
      expect(await shownText(page.getByTestId("group-needsTriage").getByRole("heading", { level: 2 }))).toContain("بحاجة إلى فرز");
      const ids = await rowIds(page);

      // "j" on an Arabic layout types "ت": the key's place is what counts.
      await pressWithArabicLayout(page, "KeyJ", "ت");
      await page.waitForURL((url) => url.searchParams.get("post") === String(ids[0]));
      await pressWithArabicLayout(page, "KeyJ", "ت");
      await page.waitForURL((url) => url.searchParams.get("post") === String(ids[1]));
      await pressWithArabicLayout(page, "KeyK", "ن");
      await page.waitForURL((url) => url.searchParams.get("post") === String(ids[0]));
      await page.locator(`[data-testid="inbox-row"][data-selected][data-post-id="${ids[0]}"]`).waitFor();
      await pressWithArabicLayout(page, "KeyS", "س");
      expect(await activeId(page)).toBe("quick-status");
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await pressWithArabicLayout(page, "KeyT", "ف");
      expect(await activeId(page)).toBe("quick-kind");
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await pressWithArabicLayout(page, "KeyX", "ء");
      expect(await page.locator(`[data-testid="inbox-row"][data-post-id="${ids[0]}"] input[name="ids"]`).isChecked()).toBe(true);

      // The list is on the start side (the right), the idea on the end side.
      const list = await page.getByTestId("inbox-list").boundingBox();
      const detail = await page.getByTestId("inbox-detail").boundingBox();
      expect(detail!.x).toBeLessThan(list!.x);
      await screenshotForPeople(page, "inbox-1280-ar");

      // Shift and the key of "?" types "؟" on an Arabic layout.
      await pressWithArabicLayout(page, "Slash", "؟");
      expect(await shownText(page.getByTestId("shortcuts-dialog").getByRole("heading"))).toBe("اختصارات لوحة المفاتيح");
      await context.close();
    } finally {
      await adminSpeaks("en");
    }
  });

  for (const locale of ["en", "ar"] as const) {
    it(`at 390 px shows the list, then the idea as its own screen, never wider than the phone (${locale})`, async () => {
      await adminSpeaks(locale);
      try {
        const [id] = await ideas(`${locale}: a rather long idea title that has to wrap on a phone without widening the page at all`);
        const { context, page } = await newPage({ width: 390 });
        await page.goto(server.url + "/admin");
        await page.getByTestId("inbox-row").first().waitFor();
        expect(await page.getByTestId("inbox-detail").count()).toBe(0);
        await noHorizontalOverflow(page);
        await screenshotForPeople(page, `inbox-390-list-${locale}`);

        await page.locator(`[data-testid="inbox-row"][data-post-id="${id}"] a`).click();
        await page.waitForURL((url) => url.searchParams.get("post") === String(id));
        await page.getByTestId("inbox-detail").waitFor();
        expect(await page.getByTestId("inbox-list").isVisible()).toBe(false);
        await noHorizontalOverflow(page);
        await screenshotForPeople(page, `inbox-390-detail-${locale}`);

        await page.getByRole("link", { name: locale === "en" ? "Back to inbox" : "العودة إلى صندوق الفرز" }).click();
        await page.getByTestId("inbox-list").waitFor();
        expect(new URL(page.url()).searchParams.get("post")).toBeNull();
        await context.close();
      } finally {
        await adminSpeaks("en");
      }
    });
  }

  it("triages without JavaScript: “Save and next” saves and selects the next idea", async () => {
    await adminSpeaks("en");
    const [older, newer] = await ideas("No JS: import from Trello", "No JS: import from Jira");
    const { context, page } = await newPage({ javaScriptEnabled: false });
    await page.goto(server.url + `/admin?sort=newest&post=${newer}`);
    expect(await page.getByRole("button", { name: "Keyboard shortcuts (?)" }).count()).toBe(0);
    const ids = await rowIds(page);
    const next = ids[ids.indexOf(newer) + 1];
    expect(next).toBe(older);
    await page.locator("#quick-kind").selectOption("bug");
    await page.locator("#quick-status").selectOption("under_review");
    await page.getByRole("button", { name: "Save and next" }).click();
    await page.waitForURL((url) => url.searchParams.get("post") === String(older) && url.searchParams.get("saved") === "1");
    expect(postRow(newer)).toEqual({ kind: "bug", status: "under_review" });
    expect(await shownText(page.getByTestId("inbox-saved"))).toBe("Saved.");
    expect(await shownText(page.locator("#inbox-detail-title"))).toContain("No JS: import from Trello");
    expect(new URL(page.url()).searchParams.get("sort")).toBe("newest");
    await context.close();
  });

  it("filters to Mine and to Unassigned with a plain GET form, and keeps the filter while moving through the list", async () => {
    await adminSpeaks("en");
    const [mine, nobodys, alsoMine] = await ideas("Owners: mine", "Owners: nobody's", "Owners: mine too");
    const adminId = (() => {
      const db = new Database(server.databasePath, { readonly: true });
      try {
        return (db.prepare("select id from users where email = 'ada@example.test'").get() as { id: number }).id;
      } finally {
        db.close();
      }
    })();
    for (const id of [mine, alsoMine]) {
      const res = await postForm(server, `/posts/${id}/triage`, { intent: "owner", ownerId: String(adminId) }, { cookie: adminCookie });
      expect(res.status).toBe(302);
    }

    // Without JavaScript: the filter is a GET form.
    const plain = await newPage({ javaScriptEnabled: false });
    await plain.page.goto(`${server.url}/admin`);
    await plain.page.getByLabel("Owner", { exact: true }).selectOption("me");
    await plain.page.getByRole("button", { name: "Filter" }).click();
    await plain.page.waitForURL((url) => url.searchParams.get("owner") === "me");
    expect((await rowIds(plain.page)).sort()).toEqual([mine, alsoMine].sort());
    await plain.page.getByLabel("Owner", { exact: true }).selectOption("none");
    await plain.page.getByRole("button", { name: "Filter" }).click();
    await plain.page.waitForURL((url) => url.searchParams.get("owner") === "none");
    const unassigned = await rowIds(plain.page);
    expect(unassigned).toContain(nobodys);
    expect(unassigned).not.toContain(mine);
    await plain.context.close();

    // With it: j moves through Mine only, and the address keeps the filter.
    const { context, page } = await newPage();
    await page.goto(`${server.url}/admin?owner=me`);
    await hydrated(page, "Keyboard shortcuts");
    const ids = await rowIds(page);
    expect(ids.sort()).toEqual([mine, alsoMine].sort());
    await page.keyboard.press("j");
    await page.waitForURL((url) => url.searchParams.has("post"));
    expect(new URL(page.url()).searchParams.get("owner")).toBe("me");
    await page.keyboard.press("j");
    await page.waitForURL((url) => Number(url.searchParams.get("post")) !== ids[0] && url.searchParams.has("post"));
    expect(new URL(page.url()).searchParams.get("owner")).toBe("me");
    expect([mine, alsoMine]).toContain(selectedPost(page));
    await context.close();
  });
});
