// Against the real production server: every kind of response carries the security headers
// (helmet, in app/server.ts), only pages carry a CSP (a nonce, or hashes on a cached page), and the request log never
// holds the secret of a reset, sign-up, CSAT or unsubscribe link. The 503 page's headers are
// checked in storage-failure.test.ts, which can make the database fail.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";
import { expectSecurityHeaders } from "../helpers/security-headers";

let server: RunningServer;
let log = "";

beforeAll(async () => {
  server = await startServer({ env: { LOG_REQUESTS: "1" } });
  server.process.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const setup = await fetch(server.url + "/setup", {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
    body: new URLSearchParams({
      siteName: "Headers",
      defaultLocale: "en",
      adminName: "Admin",
      adminEmail: "admin@example.test",
      adminPassword: "a long enough passphrase",
    }).toString(),
  });
  expect(setup.status).toBe(302);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

it("sets the security headers on pages, the RSS feed, JSON routes, static files, redirects and refusals", async () => {
  const get = (path: string, init?: RequestInit) => fetch(server.url + path, { redirect: "manual", ...init });

  const page = await get("/");
  expect(page.status).toBe(200);
  expectSecurityHeaders(page, "a page");
  // A visitor's board page comes from the anonymous page cache: its inline scripts are
  // allowed by hash (ADR 016); a page that is not cached carries a fresh nonce.
  expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+; /);
  const login = await get("/login");
  expect(login.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'; /);
  expectSecurityHeaders(login, "an uncached page");
  const script = /<link rel="modulepreload" href="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
  expect(script).toBeTruthy();

  const rss = await get("/changelog.rss");
  expect(rss.status).toBe(200);
  expect(rss.headers.get("content-type")).toContain("application/rss+xml");
  expectSecurityHeaders(rss, "the RSS feed");
  // helmet's own CSP is off: only pages get one, from entry.server, with its nonce.
  expect(rss.headers.get("content-security-policy")).toBeNull();

  const similar = await get("/posts/similar?title=dark");
  expect(similar.status).toBe(200);
  expect(similar.headers.get("content-type")).toContain("application/json");
  expectSecurityHeaders(similar, "a JSON resource route");

  const asset = await get(script!);
  expect(asset.status).toBe(200);
  expect(asset.headers.get("cache-control")).toContain("immutable");
  expectSecurityHeaders(asset, "a built asset");
  expectSecurityHeaders(await get("/favicon.svg"), "a public file");

  const missing = await get("/no/such/page");
  expect(missing.status).toBe(404);
  expectSecurityHeaders(missing, "a 404 page");

  const redirect = await get("/logout");
  expect(redirect.status).toBe(302);
  expectSecurityHeaders(redirect, "a redirect");

  const crossSite = await get("/logout", { method: "POST", headers: { origin: "https://evil.example" } });
  expect(crossSite.status).toBe(403);
  expectSecurityHeaders(crossSite, "the same-origin guard's refusal");

  const data = await get("/_root.data");
  expect(data.status).toBe(200);
  expectSecurityHeaders(data, "a single-fetch data request");
});

it("logs one line per request, without the secret in reset, sign-up, CSAT and unsubscribe paths", async () => {
  const SECRET = "s3cret-Token-4a1f";
  const paths = [
    "/changelog.rss",
    `/login/reset/${SECRET}`,
    `/signup/confirm/${SECRET}`,
    `/csat/${SECRET}/yes`,
    `/unsubscribe/${SECRET}`,
    `/LOGIN/Reset/${SECRET}?again=${SECRET}`,
  ];
  for (const path of paths) await fetch(server.url + path, { redirect: "manual" });
  await expect.poll(() => log.includes('"GET /LOGIN/Reset/…" '), { timeout: 5_000 }).toBe(true);
  expect(log).toMatch(/^127\.0\.0\.1 "GET \/changelog\.rss" 200 /m);
  expect(log).toContain('127.0.0.1 "GET /login/reset/…" ');
  expect(log).toContain('"GET /signup/confirm/…" ');
  expect(log).toContain('"GET /csat/…/yes" ');
  expect(log).toContain('"GET /unsubscribe/…" ');
  expect(log).not.toContain(SECRET);
});
