import { expect, it } from "vitest";
import { loggablePath } from "~/utils/storage-errors.server";

it.each([
  ["/signup/confirm/AbC123-secret", "/signup/confirm/…"],
  ["/csat/csat.1.2.signature/yes", "/csat/…/yes"],
  ["/unsubscribe/unsubscribe-all.0.5.signature", "/unsubscribe/…"],
  ["/posts/7", "/posts/7"],
  ["/signup", "/signup"],
])("logs %s as %s", (path, logged) => {
  expect(loggablePath(path)).toBe(logged);
});
