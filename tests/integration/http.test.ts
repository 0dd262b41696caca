// Against the real production server: request guards, and votes under concurrency.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(server.url + path, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

function cookieOf(response: Response): string {
  return (response.headers.get("set-cookie") ?? "").split(";")[0];
}

async function signUp(n: number): Promise<string> {
  const r = await post(
    "/signup",
    { displayName: `Voter ${n}`, email: `voter${n}@example.test`, password: "a long enough passphrase" },
    { "x-forwarded-for": `10.0.0.${n}` },
  );
  expect(r.status).toBe(302);
  return cookieOf(r);
}

beforeAll(async () => {
  // Trusting the loopback proxy lets each test voter sign up from its own address.
  server = await startServer({ env: { TRUST_PROXY: "loopback" } });
  const setup = await post("/setup", {
    siteName: "HTTP test",
    defaultLocale: "en",
    adminName: "Admin",
    adminEmail: "admin@example.test",
    adminPassword: "a long enough passphrase",
  });
  expect(setup.status).toBe(302);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe("request guards", () => {
  it("refuses a cross-site POST by Origin or Sec-Fetch-Site with 403, and accepts same-origin", async () => {
    expect((await post("/login", { email: "a@b.c", password: "x" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post("/login", { email: "a@b.c", password: "x" }, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await post("/posts/1/vote", {}, { origin: "null" })).status).toBe(403);
    const same = await post("/login", { email: "a@b.c", password: "wrong password" }, { origin: server.url, "sec-fetch-site": "same-origin" });
    expect(same.status).toBe(400);
  });

  it("answers oversized and malformed bodies with a 4xx and stays healthy", async () => {
    const huge = await fetch(server.url + "/posts/new", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "title=" + "x".repeat(10 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    const json = await fetch(server.url + "/login", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBeGreaterThanOrEqual(400);
    expect(json.status).toBeLessThan(500);
    const health = await fetch(server.url + "/");
    expect(health.status).toBe(200);
  });

  it("serves the similar-posts JSON and a 404 for unknown posts", async () => {
    const similar = await fetch(server.url + "/posts/similar?title=" + encodeURIComponent('"*NEAR(-'));
    expect(similar.status).toBe(200);
    expect(await similar.json()).toEqual({ posts: [] });
    expect((await fetch(server.url + "/posts/424242")).status).toBe(404);
  });
});

describe("votes under concurrency", () => {
  it("keeps vote_count equal to the vote rows after 200 concurrent toggles from 50 users", async () => {
    const author = await signUp(200);
    const created = await post("/posts/new", { title: "Concurrency target one" }, { cookie: author });
    const created2 = await post("/posts/new", { title: "Concurrency target two" }, { cookie: author });
    const ids = [created, created2].map((r) => Number(r.headers.get("location")!.split("/").pop()));

    const cookies: string[] = [];
    for (let i = 0; i < 50; i++) cookies.push(await signUp(i));
    const toggles = Array.from({ length: 200 }, (_, i) =>
      post(`/posts/${ids[i % 2]}/vote`, { via: "fetcher" }, { cookie: cookies[i % 50], accept: "application/json" }),
    );
    const statuses = (await Promise.all(toggles)).map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    const db = new Database(server.databasePath, { readonly: true });
    const rows = db.prepare("select p.id, p.vote_count, (select count(*) from votes v where v.post_id = p.id) as actual from posts p").all() as {
      id: number;
      vote_count: number;
      actual: number;
    }[];
    db.close();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row.vote_count).toBe(row.actual);
    // Each of the 50 users toggled each post twice, so only the author's vote remains.
    expect(rows.filter((r) => ids.includes(r.id)).map((r) => r.vote_count)).toEqual([1, 1]);
  });
});

describe("content security policy", () => {
  it("allows only this site's scripts and the inline ones carrying this response's nonce", async () => {
    const first = await fetch(server.url + "/setup");
    const policy = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = await first.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    expect(inline.every((attributes) => attributes.includes(`nonce="${nonce}"`))).toBe(true);
    const second = await fetch(server.url + "/setup");
    expect(second.headers.get("content-security-policy")).not.toContain(nonce!);
  });
});

describe("pages nobody routes to", () => {
  it("answers an unknown path with a 404 page in the visitor's language", async () => {
    const response = await fetch(server.url + "/no/such/page", { headers: { "accept-language": "fa-IR,fa;q=0.9" } });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<html lang="fa" dir="rtl"');
  });
});
