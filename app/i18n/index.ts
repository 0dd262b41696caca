// Locale helpers shared by server and browser. Catalogues are plain objects; a plural
// entry holds the CLDR categories that Intl.PluralRules picks between, which is what
// Arabic's six forms need. The catalogues themselves stay on the server
// (catalogues.server.ts): the browser gets only the active one, as a script (loaded.ts).
import type { Catalogue, MessageKey } from "./en";

export { LOCALES } from "~/db/enums";
import { LOCALES } from "~/db/enums";
export type Locale = (typeof LOCALES)[number];
export type { Catalogue, MessageKey };

export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  ar: "العربية",
  fa: "فارسی",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function directionOf(locale: Locale): "ltr" | "rtl" {
  return locale === "en" ? "ltr" : "rtl";
}

export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type MessageVars = Record<string, string | number>;

// Numbering systems are explicit so that the server's ICU and the browser's agree
// (they differ on the default for "ar"), and so Arabic and Persian digits are used.
const INTL_LOCALE: Record<Locale, string> = { en: "en", ar: "ar-u-nu-arab", fa: "fa-u-nu-arabext" };

const pluralRules = new Map<Locale, Intl.PluralRules>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

function pluralRule(locale: Locale) {
  let rule = pluralRules.get(locale);
  if (!rule) pluralRules.set(locale, (rule = new Intl.PluralRules(locale)));
  return rule;
}

export function formatNumber(locale: Locale, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(INTL_LOCALE[locale])));
  return format.format(value);
}

// Built once per locale: a new Intl.DateTimeFormat per call cost 30 % of a post page's
// CPU and, living outside the V8 heap, grew the server to gigabytes (tests/bench/README.md).
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

export function formatDate(locale: Locale, epochMs: number): string {
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, (format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium" })));
  return format.format(new Date(epochMs));
}

const relativeFormats = new Map<Locale, Intl.RelativeTimeFormat>();
const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["week", 7 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/**
 * "3 days ago", "yesterday", "now", in the locale's words and digits: the largest unit
 * the gap fills at least once. `now` is passed in (the server's clock, sent with the
 * page) so the server's HTML and the browser's render agree.
 */
export function formatRelative(locale: Locale, epochMs: number, now: number): string {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: "auto" })));
  const diff = epochMs - now;
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, "second");
}

function interpolate(locale: Locale, template: string, vars?: MessageVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(locale, value) : value;
  });
}

/** A message from `catalogue` (the key itself if it lacks one), with its plural form and values. */
export function translateFrom(catalogue: Partial<Catalogue>, locale: Locale, key: MessageKey, vars?: MessageVars): string {
  const entry = catalogue[key];
  if (entry === undefined) return key;
  if (typeof entry === "string") return interpolate(locale, entry, vars);
  const count = Number(vars?.count ?? 0);
  // An explicit "zero" wins for 0 even in locales whose rules never select it.
  const category = count === 0 && entry.zero ? "zero" : pluralRule(locale).select(count);
  return interpolate(locale, entry[category] ?? entry.other, vars);
}

export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export function translatorFor(locale: Locale, catalogue: Partial<Catalogue>): Translate {
  return (key, vars) => translateFrom(catalogue, locale, key, vars);
}

/** Picks the best supported locale from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLocale(base)) return base;
  }
  return null;
}

// The insights page's numbers (issue 13). Each format is built once per locale, as above.
const percentFormats = new Map<Locale, Intl.NumberFormat>();
const signedFormats = new Map<Locale, Intl.NumberFormat>();
const dayMonthFormats = new Map<Locale, Intl.DateTimeFormat>();
const durationFormats = new Map<string, Intl.NumberFormat>();

/** 82.4 → "82%" ("٨٢٪" in Arabic): a percentage given in points from 0 to 100. */
export function formatPercent(locale: Locale, points: number): string {
  let format = percentFormats.get(locale);
  if (!format) percentFormats.set(locale, (format = new Intl.NumberFormat(INTL_LOCALE[locale], { style: "percent", maximumFractionDigits: 0 })));
  return format.format(points / 100);
}

/** A change or a score that may be negative, always with its sign: "+8", "−3", "0". */
export function formatSigned(locale: Locale, value: number): string {
  let format = signedFormats.get(locale);
  if (!format) signedFormats.set(locale, (format = new Intl.NumberFormat(INTL_LOCALE[locale], { signDisplay: "exceptZero", maximumFractionDigits: 1 })));
  return format.format(value);
}

/** A week's first day on a chart's axis: "3 Nov". The weeks are UTC Mondays, so the day is read in UTC. */
export function formatDayMonth(locale: Locale, epochMs: number): string {
  let format = dayMonthFormats.get(locale);
  if (!format) dayMonthFormats.set(locale, (format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: "numeric", month: "short", timeZone: "UTC" })));
  return format.format(new Date(epochMs));
}

/**
 * A time to resolution or to first response: hours up to two days ("5 hr"), days after
 * ("3.2 days"). `signed` for a change: "+5 hr", "−1.5 days". `unit` fixes one unit for a
 * whole chart axis.
 */
export function formatHours(locale: Locale, hours: number, signed = false, unit: "hour" | "day" = Math.abs(hours) < 48 ? "hour" : "day"): string {
  const key = `${locale}:${unit}:${signed}`;
  let format = durationFormats.get(key);
  if (!format) {
    const signDisplay = signed ? "exceptZero" : "auto";
    format = new Intl.NumberFormat(INTL_LOCALE[locale], { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1, signDisplay });
    durationFormats.set(key, format);
  }
  return format.format(unit === "hour" ? hours : hours / 24);
}
