// WEB_CONCURRENCY (ADR 018): what it accepts, what it refuses with a message, where it is capped;
// and the pause before a dead web worker is replaced.
import { describe, expect, it } from "vitest";
import { respawnDelayMs, StartupSettingError, webConcurrencyFrom } from "~/utils/cluster.server";

describe("WEB_CONCURRENCY", () => {
  it("is one process when unset or empty", () => {
    expect(webConcurrencyFrom(undefined, 2)).toEqual({ workers: 1 });
    expect(webConcurrencyFrom("", 2)).toEqual({ workers: 1 });
    expect(webConcurrencyFrom("  ", 2)).toEqual({ workers: 1 });
  });

  it("takes a whole number up to twice the CPUs", () => {
    expect(webConcurrencyFrom("1", 2)).toEqual({ workers: 1 });
    expect(webConcurrencyFrom(" 2 ", 2)).toEqual({ workers: 2 });
    expect(webConcurrencyFrom("4", 2)).toEqual({ workers: 4 });
  });

  it("brings a larger number down to twice the CPUs, and says so", () => {
    const capped = webConcurrencyFrom("64", 2);
    expect(capped.workers).toBe(4);
    expect(capped.capNote).toContain("WEB_CONCURRENCY=64");
    expect(capped.capNote).toContain("starting 4 web workers");
  });

  it.each(["0", "-1", "1.5", "two", "2x", "1e3", "9999999"])("refuses %j with a message that names the setting", (value) => {
    expect(() => webConcurrencyFrom(value, 2)).toThrow(StartupSettingError);
    expect(() => webConcurrencyFrom(value, 2)).toThrow(
      `WEB_CONCURRENCY must be a whole number of web processes, 1 or more (1 serves from one process); it is "${value}".`,
    );
  });
});

describe("replacing a dead web worker", () => {
  it("is at once after a worker that had been running a while, and waits longer after each quick exit, up to 30 s", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(respawnDelayMs)).toEqual([0, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
