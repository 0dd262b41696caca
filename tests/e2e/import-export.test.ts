// /admin/export and /admin/import in Chromium (issue 14): the upload and its dry run as the
// admin sees them, with attacker text in titles, refused values and the file's name (the
// XSS payloads of xss-vectors.ts: none may run, no element may gain an event handler), axe
// on each step, screenshots in en and ar, 1280 and 390 px, light and dark, and the import
// applied from the page.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, setUpSite } from "../helpers/site-http";
import { PAYLOADS } from "./xss-vectors";

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SHOTS = "/work/shots/import-export";

let server: RunningServer;
let browser: Browser;
let adminCookie = "";
const noBrowser = skipTestsWithoutBrowser();

/** A CSV field, quoted. */
const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** Every payload as a refused status (shown as the refused value), and the first few as titles (shown as samples). */
function hostileCsv(): string {
  const rows = ["title,body,status,kind,votes,author email,created date"];
  PAYLOADS.forEach((payload, i) => rows.push([cell(`Idea ${i}`), cell(payload.input), cell(payload.input), "", "", "p@example.test", "2025-01-01"].join(",")));
  PAYLOADS.slice(0, 8).forEach((payload, i) =>
    rows.push(
      [
        cell(`${payload.input}`.slice(0, 120).padEnd(3, "!")),
        cell(payload.input),
        "open",
        "",
        `v${i}@example.test`,
        "p@example.test",
        `2025-01-0${i + 1}`,
      ].join(","),
    ),
  );
  rows.push(
    [cell("مرحبا بكم في لوحة الأفكار"), cell("نص **عربي**"), "planned", "feature request", "ar@example.test", "p@example.test", "2025-02-01"].join(","),
  );
  return rows.join("\r\n");
}

beforeAll(async () => {
  if (noBrowser) return;
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  adminCookie = await setUpSite(server, "Acme Feedback");
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Watch = { dialogs: string[]; errors: string[] };

async function openAs(locale: "en" | "ar", theme: "light" | "dark", width: number): Promise<{ page: Page; watch: Watch; close: () => Promise<void> }> {
  const prefs = cookieOf(await postForm(server, "/preferences", { locale, theme }, { cookie: adminCookie }));
  const context = await browser.newContext({ colorScheme: theme, viewport: { width, height: 900 }, bypassCSP: true });
  await addCookies(context, server, [adminCookie, prefs].filter(Boolean).join("; "));
  await context.addInitScript(() => {
    (window as unknown as { __xss: number }).__xss = 0;
  });
  const page = await context.newPage();
  const watch: Watch = { dialogs: [], errors: [] };
  page.on("dialog", (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => watch.errors.push(String(e)));
  return { page, watch, close: () => context.close() };
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: { run: (d: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await run.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  });
}

/** What a payload may not leave behind: a canary set, an event-handler attribute, a script or frame of its own. */
async function injected(page: Page): Promise<{ xss: number; bad: string[] }> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll("[data-testid^=import-] *"))) {
      for (const attr of Array.from(el.attributes)) if (/^on/i.test(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
      if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "SVG", "IMG", "MATH"].includes(el.tagName.toUpperCase())) bad.push(el.tagName);
      const href = el.getAttribute("href") ?? el.getAttribute("src") ?? "";
      if (/^\s*(javascript|data|vbscript):/i.test(href)) bad.push(`${el.tagName} ${href}`);
    }
    return { bad, xss: (window as unknown as { __xss: number }).__xss };
  });
}

async function uploadAndPreview(page: Page): Promise<void> {
  await page.goto(`${server.url}/admin/import`);
  await page.setInputFiles("input[name=file]", { name: '<script>alert(1)</script> & "ideas".csv', mimeType: "text/csv", buffer: Buffer.from(hostileCsv()) });
  // Wait for the upload's own answer: the page's h1 is there before it, so waiting for any h1 raced the POST.
  const answered = page.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname.startsWith("/admin/import"));
  await page.getByRole("button", { name: /Check file|فحص الملف/ }).click();
  await answered;
  try {
    await page.getByTestId("import-preview").waitFor({ timeout: 30_000 });
  } catch {
    throw new Error(`no dry run: ${await page.locator("main").innerText()}`);
  }
}

describe("/admin/export and /admin/import in a browser", () => {
  it("show the dry run of a hostile CSV as text, pass axe, and look right in en and ar, wide and narrow, light and dark", async () => {
    if (noBrowser) return;
    const problems: string[] = [];
    for (const locale of ["en", "ar"] as const) {
      for (const theme of ["light", "dark"] as const) {
        for (const width of [1280, 390]) {
          const { page, watch, close } = await openAs(locale, theme, width);
          try {
            const name = `${locale}-${width}-${theme}`;
            await page.goto(`${server.url}/admin/export`);
            expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
            await page.screenshot({ path: path.join(SHOTS, `export-${name}.png`), fullPage: true });
            problems.push(...(await axe(page)).map((v) => `export ${name}: ${v}`));
            await page.goto(`${server.url}/admin/import`);
            await page.screenshot({ path: path.join(SHOTS, `import-upload-${name}.png`), fullPage: true });
            problems.push(...(await axe(page)).map((v) => `import ${name}: ${v}`));
            await uploadAndPreview(page);
            const refused = page.getByTestId("import-refused").locator("[data-field=refused]");
            expect(await refused.count()).toBeGreaterThanOrEqual(PAYLOADS.length);
            // Every payload is on the page as the text it is.
            const values = await page.getByTestId("import-refused").locator("[data-field=value]").allTextContents();
            for (const payload of PAYLOADS) expect(values, payload.name).toContain(payload.input.replace(/\r\n?/g, "\n"));
            const found = await injected(page);
            expect(found).toEqual({ xss: 0, bad: [] });
            expect(watch.dialogs).toEqual([]);
            expect(watch.errors).toEqual([]);
            // Nothing wider than the phone's screen.
            expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width + 1);
            await page.screenshot({ path: path.join(SHOTS, `import-preview-${name}.png`), fullPage: false });
            problems.push(...(await axe(page)).map((v) => `preview ${name}: ${v}`));
          } finally {
            await close();
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("imports from the page and says what it created; a bad file is answered beside the field", async () => {
    if (noBrowser) return;
    const { page, watch, close } = await openAs("en", "light", 1280);
    try {
      await page.goto(`${server.url}/admin/import`);
      await page.setInputFiles("input[name=file]", { name: "junk.bin", mimeType: "application/octet-stream", buffer: Buffer.from([0, 1, 2, 250, 251, 252]) });
      await page.getByRole("button", { name: "Check file" }).click();
      await expect.poll(() => page.locator("#field-format-error").textContent()).toContain("could not be told");
      await page.screenshot({ path: path.join(SHOTS, "import-error-en-1280-light.png") });
      await uploadAndPreview(page);
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.getByTestId("import-done").waitFor();
      expect(await page.getByTestId("import-done").locator("[data-entity=post]").textContent()).toMatch(/^Ideas: [1-9]/);
      expect(await injected(page)).toEqual({ xss: 0, bad: [] });
      expect(watch.dialogs).toEqual([]);
      await page.goto(`${server.url}/?q=${encodeURIComponent("مرحبا")}`);
      await expect.poll(() => page.getByText("مرحبا بكم في لوحة الأفكار").count()).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });
});
