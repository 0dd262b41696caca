// The micro-cache of anonymous pages (issue 15, ADR 016). A visitor with no session sees the
// same board page as every other visitor with the same language and theme, so that page is
// rendered once, compressed once (gzip and brotli), and served from memory to the next ones
// until a write changes what it shows (the generation, bumped by SQL triggers) or a second
// passes (the TTL, for what no trigger sees: relative times such as "3 minutes ago"; one
// request then renders it again while the others get the copy that is a moment older).
//
// app/server.ts looks pages up before Remix runs (a hit skips routing, loaders and React);
// entry.server stores what it renders for a request the lookup let through with a ticket.
// Both reach this one module instance through the server build's entry module.
import crypto from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { LRUCache } from "lru-cache";
import { isLocale, localeFromAcceptLanguage } from "~/i18n";
import { currentPageCacheGeneration } from "~/models/page-cache.server";
import { localeCookie, THEMES, themeCookie } from "./i18n.server";

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/**
 * The only cookies an anonymous page may depend on: the language and theme a visitor chose
 * (app/services/i18n.server.ts). Any other cookie (the session, a flash message, anything
 * unknown) sends the request past the cache, so a page that could differ per person is
 * never stored or served from it.
 */
const ANONYMOUS_COOKIES = new Set([localeCookie.name, themeCookie.name]);

/** The public pages worth caching: the board, a board, the roadmap, a post, the changelog (never their `.data`). */
const CACHEABLE_PATH = /^\/(?:|b\/[^/.]+|roadmap|changelog|posts\/\d+)$/;
/** The same pages as Remix's route ids, checked again on store in case a path ever matches another route. */
const CACHEABLE_ROUTES = new Set(["routes/_index", "routes/b.$slug", "routes/roadmap", "routes/changelog", "routes/posts.$id"]);

const DEFAULT_TTL_MS = 1_000;
/** All three copies of every page count: about 42 + 9 + 7 KB for a board page, so some 500 pages. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
/** A page larger than this (a post with thousands of comments) is not worth a slot. */
const MAX_PAGE_BYTES = 2 * 1024 * 1024;

export type CachedPage = {
  generation: number;
  storedAt: number;
  status: number;
  /** Content-Type, the hash-based Content-Security-Policy, and whatever else Remix set. */
  headers: [string, string][];
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
};

/** What a request the lookup let through carries to entry.server: where to store its page, and under which generation. */
export type PageCacheTicket = { key: string; generation: number };

export type PageCacheRequest = { method: string; url: string; cookie: string | undefined; acceptLanguage: string | undefined };

export type PageCacheLookup = { page: CachedPage } | { ticket: PageCacheTicket } | null;

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function createStore(): LRUCache<string, CachedPage> {
  return new LRUCache<string, CachedPage>({
    maxSize: numberFromEnv("PAGE_CACHE_MAX_BYTES", DEFAULT_MAX_BYTES),
    maxEntrySize: MAX_PAGE_BYTES * 2,
    sizeCalculation: (page) => page.identity.length + page.gzip.length + page.br.length + 512,
  });
}

let store = createStore();
let ttlMs = numberFromEnv("PAGE_CACHE_TTL_MS", DEFAULT_TTL_MS);

/**
 * The renders under way, one per key: requests that miss while one runs wait for its page
 * instead of rendering the same page fifty times at once (at 50 connections, every second).
 */
const rendering = new Map<string, { ticket: PageCacheTicket; done: Promise<void>; finish: () => void }>();

function beginRender(key: string, generation: number): PageCacheTicket {
  const ticket = { key, generation };
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  rendering.set(key, { ticket, done, finish });
  return ticket;
}

/** Called by app/server.ts when a ticket's response is over, whatever became of it (stored, a 404, a redirect, an error). */
export function ticketFinished(ticket: PageCacheTicket): void {
  const render = rendering.get(ticket.key);
  if (render?.ticket !== ticket) return;
  rendering.delete(ticket.key);
  render.finish();
}

/** PAGE_CACHE=off turns the cache off (for comparisons); it is on by default. */
function cacheEnabled(): boolean {
  return !["0", "off", "false", "no"].includes((process.env.PAGE_CACHE ?? "").toLowerCase());
}

/** Every cookie name in the header, or null when one is not allowed on an anonymous page. */
function onlyAnonymousCookies(header: string | undefined): boolean {
  if (!header) return true;
  for (const pair of header.split(";")) {
    const name = pair.split("=", 1)[0].trim();
    if (name !== "" && !ANONYMOUS_COOKIES.has(name)) return false;
  }
  return true;
}

/**
 * The key: the path and query exactly as asked (the page embeds its own URL, in the sign-in
 * link's redirectTo and in Remix's hydration state, so two spellings of a query must not
 * share a page), the language the page is in (the visitor's cookie, else Accept-Language,
 * else the site's default: resolveLocale's order for a visitor), and the theme.
 */
async function keyOf(url: string, cookie: string | undefined, acceptLanguage: string | undefined): Promise<string> {
  const header = cookie ?? null;
  const chosenLocale: unknown = header ? await localeCookie.parse(header) : null;
  // "default" rather than the site's default language: changing that is a settings write,
  // which bumps the generation, and reading it would cost a query per lookup.
  const locale = isLocale(chosenLocale) ? chosenLocale : (localeFromAcceptLanguage(acceptLanguage ?? null) ?? "default");
  const chosenTheme: unknown = header ? await themeCookie.parse(header) : null;
  const theme = (THEMES as readonly unknown[]).includes(chosenTheme) ? chosenTheme : "system";
  return `${locale} ${theme} ${url}`;
}

/** Whether this request may be answered from, or stored in, the cache: a visitor's GET of a public page. */
export function cacheableRequest({ method, url, cookie }: Omit<PageCacheRequest, "acceptLanguage">): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  return CACHEABLE_PATH.test(path) && onlyAnonymousCookies(cookie);
}

/**
 * A cached page for this request, or a ticket to store the page Remix renders for it, or
 * null when the request is not for the cache at all. The generation is read before Remix
 * runs, so a write that lands during the render leaves the stored page already stale.
 */
export async function lookUpPage(request: PageCacheRequest): Promise<PageCacheLookup> {
  if (!cacheEnabled() || !cacheableRequest(request)) return null;
  const key = await keyOf(request.url, request.cookie, request.acceptLanguage);
  const generation = currentPageCacheGeneration();
  const page = store.get(key);
  if (page && page.generation === generation) {
    if (Date.now() - page.storedAt <= ttlMs) return { page };
    // Older than the TTL but nothing it shows was written since: one request renders it
    // again while the others still get this copy, a moment older.
    return rendering.has(key) ? { page } : { ticket: beginRender(key, generation) };
  }
  if (page) store.delete(key);
  const underway = rendering.get(key);
  if (underway && underway.ticket.generation === generation) {
    await underway.done;
    const fresh = store.get(key);
    // null when that render stored nothing (not a 200, a Set-Cookie): this one renders uncached.
    return fresh && fresh.generation === generation ? { page: fresh } : null;
  }
  return { ticket: beginRender(key, generation) };
}

/** The tickets of requests on their way through Remix, by their load context (app/server.ts creates both). */
const ticketsByContext = new WeakMap<object, PageCacheTicket>();

export function attachTicket(context: object, ticket: PageCacheTicket): void {
  ticketsByContext.set(context, ticket);
}

/** The ticket for this render, if the page may be stored: the lookup let it through, and Remix matched a public page. */
export function ticketFor(context: unknown, routeId: string | undefined): PageCacheTicket | null {
  if (typeof context !== "object" || context === null || !routeId || !CACHEABLE_ROUTES.has(routeId)) return null;
  return ticketsByContext.get(context) ?? null;
}

/** Compresses the page once, in zlib's thread pool, and keeps it. */
export async function storePage(ticket: PageCacheTicket, status: number, headers: [string, string][], html: Buffer): Promise<CachedPage> {
  const [gzipped, brotlied] = await Promise.all([
    // Measured on a 159 KB board page: brotli 6 takes 4.5 ms for 33.2 KB where 9 takes 198 ms
    // for 32.8 KB, and gzip 6 4.6 ms for 40.0 KB where 9 takes 6.8 ms for 39.8 KB.
    gzip(html, { level: 6 }),
    brotli(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 6, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: html.length } }),
  ]);
  const page: CachedPage = { generation: ticket.generation, storedAt: Date.now(), status, headers, identity: html, gzip: gzipped, br: brotlied };
  if (html.length <= MAX_PAGE_BYTES) store.set(ticket.key, page);
  return page;
}

/** The copy to send for this Accept-Encoding: brotli, else gzip, else the page as is. */
export function encodingFor(page: CachedPage, acceptEncoding: string | undefined): { encoding: "br" | "gzip" | null; body: Buffer } {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? "").toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name.trim());
  }
  if (accepted.has("br")) return { encoding: "br", body: page.br };
  if (accepted.has("gzip") || accepted.has("*")) return { encoding: "gzip", body: page.gzip };
  return { encoding: null, body: page.identity };
}

/** The response headers for a copy of the page; X-Page-Cache says whether it was stored already (a hit) or just now. */
export function responseHeadersFor(page: CachedPage, encoding: "br" | "gzip" | null, body: Buffer, hit: boolean): [string, string][] {
  return [
    ...page.headers,
    ["X-Page-Cache", hit ? "hit" : "miss"],
    ["Vary", "Accept-Encoding"],
    ["Content-Length", String(body.length)],
    ...(encoding ? ([["Content-Encoding", encoding]] as [string, string][]) : []),
  ];
}

/**
 * The Content-Security-Policy's script sources for a page that is served to many: the
 * sha256 of each of its inline scripts, instead of a nonce that every copy would share.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.add(`'sha256-${crypto.createHash("sha256").update(match[1], "utf8").digest("base64")}'`);
  }
  return [...hashes];
}

/** How many pages are held, and their bytes: for tests and the bench. */
export function pageCacheSize(): { pages: number; bytes: number } {
  return { pages: store.size, bytes: store.calculatedSize };
}

/** Empties the cache and rereads its settings (tests). */
export function resetPageCache(): void {
  for (const render of rendering.values()) render.finish();
  rendering.clear();
  store = createStore();
  ttlMs = numberFromEnv("PAGE_CACHE_TTL_MS", DEFAULT_TTL_MS);
}

/** What app/server.ts reaches through the server build (`build.entry.module.pageCache`). */
export const pageCache = { lookUpPage, attachTicket, ticketFinished, encodingFor, responseHeadersFor };
export type PageCache = typeof pageCache;
