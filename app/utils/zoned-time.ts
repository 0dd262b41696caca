// Wall-clock time in a named IANA time zone (the site's), through Intl alone: the parts of
// an instant as a clock there reads them, the instant a local day starts, and ISO weeks.
const DAY_MS = 86_400_000;

export type ZonedParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; /** 1 Monday … 7 Sunday */ weekday: number };

// Keyed by the names isTimeZone is asked about (an admin's form input, in any letter case),
// not only the site's zone: capped, the oldest dropped. (A Map, not lru-cache: the admin
// forms' schema brings this file into the browser too.)
export const MAX_ZONE_FORMATTERS = 64;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    if (formatters.size >= MAX_ZONE_FORMATTERS) formatters.delete(formatters.keys().next().value!);
    formatters.set(timeZone, format);
  }
  return format;
}

/** How many zones' formatters are kept (for the test of the cap). */
export function keptZoneFormatters(): number {
  return formatters.size;
}

/** Whether Intl knows this zone name ("Asia/Riyadh", "UTC"); a bad name throws a RangeError there. */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The date and time a clock in `timeZone` shows at `at`. */
export function zonedParts(at: number, timeZone: string): ZonedParts {
  const read = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .filter((p) => p.type !== "literal")
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<"year" | "month" | "day" | "hour" | "minute" | "second", number>;
  const weekday = ((new Date(Date.UTC(read.year, read.month - 1, read.day)).getUTCDay() + 6) % 7) + 1;
  return { ...read, weekday };
}

/** How far the zone's clock is ahead of UTC at `at`, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at / 1000) * 1000;
}

/** The instant the local day year-month-day starts in `timeZone` (days out of range roll over, as in Date.UTC). */
export function zonedMidnight(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  // Twice: the offset at the first guess may differ from the offset at midnight itself (a DST change that day).
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/** The ISO 8601 week of a calendar date: "2026-W49" (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(year: number, month: number, day: number): string {
  const date = Date.UTC(year, month - 1, day);
  const weekday = ((new Date(date).getUTCDay() + 6) % 7) + 1;
  const thursday = new Date(date + (4 - weekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS / 7) + 1;
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

/** The local Monday that starts the week holding `at` in `timeZone`, and that week's key. */
export function zonedWeek(at: number, timeZone: string): { year: number; month: number; day: number; start: number; key: string } {
  const p = zonedParts(at, timeZone);
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - (p.weekday - 1)));
  const [year, month, day] = [monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate()];
  return { year, month, day, start: zonedMidnight(year, month, day, timeZone), key: isoWeekKey(year, month, day) };
}
