// The in-app survey prompt in Chromium: laid out in English and Arabic, at 1280 and 390
// px, light and dark, with no serious or critical axe violation; answered with
// JavaScript (fetchers, the page stays put) and without (plain forms and the follow-up
// page); dismissed. Survey texts that are XSS payloads run nothing, on the board's prompt
// or on the page a survey email's link opens.
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setLinkSecret, signLink } from "~/utils/signed-links.server";
import { launchBrowser, skipTestsWithoutBrowser } from "../helpers/browser";
import { seriousAxeViolations } from "../helpers/axe";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";
import { PAYLOADS } from "./xss-vectors";

const LINK_SECRET = "survey-prompt-suite-secret";
const SHOTS = process.env.SCREENSHOTS ?? "/work/shots/surveys-delivery";

let server: RunningServer;
let browser: Browser;
let db: Database.Database;
let customerCookie = "";
let customerId = 0;
let surveyId = 0;
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  process.env.LINK_SECRET = LINK_SECRET;
  setLinkSecret(LINK_SECRET);
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback", LINK_SECRET } }), launchBrowser()]);
  const adminCookie = await setUpSite(server, "Acme Feedback");
  customerCookie = await signUpOverHttp(server, "Layla Haddad", "layla@example.test");
  for (const title of ["Export invoices to CSV", "Dark mode for the dashboard", "تصدير الفواتير بصيغة CSV"]) {
    await postIdeaOverHttp(server, adminCookie, title, "Details.");
  }
  db = new Database(server.databasePath);
  customerId = (db.prepare("select id from users where email = ?").get("layla@example.test") as { id: number }).id;
  surveyId = Number(
    db.prepare("insert into surveys (name, kind, texts, status, in_app_prompt) values ('NPS', 'nps', '{}', 'active', 1)").run().lastInsertRowid,
  );
}, 180_000);

afterAll(async () => {
  db?.close();
  await browser?.close();
  await server?.stop();
});

/** Each test starts from a customer who was never asked (the sampling rules would otherwise hide the prompt). */
function neverAsked() {
  db.prepare("delete from survey_prompts").run();
  db.prepare("delete from survey_answers").run();
}

const answer = () =>
  db.prepare("select score, reason, channel, board_id as boardId from survey_answers where survey_id = ? and user_id = ?").get(surveyId, customerId) as
    { score: number; reason: string; channel: string; boardId: number | null } | undefined;

async function customerPage(options: {
  locale: "en" | "ar";
  theme: "light" | "dark";
  width: number;
  javaScript: boolean;
}): Promise<{ context: BrowserContext; page: Page }> {
  const prefs = cookieOf(await postForm(server, "/preferences", { locale: options.locale, theme: options.theme }, { cookie: customerCookie }));
  const context = await browser.newContext({
    colorScheme: options.theme,
    viewport: { width: options.width, height: 900 },
    javaScriptEnabled: options.javaScript,
    bypassCSP: true,
  });
  await addCookies(context, server, [customerCookie, prefs].filter(Boolean).join("; "));
  return { context, page: await context.newPage() };
}

describe("the survey prompt on the board", () => {
  for (const locale of ["en", "ar"] as const) {
    for (const width of [1280, 390]) {
      for (const theme of ["light", "dark"] as const) {
        it(`lays itself out in ${locale} at ${width} px, ${theme}: above the ideas, the scale in the page's direction, nothing wider than the screen, no serious axe violation`, async () => {
          if (noBrowser) return;
          neverAsked();
          const { context, page } = await customerPage({ locale, theme, width, javaScript: true });
          try {
            await page.goto(`${server.url}/`);
            const prompt = page.getByTestId("survey-prompt");
            await prompt.waitFor();
            expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
            // 11 buttons, 0 at the start of the line: the left in English, the right in Arabic.
            const zero = (await page.getByTestId("survey-score-0").boundingBox())!;
            const ten = (await page.getByTestId("survey-score-10").boundingBox())!;
            if (locale === "ar") expect(zero.x).toBeGreaterThan(ten.x);
            else expect(zero.x).toBeLessThan(ten.x);
            expect(await page.getByTestId("survey-scores").getByRole("button").count()).toBe(11);
            // A card above the list, not over it.
            const card = (await prompt.boundingBox())!;
            const firstRow = (await page.getByTestId("post-row").first().boundingBox())!;
            expect(card.y + card.height).toBeLessThanOrEqual(firstRow.y);
            expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
            expect(ten.x + ten.width).toBeLessThanOrEqual(width);
            await page.screenshot({ path: `${SHOTS}/prompt-${locale}-${width}-${theme}.png`, fullPage: width === 390 });
            expect(await seriousAxeViolations(page)).toEqual([]);
          } finally {
            await context.close();
          }
        });
      }
    }
  }

  it("with JavaScript: a score is sent by a fetcher, the follow-up shows in place, the reason is saved, the page never leaves the board", async () => {
    if (noBrowser) return;
    for (const [locale, width, theme] of [
      ["en", 1280, "light"],
      ["ar", 390, "dark"],
    ] as const) {
      neverAsked();
      const { context, page } = await customerPage({ locale, theme, width, javaScript: true });
      try {
        await page.goto(`${server.url}/b/feedback`);
        // The prompt's forms say "fetcher" once React runs them: wait for that before clicking.
        await page.locator('[data-testid="survey-prompt"] input[name="via"]').first().waitFor({ state: "attached" });
        await page.getByTestId("survey-score-9").click();
        await page.getByTestId("survey-follow-up").waitFor();
        await expect.poll(() => answer()).toMatchObject({ score: 9, channel: "in_app" });
        expect(answer()?.boardId).toEqual(expect.any(Number));
        await page.locator("#field-reason").fill(locale === "ar" ? "الدعم سريع" : "Support is fast");
        await page.screenshot({ path: `${SHOTS}/prompt-follow-up-js-${locale}-${width}-${theme}.png`, fullPage: width === 390 });
        await page.getByTestId("survey-follow-up").getByRole("button").click();
        await page
          .getByTestId("survey-follow-up")
          .getByRole("status")
          .filter({ hasText: locale === "ar" ? "حُفظ" : "saved" })
          .waitFor();
        await expect.poll(() => answer()?.reason).toBe(locale === "ar" ? "الدعم سريع" : "Support is fast");
        expect(new URL(page.url()).pathname).toBe("/b/feedback");
        await page.screenshot({ path: `${SHOTS}/prompt-saved-js-${locale}-${width}-${theme}.png` });
      } finally {
        await context.close();
      }
    }
  });

  it("without JavaScript: the score button posts a plain form, the follow-up page takes the reason and leads back", async () => {
    if (noBrowser) return;
    for (const [locale, width, theme] of [
      ["en", 390, "light"],
      ["ar", 1280, "dark"],
    ] as const) {
      neverAsked();
      const { context, page } = await customerPage({ locale, theme, width, javaScript: false });
      try {
        await page.goto(`${server.url}/`);
        await page.getByTestId("survey-score-3").click();
        await page.waitForURL((url) => url.pathname === `/s/${surveyId}/thanks`);
        expect(answer()).toMatchObject({ score: 3, channel: "in_app" });
        await page.getByTestId("survey-thanks").waitFor();
        await page.locator("#field-reason").fill(locale === "ar" ? "بطيء" : "Too slow");
        await page.screenshot({ path: `${SHOTS}/prompt-thanks-nojs-${locale}-${width}-${theme}.png`, fullPage: true });
        await page.getByTestId("survey-thanks").getByRole("button").click();
        await page.getByTestId("survey-thanks").getByRole("status").waitFor();
        expect(answer()?.reason).toBe(locale === "ar" ? "بطيء" : "Too slow");
        // Back to the board: the prompt was shown in this session, so it does not come back.
        await page.getByTestId("survey-thanks").getByRole("link").click();
        await page.waitForURL((url) => url.pathname === "/");
        expect(await page.getByTestId("survey-prompt").count()).toBe(0);
      } finally {
        await context.close();
      }
    }
  });

  it("dismisses, with JavaScript and without", async () => {
    if (noBrowser) return;
    for (const javaScript of [true, false]) {
      neverAsked();
      const { context, page } = await customerPage({ locale: "en", theme: "light", width: 1280, javaScript });
      try {
        await page.goto(`${server.url}/`);
        if (javaScript) await page.locator('[data-testid="survey-prompt"] input[name="via"]').first().waitFor({ state: "attached" });
        await page.getByRole("button", { name: "Dismiss the question" }).click();
        await page.getByTestId("survey-prompt").waitFor({ state: "detached" });
        await expect
          .poll(() => (db.prepare("select dismissed_at as d from survey_prompts where user_id = ?").get(customerId) as { d: number | null }).d)
          .toEqual(expect.any(Number));
        expect(answer()).toBeUndefined();
      } finally {
        await context.close();
      }
    }
  });

  it("survey texts that are XSS payloads run nothing, on the prompt or on the page an email's score link opens", async () => {
    if (noBrowser) return;
    const { context, page } = await customerPage({ locale: "en", theme: "light", width: 1280, javaScript: true });
    const problems: string[] = [];
    page.on("dialog", (d) => {
      problems.push(`dialog ${d.message()}`);
      void d.dismiss().catch(() => {});
    });
    await page.addInitScript(() => ((window as unknown as { __xss: number }).__xss = 0));
    const sendId = Number(
      db.prepare("insert into survey_sends (survey_id, audience, recipients) values (?, 'all_customers', 1)").run(surveyId).lastInsertRowid,
    );
    const token = signLink({ purpose: "survey", surveyId, userId: customerId, sendId });
    try {
      for (const [index, { input }] of PAYLOADS.entries()) {
        const text = input.slice(0, 300);
        db.prepare("update surveys set texts = ? where id = ?").run(JSON.stringify({ en: { question: text, followUp: text } }), surveyId);
        neverAsked();
        for (const path of ["/", `/s/${surveyId}/e/${token}/${index % 11}`]) {
          const res = await page.goto(server.url + path);
          if ((res?.status() ?? 500) >= 400) problems.push(`${path}: ${res?.status()}`);
          if (path === "/") await page.getByTestId("survey-prompt").waitFor();
          const found = await page.evaluate(() => {
            const bad: string[] = [];
            for (const el of Array.from(document.querySelectorAll("*"))) {
              for (const a of Array.from(el.attributes)) if (a.name.toLowerCase().startsWith("on")) bad.push(`<${el.tagName} ${a.name}>`);
              if (el.tagName === "SCRIPT" && !(el as HTMLScriptElement).nonce) bad.push("foreign <script>");
              if (["IFRAME", "OBJECT", "EMBED", "BASE"].includes(el.tagName)) bad.push(`<${el.tagName}>`);
            }
            // The follow-up question is also the reason box's placeholder: shown, though not in innerText.
            const placeholders = Array.from(document.querySelectorAll<HTMLTextAreaElement>("[placeholder]")).map((el) => el.placeholder);
            return { bad, xss: (window as unknown as { __xss: number }).__xss, shown: [document.body.innerText, ...placeholders].join(" ") };
          });
          if (found.xss !== 0) problems.push(`#${index} ${path}: window.__xss = ${found.xss}`);
          if (found.bad.length) problems.push(`#${index} ${path}: ${found.bad.join(", ")}`);
          const visible = text.replace(/\s+/g, " ").trim();
          if (visible && !found.shown.replace(/\s+/g, " ").includes(visible.slice(0, 20))) problems.push(`#${index} ${path}: the text is not shown as text`);
        }
      }
    } finally {
      db.prepare("update surveys set texts = '{}' where id = ?").run(surveyId);
      await context.close();
    }
    expect(problems).toEqual([]);
    // Every payload, on two pages each: minutes on a busy machine, as the XSS suite's own tests.
  }, 900_000);
});
