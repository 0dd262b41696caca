// Shared by server and browser code: building and checking "come back here" paths.

const SAME_SITE = "http://closeloop.invalid";

/**
 * Only same-site paths: an open redirect would turn the login page into a phishing tool.
 * The path is resolved the way a browser resolves it (tabs and newlines dropped, a
 * backslash read as a slash), so "/<tab>/evil.example" cannot leave the site and a
 * newline never reaches a Location header.
 */
export function safeRedirectPath(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(to, SAME_SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_SITE) return fallback;
  return url.pathname + url.search + url.hash;
}

export function loginUrl(returnTo: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ redirectTo: safeRedirectPath(returnTo), ...extra });
  return `/login?${params}`;
}
