import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/utils/redirects";

describe("safeRedirectPath", () => {
  it.each([
    ["/posts/7?sort=new#comments", "/posts/7?sort=new#comments"],
    ["/b/feedback", "/b/feedback"],
    // Browsers drop tabs and newlines and read "\" as "/": each of these would leave the site.
    ["/\t/evil.example/phish", "/"],
    ["/\r\n/evil.example", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["/\\/evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["", "/"],
    // A newline inside a path is dropped, so it never reaches the Location header.
    ["/a\nb", "/ab"],
  ])("%j → %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it("uses the fallback for anything that is not a string", () => {
    expect(safeRedirectPath(undefined, "/posts/1")).toBe("/posts/1");
    expect(safeRedirectPath(["/x"], "/")).toBe("/");
  });
});
