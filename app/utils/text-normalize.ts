// Arabic- and Persian-aware folding for search. The same function folds text when it
// is indexed (through the SQL function closeloop_search_text) and when it is queried,
// so "إِدارة" typed with harakat finds "اداره" written without them. On top of the fold,
// light stemming (./stemmer, ADR 017) lets "الهاتف" find "للهواتف".
import { stemToken } from "./stemmer";

const HARAKAT_AND_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED]/g;
const TATWEEL = /\u0640/g;
// Invisible direction controls and the Persian zero-width non-joiner would split or
// hide words; users type the same word with and without them.
// U+0307 is the dot that lower-casing "İ" leaves behind.
const INVISIBLES = /[\u0307\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const LETTER_FOLDS: Record<string, string> = {
  "\u0623": "\u0627", // أ
  "\u0625": "\u0627", // إ
  "\u0622": "\u0627", // آ
  "\u0671": "\u0627", // ٱ
  "\u0649": "\u064A", // ى
  "\u06CC": "\u064A", // ی
  "\u06A9": "\u0643", // ک
  "\u0629": "\u0647", // ة: writers swap it with ه freely, Persian writes ه
  "\u06C0": "\u0647", // ۀ
};
const LETTERS_TO_FOLD = new RegExp(`[${Object.keys(LETTER_FOLDS).join("")}]`, "g");
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const PERSIAN_DIGITS = /[\u06F0-\u06F9]/g;
const WORD = /[\p{L}\p{N}]+/gu;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
// Light stemming: the definite article and its common proclitic forms.
const ARTICLE_PREFIXES = ["وال", "بال", "كال", "فال", "لل", "ال"];

/** Folds letters, strips marks and invisibles, and makes digits ASCII. */
export function normalizeText(input: string): string {
  const folded = input
    .normalize("NFKC")
    .toLowerCase()
    .replace(INVISIBLES, "")
    .replace(HARAKAT_AND_MARKS, "")
    .replace(TATWEEL, "")
    .replace(LETTERS_TO_FOLD, (ch) => LETTER_FOLDS[ch]);
  return asciiDigits(folded);
}

/** Arabic-Indic and Persian digits as ASCII, so "١٢" and "۱۲" are 12 wherever a number is typed. */
export function asciiDigits(input: string): string {
  return input.replace(ARABIC_INDIC_DIGITS, (d) => String(d.charCodeAt(0) - 0x0660)).replace(PERSIAN_DIGITS, (d) => String(d.charCodeAt(0) - 0x06f0));
}

function stripArticle(token: string): string {
  if (!ARABIC_SCRIPT.test(token)) return token;
  for (const prefix of ARTICLE_PREFIXES) {
    if (token.startsWith(prefix) && token.length - prefix.length >= 2) {
      return token.slice(prefix.length);
    }
  }
  return token;
}

/** The words of a text in their search form. */
export function searchTokens(input: string): string[] {
  return (normalizeText(input).match(WORD) ?? []).map(stripArticle);
}

/**
 * What the FTS index stores for a title or body: every folded word, and right after it
 * its stem when that differs, so a query matches by stem and a half-typed word still
 * matches the written form by prefix.
 */
export function searchText(input: string | null | undefined): string {
  if (!input) return "";
  const indexed: string[] = [];
  for (const token of searchTokens(input)) {
    indexed.push(token);
    const stem = stemToken(token);
    if (stem !== token) indexed.push(stem);
  }
  return indexed.join(" ");
}

const MAX_QUERY_TERMS = 12;
// A shorter last word matches only whole words: "a*" or "از*" would gather most of the index.
// Two letters, not three: a title typed into the merge or changelog picker ("calendar sy")
// must already find "Calendar sync"; one letter would merge the doclists of half the index.
const MIN_PREFIX_LENGTH = 2;

function quoted(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}

/**
 * Turns anything a user typed into a safe FTS5 MATCH expression: every term is quoted, so
 * quotes, *, NEAR, -, brackets and column filters are only ever text. Whole words match
 * by their stem; the last word, which may still be being typed, also matches as a prefix
 * of the written form once it has two letters (ADR 017: a prefix on every word made
 * FTS merge the doclists of every word it begins). Returns null when nothing searchable
 * is left.
 */
export function toFtsQuery(input: string, mode: "all" | "any" = "all"): string | null {
  const terms = [...new Set(searchTokens(input))].slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return null;
  const parts = terms.map((term, i) => {
    const stem = quoted(stemToken(term));
    if (i < terms.length - 1 || term.length < MIN_PREFIX_LENGTH) return stem;
    const prefix = `${quoted(term)}*`;
    return stem === quoted(term) ? prefix : `(${stem} OR ${prefix})`;
  });
  // An explicit AND: FTS5 takes implicit AND between phrases only, not before a bracket.
  return [...new Set(parts)].join(mode === "all" ? " AND " : " OR ");
}

export type HighlightSegment = { text: string; match: boolean };

// A run of characters that belongs to one written word, marks and tatweel included,
// so that highlighting never splits a letter from its harakat.
const WRITTEN_WORD = /[\p{L}\p{N}\p{M}\u0640\u200C]+/gu;

/** Splits the original text into segments, marking words that match a query term. */
export function highlight(text: string, query: string): HighlightSegment[] {
  const terms = [...new Set(searchTokens(query))];
  if (terms.length === 0 || !text) return [{ text, match: false }];
  const stems = terms.map(stemToken);
  const segments: HighlightSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(WRITTEN_WORD)) {
    const isMatch = searchTokens(m[0]).some((token) => terms.some((term, i) => token.startsWith(term) || stemToken(token) === stems[i]));
    if (!isMatch) continue;
    if (m.index! > last) segments.push({ text: text.slice(last, m.index), match: false });
    segments.push({ text: m[0], match: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false });
  return segments;
}
