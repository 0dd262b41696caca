import { expect, it } from "vitest";
import { isoWeekKey, zonedMidnight, zonedParts, zonedWeek, isTimeZone, keptZoneFormatters, MAX_ZONE_FORMATTERS } from "~/utils/zoned-time";
it("reads wall-clock time, local midnights across DST and ISO weeks in named zones", () => {
  expect(isoWeekKey(2026, 12, 3)).toBe("2026-W49");
  expect(isoWeekKey(2021, 1, 3)).toBe("2020-W53");
  expect(isoWeekKey(2024, 12, 30)).toBe("2025-W01");
  expect(new Date(zonedMidnight(2026, 12, 7, "Asia/Tehran")).toISOString()).toBe("2026-12-06T20:30:00.000Z");
  expect(new Date(zonedMidnight(2026, 3, 29, "Europe/Berlin")).toISOString()).toBe("2026-03-28T23:00:00.000Z");
  expect(new Date(zonedMidnight(2026, 3, 30, "Europe/Berlin")).toISOString()).toBe("2026-03-29T22:00:00.000Z");
  expect(zonedParts(Date.parse("2026-12-07T05:00:00Z"), "Asia/Riyadh")).toMatchObject({ weekday: 1, hour: 8 });
  const w = zonedWeek(Date.parse("2026-12-03T10:00:00Z"), "UTC");
  expect(w.key).toBe("2026-W49");
  expect(new Date(w.start).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  expect(isTimeZone("Mars/Olympus")).toBe(false);
  expect(isTimeZone("Asia/Tehran")).toBe(true);
});

it("keeps at most MAX_ZONE_FORMATTERS zones' formatters, however many names are asked about", () => {
  // Every letter-case spelling of a zone is a valid name to Intl, and an admin's form asks about what was typed.
  const spellings = Array.from({ length: 200 }, (_, i) => "Asia/Riyadh".replace(/[a-z]/g, (c, at: number) => ((i >> (at % 8)) & 1 ? c.toUpperCase() : c)));
  const zones = [...new Set(spellings), ...Intl.supportedValuesOf("timeZone").slice(0, 150)];
  expect(zones.length).toBeGreaterThan(MAX_ZONE_FORMATTERS * 2);
  for (const zone of zones) expect(isTimeZone(zone)).toBe(true);
  expect(keptZoneFormatters()).toBe(MAX_ZONE_FORMATTERS);
  // A dropped zone still works: its formatter is made again.
  expect(zonedParts(Date.parse("2026-12-07T05:00:00Z"), "Asia/Riyadh")).toMatchObject({ weekday: 1, hour: 8 });
});
