// Shared by server and browser code: building and checking "come back here" paths.

const SAME_SITE = "http://closeloop.invalid";
// A second base with another scheme, host and port: a path that stays on both is
// relative to whatever site serves it.
const OTHER_SITE = "https://other.invalid:8443";

/** "/" and then anything but a second slash or a backslash (which a browser reads as one). */
const SINGLE_LEADING_SLASH = /^\/(?![/\\])/;
// eslint-disable-next-line no-control-regex -- control characters in a path are what this refuses
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The path, query and fragment `to` resolves to on the site, or undefined if it leaves it. */
function resolveOnSite(to: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(base).origin) return undefined;
  return url.pathname + url.search + url.hash;
}

/**
 * Only same-site paths: an open redirect would turn the login page into a phishing tool.
 * The path is resolved the way a browser resolves it (tabs and newlines dropped, a
 * backslash read as a slash, dot segments removed), so "/<tab>/evil.example" cannot
 * leave the site and a newline never reaches a Location header.
 *
 * Resolving removes dot segments, and "/..//evil.example" or "/./\evil.example" come out
 * as "//evil.example": on this site now, but a browser reads that Location as another
 * host. So the result is checked again, as a browser will read it: one leading slash,
 * no control character, and resolving it once more, against two unrelated bases, gives
 * back the same path on the same origin. Anything else gets the fallback.
 */
export function safeRedirectPath(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  const path = resolveOnSite(to, SAME_SITE);
  if (path === undefined || !SINGLE_LEADING_SLASH.test(path) || CONTROL_CHARACTER.test(path)) return fallback;
  if (resolveOnSite(path, SAME_SITE) !== path || resolveOnSite(path, OTHER_SITE) !== path) return fallback;
  return path;
}

export function loginUrl(returnTo: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ redirectTo: safeRedirectPath(returnTo), ...extra });
  return `/login?${params}`;
}
