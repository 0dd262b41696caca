// The anonymous page cache's store (ADR 016), in-process: bounded in bytes, keyed by what
// the page depends on, and emptied by the generation that the database's triggers bump.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { currentPageCacheGeneration } from "~/models/page-cache.server";
import { lookUpPage, pageCacheSize, resetPageCache, storePage, ticketFinished, type PageCacheTicket } from "~/services/page-cache.server";
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

/** Stores a page for the URL as a request that missed would (entry.server stores it, app/server.ts then finishes the ticket). */
async function stored(url: string, html: Buffer, headers: { cookie?: string; acceptLanguage?: string } = {}): Promise<void> {
  const ticket = await ticketFor(url, headers);
  await storePage(ticket, 200, [], html);
  ticketFinished(ticket);
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
  delete process.env.PAGE_CACHE_TTL_MS;
  resetPageCache();
});

describe("the page store", () => {
  it("holds no more bytes than its cap, dropping the least recently used page first", async () => {
    process.env.PAGE_CACHE_MAX_BYTES = String(200_000);
    resetPageCache();
    for (let i = 0; i < 10; i++) await stored(`/b/board-${i}`, pageOf(30_000, i + 1));
    const { pages, bytes } = pageCacheSize();
    expect(bytes).toBeLessThanOrEqual(200_000);
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThan(10);
    // The newest page is still there; the first ones are gone.
    expect(await lookUpPage(visitor("/b/board-9"))).toHaveProperty("page");
    expect(await lookUpPage(visitor("/b/board-0"))).toHaveProperty("ticket");
  });

  it("keys the exact URL, the resolved language and the theme", async () => {
    await stored("/roadmap?board=a&x=1", Buffer.from("<p>en</p>"));
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

  it("renders a page once for the requests that miss together, and they all get it", async () => {
    const first = await ticketFor("/posts/7");
    const others = [lookUpPage(visitor("/posts/7")), lookUpPage(visitor("/posts/7"))];
    await new Promise((resolve) => setImmediate(resolve));
    await storePage(first, 200, [], Buffer.from("<p>post 7</p>"));
    ticketFinished(first);
    for (const lookup of await Promise.all(others)) expect(lookup && "page" in lookup && lookup.page.identity.toString()).toBe("<p>post 7</p>");
    // A render that stored nothing (a 404) lets the waiting requests render for themselves, uncached.
    const missing = await ticketFor("/posts/8");
    const waiting = lookUpPage(visitor("/posts/8"));
    await new Promise((resolve) => setImmediate(resolve));
    ticketFinished(missing);
    expect(await waiting).toBeNull();
  });

  it("once older than the TTL, has one request render it again while the others get the copy", async () => {
    process.env.PAGE_CACHE_TTL_MS = "1";
    resetPageCache();
    await stored("/changelog", Buffer.from("<p>v1</p>"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const renewing = await lookUpPage(visitor("/changelog"));
    expect(renewing).toHaveProperty("ticket");
    expect(await lookUpPage(visitor("/changelog"))).toHaveProperty("page");
    ticketFinished((renewing as { ticket: PageCacheTicket }).ticket);
    delete process.env.PAGE_CACHE_TTL_MS;
  });

  it("drops a page once any write a public page shows bumps the generation", async () => {
    await stored("/changelog", Buffer.from("<p>old</p>"));
    const before = currentPageCacheGeneration();
    getDb().$client.prepare("update boards set name = name || '!'").run();
    expect(currentPageCacheGeneration()).toBeGreaterThan(before);
    expect(await lookUpPage(visitor("/changelog"))).toHaveProperty("ticket");
  });
});
