import { expect, it } from "vitest";
import { isoWeekKey, zonedMidnight, zonedParts, zonedWeek, isTimeZone } from "~/utils/zoned-time";
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
