// Data for the browser tests, made over HTTP against the running server: the same forms
// a browser would post, without loading a page. Each test makes its own this way, so any
// one of them can run alone (`-t`) and in any order.
import type { BrowserContext } from "playwright-core";
import { expect } from "vitest";
import type { RunningServer } from "./server";

export const E2E_PASSWORD = "sunlight over the harbour";

/** The `name=value` pairs of a response's Set-Cookie headers, as one Cookie header. */
export function cookieOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Gives a browser context the cookies of a Cookie header, so its pages are signed in as that session. */
export async function addCookies(context: BrowserContext, server: RunningServer, cookie: string): Promise<void> {
  await context.addCookies(
    cookie
      .split("; ")
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: server.url };
      }),
  );
}

type PostOptions = { cookie?: string; headers?: Record<string, string> };

/** A form POST from this site (as a browser sends it), not following the redirect. */
export function postForm(server: RunningServer, path: string, fields: Record<string, string>, options: PostOptions = {}): Promise<Response> {
  return fetch(server.url + path, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

let addresses = 0;
/** A client address of its own for each call, so per-IP limits (5 sign-ups an hour) stay out of the way; needs TRUST_PROXY=loopback. */
export function freshClientIp(): string {
  addresses += 1;
  return `10.77.${Math.floor(addresses / 250) % 250}.${(addresses % 250) + 1}`;
}

/** Finishes /setup: the site's name, an English default, and the admin. Returns the admin's session cookie. */
export async function setUpSite(server: RunningServer, siteName: string, adminEmail = "ada@example.test"): Promise<string> {
  const res = await postForm(
    server,
    "/setup",
    { siteName, defaultLocale: "en", adminName: "Ada Admin", adminEmail, adminPassword: E2E_PASSWORD },
    { headers: { "X-Forwarded-For": freshClientIp() } },
  );
  expect(res.status, "setup").toBe(302);
  return cookieOf(res);
}

/**
 * Signs up without email confirmation (the server has no SMTP_URL). `locale` becomes the
 * account's language, as the language picker does before signing up. Returns the session cookie.
 */
export async function signUpOverHttp(server: RunningServer, displayName: string, email: string, locale = "en"): Promise<string> {
  const res = await postForm(
    server,
    "/signup",
    { displayName, email, password: E2E_PASSWORD },
    { headers: { "X-Forwarded-For": freshClientIp(), "Accept-Language": locale } },
  );
  expect(res.status, `sign-up of ${email}`).toBe(302);
  return cookieOf(res);
}

/** Posts an idea as the session's user; returns the post's path (/posts/<id>). */
export async function postIdeaOverHttp(server: RunningServer, cookie: string, title: string, body = ""): Promise<string> {
  const res = await postForm(server, "/posts/new", { title, body }, { cookie });
  expect(res.status, `new post ${title}`).toBe(302);
  const location = res.headers.get("location") ?? "";
  expect(location).toMatch(/^\/posts\/\d+$/);
  return location;
}
