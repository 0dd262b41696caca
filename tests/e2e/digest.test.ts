// /admin/digest in real Chromium: the preview (the email's own HTML in a sandboxed frame)
// in English and Arabic, at 1280 and 390 px, light and dark, never wider than the phone;
// "Send me a test" without JavaScript; and the Arabic email itself opened as a page.
import Database from "better-sqlite3";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser, watchedPage } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, postForm, postIdeaOverHttp, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();
const policyViolations: string[] = [];

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Digest Board");
  const customer = await signUpOverHttp(server, "Noor", "noor@example.test", "ar");
  for (const title of [
    "تصدير التقارير إلى Excel",
    "Dark mode for the widget",
    "البحث لا يجد الكلمات المشكولة",
    "A longer idea title that has to wrap on a phone screen without overflowing",
  ]) {
    await postIdeaOverHttp(server, customer, title, "Details.");
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(() => {
  expect(policyViolations.splice(0)).toEqual([]);
});

async function adminSpeaks(locale: "en" | "ar") {
  const res = await postForm(server, "/preferences", { locale, redirectTo: "/" }, { cookie: adminCookie });
  expect(res.status).toBe(302);
}

async function open(options: { width: number; theme: "light" | "dark"; javaScriptEnabled?: boolean }) {
  const context = await browser.newContext({
    locale: "en-US",
    colorScheme: options.theme,
    viewport: { width: options.width, height: options.width < 500 ? 844 : 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  await addCookies(context, server, adminCookie);
  return { context, page: await watchedPage(context, policyViolations) };
}

async function noHorizontalOverflow(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

describe.skipIf(noBrowser)("/admin/digest", () => {
  it("previews the digest in the viewer's language and direction, at both widths and in both themes", async () => {
    for (const locale of ["en", "ar"] as const) {
      await adminSpeaks(locale);
      for (const width of [1280, 390]) {
        for (const theme of ["light", "dark"] as const) {
          const { context, page } = await open({ width, theme });
          await page.goto(`${server.url}/admin/digest`);
          expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
          const frame = page.frameLocator('[data-testid="digest-preview"]');
          expect(await frame.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
          await frame.getByText("البحث لا يجد الكلمات المشكولة").first().waitFor();
          expect(await frame.locator("a[dir=auto]").count()).toBeGreaterThan(3);
          await noHorizontalOverflow(page);
          await screenshotForPeople(page, `admin-digest-${locale}-${width}-${theme}`);
          await context.close();
        }
      }
    }
  });

  it("sends the viewer a test without JavaScript, and the Arabic email reads right to left", async () => {
    await adminSpeaks("ar");
    const { context, page } = await open({ width: 1280, theme: "light", javaScriptEnabled: false });
    await page.goto(`${server.url}/admin/digest`);
    await page.getByRole("button", { name: "أرسل لي نسخة تجريبية" }).click();
    await page.getByTestId("digest-test-sent").waitFor();
    const db = new Database(server.databasePath, { readonly: true });
    try {
      const row = db.prepare("select locale, payload from email_outbox where template = 'weekly_digest' and dedupe_key like 'weekly_digest:test:%'").get() as {
        locale: string;
        payload: string;
      };
      expect(row.locale).toBe("ar");
      expect(JSON.parse(row.payload)).toMatchObject({ test: true });
    } finally {
      db.close();
    }
    // The email as a mail client opens it: the preview's own HTML, in a page of its own.
    const html = await page.locator('[data-testid="digest-preview"]').getAttribute("srcdoc");
    expect(html).toContain('dir="rtl"');
    const mail = await context.newPage();
    await mail.setViewportSize({ width: 640, height: 900 });
    await mail.setContent(html!);
    expect(await mail.locator("html").getAttribute("dir")).toBe("rtl");
    await screenshotForPeople(mail, "digest-email-ar");
    await context.close();
  });
});
