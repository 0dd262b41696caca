// The anonymous page cache (issue 15, ADR 016) against the production server: it never
// serves a signed-in page to anyone nor a cached page to anyone signed in, every write a
// public page shows empties it on the very next request, and a hit is the stored page in
// the encoding the client takes. The server shares this file's database, so the writes go
// through the app's services in-process, as the other integration tests make their data;
// the cache's TTL is set to ten minutes, so only the generation can explain a fresh page.
import crypto from "node:crypto";
import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { insertBoard } from "~/models/boards.server";
import { writeSettings } from "~/models/settings.server";
import { insertTag } from "~/models/tags.server";
import { updateSsoAccount } from "~/models/users.server";
import type { SessionUser } from "~/services/auth.server";
import { renameBoard, setBoardArchived } from "~/services/boards.server";
import { publishEntry, saveEntry } from "~/services/changelog.server";
import { addComment } from "~/services/comments.server";
import { changeStatus } from "~/services/loop.server";
import { mergePosts } from "~/services/merge.server";
import { updateSiteSettings } from "~/services/site.server";
import { setBoard } from "~/services/staff-post.server";
import { approvePost, deletePost, setKind, setPostTags } from "~/services/triage.server";
import { toggleVote } from "~/services/votes.server";
import { createTestPost, createUser, seedSite, sessionCookie } from "../helpers/factories";
import { expectSecurityHeaders } from "../helpers/security-headers";
import { startServer, type RunningServer } from "../helpers/server";

let server: RunningServer;
let admin: SessionUser;
let sara: SessionUser;
let omar: SessionUser;
let boardSlug: string;
let saraPostId: number;

beforeAll(async () => {
  const seeded = await seedSite();
  admin = seeded.admin;
  boardSlug = seeded.board.slug;
  sara = await createUser({ displayName: "Sara Ahmadi" });
  omar = await createUser({ displayName: "Omar Haddad" });
  saraPostId = await createTestPost(sara, "Export to spreadsheet");
  server = await startServer({ databasePath: process.env.DATABASE_PATH, env: { PAGE_CACHE_TTL_MS: String(10 * 60_000) } });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

type Page = { status: number; cache: string | null; html: string; headers: Headers };

async function get(path: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await fetch(server.url + path, { headers, redirect: "manual" });
  return { status: res.status, cache: res.headers.get("x-page-cache"), html: await res.text(), headers: res.headers };
}

/** Loads the page until it is served from the cache, as a visitor would see it next. */
async function cached(path: string, headers: Record<string, string> = {}): Promise<Page> {
  await get(path, headers);
  const page = await get(path, headers);
  expect(page.cache, `${path} is cached`).toBe("hit");
  return page;
}

describe("who is served from the cache", () => {
  it("never serves a signed-in page to a visitor, nor a cached page to anyone signed in", async () => {
    const adminCookie = await sessionCookie(admin.id);
    // Someone whose name no public page shows: only their own pages (the account menu) do.
    const zed = await createUser({ displayName: "Zed Quietreader" });
    const zedCookie = await sessionCookie(zed.id);
    for (let i = 0; i < 3; i++) {
      const signedIn = await get("/", { cookie: adminCookie });
      expect(signedIn.status).toBe(200);
      expect(signedIn.cache).toBeNull();
      expectPage(signedIn.html).toContain('href="/admin"');
    }
    const visitor = await cached("/");
    expectPage(visitor.html).not.toContain('href="/admin"');
    expectPage(visitor.html).toContain('href="/login?redirectTo=');
    expectPage(visitor.html).not.toContain("Zed Quietreader");

    // With a cached visitor's page in place, the signed-in still get their own.
    const adminAgain = await get("/", { cookie: adminCookie });
    expect(adminAgain.cache).toBeNull();
    expectPage(adminAgain.html).toContain('href="/admin"');
    for (const path of ["/", `/posts/${saraPostId}`]) {
      const zedPage = await get(path, { cookie: zedCookie });
      expect(zedPage.cache).toBeNull();
      expectPage(zedPage.html).toContain("Zed Quietreader");
      expectPage((await cached(path)).html).not.toContain("Zed Quietreader");
    }
    // A session cookie that names no session (expired, forged) is not a visitor's either.
    expect((await get("/", { cookie: "closeloop_session=nosuchsession" })).cache).toBeNull();
  });

  it("passes by any cookie it does not know, and keys the language and theme a visitor chose", async () => {
    await cached("/roadmap");
    expect((await get("/roadmap", { cookie: "flash=saved" })).cache).toBeNull();
    expect((await get("/roadmap", { cookie: `${themeCookieHeader("dark")}; tracking=1` })).cache).toBeNull();

    const dark = await cached("/roadmap", { cookie: themeCookieHeader("dark") });
    expectPage(dark.html).toContain('class="theme-dark"');
    const persian = await cached("/roadmap", { "accept-language": "fa-IR,fa;q=0.9" });
    expectPage(persian.html).toContain('<html lang="fa" dir="rtl"');
    const english = await cached("/roadmap", { "accept-language": "en-GB,en;q=0.9" });
    expectPage(english.html).toContain('<html lang="en" dir="ltr" class=""');
  });

  it("stores no redirect, error or action, and no resource route", async () => {
    expect((await get("/b/no-such-board")).status).toBe(404);
    expect((await get("/b/no-such-board")).cache).toBeNull();
    expect((await get("/posts/999999")).cache).toBeNull();
    expect((await get("/changelog.rss")).cache).toBeNull();
    expect((await get("/_root.data")).cache).toBeNull();
    expect((await get("/login")).cache).toBeNull();
  });
});

describe("the cached page", () => {
  it("allows each of its inline scripts by hash, with no nonce, and carries the security headers", async () => {
    const page = await cached("/changelog");
    const policy = page.headers.get("content-security-policy") ?? "";
    expectPage(policy).not.toContain("'nonce-");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expectPage(policy).toContain("object-src 'none'");
    expectPage(policy).toContain("base-uri 'none'");
    const scripts = [...page.html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expectPage(attributes).not.toContain("nonce=");
      expectPage(policy).toContain(`'sha256-${crypto.createHash("sha256").update(body).digest("base64")}'`);
    }
    expectSecurityHeaders(new Response(null, { headers: page.headers }), "a cached page");
    // Everything uncached keeps a fresh nonce per response.
    const login = await get("/login");
    expect(login.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[^']+'; /);
  });

  it("answers a hit in the encoding asked for, with the same page inside", async () => {
    await cached(`/b/${boardSlug}`);
    const raw = (encoding: string) =>
      new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http
          .get(`${server.url}/b/${boardSlug}`, { headers: { "accept-encoding": encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          })
          .on("error", reject);
      });
    const plain = await raw("identity");
    const gzipped = await raw("gzip, deflate");
    const brotli = await raw("gzip, deflate, br");
    const refusesBrotli = await raw("br;q=0, gzip");
    for (const answer of [plain, gzipped, brotli, refusesBrotli]) {
      expect(answer.headers["x-page-cache"]).toBe("hit");
      expect(answer.headers.vary).toContain("Accept-Encoding");
      expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
    }
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(brotli.headers["content-encoding"]).toBe("br");
    expect(refusesBrotli.headers["content-encoding"]).toBe("gzip");
    expect(plain.body.toString()).toContain("Export to spreadsheet");
    expect(zlib.gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    expect(zlib.brotliDecompressSync(brotli.body).equals(plain.body)).toBe(true);
    expect(brotli.body.length).toBeLessThan(plain.body.length / 3);
  });
});

describe("invalidation", () => {
  /** The page is cached, the write happens, and the very next request renders it afresh, showing the change. */
  async function showsNext(path: string, write: () => unknown | Promise<unknown>, check: (html: string, status: number) => void) {
    await cached(path);
    await write();
    const next = await get(path);
    expect(next.cache, `${path} after the write`).not.toBe("hit");
    check(next.html, next.status);
  }

  it("a new post", async () => {
    await showsNext(
      "/",
      () => createTestPost(omar, "Keyboard shortcuts"),
      (html) => expectPage(html).toContain("Keyboard shortcuts"),
    );
  });

  it("a vote", async () => {
    const id = await createTestPost(omar, "Offline mode");
    const count = (html: string) => /data-testid="vote-count">(\d+)</.exec(html)?.[1];
    expect(count((await cached(`/posts/${id}`)).html)).toBe("1");
    await showsNext(
      `/posts/${id}`,
      () => toggleVote(id, sara),
      (html) => expect(count(html)).toBe("2"),
    );
  });

  it("a comment", async () => {
    await showsNext(
      `/posts/${saraPostId}`,
      () => addComment(saraPostId, { body: "Would love CSV too" }, omar),
      (html) => expectPage(html).toContain("Would love CSV too"),
    );
  });

  it("a status change", async () => {
    const id = await createTestPost(omar, "Calendar sync");
    await showsNext(
      "/roadmap",
      () => changeStatus(id, "planned", "Next quarter.", admin),
      (html) => expectPage(html).toContain("Calendar sync"),
    );
  });

  it("triage: kind, board and tags", async () => {
    const id = await createTestPost(omar, "Bulk edit");
    // Visitors see no kinds unless the site shows them: the page is rendered afresh all the same.
    await showsNext(
      `/posts/${id}`,
      () => setKind(id, "bug"),
      (_html, status) => expect(status).toBe(200),
    );
    const other = insertBoard({ slug: "mobile", name: "Mobile app", description: "" });
    await cached("/b/mobile");
    await showsNext(
      "/b/mobile",
      () => setBoard(id, other.id),
      (html) => expectPage(html).toContain("Bulk edit"),
    );
    const tag = insertTag({ name: "Integrations", color: "#336699" });
    await showsNext(
      `/posts/${id}`,
      () => setPostTags(id, [tag.id]),
      (html) => expectPage(html).toContain("Integrations"),
    );
  });

  it("a merge and a delete", async () => {
    const source = await createTestPost(omar, "Dark theme please");
    const target = await createTestPost(sara, "Dark mode");
    await showsNext(
      "/",
      () => mergePosts(source, target, admin),
      (html) => expectPage(html).not.toContain("Dark theme please"),
    );
    await showsNext(
      "/",
      () => deletePost(target),
      (html) => expectPage(html).not.toContain("Dark mode"),
    );
  });

  it("an approval", async () => {
    writeSettings({ requireApproval: "1" });
    const id = await createTestPost(omar, "Held back idea");
    const hidden = await cached("/");
    expectPage(hidden.html).not.toContain("Held back idea");
    await showsNext(
      "/",
      () => approvePost(id),
      (html) => expectPage(html).toContain("Held back idea"),
    );
    writeSettings({ requireApproval: "0" });
  });

  it("a board renamed and archived", async () => {
    const board = insertBoard({ slug: "desktop", name: "Desktop app", description: "" });
    await showsNext(
      "/b/desktop",
      () => renameBoard({ boardId: board.id, name: "Desktop client", slug: "desktop", description: "" }),
      (html) => expectPage(html).toContain("Desktop client"),
    );
    await showsNext(
      "/b/desktop",
      () => setBoardArchived(board.id, true),
      (html) => expectPage(html).not.toContain("Desktop client"),
    );
  });

  it("the site's name", async () => {
    await showsNext(
      `/b/${boardSlug}`,
      () => updateSiteSettings({ siteName: "Renamed board site", defaultLocale: "en" }),
      (html) => expectPage(html).toContain("Renamed board site"),
    );
  });

  it("a changelog entry published", async () => {
    const saved = await saveEntry(null, { title: "Spring release", body: "Lots of fixes.", postIds: [] }, admin);
    if (!saved.ok) throw new Error("saveEntry failed");
    await showsNext(
      "/changelog",
      () => publishEntry(saved.value.entryId, admin),
      (html) => expectPage(html).toContain("Spring release"),
    );
  });

  it("a display name", async () => {
    await showsNext(
      `/posts/${saraPostId}`,
      () => updateSsoAccount(getDb(), sara.id, { displayName: "Sara A." }),
      (html) => expectPage(html).toContain("Sara A."),
    );
  });

  it("but not a write no public page shows (sizing, a sign-in)", async () => {
    await cached(`/posts/${saraPostId}`);
    getDb().$client.prepare("update posts set impact = 3, effort = 2 where id = ?").run(saraPostId);
    await sessionCookie(omar.id);
    expect((await get(`/posts/${saraPostId}`)).cache).toBe("hit");
  });
});

/** The theme cookie as the app writes it (Remix's unsigned cookie: base64 of the JSON value). */
function themeCookieHeader(theme: string): string {
  return `closeloop_theme=${Buffer.from(JSON.stringify(theme)).toString("base64")}`;
}

/** A page's text, reported on failure by its length rather than in full (pages run to 100 KB). */
function expectPage(html: string) {
  return {
    toContain: (text: string) => expect(html.includes(text), `page (${html.length} chars) contains ${text}`).toBe(true),
    not: { toContain: (text: string) => expect(html.includes(text), `page (${html.length} chars) lacks ${text}`).toBe(false) },
  };
}
