// Rate limits count in fixed windows (a minute, 15 minutes, an hour). A test that makes
// N allowed attempts and expects the next one refused fails if the real clock crosses a
// window's edge in between, which a slow machine makes likely enough to matter.
import { afterEach, beforeEach, vi } from "vitest";

/**
 * For the tests of the calling describe (or file): Date stands still 30 minutes and 30
 * seconds into the current hour, the middle of every rate-limit window. Only Date is
 * faked; timers, promises and I/O run as usual.
 */
export function holdClockMidWindow(): void {
  beforeEach(stopClockMidWindow);
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** The same, from here to the end of one test (vitest's own afterEach does not undo it: call `vi.useRealTimers()`). */
export function stopClockMidWindow(): void {
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  vi.useFakeTimers({ toFake: ["Date"], now: hour + 30 * 60_000 + 30_000 });
}
