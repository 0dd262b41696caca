// When SQLite cannot write (read-only or moved file, full disk, I/O error, file gone)
// the request is answered with a plain 503 and Retry-After instead of a 500: nothing was
// saved, and the same request works again once the storage is back. The process keeps
// running; SQLite rolled the failed transaction back.
import { directionOf, localeFromAcceptLanguage, translate, type Locale } from "~/i18n";
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

/** Called from handleError: remembers on the request's load context that storage failed. */
export function noteStorageFailure(error: unknown, context: unknown): boolean {
  const code = storageErrorCode(error);
  if (!code) return false;
  if (context && typeof context === "object") (context as Record<symbol, string>)[FAILURE] = code;
  return true;
}

export function storageFailureOf(context: unknown): string | null {
  if (!context || typeof context !== "object") return null;
  return (context as Record<symbol, string | undefined>)[FAILURE] ?? null;
}

/** A small self-contained page: it must not need the database (no session, no settings). */
export function storageUnavailableResponse(request: Request): Response {
  const locale: Locale = localeFromAcceptLanguage(request.headers.get("accept-language")) ?? "en";
  const message = escapeHtml(translate(locale, "error.storageUnavailable"));
  const heading = escapeHtml(translate(locale, "error.heading"));
  const body =
    `<!doctype html><html lang="${locale}" dir="${directionOf(locale)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${heading} (503)</title></head>` +
    `<body><main><h1>${heading} (503)</h1><p>${message}</p></main></body></html>`;
  return new Response(request.method === "HEAD" ? null : body, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Retry-After": String(RETRY_AFTER_SECONDS),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Language": locale,
    },
  });
}

// Paths that carry a secret (a sign-up or reset link, a signed CSAT or unsubscribe link) are
// logged without it: server logs are read by more people than the database.
const PATHS_WITH_SECRETS = /^\/(signup\/confirm|login\/reset|csat|unsubscribe)\/[^/]+/;

/** The request path as it may appear in a log line. */
export function loggablePath(pathname: string): string {
  return pathname.replace(PATHS_WITH_SECRETS, "/$1/…");
}
