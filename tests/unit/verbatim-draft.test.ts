// "Make it an idea" starts from the reason: its first line as the title, cut to 80
// characters without splitting a letter, and the whole reason quoted as the body.
import { describe, expect, it } from "vitest";
import { ideaDraftFrom } from "~/schemas/verbatims";

describe("ideaDraftFrom", () => {
  it("takes the first line as the title and quotes every line", () => {
    expect(ideaDraftFrom("  Exports time out\n\nevery Monday  ")).toEqual({ title: "Exports time out", body: "> Exports time out\n>\n> every Monday" });
  });

  it("cuts a long first line to 80 characters with an ellipsis", () => {
    const draft = ideaDraftFrom(`${"word ".repeat(30)}\nsecond line`);
    expect(draft.title).toBe(`${"word ".repeat(15)}word…`);
    expect([...draft.title]).toHaveLength(80);
    expect(ideaDraftFrom("x".repeat(80)).title).toBe("x".repeat(80));
  });

  it("never splits a character made of two code units", () => {
    const draft = ideaDraftFrom("😀".repeat(100));
    expect([...draft.title]).toHaveLength(80);
    expect(draft.title).toBe(`${"😀".repeat(79)}…`);
  });

  it("keeps an Arabic reason as written", () => {
    expect(ideaDraftFrom("الفاتورة لا تصل")).toEqual({ title: "الفاتورة لا تصل", body: "> الفاتورة لا تصل" });
  });
});
