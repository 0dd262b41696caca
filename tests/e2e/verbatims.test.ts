// The verbatims page in real Chromium (issue 13): it reads right in English and Arabic,
// light and dark, on a laptop and a phone; the Arabic-aware search works from its GET
// form; and staff make an idea of a verbatim, with JavaScript in place and without it
// through the plain form, errors and all.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "~/db/client.server";
import { insertSurvey, upsertSurveyAnswer } from "~/models/surveys.server";
import { findOrCreatePlaceholderUser } from "~/models/users.server";
import { launchBrowser, screenshotForPeople, shownText, skipTestsWithoutBrowser } from "../helpers/browser";
import { readRow } from "../helpers/db-read";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();
const PATH = "/admin/insights/verbatims";
const ARABIC_REASON = "الفاتورة لا تصل في موعدها.\nأحتاج تصديرها كل شهر لمحاسبي.";
const ids = { layla: 0, sam: 0, caller: 0 };

beforeAll(async () => {
  if (noBrowser) return;
  const port = await freePort();
  [server, browser] = await Promise.all([startServer({ port, env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback");
  const layla = await signUpOverHttp(server, "ليلى حداد", "layla@example.test", "ar");
  const sam = await signUpOverHttp(server, "Sam Carter", "sam@example.test");
  // Ideas the respondents voted for (an author votes for their own idea).
  await postIdeaOverHttp(server, layla, "تصدير الفواتير بصيغة CSV");
  await postIdeaOverHttp(server, layla, "Dark mode for the dashboard");
  const samIdea = await postIdeaOverHttp(server, sam, "Slack integration");
  await postForm(server, `${samIdea}/vote`, {}, { cookie: layla });

  // Surveys and answers straight into the server's database: the survey forms are another part of issue 13.
  const db = openDatabase(server.databasePath, { migrate: false });
  try {
    const userId = (email: string) => (db.$client.prepare("select id from users where email = ?").get(email) as { id: number }).id;
    ids.layla = userId("layla@example.test");
    ids.sam = userId("sam@example.test");
    ids.caller = findOrCreatePlaceholderUser(db, "caller@example.test", "caller").id;
    const nps = insertSurvey(db, { name: "Quarterly NPS", kind: "nps" });
    const csat = insertSurvey(db, { name: "Support CSAT", kind: "csat" });
    const now = Date.now();
    const answer = (surveyId: number, kind: "nps" | "csat", userId: number, score: number, reason: string, extra: object, ago: number) =>
      upsertSurveyAnswer(db, { surveyId, kind, userId, score, reason, channel: "in_app", locale: "en", answeredAt: now - ago, ...extra });
    answer(nps.id, "nps", ids.layla, 3, ARABIC_REASON, { locale: "ar" }, 3_600_000);
    answer(nps.id, "nps", ids.sam, 10, "Love the public roadmap: we finally know what is coming.", {}, 2 * 86_400_000);
    answer(nps.id, "nps", ids.caller, 8, "", {}, 2 * 86_400_000);
    answer(csat.id, "csat", ids.caller, 2, "Support took three days to answer a billing question.", { channel: "phone" }, 5 * 86_400_000);
  } finally {
    db.$client.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pageErrors: string[] = [];
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

async function newPage(
  options: { javaScript?: boolean; width?: number; locale?: "en" | "ar"; theme?: "light" | "dark" } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const theme = options.theme ?? "light";
  // The language and theme as the header's menu sets them (the account keeps the language).
  const prefs = cookieOf(await postForm(server, "/preferences", { locale: options.locale ?? "en", theme }, { cookie: adminCookie }));
  const context = await browser.newContext({
    colorScheme: theme,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
  });
  await addCookies(context, server, [adminCookie, prefs].filter(Boolean).join("; "));
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return { context, page };
}

/** Hydrated: the make-idea forms post through fetchers (they carry via=fetcher). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector("input[name=via][value=fetcher]") !== null);
}

const verbatimOf = (page: Page, text: string) => page.getByTestId("verbatim").filter({ hasText: text });

describe("the verbatims page", () => {
  for (const locale of ["en", "ar"] as const) {
    for (const theme of ["light", "dark"] as const) {
      it(`reads right in ${locale}, ${theme}, at 1280 and 390 px`, async () => {
        for (const width of [1280, 390]) {
          const { context, page } = await newPage({ locale, theme, width });
          const res = await page.goto(server.url + PATH);
          expect(res?.status()).toBe(200);
          expect(await page.locator("html").getAttribute("lang")).toBe(locale);
          expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
          await expect.poll(() => page.getByTestId("verbatim").count()).toBe(3);
          // The group is said in words, not by colour alone; the reason keeps its lines.
          const layla = verbatimOf(page, "الفاتورة");
          expect(await layla.getByTestId("verbatim-group").textContent()).toBe(locale === "ar" ? "منتقد" : "Detractor");
          expect(await layla.getByTestId("verbatim-reason").innerText()).toBe(ARABIC_REASON);
          expect(await layla.getByTestId("verbatim-reason").getAttribute("dir")).toBe("auto");
          expect(await layla.getByTestId("verbatim-voted-for").getByRole("link").allTextContents()).toEqual(
            expect.arrayContaining(["تصدير الفواتير بصيغة CSV", "Slack integration"]),
          );
          // The answer with no reason is no verbatim.
          expect(await page.getByTestId("verbatim-score").allTextContents()).not.toContain(locale === "ar" ? "NPS ٨" : "NPS 8");
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(scrollWidth, `${locale} ${theme} ${width}`).toBeLessThanOrEqual(width);
          await screenshotForPeople(page, `verbatims-${locale}-${theme}-${width}`);
          if (width === 390) {
            await layla.locator("summary").click();
            await screenshotForPeople(page, `verbatims-${locale}-${theme}-${width}-make-idea`);
          }
          await context.close();
        }
      });
    }
  }

  it("filters by group and finds Arabic typed without its ة, through the GET form", async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + PATH);
    await page.getByLabel("Search the reasons").fill("فاتوره");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/q=/);
    await expect.poll(() => page.getByTestId("verbatim").count()).toBe(1);
    expect(await page.getByTestId("verbatim-reason").innerText()).toBe(ARABIC_REASON);
    await page.getByLabel("Search the reasons").fill("");
    await page.getByLabel("Group").selectOption("promoter");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/group=promoter/);
    // The URL can change a moment before the new list is drawn, and the Arabic search above also showed one verbatim: wait for the promoter's.
    await expect.poll(() => page.getByTestId("verbatim-reason").first().innerText()).toContain("public roadmap");
    expect(await page.getByTestId("verbatim").count()).toBe(1);
    await context.close();
  });

  it("makes an idea of a verbatim in place, with JavaScript", async () => {
    const { context, page } = await newPage();
    await page.goto(server.url + PATH);
    await hydrated(page);
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));
    const item = verbatimOf(page, "الفاتورة");
    await item.locator("summary").click();
    // The draft: the reason's first line as the title, the reason quoted as the body.
    expect(await item.getByLabel("Title").inputValue()).toBe("الفاتورة لا تصل في موعدها.");
    expect(await item.getByLabel("Details").inputValue()).toBe(
      ARABIC_REASON.split("\n")
        .map((line) => `> ${line}`)
        .join("\n"),
    );
    await item.getByLabel("Title").fill("إرسال الفواتير في موعدها");
    await item.getByRole("button", { name: "Post the idea" }).click();
    const posted = item.getByTestId("verbatim-posted");
    const text = await shownText(posted);
    expect(text).toMatch(/^Posted as #\d+$/);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const postId = Number((await posted.getAttribute("href"))!.split("/").pop());
    expect(readRow<{ author_id: number; title: string }>(server.databasePath, "select author_id, title from posts where id = ?", postId)).toEqual({
      author_id: ids.layla,
      title: "إرسال الفواتير في موعدها",
    });
    expect(readRow<{ source: string }>(server.databasePath, "select source from votes where post_id = ? and user_id = ?", postId, ids.layla)?.source).toBe(
      "on_behalf",
    );
    // The idea is the respondent's on the board.
    await posted.click();
    await page.waitForURL(new RegExp(`/posts/${postId}$`));
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("إرسال الفواتير في موعدها");
    await context.close();
  });

  it("makes an idea of a verbatim without JavaScript: a title to fix comes back as typed, then it posts", async () => {
    const { context, page } = await newPage({ javaScript: false });
    await page.goto(`${server.url}${PATH}?lang=en`);
    const item = verbatimOf(page, "three days");
    await item.locator("summary").click();
    await item.getByLabel("Title").fill("no");
    await item.getByLabel("Details").fill("Support replies take days.");
    await item.getByRole("button", { name: "Post the idea" }).click();
    await page.waitForLoadState("load");
    const again = verbatimOf(page, "three days");
    expect(await shownText(again.getByText("The title needs at least 3 characters."))).toBe("The title needs at least 3 characters.");
    expect(await again.getByLabel("Details").inputValue()).toBe("Support replies take days.");
    await again.getByLabel("Title").fill("Faster support replies");
    await again.getByRole("button", { name: "Post the idea" }).click();
    await page.waitForURL(/lang=en#verbatim-\d+$/);
    const posted = verbatimOf(page, "three days").getByTestId("verbatim-posted");
    expect(await shownText(posted)).toMatch(/^Posted as #\d+$/);
    const postId = Number((await posted.getAttribute("href"))!.split("/").pop());
    // In the name of the placeholder account the phone answer made: still claimable.
    expect(readRow<{ author_id: number }>(server.databasePath, "select author_id from posts where id = ?", postId)?.author_id).toBe(ids.caller);
    expect(
      readRow<{ password_hash: string | null }>(server.databasePath, "select password_hash from users where id = ?", ids.caller)?.password_hash,
    ).toBeNull();
    await screenshotForPeople(page, "verbatims-en-light-1280-posted-without-js");
    await context.close();
  });
});
