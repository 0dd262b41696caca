// /api/docs (issue 14): the API's documentation for people, in English and Arabic, light
// and dark, on a desktop and a phone, with and without JavaScript; and used the way a new
// integrator would: the curl examples copied off the page, run as they are against a
// running server with a real key.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByEmail } from "~/models/users.server";
import { createApiKey } from "~/services/api-keys.server";
import { launchBrowser, screenshotForPeople, skipTestsWithoutBrowser } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";
import { addCookies, cookieOf, postForm, setUpSite } from "../helpers/site-http";

/**
 * fetch, tried once more when the pooled keep-alive socket it picked was closed by the server
 * meanwhile ("other side closed": the curl commands between two fetches can outlast the
 * server's keep-alive timeout). Any answer, whatever its status, is returned as it is.
 */
async function fetchFresh(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw error;
    return fetch(url, init);
  }
}

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let server: RunningServer;
let browser: Browser;
let apiKey = "";
const noBrowser = skipTestsWithoutBrowser();

beforeAll(async () => {
  if (noBrowser) return;
  // The server and this file share the database, so the key is made as /admin/api makes it.
  [server, browser] = await Promise.all([startServer({ databasePath: process.env.DATABASE_PATH, env: { TRUST_PROXY: "loopback" } }), launchBrowser()]);
  const adminCookie = await setUpSite(server, "Acme Feedback");
  await postForm(server, "/admin/tags", { intent: "create", name: "Billing", color: "#f59e0b" }, { cookie: adminCookie });
  apiKey = createApiKey({ name: "Integration", scope: "write" }, findUserByEmail("ada@example.test")!).key;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function docsPage(options: {
  locale: "en" | "ar";
  theme: "light" | "dark";
  width: number;
  javaScript?: boolean;
}): Promise<{ context: BrowserContext; page: Page }> {
  const prefs = cookieOf(await postForm(server, "/preferences", { locale: options.locale, theme: options.theme }));
  const context = await browser.newContext({
    colorScheme: options.theme,
    viewport: { width: options.width, height: 900 },
    javaScriptEnabled: options.javaScript ?? true,
    bypassCSP: true,
  });
  await addCookies(context, server, prefs);
  const page = await context.newPage();
  const res = await page.goto(`${server.url}/api/docs`);
  expect(res?.status()).toBe(200);
  return { context, page };
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (d: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  });
}

describe("the API docs page", () => {
  for (const locale of ["en", "ar"] as const) {
    for (const theme of ["light", "dark"] as const) {
      it(`reads in ${locale}, ${theme}, at 1280 and 390 px, with nothing serious for axe`, async () => {
        for (const width of [1280, 390]) {
          const { context, page } = await docsPage({ locale, theme, width });
          expect(await page.locator("html").getAttribute("dir")).toBe(locale === "ar" ? "rtl" : "ltr");
          await expect.poll(() => page.locator("#post-v1-posts pre").textContent()).toContain("curl -X POST");
          // The descriptions from the document stay English and left to right inside an Arabic page.
          expect(await page.locator("#get-v1-posts p[lang=en]").first().getAttribute("dir")).toBe("ltr");
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(scrollWidth, `${locale} ${theme} ${width}`).toBeLessThanOrEqual(width);
          await screenshotForPeople(page, `api-docs-${locale}-${theme}-${width}`);
          if (width === 1280) expect(await seriousViolations(page)).toEqual([]);
          await context.close();
        }
      });
    }
  }

  it("is all there without JavaScript, and a problem's type leads to its entry", async () => {
    const { context, page } = await docsPage({ locale: "en", theme: "light", width: 1280, javaScript: false });
    const res = await fetchFresh(`${server.url}/api/v1/posts/999999`, { headers: { authorization: `Bearer ${apiKey}` } });
    const { type } = (await res.json()) as { type: string };
    await page.goto(server.url + type);
    const entry = page.locator(`[id="${type.split("#")[1]}"]`);
    expect(await entry.textContent()).toContain("404");
    expect(await page.locator("section[id^=get-], section[id^=post-], section[id^=patch-]").count()).toBeGreaterThanOrEqual(7);
    await context.close();
  });
});

describe("using the API with curl, from the docs page only", () => {
  /** The example of one operation as the page shows it. */
  async function exampleOf(anchor: string): Promise<string> {
    const { context, page } = await docsPage({ locale: "en", theme: "light", width: 1280, javaScript: false });
    const text = (await page.locator(`#${anchor} pre`).textContent()) ?? "";
    await context.close();
    return text;
  }

  /** Runs a copied command in a shell, as a person pastes it, with the two variables the page asks for. */
  function paste(command: string): { status: number; body: Record<string, unknown> } {
    const out = execFileSync("bash", ["-c", `${command} -s -w '\\n%{http_code}'`], {
      env: { ...process.env, CLOSELOOP_URL: server.url, CLOSELOOP_API_KEY: apiKey },
      encoding: "utf8",
    });
    const lines = out.trimEnd().split("\n");
    const status = Number(lines.pop());
    return { status, body: JSON.parse(lines.join("\n")) as Record<string, unknown> };
  }

  it("creates, lists, triages, merges and reads the changelog with the page's own commands", async () => {
    const created = paste(await exampleOf("post-v1-posts"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "Export invoices to CSV", author: { email: "layla@example.com" }, voteCount: 1 });
    const id = created.body.id as number;

    const listed = paste(await exampleOf("get-v1-posts"));
    expect(listed.status).toBe(200);
    expect((listed.body.data as { id: number }[]).map((p) => p.id)).toContain(id);

    // The examples name post 12 and post 7; an integrator puts in their own ids.
    const second = paste((await exampleOf("post-v1-posts")).replace("Export invoices to CSV", "CSV export of invoices"));
    const shipped = paste((await exampleOf("patch-v1-posts-id")).replace("/posts/12", `/posts/${id}`));
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ id, status: "shipped" });
    const merged = paste((await exampleOf("post-v1-posts-id-merge")).replace("/posts/12", `/posts/${second.body.id}`).replace('"into": 7', `"into": ${id}`));
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ mergedIntoId: id, status: "duplicate" });

    const one = paste((await exampleOf("get-v1-posts-id")).replace("/posts/12", `/posts/${second.body.id}`));
    expect(one.body).toMatchObject({ mergedIntoId: id });
    expect(paste(await exampleOf("get-v1-boards")).body).toMatchObject({ data: [{ slug: "feedback" }], nextCursor: null });
    expect(paste(await exampleOf("get-v1-changelog")).body).toEqual({ data: [], nextCursor: null });

    const document = await fetchFresh(`${server.url}/api/openapi.json`);
    expect(document.headers.get("cache-control")).toBe("public, max-age=300");
    expect(((await document.json()) as { openapi: string }).openapi).toBe("3.1.0");
    const elsewhere = await fetchFresh(`${server.url}/api/v2/anything`, { method: "DELETE" });
    expect([elsewhere.status, elsewhere.headers.get("content-type")]).toEqual([404, "application/problem+json; charset=utf-8"]);
  });
});
