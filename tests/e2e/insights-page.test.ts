// /admin/insights in Chromium: the charts are there without JavaScript, the page never
// scrolls sideways on a phone (wide tables scroll inside their cards), and axe finds no
// serious or critical violation, in English and Arabic, light and dark, at 1280 and 390 px.
// With SCREENSHOTS=<folder>, each combination is saved there for people to look at.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser } from "../helpers/browser";
import { seriousAxeViolations } from "../helpers/axe";
import { seedSurveyAnswers } from "../helpers/insights-seed";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, setUpSite } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let staffCookie = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  staffCookie = await setUpSite(server, "Acme Feedback");
  await seedSurveyAnswers(server);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openInsights(locale: "en" | "ar", theme: "light" | "dark", width: number, javaScriptEnabled = true): Promise<Page> {
  const prefs = cookieOf(await postForm(server, "/preferences", { locale, theme }, { cookie: staffCookie }));
  const context = await browser.newContext({ colorScheme: theme, viewport: { width, height: 900 }, javaScriptEnabled, bypassCSP: true });
  await addCookies(context, server, [staffCookie, prefs].filter(Boolean).join("; "));
  const page = await context.newPage();
  const res = await page.goto(`${server.url}/admin/insights?preset=90d`);
  expect(res?.status()).toBe(200);
  return page;
}

describe("the insights page in a browser", () => {
  it("shows its four charts with JavaScript off", async () => {
    const page = await openInsights("ar", "light", 1280, false);
    try {
      await expect.poll(() => page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(3);
      for (const svg of await page.locator('svg[role="img"]').all()) expect((await svg.boundingBox())?.height ?? 0).toBeGreaterThan(100);
    } finally {
      await page.context().close();
    }
  });

  for (const locale of ["en", "ar"] as const) {
    for (const theme of ["light", "dark"] as const) {
      it(`reads in ${locale}, ${theme}, at 1280 and 390 px, with no serious axe violation and no sideways page scroll`, async () => {
        for (const width of [1280, 390]) {
          const page = await openInsights(locale, theme, width);
          try {
            expect(await page.locator("html").getAttribute("lang")).toBe(locale);
            await page.locator('svg[role="img"]').first().waitFor();
            await screenshotForPeople(page, `insights-${locale}-${theme}-${width}`);
            // What sticks out past the viewport, named, so a failure says where to look.
            const overflowing = await page.evaluate(() => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return [];
              return (
                [...document.querySelectorAll("body *")]
                  // A wide table scrolls inside its own region: that is allowed.
                  .filter((el) => !el.closest('[role="region"]'))
                  // Clipped to nothing: screen-reader text takes no room.
                  .filter((el) => !el.closest(".sr-only"))
                  .filter((el) => {
                    const box = el.getBoundingClientRect();
                    return box.right > width + 0.5 || box.left < -0.5;
                  })
                  .slice(-5)
                  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`)
              );
            });
            expect(overflowing, `${locale} ${theme} ${width}: the page scrolls sideways`).toEqual([]);
            expect(await seriousAxeViolations(page), `${locale} ${theme} ${width}`).toEqual([]);
          } finally {
            await page.context().close();
          }
        }
      });
    }
  }
});
