// Builders for integration tests: real rows through the real services.
import { hashPassword, startSession, type SessionUser } from "~/services/auth.server";
import { insertBoard, listPublicBoards } from "~/models/boards.server";
import { insertUser } from "~/models/users.server";
import { writeSettings } from "~/models/settings.server";
import { createPost } from "~/services/posts.server";
import { and, eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { surveyAnswers, type Role } from "~/db/schema";

let counter = 0;
let cheapHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery staple";

/** Marks setup as done (an admin exists) and gives the site a default board. */
export async function seedSite() {
  const admin = await createUser({ role: "admin", displayName: "Admin" });
  writeSettings({ siteName: "Test board", defaultLocale: "en" });
  const board = listPublicBoards()[0] ?? insertBoard({ slug: "feedback", name: "Feedback", description: "" });
  return { admin, board };
}

export async function createUser(overrides: { role?: Role; displayName?: string; email?: string; bannedAt?: number } = {}): Promise<SessionUser> {
  counter += 1;
  cheapHash ??= hashPassword(TEST_PASSWORD);
  const row = insertUser({
    email: overrides.email ?? `user${counter}-${process.pid}@example.test`,
    displayName: overrides.displayName ?? `User ${counter}`,
    passwordHash: await cheapHash,
    role: overrides.role ?? "customer",
    locale: null,
  });
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role, locale: row.locale, bannedAt: overrides.bannedAt ?? null };
}

export async function createTestPost(author: SessionUser, title: string, body = "", board?: string): Promise<number> {
  const result = await createPost({ title, body, board }, author);
  if (!result.ok) throw new Error(`createPost failed: ${JSON.stringify(result)}`);
  return result.value.postId;
}

/** A Cookie header value for a fresh session of this user. */
export async function sessionCookie(userId: number): Promise<string> {
  const setCookie = await startSession(userId, new Request("http://localhost/"));
  return setCookie.split(";")[0];
}

type RequestOptions = { cookie?: string; form?: Record<string, string>; headers?: Record<string, string> };

export function makeRequest(pathAndQuery: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    return new Request(`http://localhost${pathAndQuery}`, { method: "POST", headers, body: new URLSearchParams(options.form).toString() });
  }
  return new Request(`http://localhost${pathAndQuery}`, { headers });
}

export const testContext = { clientIp: "203.0.113.7" };

/** Runs a loader or action and returns its Response, whether it returned or threw one. */
export async function respond(run: () => Promise<unknown>): Promise<{ status: number; location: string | null; data: unknown; headers: Headers }> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    const json = result.headers.get("content-type")?.includes("application/json") ? await result.json() : null;
    return { status: result.status, location: result.headers.get("location"), data: json, headers: result.headers };
  }
  // Remix's data() helper returns { type: "DataWithResponseInit", data, init }.
  if (result && typeof result === "object" && (result as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = result as { data: unknown; init?: ResponseInit };
    return { status: init?.status ?? 200, location: null, data, headers: new Headers(init?.headers) };
  }
  if (result instanceof Error) throw result;
  return { status: 200, location: null, data: result, headers: new Headers() };
}

/** Calls a route's loader or action the way Remix would, with the test client's IP. */
export function callRoute(fn: (args: never) => unknown, request: Request, params: Record<string, string> = {}) {
  return respond(async () => fn({ request, params, context: testContext } as never));
}

/** One respondent's answer to a survey, as stored, or undefined. */
export function surveyAnswerOf(surveyId: number, userId: number) {
  return getDb()
    .select()
    .from(surveyAnswers)
    .where(and(eq(surveyAnswers.surveyId, surveyId), eq(surveyAnswers.userId, userId)))
    .get();
}
