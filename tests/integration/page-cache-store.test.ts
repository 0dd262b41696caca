// The anonymous page cache's store (ADR 016), in-process: bounded in bytes, keyed by what
// the page depends on, and emptied by the generation that the database's triggers bump.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { currentPageCacheGeneration } from "~/models/page-cache.server";
import { lookUpPage, pageCacheSize, resetPageCache, storePage, type PageCacheTicket } from "~/services/page-cache.server";
import { seedSite } from "../helpers/factories";

const visitor = (url: string, headers: { cookie?: string; acceptLanguage?: string } = {}) => ({
  method: "GET",
  url,
  cookie: headers.cookie,
  acceptLanguage: headers.acceptLanguage,
});

async function ticketFor(url: string, headers: { cookie?: string; acceptLanguage?: string } = {}): Promise<PageCacheTicket> {
  const lookup = await lookUpPage(visitor(url, headers));
  if (!lookup || !("ticket" in lookup)) throw new Error(`${url}: expected a miss, got ${JSON.stringify(lookup && Object.keys(lookup))}`);
  return lookup.ticket;
}

/** A page of about `bytes` bytes that compresses poorly, so its three copies add up to about three times that. */
function pageOf(bytes: number, seed: number): Buffer {
  let state = seed;
  return Buffer.from(
    Array.from({ length: bytes }, () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return String.fromCharCode(33 + (state % 90));
    }).join(""),
  );
}

beforeAll(async () => {
  await seedSite();
});

afterEach(() => {
  delete process.env.PAGE_CACHE_MAX_BYTES;
  resetPageCache();
});

describe("the page store", () => {
  it("holds no more bytes than its cap, dropping the least recently used page first", async () => {
    process.env.PAGE_CACHE_MAX_BYTES = String(200_000);
    resetPageCache();
    for (let i = 0; i < 10; i++) await storePage(await ticketFor(`/b/board-${i}`), 200, [], pageOf(30_000, i + 1));
    const { pages, bytes } = pageCacheSize();
    expect(bytes).toBeLessThanOrEqual(200_000);
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThan(10);
    // The newest page is still there; the first ones are gone.
    expect(await lookUpPage(visitor("/b/board-9"))).toHaveProperty("page");
    expect(await lookUpPage(visitor("/b/board-0"))).toHaveProperty("ticket");
  });

  it("keys the exact URL, the resolved language and the theme", async () => {
    await storePage(await ticketFor("/roadmap?board=a&x=1"), 200, [], Buffer.from("<p>en</p>"));
    expect(await lookUpPage(visitor("/roadmap?board=a&x=1"))).toHaveProperty("page");
    expect(await lookUpPage(visitor("/roadmap?x=1&board=a"))).toHaveProperty("ticket");
    expect(await lookUpPage(visitor("/roadmap?board=a&x=1", { acceptLanguage: "ar" }))).toHaveProperty("ticket");
    expect(await lookUpPage(visitor("/roadmap?board=a&x=1", { cookie: `closeloop_theme=${Buffer.from('"dark"').toString("base64")}` }))).toHaveProperty(
      "ticket",
    );
    // An unknown theme value is the default theme, as resolveTheme has it.
    expect(await lookUpPage(visitor("/roadmap?board=a&x=1", { cookie: `closeloop_theme=${Buffer.from('"neon"').toString("base64")}` }))).toHaveProperty("page");
  });

  it("lets through what is not a visitor's public page", async () => {
    for (const url of ["/admin", "/api/v1/posts", "/posts/1/vote", "/b/feedback.data", "/_root.data", "/changelog.rss", "/login", "/posts/new"]) {
      expect(await lookUpPage(visitor(url)), url).toBeNull();
    }
    expect(await lookUpPage({ ...visitor("/"), method: "POST" })).toBeNull();
    expect(await lookUpPage(visitor("/", { cookie: "closeloop_session=abc" }))).toBeNull();
    expect(await lookUpPage(visitor("/", { cookie: "closeloop_locale=ImVuIg==; __flash=1" }))).toBeNull();
  });

  it("drops a page once any write a public page shows bumps the generation", async () => {
    await storePage(await ticketFor("/changelog"), 200, [], Buffer.from("<p>old</p>"));
    const before = currentPageCacheGeneration();
    getDb().$client.prepare("update boards set name = name || '!'").run();
    expect(currentPageCacheGeneration()).toBeGreaterThan(before);
    expect(await lookUpPage(visitor("/changelog"))).toHaveProperty("ticket");
  });
});
