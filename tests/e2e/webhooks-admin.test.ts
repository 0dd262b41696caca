// /admin/webhooks in real Chromium, with JavaScript and without, in English and Arabic:
// a URL the SSRF check refuses says why beside the URL field (what was typed kept), a
// public one is registered and its page shows the signing secret; the delivery log
// shows each delivery's status, code, duration and the receiver's answer. The server runs
// without WEBHOOKS_ALLOW_PRIVATE (so the refusals are real); the delivery log is seeded
// in the database, so nothing is sent anywhere. Screenshots for people go to
// /work/shots/webhooks (or SCREENSHOTS): both pages, en and ar, 1280 and 390 px, light and dark.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, shownText, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, setUpSite } from "../helpers/site-http";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
let webhookId = 0;
const noBrowser = skipTestsWithoutBrowser();
const SHOTS = process.env.SCREENSHOTS ?? "/work/shots/webhooks";
const pageErrors: string[] = [];

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer({ env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback");
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

type PageOptions = { javaScript: boolean; locale: "en" | "ar"; width?: number; dark?: boolean };

async function newPage(options: PageOptions): Promise<{ context: BrowserContext; page: Page }> {
  const theme = options.dark ? "dark" : "light";
  const prefs = cookieOf(await postForm(server, "/preferences", { locale: options.locale, theme }, { cookie: adminCookie }));
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: options.javaScript,
    colorScheme: theme,
  });
  await addCookies(context, server, [adminCookie, prefs].filter(Boolean).join("; "));
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(message.text());
  });
  return { context, page };
}

async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
}

async function register(page: Page, url: string): Promise<void> {
  await page.getByLabel(/Endpoint URL|عنوان نقطة الاستقبال/).fill(url);
  await page.getByRole("button", { name: /Add endpoint|إضافة النقطة/ }).click();
}

describe("registering an endpoint", () => {
  it.skipIf(noBrowser)("without JavaScript, in English: a loopback URL is refused beside the field, a public one is saved and its secret shown", async () => {
    const { context, page } = await newPage({ javaScript: false, locale: "en" });
    try {
      await page.goto(`${server.url}/admin/webhooks`);
      await page.getByRole("navigation", { name: "Staff pages" }).getByRole("link", { name: "Webhooks" }).waitFor();
      await register(page, "https://127.0.0.1/hooks");
      await page.waitForURL(`${server.url}/admin/webhooks`);
      const error = page.locator("#field-url-error");
      expect(await shownText(error)).toMatch(/private, loopback, link-local or cloud-metadata address/);
      expect(await page.locator("#field-url").getAttribute("aria-describedby")).toContain("field-url-error");
      expect(await page.locator("#field-url").inputValue()).toBe("https://127.0.0.1/hooks");

      await register(page, "https://93.184.216.34/closeloop");
      await page.waitForURL(/\/admin\/webhooks\/\d+\?created=1$/);
      webhookId = Number(new URL(page.url()).pathname.split("/").pop());
      const secret = page.locator("output[name=webhook-secret]");
      await secret.waitFor();
      expect(await secret.textContent()).toMatch(/^whsec_/);
      await page.getByText("No deliveries yet.").waitFor();
    } finally {
      await context.close();
    }
  });

  it.skipIf(noBrowser)("with JavaScript, in Arabic: an http URL is refused in Arabic beside the field", async () => {
    const { context, page } = await newPage({ javaScript: true, locale: "ar" });
    try {
      await page.goto(`${server.url}/admin/webhooks`);
      await hydrated(page);
      await register(page, "http://hooks.example.com/in");
      expect(await shownText(page.locator("#field-url-error"))).toMatch(/لا تُقبل إلا عناوين https/);
      expect(await page.locator("#field-url").inputValue()).toBe("http://hooks.example.com/in");
      await page.locator("#field-url").fill("https://[::1]/hooks");
      await page.getByRole("button", { name: "إضافة النقطة" }).click();
      expect(await shownText(page.locator("#field-url-error"))).toMatch(/عنوان خاص/);
    } finally {
      await context.close();
    }
  });
});

/** A delivery log as the worker leaves it: one delivered, one failed for good with an HTML answer, one waiting to retry. */
function seedDeliveries(): void {
  const db = new Database(server.databasePath);
  try {
    const insert = db.prepare(
      `insert into webhook_deliveries (webhook_id, event, message_id, payload, status, attempts, next_attempt_at, response_status, response_body, duration_ms, last_error, created_at, delivered_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = Date.now();
    const payload = (type: string, title: string) => JSON.stringify({ type, timestamp: new Date(now).toISOString(), data: { post: { id: 7, title } } });
    insert.run(
      webhookId,
      "post.created",
      "msg_0123456789abcdef0123456789abcdef",
      payload("post.created", "Export to CSV"),
      "delivered",
      1,
      now,
      200,
      '{"received":true}',
      87,
      null,
      now - 3_600_000,
      now - 3_599_000,
    );
    insert.run(
      webhookId,
      "post.status_changed",
      "msg_fedcba9876543210fedcba9876543210",
      payload("post.status_changed", "تصدير الفواتير"),
      "failed",
      8,
      now,
      502,
      "<html><body><h1>502 Bad Gateway</h1><p>" + "nginx upstream timed out ".repeat(30) + "</p></body></html>",
      10_000,
      "HTTP 502",
      now - 100_000_000,
      null,
    );
    insert.run(
      webhookId,
      "vote.created",
      "msg_00000000000000000000000000000001",
      payload("vote.created", "Dark mode"),
      "pending",
      2,
      now + 300_000,
      302,
      "",
      45,
      "redirect to http://127.0.0.1:8080/admin not followed",
      now - 10_000,
      null,
    );
  } finally {
    db.close();
  }
}

describe("the delivery log, screenshots", () => {
  it.skipIf(noBrowser)("shows each delivery's status, code, duration, attempts and answer, and fits a phone in en and ar, light and dark", async () => {
    expect(webhookId).toBeGreaterThan(0);
    seedDeliveries();
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const locale of ["en", "ar"] as const) {
      for (const width of [1280, 390]) {
        for (const dark of [false, true]) {
          const { context, page } = await newPage({ javaScript: true, locale, width, dark });
          try {
            const name = `${locale}-${width}-${dark ? "dark" : "light"}`;
            await page.goto(`${server.url}/admin/webhooks`);
            expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
            await page.locator("[data-testid=webhook-endpoint]").first().waitFor();
            expect(await page.locator("[data-testid=webhook-endpoint]").count()).toBe(1);
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
            await page.screenshot({ path: path.join(SHOTS, `list-${name}.png`), fullPage: true });

            await page.goto(`${server.url}/admin/webhooks/${webhookId}`);
            const deliveries = page.locator("[data-testid=webhook-delivery]");
            await deliveries.first().waitFor();
            expect(await deliveries.count()).toBe(3);
            expect(await deliveries.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")))).toEqual(["pending", "failed", "delivered"]);
            expect(await shownText(deliveries.nth(1).locator("[data-field=response-status]"))).toMatch(locale === "en" ? "HTTP 502" : "HTTP ٥٠٢");
            // Only settled deliveries can be resent.
            expect(await deliveries.nth(0).getByRole("button").count()).toBe(0);
            await deliveries
              .nth(1)
              .getByRole("button", { name: locale === "en" ? "Resend" : "إعادة الإرسال" })
              .waitFor();
            await deliveries.nth(1).locator("summary").click();
            expect(await shownText(deliveries.nth(1).locator("[data-field=response-body]"))).toContain("502 Bad Gateway");
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
            await page.screenshot({ path: path.join(SHOTS, `endpoint-${name}.png`), fullPage: true });
          } finally {
            await context.close();
          }
        }
      }
    }
  });

  it.skipIf(noBrowser)("resends a failed delivery without JavaScript", async () => {
    // Pointed at loopback first: the resent delivery is refused by the worker's check, never sent off the machine.
    const db = new Database(server.databasePath);
    db.prepare("update webhooks set url = 'https://127.0.0.1:9/hooks' where id = ?").run(webhookId);
    db.close();
    const { context, page } = await newPage({ javaScript: false, locale: "en" });
    try {
      await page.goto(`${server.url}/admin/webhooks/${webhookId}`);
      await page.locator("[data-testid=webhook-delivery][data-status=failed]").getByRole("button", { name: "Resend" }).click();
      await page.waitForURL(`${server.url}/admin/webhooks/${webhookId}`);
      expect(await page.locator("[data-testid=webhook-delivery][data-status=failed]").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
