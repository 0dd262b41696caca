import { describe, expect, it } from "vitest";
import { ar } from "~/i18n/ar";
import { en } from "~/i18n/en";
import { fa } from "~/i18n/fa";
import { directionOf, localeFromAcceptLanguage, translateFrom, type MessageKey, type PluralMessage } from "~/i18n";
import { catalogueFor, missingKeys, translate } from "~/i18n/catalogues.server";

type Entry = string | PluralMessage;

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

const translated = { ar, fa } as Record<"ar" | "fa", Record<string, Entry | undefined>>;
const enEntries = Object.entries(en) as [MessageKey, Entry][];

describe("catalogue completeness", () => {
  it.each(["ar", "fa"] as const)("%s has every key of en", (locale) => {
    expect(missingKeys(locale)).toEqual([]);
  });

  it.each(["ar", "fa"] as const)("%s has no keys that en lacks", (locale) => {
    const extra = Object.keys(translated[locale]).filter((k) => !(k in en));
    expect(extra).toEqual([]);
  });

  it.each(["ar", "fa"] as const)("%s keeps the placeholders of en", (locale) => {
    const problems: string[] = [];
    for (const [key, source] of enEntries) {
      const target = translated[locale][key];
      if (target === undefined) continue; // reported by missingKeys
      if (typeof source === "string") {
        if (typeof target !== "string") {
          problems.push(`${key}: en is a string, ${locale} is a plural`);
          continue;
        }
        const want = placeholders(source);
        const got = placeholders(target);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          problems.push(`${key}: expected {${want.join("},{")}} got {${got.join("},{")}}`);
        }
      } else {
        if (typeof target === "string") {
          problems.push(`${key}: en is a plural, ${locale} is a string`);
          continue;
        }
        if (typeof target.other !== "string") problems.push(`${key}: missing "other"`);
        const allowed = new Set(placeholders(source.other));
        for (const [category, text] of Object.entries(target)) {
          for (const name of placeholders(text ?? "")) {
            if (!allowed.has(name)) problems.push(`${key}.${category}: unexpected {${name}}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("ar plural entries use all six CLDR categories", () => {
    for (const [key, source] of enEntries) {
      if (typeof source === "string") continue;
      const target = ar[key] as PluralMessage;
      expect(Object.keys(target).sort(), key).toEqual(["few", "many", "one", "other", "two", "zero"]);
    }
  });

  it("fa plural entries have one and other, and zero where en has it", () => {
    for (const [key, source] of enEntries) {
      if (typeof source === "string") continue;
      const target = fa[key] as PluralMessage;
      expect(target.one, key).toBeTypeOf("string");
      expect(target.other, key).toBeTypeOf("string");
      if (source.zero) expect(target.zero, key).toBeTypeOf("string");
    }
  });

  it("fa uses Persian letters, not Arabic yeh/kaf", () => {
    const texts = Object.values(fa).flatMap((e) => (typeof e === "string" ? [e] : Object.values(e ?? {})));
    const arabicLetters = texts.filter((t) => /[\u064A\u0643\u0649]/.test(t ?? ""));
    expect(arabicLetters).toEqual([]);
  });
});

describe("translate", () => {
  it("gives six different Arabic forms for count.votes", () => {
    const forms = [0, 1, 2, 3, 11, 100].map((count) => translate("ar", "count.votes", { count }));
    expect(new Set(forms).size).toBe(6);
    expect(forms[0]).toBe("لا أصوات");
    expect(forms[1]).toBe("صوت واحد");
    expect(forms[2]).toBe("صوتان");
    expect(forms[3]).toContain("٣");
    expect(forms[4]).toContain("١١");
    expect(forms[5]).toContain("١٠٠");
    expect(forms[3]).toBe("٣ أصوات");
    expect(forms[4]).toBe("١١ صوتًا");
    expect(forms[5]).toBe("١٠٠ صوت");
  });

  it("uses Persian digits for fa", () => {
    expect(translate("fa", "count.votes", { count: 3 })).toBe("۳ رأی");
    expect(translate("fa", "count.comments", { count: 1250 })).toContain("۱٬۲۵۰");
    expect(translate("fa", "count.votes", { count: 3 })).not.toMatch(/[0-9]/);
  });

  it("uses the explicit zero form for comments.heading", () => {
    expect(translate("fa", "comments.heading", { count: 0 })).not.toMatch(/[0-9۰-۹]/);
    expect(translate("ar", "comments.heading", { count: 0 })).not.toMatch(/[0-9٠-٩]/);
    expect(translate("fa", "comments.heading", { count: 1 })).toBe("۱ دیدگاه");
  });

  it("interpolates named placeholders", () => {
    expect(translate("ar", "vote.label", { title: "الوضع الليلي" })).toBe("صوِّت لفكرة «الوضع الليلي»");
    expect(translate("fa", "list.resultsFor", { q: "خروجی" })).toBe("نتایج برای «خروجی»");
    expect(translate("ar", "post.mergedInto", { id: 12 })).toContain("#١٢");
  });

  it("uses the product's status vocabulary", () => {
    expect(translate("ar", "status.shipped")).toBe("تم الإطلاق");
    expect(translate("fa", "status.planned")).toBe("برنامه‌ریزی‌شده");
  });
});

describe("the catalogue the browser gets", () => {
  it("is one locale's messages over English: every key, the locale's own where it has one", () => {
    const arabic = catalogueFor("ar");
    expect(Object.keys(arabic).sort()).toEqual(Object.keys(en).sort());
    expect(arabic["status.shipped"]).toBe(ar["status.shipped"]);
    expect(catalogueFor("en")).toEqual(en);
  });

  it("translates in the browser as on the server", () => {
    expect(translateFrom(catalogueFor("ar"), "ar", "count.votes", { count: 11 })).toBe(translate("ar", "count.votes", { count: 11 }));
    // A key missing from the catalogue shows as itself rather than as nothing.
    expect(translateFrom({}, "en", "nav.ideas")).toBe("nav.ideas");
  });
});

describe("locale helpers", () => {
  it("is rtl for ar and fa, ltr for en", () => {
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("fa")).toBe("rtl");
    expect(directionOf("en")).toBe("ltr");
  });

  it("picks a locale from Accept-Language", () => {
    expect(localeFromAcceptLanguage("fa-IR,fa;q=0.9,en;q=0.8")).toBe("fa");
    expect(localeFromAcceptLanguage("de-DE, ar;q=0.5")).toBe("ar");
    expect(localeFromAcceptLanguage("de")).toBeNull();
    expect(localeFromAcceptLanguage(null)).toBeNull();
  });
});
