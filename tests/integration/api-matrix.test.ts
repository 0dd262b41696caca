// The authorisation matrix extended to API keys (issue 14): every API route × method ×
// {no key, unknown key, revoked key, key of a demoted admin, read key, write key, a
// session cookie and no key}, the per-key rate limit, and the JSON body rules. Then,
// through the production server: a cross-site Origin with a valid key is not refused (no
// CSRF check on /api) and a cookie is never API authentication.
// The list of routes comes from app/routes itself: an API route file this table does not
// know fails the first test, so none can be left out silently.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import type { ApiScope } from "~/db/enums";
import { rateLimits } from "~/db/schema";
import type { SessionUser } from "~/services/auth.server";
import { revokeApiKey } from "~/services/api-keys.server";
import { RATE_LIMITS } from "~/services/rate-limit.server";
import { updateUserRole } from "~/models/users.server";
import { voteOnBehalf } from "~/services/triage.server";
import { apiKeyFor, callApi, type ApiCallOptions, type ApiMethod, type ApiRouteModule } from "../helpers/api-request";
import { createTestPost, createUser, seedSite, sessionCookie } from "../helpers/factories";
import { startServer, type RunningServer } from "../helpers/server";

const modules = import.meta.glob("../../app/routes/api.*.ts", { eager: true }) as Record<string, ApiRouteModule>;
const apiRoutes = Object.keys(modules).map((file) => file.replace(/^.*\/routes\//, ""));

/** A request that does the route's work when sent with a write key: fresh for every call. */
type Sendable = { path: string; params?: Record<string, string>; body?: unknown };
type Row = {
  route: string;
  method: ApiMethod;
  /** The scope the method needs. */
  scope: ApiScope;
  /** What a key with the scope gets: the route did its work. */
  allowed: number;
  /** It reads a JSON body, so the body rules (413, 415, 400) apply. */
  json?: boolean;
  request: () => Sendable | Promise<Sendable>;
};

let admin: SessionUser;
let customer: SessionUser;
let postId = 0;
let unique = 0;
const next = () => ++unique;
const onPost = (suffix: string): Sendable => ({ path: `/api/v1/posts/${postId}${suffix}`, params: { id: String(postId) } });

/** A fresh post for a route that uses one up (a merge's source), each by a new customer: posting is rate limited per author. */
async function freshPost(): Promise<number> {
  return createTestPost(await createUser({ displayName: `Customer ${next()}` }), `Another idea ${next()}`);
}

// One line per route × method.
const MATRIX: Row[] = [
  { route: "api.v1.boards.ts", method: "GET", scope: "read", allowed: 200, request: () => ({ path: "/api/v1/boards" }) },
  { route: "api.v1.posts.ts", method: "GET", scope: "read", allowed: 200, request: () => ({ path: "/api/v1/posts?limit=5" }) },
  {
    route: "api.v1.posts.ts",
    method: "POST",
    scope: "write",
    allowed: 201,
    json: true,
    request: () => ({
      path: "/api/v1/posts",
      body: { title: `Idea from the CRM ${next()}`, body: "", board: "feedback", authorEmail: `crm${next()}@acme.test` },
    }),
  },
  { route: "api.v1.posts.$id.ts", method: "GET", scope: "read", allowed: 200, request: () => onPost("") },
  { route: "api.v1.posts.$id.ts", method: "PATCH", scope: "write", allowed: 200, json: true, request: () => ({ ...onPost(""), body: { kind: "bug" } }) },
  {
    route: "api.v1.posts.$id.merge.ts",
    method: "POST",
    scope: "write",
    allowed: 200,
    json: true,
    request: async () => {
      const source = await freshPost();
      return { path: `/api/v1/posts/${source}/merge`, params: { id: String(source) }, body: { into: postId } };
    },
  },
  { route: "api.v1.changelog.ts", method: "GET", scope: "read", allowed: 200, request: () => ({ path: "/api/v1/changelog" }) },
  { route: "api.v1.posts.$id_.comments.ts", method: "GET", scope: "read", allowed: 200, request: () => onPost("/comments") },
  {
    route: "api.v1.posts.$id_.comments.ts",
    method: "POST",
    scope: "write",
    allowed: 201,
    json: true,
    request: () => ({ ...onPost("/comments"), body: { body: `Comment ${next()}` } }),
  },
  { route: "api.v1.posts.$id_.votes.ts", method: "GET", scope: "read", allowed: 200, request: () => onPost("/votes") },
  {
    route: "api.v1.posts.$id_.votes.ts",
    method: "POST",
    scope: "write",
    allowed: 201,
    json: true,
    request: () => ({ ...onPost("/votes"), body: { email: `voter${next()}@acme.test` } }),
  },
  {
    route: "api.v1.posts.$id_.votes.ts",
    method: "DELETE",
    scope: "write",
    allowed: 204,
    json: true,
    request: () => ({ ...onPost("/votes"), body: { email: votedEmail() } }),
  },
  {
    route: "api.v1.users.ts",
    method: "GET",
    scope: "read",
    allowed: 200,
    request: () => ({ path: `/api/v1/users?email=${encodeURIComponent(customer.email)}` }),
  },
];

/** A customer with a vote on the post, for a DELETE to take back. */
function votedEmail(): string {
  const email = `leaving${next()}@acme.test`;
  if (!voteOnBehalf(postId, { email, note: "" }, admin).ok) throw new Error("vote on behalf failed");
  return email;
}

const keys = { read: "", write: "", revoked: "", demoted: "" };
let adminCookie = "";

beforeAll(async () => {
  ({ admin } = await seedSite());
  customer = await createUser({ displayName: "Customer" });
  postId = await createTestPost(customer, "An idea the API works on");
  keys.read = apiKeyFor(admin, "read").key;
  keys.write = apiKeyFor(admin, "write").key;
  const revoked = apiKeyFor(admin, "write");
  revokeApiKey(revoked.id);
  keys.revoked = revoked.key;
  // A second admin made a key, then became staff only: the key stops with their admin role.
  const former = await createUser({ role: "admin", displayName: "Former admin" });
  keys.demoted = apiKeyFor(former, "write").key;
  updateUserRole(former.id, "staff");
  adminCookie = await sessionCookie(admin.id);
});

const moduleOf = (route: string) => Object.entries(modules).find(([file]) => file.endsWith(`/${route}`))![1];

async function send(row: Row, options: Omit<ApiCallOptions, "params" | "body"> & { body?: unknown } = {}): Promise<Response> {
  const request = await row.request();
  const body = "body" in options ? options.body : request.body;
  return callApi(moduleOf(row.route), row.method, request.path, { params: request.params, ...options, body });
}

/** An RFC 9457 answer with this status (and catalogue key). */
async function expectProblem(response: Response, status: number, key?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = await response.json();
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), key: expect.any(String) });
  if (key) expect(body.key).toBe(key);
  return body as { key: string; errors?: { field: string; key: string }[] };
}

const label = (row: Row) => `${row.method} ${row.route}`;

/** API routes that need no key: the OpenAPI document, and the 404 problem for any other /api path. */
const PUBLIC_API_ROUTES = ["api.openapi[.]json.ts", "api.$.ts"];

describe("API routes", () => {
  it("are all in the matrix (a new API route must be added here)", () => {
    expect(apiRoutes.filter((route) => !PUBLIC_API_ROUTES.includes(route) && !MATRIX.some((row) => row.route === route))).toEqual([]);
    expect(MATRIX.filter((row) => !apiRoutes.includes(row.route)).map(label)).toEqual([]);
  });

  it("the public ones need no key, read no cookie and leak nothing: the OpenAPI document, and a 404 problem for any other /api path", async () => {
    const document = await callApi(moduleOf("api.openapi[.]json.ts"), "GET", "/api/openapi.json");
    expect(document.status).toBe(200);
    expect((await document.json()).openapi).toBe("3.1.0");
    const unknown = await callApi(moduleOf("api.$.ts"), "GET", "/api/v1/secrets", { params: { "*": "v1/secrets" }, headers: { cookie: adminCookie } });
    await expectProblem(unknown, 404, "error.notFound");
  });

  for (const row of MATRIX) {
    it(`${label(row)}: no key, unknown, revoked or demoted-admin key, or only a cookie 401; read key ${row.scope === "write" ? 403 : row.allowed}; write key ${row.allowed}`, async () => {
      const missing = await send(row);
      expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
      await expectProblem(missing, 401, "error.apiKeyInvalid");
      await expectProblem(await send(row, { key: "cl_not-a-key-anyone-made" }), 401, "error.apiKeyInvalid");
      await expectProblem(await send(row, { key: keys.revoked }), 401, "error.apiKeyInvalid");
      await expectProblem(await send(row, { key: keys.demoted }), 401, "error.apiKeyInvalid");
      await expectProblem(await send(row, { headers: { authorization: `Basic ${Buffer.from(`${admin.email}:x`).toString("base64")}` } }), 401);
      // A signed-in admin's session cookie is no API authentication.
      await expectProblem(await send(row, { headers: { cookie: adminCookie } }), 401, "error.apiKeyInvalid");

      const asReader = await send(row, { key: keys.read });
      if (row.scope === "write") await expectProblem(asReader, 403, "error.apiScope");
      else expect(asReader.status).toBe(row.allowed);
      expect((await send(row, { key: keys.write })).status).toBe(row.allowed);
    });

    it(`${label(row)}: 429 with Retry-After once the key's window is full`, async () => {
      const { key, id } = apiKeyFor(admin, "write", `busy ${next()}`);
      // The window this request falls in, and the next one in case the minute turns meanwhile.
      const { limit, windowMs } = RATE_LIMITS.api;
      const now = Date.now();
      for (const windowStart of [now - (now % windowMs), now - (now % windowMs) + windowMs]) {
        getDb()
          .insert(rateLimits)
          .values({ key: `api:${id}`, windowStart, hits: limit })
          .run();
      }
      const limited = await send(row, { key });
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      await expectProblem(limited, 429, "error.rateLimited");
      const stored = getDb()
        .select()
        .from(rateLimits)
        .where(and(eq(rateLimits.key, `api:${id}`), eq(rateLimits.windowStart, now - (now % windowMs))))
        .get();
      expect(stored?.hits).toBeGreaterThan(limit);
    });

    if (row.json) {
      it(`${label(row)}: a body over 64 KB 413, not JSON 415, malformed JSON 400, an unknown field 400 naming it`, async () => {
        const valid = (await row.request()).body as Record<string, unknown>;
        const huge = JSON.stringify({ ...valid, padding: "x".repeat(70 * 1024) });
        await expectProblem(await send(row, { key: keys.write, body: huge }), 413, "error.bodyTooLarge");
        await expectProblem(await send(row, { key: keys.write, body: JSON.stringify(valid), contentType: "text/plain" }), 415, "error.jsonRequired");
        await expectProblem(await send(row, { key: keys.write, body: "{ not json", contentType: "application/json" }), 400, "error.invalidJson");
        const unknown = await expectProblem(await send(row, { key: keys.write, body: { ...valid, sneaky: true } }), 400, "error.invalidRequest");
        expect(unknown.errors).toEqual([{ field: "sneaky", key: "error.unknownField", detail: expect.any(String) }]);
      });
    }
  }
});

describe("through the production server", () => {
  let server: RunningServer;

  beforeAll(async () => {
    // The server reads this file's database, where the keys and the post above were written.
    server = await startServer({ databasePath: process.env.DATABASE_PATH });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function fetchRow(row: Row, headers: Record<string, string>): Promise<Response> {
    const request = await row.request();
    const init: RequestInit = { method: row.method, headers: { ...headers }, redirect: "manual" };
    if (request.body !== undefined) {
      init.body = JSON.stringify(request.body);
      (init.headers as Record<string, string>)["content-type"] = "application/json";
    }
    return fetch(server.url + request.path, init);
  }

  const crossSite = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };

  it("refuses a cross-site form post to the web app, so the guard below is really there", async () => {
    const response = await fetch(`${server.url}/posts/${postId}/comments`, {
      method: "POST",
      redirect: "manual",
      headers: { ...crossSite, cookie: adminCookie, "content-type": "application/x-www-form-urlencoded" },
      body: "body=forged",
    });
    expect(response.status).toBe(403);
  });

  for (const row of MATRIX) {
    it(`${label(row)}: a cross-site Origin with a valid key is not refused; a cookie alone is 401`, async () => {
      const response = await fetchRow(row, { ...crossSite, authorization: `Bearer ${keys.write}` });
      expect(response.status).toBe(row.allowed);
      // Nothing for a browser's ambient credentials: no cookie is set by the API.
      expect(response.headers.get("set-cookie")).toBeNull();
      await expectProblem(await fetchRow(row, { cookie: adminCookie }), 401, "error.apiKeyInvalid");
    });
  }

  it("answers a body over 64 KB with 413 before reading it all", async () => {
    const row = MATRIX.find((r) => r.json)!;
    const request = await row.request();
    const response = await fetch(server.url + request.path, {
      method: row.method,
      headers: { authorization: `Bearer ${keys.write}`, "content-type": "application/json" },
      body: JSON.stringify({ ...(request.body as object), padding: "x".repeat(100 * 1024) }),
    });
    await expectProblem(response, 413, "error.bodyTooLarge");
  });
});
