// When SQLite cannot write (read-only or moved file, full disk, I/O error, file gone)
// the request is answered with a plain 503 and Retry-After instead of a 500: nothing was
// saved, and the same request works again once the storage is back. The process keeps
// running; SQLite rolled the failed transaction back.
import { directionOf, localeFromAcceptLanguage, type Locale } from "~/i18n";
import { translate } from "~/i18n/catalogues.server";
import { escapeHtml } from "~/utils/html-text.mjs";

const RETRY_AFTER_SECONDS = 30;
const FAILURE = Symbol.for("closeloop.storageFailure");

/** The SQLite result code of a storage failure, or null for any other error. */
export function storageErrorCode(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (code.startsWith("SQLITE_READONLY") || code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CANTOPEN"))
    ) {
      return code;
    }
  }
  return null;
}

/**
 * Remembers on the request's load context that storage failed, and logs it (without the
 * path's secret). False, and nothing done, for any other error.
 */
export function noteStorageFailure(error: unknown, request: Request, context: unknown): boolean {
  const code = storageErrorCode(error);
  if (!code) return false;
  if (context && typeof context === "object") (context as Record<symbol, string>)[FAILURE] = code;
  logStorageFailure(code, request.method, new URL(request.url).pathname, error);
  return true;
}

export function logStorageFailure(code: string, method: string, pathname: string, error: unknown): void {
  console.error(`storage unavailable (${code}) during ${method} ${loggablePath(pathname)}: ${error instanceof Error ? error.message : String(error)}`);
}

export function storageFailureOf(context: unknown): string | null {
  if (!context || typeof context !== "object") return null;
  return (context as Record<symbol, string | undefined>)[FAILURE] ?? null;
}

/** The 503 page in the visitor's language: self-contained, it needs no database (no session, no settings). */
export function storageUnavailablePage(acceptLanguage: string | null): { status: 503; headers: Record<string, string>; html: string } {
  const locale: Locale = localeFromAcceptLanguage(acceptLanguage) ?? "en";
  const message = escapeHtml(translate(locale, "error.storageUnavailable"));
  const heading = escapeHtml(translate(locale, "error.heading"));
  const html =
    `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${heading} (503)</title></head>` +
    `<body><main><h1>${heading} (503)</h1><p>${message}</p></main></body></html>`;
  return {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
      "Content-Language": locale,
    },
    html,
  };
}

export function storageUnavailableResponse(request: Request): Response {
  const page = storageUnavailablePage(request.headers.get("accept-language"));
  return new Response(request.method === "HEAD" ? null : page.html, { status: page.status, headers: page.headers });
}

// Paths that carry a secret (a sign-up or reset link, a signed CSAT or unsubscribe link) are
// logged without it: server logs are read by more people than the database. The router
// ignores case and percent-decodes each segment, so the prefixes are compared the same way;
// the rest of the path is logged as it came (encoded), so it cannot forge a log line.
const SECRET_AFTER: readonly (readonly string[])[] = [["signup", "confirm"], ["login", "reset"], ["csat"], ["unsubscribe"]];

function segmentWord(segment: string): string {
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/** The request path as it may appear in a log line. */
export function loggablePath(pathname: string): string {
  const segments = pathname.split("/");
  const words: string[] = [];
  for (let i = 0; i < segments.length && words.length <= 2; i++) {
    if (segments[i] === "") continue;
    if (SECRET_AFTER.some((prefix) => prefix.length === words.length && prefix.every((word, j) => word === words[j]))) {
      return [...segments.slice(0, i), "…", ...segments.slice(i + 1)].join("/");
    }
    words.push(segmentWord(segments[i]));
  }
  return pathname;
}
