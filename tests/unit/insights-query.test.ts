// The insights page's query: presets, a custom range of UTC days (the end inclusive in the
// form, exclusive in the scope), the board by slug, the channel, and a field error for every
// bad value instead of a 500.
import { describe, expect, it } from "vitest";
import { insightsQuerySchema, scopeFromQuery } from "~/schemas/insights";

const DAY = 86_400_000;
// Wednesday 2025-05-14, 15:30 UTC.
const NOW = Date.UTC(2025, 4, 14, 15, 30);
const TOMORROW = Date.UTC(2025, 4, 15);
const boards = [
  { id: 1, slug: "feedback" },
  { id: 2, slug: "mobile" },
];
const scope = (query: Record<string, string>) => scopeFromQuery(new URLSearchParams(query), NOW, boards);

describe("presets", () => {
  it("the last 30 days, today included, by default", () => {
    expect(scope({})).toEqual({
      scope: { from: TOMORROW - 30 * DAY, to: TOMORROW, boardId: null, channel: null },
      preset: "30d",
      from: "2025-04-15",
      to: "2025-05-14",
      boardSlug: null,
      channel: null,
      errors: {},
    });
  });

  it("7 and 90 days", () => {
    expect(scope({ preset: "7d" })).toMatchObject({ scope: { from: TOMORROW - 7 * DAY, to: TOMORROW }, from: "2025-05-08", to: "2025-05-14" });
    expect(scope({ preset: "90d" }).scope.from).toBe(TOMORROW - 90 * DAY);
  });

  it("this quarter so far", () => {
    expect(scope({ preset: "quarter" })).toMatchObject({ scope: { from: Date.UTC(2025, 3, 1), to: TOMORROW }, from: "2025-04-01", to: "2025-05-14" });
  });
});

describe("a custom range", () => {
  it("is whole UTC days with the end day included", () => {
    expect(scope({ from: "2025-01-06", to: "2025-02-02" })).toMatchObject({
      scope: { from: Date.UTC(2025, 0, 6), to: Date.UTC(2025, 1, 3) },
      preset: "custom",
      from: "2025-01-06",
      to: "2025-02-02",
      errors: {},
    });
  });

  it("one day: from = to", () => {
    expect(scope({ from: "2025-03-01", to: "2025-03-01" }).scope).toMatchObject({ from: Date.UTC(2025, 2, 1), to: Date.UTC(2025, 2, 2) });
  });

  it("a blank from and to (the GET form) mean the preset", () => {
    expect(scope({ preset: "7d", from: "", to: "", board: "", channel: "" })).toMatchObject({ preset: "7d", errors: {} });
  });

  it.each([
    [{ from: "2025-02-30", to: "2025-03-01" }, { from: "insights.error.dateInvalid" }],
    [{ from: "06/01/2025", to: "2025-03-01" }, { from: "insights.error.dateInvalid" }],
    [{ from: "2025-03-01", to: "2025-02-01" }, { to: "insights.error.rangeReversed" }],
    [{ from: "2020-01-01", to: "2023-01-02" }, { to: "insights.error.rangeTooLong" }],
    [{ from: "2025-03-01" }, { to: "error.required" }],
    [{ to: "2025-03-01" }, { from: "error.required" }],
    [{ preset: "1y" }, { preset: "insights.error.presetInvalid" }],
    [{ channel: "fax" }, { channel: "insights.error.channelInvalid" }],
    [{ board: "nope" }, { board: "error.boardUnknown" }],
  ])("%j is a field error, and the report falls back to the default period", (query, errors) => {
    const result = scope(query);
    expect(result.errors).toEqual(errors);
    expect(result.scope).toMatchObject({ from: TOMORROW - 30 * DAY, to: TOMORROW });
  });

  it("exactly three years is allowed", () => {
    expect(scope({ from: "2020-01-01", to: "2023-01-01" }).errors).toEqual({});
  });
});

describe("board and channel", () => {
  it("the board slug becomes its id; the channel is kept", () => {
    expect(scope({ board: "mobile", channel: "phone" })).toMatchObject({
      scope: { boardId: 2, channel: "phone" },
      boardSlug: "mobile",
      channel: "phone",
      errors: {},
    });
  });

  it("a good board is kept when the dates are wrong", () => {
    expect(scope({ board: "mobile", from: "x", to: "2025-01-01" })).toMatchObject({ scope: { boardId: 2 }, errors: { from: "insights.error.dateInvalid" } });
  });
});

describe("insightsQuerySchema (the filter form)", () => {
  it("reports the range rules on the right field", () => {
    const parsed = insightsQuerySchema.safeParse({ from: "2025-03-01", to: "2025-02-01" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["to", "insights.error.rangeReversed"]]);
    expect(insightsQuerySchema.safeParse({ preset: "90d", board: "mobile" }).success).toBe(true);
  });
});
