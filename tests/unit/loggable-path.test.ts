import { expect, it } from "vitest";
import { loggablePath } from "~/utils/storage-errors.server";

it.each([
  ["/signup/confirm/AbC123-secret", "/signup/confirm/…"],
  ["/login/reset/AbC123-secret", "/login/reset/…"],
  ["/csat/csat.1.2.signature/yes", "/csat/…/yes"],
  ["/unsubscribe/unsubscribe-all.0.5.signature", "/unsubscribe/…"],
  // The router ignores case and decodes each segment: so does the scrubbing.
  ["/Login/RESET/AbC123-secret", "/Login/RESET/…"],
  ["/login/res%65t/AbC123-secret", "/login/res%65t/…"],
  ["//unsubscribe/AbC123-secret/", "//unsubscribe/…/"],
  ["/posts/7", "/posts/7"],
  ["/signup", "/signup"],
  ["/unsubscribe", "/unsubscribe"],
  ["/login/forgot", "/login/forgot"],
  ["/posts/7/comments/AbC123", "/posts/7/comments/AbC123"],
])("logs %s as %s", (path, logged) => {
  expect(loggablePath(path)).toBe(logged);
});
