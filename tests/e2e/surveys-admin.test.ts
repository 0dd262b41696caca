// Surveys in real Chromium: staff create a survey at /admin/surveys, and customers answer
// it through its public link /s/:id, with JavaScript and without, in English and Arabic
// (where the score scale runs right to left). A visitor following the link signs in and
// comes back to it. Screenshots for people go to /work/shots/surveys-admin (or SCREENSHOTS).
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, shownText, skipTestsWithoutBrowser } from "../helpers/browser";
import { readRow } from "../helpers/db-read";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, E2E_PASSWORD, postForm, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const customers: Record<"en" | "ar", string> = { en: "", ar: "" };
const noBrowser = skipTestsWithoutBrowser();
const SHOTS = process.env.SCREENSHOTS ?? "/work/shots/surveys-admin";

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback");
  customers.en = await signUpOverHttp(server, "Carla Customer", "carla@example.test", "en");
  customers.ar = await signUpOverHttp(server, "سلمى", "salma@example.test", "ar");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const pageErrors: string[] = [];
afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

type PageOptions = { cookie?: string; javaScript: boolean; locale: "en" | "ar" | "fa"; width?: number; dark?: boolean };

async function newPage(options: PageOptions): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: options.locale === "en" ? "en-US" : options.locale,
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript,
    colorScheme: options.dark ? "dark" : "light",
  });
  if (options.cookie) await addCookies(context, server, options.cookie);
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return { context, page };
}

/** Remix has taken over the page (its router is up), so forms submit through it. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
}

/** A full-page screenshot at 1280 and at 390 px wide (the page is reloaded at each width). */
async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const original = page.viewportSize()!;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

function answerOf(surveyId: number, email: string) {
  return readRow<{ score: number; reason: string; channel: string; locale: string }>(
    server.databasePath,
    "select a.score, a.reason, a.channel, a.locale from survey_answers a join users u on u.id = a.user_id where a.survey_id = ? and u.email = ?",
    surveyId,
    email,
  );
}

async function createSurvey(javaScript: boolean, name: string): Promise<number> {
  const { context, page } = await newPage({ cookie: adminCookie, javaScript, locale: "en" });
  await page.goto(`${server.url}/admin/surveys`);
  if (javaScript) await hydrated(page);
  // The nav has the new entry.
  await page.getByRole("navigation", { name: "Staff pages" }).getByRole("link", { name: "Surveys" }).waitFor();
  await page.getByRole("button", { name: "Create survey" }).click();
  // Nothing typed: the name is asked for beside its field.
  expect(await shownText(page.getByText("Give the survey a name."))).toBe("Give the survey a name.");

  await page.getByLabel("Name").fill(name);
  await page.getByLabel("CES (1–7)").check();
  // With JavaScript the CES object shows only once CES is picked; without, it is always there.
  const english = page.getByTestId("texts-en");
  await english.getByLabel("How easy was it to …?").fill("find an answer in the docs");
  await page.getByTestId("texts-ar").getByLabel("How easy was it to …?").fill("إيجاد إجابة في الوثائق");
  await page.getByLabel("Ask signed-in customers on the board (in-app prompt)").check();
  if (javaScript) await shoot(page, "new-survey-en");
  await page.getByRole("button", { name: "Create survey" }).click();
  await page.waitForURL(/\/admin\/surveys\/\d+$/);
  const surveyId = Number(page.url().split("/").pop());
  await page.getByRole("heading", { level: 1, name }).waitFor();
  expect(await page.getByLabel("Public link").inputValue()).toBe(`${server.url}/s/${surveyId}`);
  const stored = readRow<{ kind: string; in_app_prompt: number; texts: string }>(
    server.databasePath,
    "select kind, in_app_prompt, texts from surveys where id = ?",
    surveyId,
  )!;
  expect(stored).toMatchObject({ kind: "ces", in_app_prompt: 1 });
  expect(JSON.parse(stored.texts)).toEqual({ en: { object: "find an answer in the docs" }, ar: { object: "إيجاد إجابة في الوثائق" } });
  await context.close();
  return surveyId;
}

async function answerByLink(surveyId: number, javaScript: boolean, locale: "en" | "ar", score: number, reason: string, dark = false): Promise<void> {
  const { context, page } = await newPage({ cookie: customers[locale], javaScript, locale, dark });
  await page.goto(`${server.url}/s/${surveyId}`);
  if (javaScript) await hydrated(page);
  const question = locale === "ar" ? "ما مدى سهولة إيجاد إجابة في الوثائق؟" : "How easy was it to find an answer in the docs?";
  await page.getByRole("group", { name: question }).waitFor();
  expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
  // The scale runs with the page: 1 at the start, 7 at the end, which in Arabic is the left.
  const scale = page.getByTestId("score-scale");
  const first = (await scale.locator("label").first().boundingBox())!;
  const last = (await scale.locator("label").last().boundingBox())!;
  expect(locale === "ar" ? first.x > last.x : first.x < last.x).toBe(true);
  expect(Math.abs(first.y - last.y)).toBeLessThan(2);

  const follow = locale === "ar" ? "ما السبب الرئيسي لتقييمك؟" : "What is the main reason for your score?";
  const send = page.getByRole("button", { name: locale === "ar" ? /أرسل الإجابة|استبدل إجابتي/ : /Send answer|Replace my answer/ });
  if ((await scale.locator("input:checked").count()) === 0) {
    // Sending without a score is refused beside the scale, and the reason stays as typed.
    await page.getByLabel(follow).fill(reason);
    await send.click();
    await page.getByText(locale === "ar" ? "اختر درجة على مقياس الاستبيان." : "Choose a score on the survey's scale.").waitFor();
    expect(await page.getByLabel(follow).inputValue()).toBe(reason);
  } else {
    // Answering again: the earlier answer is there to change.
    await page.getByText(locale === "ar" ? /أجبت/ : /You answered/).waitFor();
    await page.getByLabel(follow).fill(reason);
  }

  const digits = locale === "ar" ? "٠١٢٣٤٥٦٧٨٩" : "0123456789";
  await scale.locator("label", { hasText: digits[score] }).click();
  if (javaScript || locale === "ar") await shoot(page, `answer-${locale}-${javaScript ? "js" : "nojs"}${dark ? "-dark" : ""}`);
  await send.click();
  await page.waitForURL(`${server.url}/s/${surveyId}?thanks=1`);
  await page.getByTestId("survey-thanks").waitFor();
  if (javaScript) await shoot(page, `thanks-${locale}${dark ? "-dark" : ""}`);
  await context.close();
}

describe("surveys in the browser", () => {
  for (const javaScript of [true, false]) {
    it(`staff create a survey and customers answer it through its link, in English and Arabic (${javaScript ? "with" : "without"} JavaScript)`, async () => {
      const surveyId = await createSurvey(javaScript, javaScript ? "Docs effort" : "Docs effort, no JS");
      await answerByLink(surveyId, javaScript, "en", 6, "Search found it quickly");
      expect(answerOf(surveyId, "carla@example.test")).toEqual({ score: 6, reason: "Search found it quickly", channel: "link", locale: "en" });
      await answerByLink(surveyId, javaScript, "ar", 2, "لم أجد الصفحة الصحيحة", javaScript);
      expect(answerOf(surveyId, "salma@example.test")).toEqual({ score: 2, reason: "لم أجد الصفحة الصحيحة", channel: "link", locale: "ar" });
      // Answering again replaces the answer: the latest wins.
      await answerByLink(surveyId, javaScript, "en", 7, "Even quicker the second time");
      expect(answerOf(surveyId, "carla@example.test")).toMatchObject({ score: 7, reason: "Even quicker the second time" });

      if (javaScript) {
        // The staff's view of it, in Arabic and English, light and dark.
        for (const [locale, dark] of [
          ["en", false],
          ["ar", false],
          ["ar", true],
          ["fa", false],
        ] as const) {
          // The admin's own language decides theirs (the account's saved one wins over the browser's).
          expect((await postForm(server, "/preferences", { locale }, { cookie: adminCookie })).status).toBe(302);
          const { context, page } = await newPage({ cookie: adminCookie, javaScript, locale, dark });
          await page.goto(`${server.url}/admin/surveys/${surveyId}`);
          await page.getByTestId("survey-answer").first().waitFor();
          await shoot(page, `survey-page-${locale}${dark ? "-dark" : ""}`);
          await page.goto(`${server.url}/admin/surveys/${surveyId}/record`);
          await shoot(page, `record-${locale}${dark ? "-dark" : ""}`);
          await page.goto(`${server.url}/admin/surveys`);
          await shoot(page, `surveys-${locale}${dark ? "-dark" : ""}`);
          await context.close();
        }
        await postForm(server, "/preferences", { locale: "en" }, { cookie: adminCookie });
      }
    });
  }

  it("sends a visitor to log in and back to the survey", async () => {
    const surveyId = await createSurvey(false, "After login");
    const { context, page } = await newPage({ javaScript: true, locale: "en" });
    await page.goto(`${server.url}/s/${surveyId}`);
    await page.waitForURL(/\/login\?redirectTo=/);
    await hydrated(page);
    await page.getByLabel("Email").fill("carla@example.test");
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}/s/${surveyId}`);
    await page.getByRole("group", { name: "How easy was it to find an answer in the docs?" }).waitFor();
    await context.close();
  });
});
