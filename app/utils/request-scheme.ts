// Whether a request reached us over https, shared by the HTTP server's same-origin check
// and the Secure flag on session cookies. Behind a TLS-terminating proxy the connection is
// http and the proxy's X-Forwarded-Proto says https; a browser cannot set that header on a
// cross-site request, so trusting it cannot help a forged request pass the check.

/** `protocol`: the scheme of the connection or URL, with or without ":" ("https", "http:"). */
export function isHttpsRequest(protocol: string, forwardedProto: string | null | undefined): boolean {
  return protocol.replace(/:$/, "") === "https" || forwardedProto?.split(",")[0].trim() === "https";
}
