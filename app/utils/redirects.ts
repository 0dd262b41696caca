// Shared by server and browser code: building and checking "come back here" paths.

/** Only same-site paths: an open redirect would turn the login page into a phishing tool. */
export function safeRedirectPath(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

export function loginUrl(returnTo: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ redirectTo: safeRedirectPath(returnTo), ...extra });
  return `/login?${params}`;
}
