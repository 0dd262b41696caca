import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/utils/redirects";
import { redirectCorpus, staysOn } from "../helpers/redirect-corpus";

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
    // Dot segments collapse into "//host" once resolved (the audit's examples).
    ["/./\\evil.example", "/"],
    ["/..//evil.example", "/"],
    ["/%2e%2e//evil", "/"],
    ["/a/..//evil.example", "/"],
    ["/%2e/\\evil.example", "/"],
    // Percent-encoded slashes are not slashes to a browser: these stay paths on the site.
    ["/..%2f%2fevil.example", "/..%2f%2fevil.example"],
    ["/posts/../b/feedback?x=1", "/b/feedback?x=1"],
  ])("%j → %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it("uses the fallback for anything that is not a string", () => {
    expect(safeRedirectPath(undefined, "/posts/1")).toBe("/posts/1");
    expect(safeRedirectPath(["/x"], "/")).toBe("/");
  });

  it("keeps every generated dot-segment, slash and encoding variant on the site", () => {
    const corpus = redirectCorpus();
    expect(corpus.length).toBeGreaterThan(50_000);
    const escapes: Array<[string, string]> = [];
    for (const input of corpus) {
      const output = safeRedirectPath(input);
      // (a) one leading slash, never "//" or "/\\" (a protocol-relative URL), and no
      // control character left for a header or a browser to reinterpret;
      // eslint-disable-next-line no-control-regex -- a control character in a redirect is the failure looked for
      const shapeOk = /^\/(?![/\\])/.test(output) && !/[\u0000-\u001f\u007f]/.test(output);
      // (b) followed by a browser from the board, it stays on the board.
      if (!shapeOk || !staysOn("https://board.example", output) || !staysOn("http://127.0.0.1:3000", output)) escapes.push([input, output]);
    }
    expect(escapes.slice(0, 20)).toEqual([]);
    expect(escapes).toHaveLength(0);
  });

  it("falls back to the given path when the input escapes", () => {
    expect(safeRedirectPath("/..//evil.example", "/posts/3")).toBe("/posts/3");
  });
});
