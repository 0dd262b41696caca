import { describe, expect, it } from "vitest";
import { stemToken } from "~/utils/stemmer";
import { highlight, searchText, searchTokens } from "~/utils/text-normalize";

/** The stems of what a person typed, as the index and the query see them. */
const stems = (text: string) => searchTokens(text).map(stemToken);

describe("Arabic light stemming", () => {
  it.each([
    ["الهاتف", "للهواتف"],
    ["هاتف", "وهواتفنا"],
    ["الفاتورة", "فواتير"],
    ["فاتوره", "الفواتير"],
    ["مستخدم", "المستخدمين"],
    ["مستخدم", "مستخدمون"],
    ["مشرف", "للمشرفين"],
    ["اشعار", "الإشعارات"],
    ["تحسين", "تحسينات"],
    ["تطبيق", "تطبيقنا"],
    ["كتاب", "وكتابهم"],
    ["تصدير", "وبالتصدير"],
    ["تقرير", "والتقرير"],
  ])("%s and %s share a stem", (a, b) => {
    expect(stems(a)).toEqual(stems(b));
  });

  it("never leaves fewer than three letters, and leaves short words whole", () => {
    for (const word of ["من", "في", "منها", "فيها", "وقت", "دين", "يمين", "عين"]) {
      expect(stemToken(searchTokens(word)[0]).length, word).toBeGreaterThanOrEqual(Math.min(3, searchTokens(word)[0].length));
    }
    expect(stemToken("وقت")).toBe("وقت");
    expect(stemToken("منها")).toBe("منها");
  });

  it("leaves single-letter ب, ف, ك, ل that begin a noun alone", () => {
    expect(stemToken("كتاب")).toBe("كتاب");
    expect(stemToken("بحث")).toBe("بحث");
    expect(stemToken("ليلي")).toBe("ليلي");
  });
});

describe("Persian light stemming", () => {
  it.each([
    ["کتاب", "کتاب‌ها"],
    ["گزارش", "گزارش‌های"],
    ["گزارش", "گزارشهای"],
    ["فاکتور", "فاکتورها"],
    ["مدیر", "مدیران"],
    ["کاربر", "کاربران"],
    ["ایمیل", "ایمیلی"],
  ])("%s and %s share a stem", (a, b) => {
    expect(stems(a)).toEqual(stems(b));
  });
});

describe("English plurals", () => {
  it.each([
    ["export", "exports"],
    ["category", "categories"],
    ["admin", "admins"],
  ])("%s and %s share a stem", (a, b) => {
    expect(stems(a)).toEqual(stems(b));
  });

  it("keeps words that only look plural", () => {
    for (const word of ["status", "process", "analysis", "news", "ios"]) expect(stemToken(word)).toBe(word);
  });
});

describe("the indexed text", () => {
  it("holds each folded word and, after it, its stem when that differs", () => {
    expect(searchText("للهواتف الذكية")).toBe("هواتف هاتف ذكيه ذكي");
    expect(searchText("dark mode")).toBe("dark mode");
  });

  it("highlights a word that matches by stem only", () => {
    const text = "دعم للهواتف القديمة";
    expect(
      highlight(text, "الهاتف")
        .filter((s) => s.match)
        .map((s) => s.text),
    ).toEqual(["للهواتف"]);
  });
});
