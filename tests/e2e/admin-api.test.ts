// The admin's API keys page (issue 14) in Chromium: a key made without JavaScript is shown
// once as plain text in <output name="api-key">, with JavaScript it gets a copy button; the
// key works against the API at once and stops when revoked (with a confirmation). The page
// is looked at in English and Arabic, 1280 and 390 px wide, light and dark, and axe finds
// no serious or critical violation with the new key showing.
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, setUpSite } from "../helpers/site-http";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const ADMIN_EMAIL = "ada@example.test";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback", ADMIN_EMAIL);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function adminContext(options: { locale?: "en" | "ar"; theme?: "light" | "dark"; width?: number; javaScript?: boolean } = {}): Promise<BrowserContext> {
  const { locale = "en", theme = "light", width = 1280, javaScript = true } = options;
  const prefs = cookieOf(await postForm(server, "/preferences", { locale, theme }, { cookie: adminCookie }));
  const context = await browser.newContext({ colorScheme: theme, viewport: { width, height: 900 }, javaScriptEnabled: javaScript, bypassCSP: true });
  await addCookies(context, server, [adminCookie, prefs].filter(Boolean).join("; "));
  return context;
}

const asBearer = (key: string) => fetch(`${server.url}/api/v1/users?email=${encodeURIComponent(ADMIN_EMAIL)}`, { headers: { authorization: `Bearer ${key}` } });

async function createKey(page: Page, name: string, scope: "read" | "write"): Promise<string> {
  await page.goto(`${server.url}/admin/api`);
  await page.locator("#field-name").fill(name);
  await page.locator(`input[name=scope][value=${scope}]`).check();
  await page.locator("form:has(input[name=intent][value=create]) button[type=submit]").click();
  const output = page.locator('output[name="api-key"]');
  await output.waitFor();
  return (await output.textContent())!.trim();
}

describe("/admin/api", () => {
  it("without JavaScript: the new key is plain text in the output, once; it works, and is gone on reload", async () => {
    const context = await adminContext({ javaScript: false });
    const page = await context.newPage();
    try {
      const key = await createKey(page, "Support desk sync", "read");
      expect(key).toMatch(/^cl_[A-Za-z0-9_-]{32}$/);
      expect(await page.getByRole("button", { name: "Copy" }).count()).toBe(0);
      expect((await asBearer(key)).status).toBe(200);
      await page.goto(`${server.url}/admin/api`);
      expect(await page.locator('output[name="api-key"]').count()).toBe(0);
      expect(await page.content()).not.toContain(key);
      const row = page.getByTestId("api-key-row").filter({ hasText: "Support desk sync" });
      expect(await row.textContent()).toContain(key.slice(0, 9));
    } finally {
      await context.close();
    }
  });

  it("with JavaScript: a copy button that copies the key; revoke asks first, then the key stops working", async () => {
    const context = await adminContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    const page = await context.newPage();
    try {
      const key = await createKey(page, "CRM import", "write");
      const copy = page.getByRole("button", { name: "Copy" });
      await copy.click();
      await page.getByRole("button", { name: "Copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

      const row = page.getByTestId("api-key-row").filter({ hasText: "CRM import" });
      // Dismissed: nothing happens.
      page.once("dialog", (dialog) => void dialog.dismiss());
      await row.getByRole("button", { name: /Revoke/ }).click();
      expect((await asBearer(key)).status).toBe(200);
      page.once("dialog", (dialog) => void dialog.accept());
      await row.getByRole("button", { name: /Revoke/ }).click();
      await row.getByText(/^Revoked /).waitFor();
      expect((await asBearer(key)).status).toBe(401);
    } finally {
      await context.close();
    }
  });

  for (const locale of ["en", "ar"] as const) {
    for (const theme of ["light", "dark"] as const) {
      it(`in ${locale}, ${theme}, at 1280 and 390 px: the new key showing, no horizontal overflow, no serious axe violation`, async () => {
        for (const width of [1280, 390]) {
          const context = await adminContext({ locale, theme, width });
          const page = await context.newPage();
          try {
            await createKey(page, locale === "ar" ? "مزامنة مكتب الدعم" : "Support desk sync", "read");
            expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
            // Hydrated: the copy button is there.
            await page.getByRole("button", { name: locale === "ar" ? "نسخ" : "Copy" }).waitFor();
            expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
            await screenshotForPeople(page, `admin-api-${locale}-${theme}-${width}`);
            await page.addScriptTag({ path: AXE_PATH });
            const violations = await page.evaluate(async () => {
              const axe = (
                window as unknown as { axe: { run: (d: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
              ).axe;
              const result = await axe.run(document);
              return result.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
            });
            expect(violations).toEqual([]);
          } finally {
            await context.close();
          }
        }
      });
    }
  }
});
