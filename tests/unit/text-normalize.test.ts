import { describe, expect, it } from "vitest";
import { highlight, normalizeText, searchText, searchTokens, toFtsQuery } from "~/utils/text-normalize";

const ZWNJ = "\u200C";

describe("normalizeText", () => {
  it("strips harakat", () => {
    expect(normalizeText("مُحَمَّد")).toBe("محمد");
    expect(normalizeText("كِتَابٌ")).toBe("كتاب");
    expect(normalizeText("إِدَارَة")).toBe("اداره");
  });

  it("strips the superscript alef and Quranic marks", () => {
    expect(normalizeText("هٰذا")).toBe("هذا");
  });

  it("strips tatweel", () => {
    expect(normalizeText("مـــرحبا")).toBe("مرحبا");
    expect(normalizeText("مـــرحبا")).toBe(normalizeText("مرحبا"));
  });

  it.each([
    ["أحمد", "احمد"],
    ["إسلام", "اسلام"],
    ["آمن", "امن"],
    ["ٱلله", "الله"],
  ])("maps alef forms to bare alef: %s", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("maps alef maqsura and Persian yeh to Arabic yeh", () => {
    expect(normalizeText("مستشفى")).toBe("مستشفي");
    expect(normalizeText("ایران")).toBe("ايران");
    expect(normalizeText("\u0649")).toBe("\u064A");
    expect(normalizeText("\u06CC")).toBe("\u064A");
  });

  it("maps Persian kaf to Arabic kaf", () => {
    expect(normalizeText("کتاب")).toBe("كتاب");
  });

  it("maps teh marbuta to heh", () => {
    expect(normalizeText("مدرسة")).toBe("مدرسه");
    expect(normalizeText("مدرسة")).toBe(normalizeText("مدرسه"));
  });

  it("makes Persian and Arabic-Indic digits ASCII", () => {
    expect(normalizeText("۱۲۳")).toBe("123");
    expect(normalizeText("١٢٣")).toBe("123");
    expect(normalizeText("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(normalizeText("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
  });

  it("drops ZWNJ and bidi controls", () => {
    expect(normalizeText(`می${ZWNJ}خواهم`)).toBe("ميخواهم");
    expect(normalizeText("\u202Babc\u202C")).toBe("abc");
    expect(normalizeText("\u200Fسلام\u200E")).toBe("سلام");
    expect(normalizeText("\u2067x\u2069\u2066y\u2069\u2068")).toBe("xy");
    expect(normalizeText("\u202Egnp.exe")).toBe("gnp.exe");
    expect(normalizeText("\uFEFFbom")).toBe("bom");
  });

  it("lower-cases Latin text and leaves it otherwise alone", () => {
    expect(normalizeText("Dark MODE please")).toBe("dark mode please");
  });

  it("is idempotent", () => {
    const samples = ["مُحَمَّد", "کتاب‌ها", "۱۲۳ أحمد", "Hello World", "مـــرحبا بالعالم"];
    for (const s of samples) expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
  });
});

describe("searchTokens", () => {
  it("strips the Arabic definite article", () => {
    expect(searchTokens("الكتاب")).toEqual(["كتاب"]);
  });

  it.each([
    ["والكتاب", "كتاب"],
    ["بالكتاب", "كتاب"],
    ["كالكتاب", "كتاب"],
    ["فالكتاب", "كتاب"],
    ["للكتاب", "كتاب"],
  ])("strips the article with its proclitic: %s", (input, expected) => {
    expect(searchTokens(input)).toEqual([expected]);
  });

  it("keeps 'ال' alone and words too short to lose it", () => {
    expect(searchTokens("ال")).toEqual(["ال"]);
    expect(searchTokens("الف")).toEqual(["الف"]);
    expect(searchTokens("وال")).toEqual(["وال"]);
  });

  it("leaves Latin words alone (apart from case)", () => {
    expect(searchTokens("Allow all alerts")).toEqual(["allow", "all", "alerts"]);
    expect(searchTokens("alcohol")).toEqual(["alcohol"]);
  });

  it("folds Persian کتاب‌ها and Arabic كتابها the same", () => {
    expect(searchTokens("کتاب‌ها")).toEqual(searchTokens("كتابها"));
    expect(searchTokens("کتاب‌ها")).toEqual(["كتابها"]);
  });

  it("folds harakat, alef forms and the article together", () => {
    expect(searchTokens("الإِدَارَة")).toEqual(searchTokens("اداره"));
  });

  it("splits on punctuation and whitespace and keeps digits", () => {
    expect(searchTokens("dark-mode, v2 (١٢٣)")).toEqual(["dark", "mode", "v2", "123"]);
  });

  it("returns no tokens for punctuation only", () => {
    expect(searchTokens(`"*-()`)).toEqual([]);
    expect(searchTokens("")).toEqual([]);
  });

  it("searchText joins the tokens and accepts nullish input", () => {
    expect(searchText("والكتاب الجديد")).toBe("كتاب جديد");
    expect(searchText(null)).toBe("");
    expect(searchText(undefined)).toBe("");
  });
});

const QUOTED = String.raw`"(?:[^"]|"")+"`;
// A whole word ("stem"), the last word as a prefix ("word"*), or both: ("stem" OR "word"*).
const PART = new RegExp(String.raw`^(?:${QUOTED}\*?|\(${QUOTED} OR ${QUOTED}\*\))$`);

/** A string made only of quoted terms joined by the mode's separator; the written words, in order. */
function termsOf(query: string, separator: " AND " | " OR "): string[] {
  const parts = query.split(new RegExp(`${separator}(?![^(]*\\))`));
  for (const part of parts) expect(part).toMatch(PART);
  return parts.map((p) => [...p.matchAll(/"((?:[^"]|"")+)"/g)].at(-1)![1].replaceAll('""', '"'));
}

describe("toFtsQuery", () => {
  it("quotes every word, and the last one also as a prefix", () => {
    expect(toFtsQuery("dark mode")).toBe('"dark" AND "mode"*');
    expect(toFtsQuery("calend")).toBe('"calend"*');
  });

  it("matches whole words by their stem and the word being typed by its stem or as a prefix", () => {
    expect(toFtsQuery("exports csv")).toBe('"export" AND "csv"*');
    expect(toFtsQuery("csv exports")).toBe('"csv" AND ("export" OR "exports"*)');
    expect(toFtsQuery("للهواتف")).toBe('("هاتف" OR "هواتف"*)');
  });

  it("takes a one-letter last word as a whole word only, and two letters as a prefix", () => {
    expect(toFtsQuery("a")).toBe('"a"');
    expect(toFtsQuery("calendar sy")).toBe('"calendar" AND "sy"*');
    expect(toFtsQuery("خروجی از")).toBe('"خروج" AND "از"*');
  });

  it("folds Arabic terms like the index does", () => {
    expect(toFtsQuery("الكِتَاب")).toBe('"كتاب"*');
  });

  it.each([`"*-()`, "", "   ", "***", "()", "-", '""', "!@#$%^&"])("returns null when nothing searchable is left: %j", (input) => {
    expect(toFtsQuery(input)).toBeNull();
    expect(toFtsQuery(input, "any")).toBeNull();
  });

  it.each([
    ["NEAR(dark mode)", ["near", "dark", "mode"]],
    ["dark NEAR mode", ["dark", "near", "mode"]],
    ["-foo", ["foo"]],
    ["dark -mode", ["dark", "mode"]],
    ["title:x", ["title", "x"]],
    ["{title body}: x", ["title", "body", "x"]],
    ['"unbalanced quote', ["unbalanced", "quote"]],
    ['dark" mode', ["dark", "mode"]],
    ["(unbalanced bracket", ["unbalanced", "bracket"]],
    ["dark) OR (mode", ["dark", "or", "mode"]],
    ["a AND b NOT c", ["a", "and", "b", "not", "c"]],
    ["dark* ^mode", ["dark", "mode"]],
    ["+dark +mode", ["dark", "mode"]],
    ["NEAR(x) OR exports", ["near", "x", "or", "exports"]],
  ])("turns FTS syntax into quoted terms only: %s", (input, expected) => {
    const query = toFtsQuery(input)!;
    expect(query).not.toBeNull();
    expect(termsOf(query, " AND ")).toEqual(expected);
  });

  it("removes duplicate terms", () => {
    expect(toFtsQuery("dark Dark DARK")).toBe('"dark"*');
  });

  it("caps the query at 12 terms", () => {
    const words = Array.from({ length: 20 }, (_, i) => `word${String.fromCharCode(97 + i)}`);
    const query = toFtsQuery(words.join(" "))!;
    expect(termsOf(query, " AND ")).toEqual(words.slice(0, 12));
  });

  it("uses OR in any mode", () => {
    expect(toFtsQuery("dark mode", "any")).toBe('"dark" OR "mode"*');
    expect(toFtsQuery("single", "any")).toBe('"single"*');
    const words = Array.from({ length: 15 }, (_, i) => `w${i}`);
    expect(termsOf(toFtsQuery(words.join(" "), "any")!, " OR ")).toEqual(words.slice(0, 12));
  });

  it("uses an explicit AND in all mode (FTS5 takes no implicit AND before a bracket)", () => {
    expect(toFtsQuery("a b c", "all")).toBe('"a" AND "b" AND "c"');
  });
});

function joined(segments: { text: string }[]) {
  return segments.map((s) => s.text).join("");
}

function matches(segments: { text: string; match: boolean }[]) {
  return segments.filter((s) => s.match).map((s) => s.text);
}

describe("highlight", () => {
  it("marks the original word, harakat included", () => {
    const text = "قال مُحَمَّد شيئاً";
    const segments = highlight(text, "محمد");
    expect(matches(segments)).toEqual(["مُحَمَّد"]);
    expect(joined(segments)).toBe(text);
    expect(segments).toEqual([
      { text: "قال ", match: false },
      { text: "مُحَمَّد", match: true },
      { text: " شيئاً", match: false },
    ]);
  });

  it("matches a query typed with harakat against plain text", () => {
    const text = "نظام الإدارة الجديد";
    const segments = highlight(text, "إِدَارَة");
    expect(matches(segments)).toEqual(["الإدارة"]);
    expect(joined(segments)).toBe(text);
  });

  it("matches across Persian and Arabic letter forms and ZWNJ", () => {
    const text = "این کتاب‌ها خوب است";
    const segments = highlight(text, "كتابها");
    expect(matches(segments)).toEqual(["کتاب‌ها"]);
    expect(joined(segments)).toBe(text);
  });

  it("keeps tatweel inside the marked word", () => {
    const text = "أهلاً مـــرحبا";
    const segments = highlight(text, "مرحبا");
    expect(matches(segments)).toEqual(["مـــرحبا"]);
    expect(joined(segments)).toBe(text);
  });

  it("matches by prefix and ignores case in Latin text", () => {
    const text = "Dark mode, darker themes and DARKNESS.";
    const segments = highlight(text, "dark");
    expect(matches(segments)).toEqual(["Dark", "darker", "DARKNESS"]);
    expect(joined(segments)).toBe(text);
  });

  it("matches several query terms", () => {
    const text = "Add dark mode to the mobile app";
    expect(matches(highlight(text, "mode mobile"))).toEqual(["mode", "mobile"]);
  });

  it("returns the whole text unmarked when nothing matches", () => {
    const text = "nothing to see";
    expect(highlight(text, "absent")).toEqual([{ text, match: false }]);
  });

  it("returns the whole text unmarked for an empty or symbol-only query", () => {
    expect(highlight("some text", "")).toEqual([{ text: "some text", match: false }]);
    expect(highlight("some text", `"*-()`)).toEqual([{ text: "some text", match: false }]);
  });

  it("handles empty text", () => {
    expect(joined(highlight("", "dark"))).toBe("");
  });

  it.each([
    ["مُحَمَّد رسول الله", "محمد"],
    ["\u202Bمرحبا\u202C بالعالم!", "عالم"],
    ["Emoji 🎉 party! کتاب‌ها، والکتاب؟", "كتاب"],
    ["۱۲۳ apples and ١٢٣ oranges", "123"],
    ["  leading and trailing spaces  ", "spaces"],
    ["الكتاب\nالكتاب\tالكتاب", "الكتاب"],
    ["a\u0301 combining and café", "cafe"],
  ])("concatenated segments give back the original text: %j", (text, query) => {
    const segments = highlight(text, query);
    expect(joined(segments)).toBe(text);
    // No empty segments and no two unmarked segments side by side.
    for (const s of segments) expect(s.text.length).toBeGreaterThan(0);
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i].match || segments[i - 1].match).toBe(true);
    }
  });

  it("marks every repetition of a matching word", () => {
    const text = "الكتاب\nوالكتاب\tكتاب";
    expect(matches(highlight(text, "الكتاب"))).toEqual(["الكتاب", "والكتاب", "كتاب"]);
  });

  it("marks digits written in any script", () => {
    expect(matches(highlight("۱۲۳ apples and ١٢٣ oranges and 123", "123"))).toEqual(["۱۲۳", "١٢٣", "123"]);
  });
});
