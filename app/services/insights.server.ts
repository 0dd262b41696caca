// STUB (replaced at merge by the metrics helper's real service): fixed, obviously fake
// numbers that move a little with the scope, so the page can be built and looked at.
import type { InsightsBreakdown, InsightsScope, InsightsSummary, WeeklyPoint, BreakdownRow } from "./insights-types";

const WEEK = 7 * 86_400_000;
const wiggle = (scope: InsightsScope) => (Math.round((scope.to - scope.from) / 86_400_000) % 7) + (scope.boardId ?? 0) + (scope.channel ? 3 : 0);

export function getInsightsSummary(scope: InsightsScope): InsightsSummary {
  const w = wiggle(scope);
  const duration = (median: number) => ({ meanHours: median * 1.6, medianHours: median, count: 12 + w });
  return {
    nps: { value: 30 + w, responses: 10 + w, previous: 22, previousResponses: 9, promoters: 5 + w, passives: 3, detractors: 2, marginOfError: 48 - w },
    ces: { value: 71.5 + w, responses: 40, previous: 74, previousResponses: 38 },
    csat: { value: 82 + w / 2, responses: 120, previous: 82 + w / 2, previousResponses: 110 },
    solved: { value: 64, responses: 25, previous: null, previousResponses: 0, yes: 16, partly: 5, no: 4 },
    ttr: { ...duration(70 + w), previous: duration(90) },
    firstResponse: { ...duration(5 + w), previous: duration(4) },
    loops: {
      shipped: 7 + w,
      votersNotified: 130,
      emailsDelivered: 124,
      solvedAnswers: 25,
      previous: { shipped: 5, votersNotified: 90, emailsDelivered: 88, solvedAnswers: 20 },
    },
  };
}

export function getWeeklySeries(scope: InsightsScope): WeeklyPoint[] {
  const w = wiggle(scope);
  const monday = (ms: number) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * 86_400_000 - (ms % 86_400_000);
  const points: WeeklyPoint[] = [];
  for (let week = monday(scope.from), i = 0; week < scope.to; week += WEEK, i++) {
    const gap = i % 5 === 3;
    points.push({
      weekStart: week,
      nps: gap ? null : 20 + ((i * 7 + w) % 25) - 5,
      npsResponses: gap ? 0 : 8 + i,
      ces: gap ? null : 65 + ((i * 3 + w) % 12),
      csat: 78 + ((i * 5 + w) % 10),
      ttrMedianHours: i % 4 === 1 ? null : 40 + ((i * 13 + w) % 60),
    });
  }
  return points;
}

function row(key: string | number | null, label: string, n: number): BreakdownRow {
  return {
    key,
    label,
    nps: n % 3 === 0 ? null : 10 * n - 20,
    npsResponses: n % 3 === 0 ? 0 : 4 * n,
    ces: 60 + n * 4,
    csat: 75 + n * 3,
    responses: 10 * n,
    ttr: { meanHours: 50 * n + 20, medianHours: 40 * n, count: 3 * n },
    firstResponse: { meanHours: 3 * n + 1, medianHours: 2 * n, count: 4 * n },
  };
}

export function getBreakdown(scope: InsightsScope): InsightsBreakdown {
  const w = wiggle(scope) % 3;
  return {
    byBoard: [row(1, "Stub board one", 1 + w), row(2, "Stub board two", 2)],
    byKind: [
      { ...row("bug", "bug", 1 + w), key: "bug" },
      { ...row("minor_bug", "minor_bug", 2), key: "minor_bug" },
      { ...row("feature_request", "feature_request", 4), key: "feature_request" },
      { ...row(null, "", 3), key: null },
    ],
    byChannel: [
      { ...row("email", "email", 2), key: "email" },
      { ...row("in_app", "in_app", 4), key: "in_app" },
      { ...row("phone", "phone", 1), key: "phone" },
    ],
    byOwner: [row(1, "Stub Owner", 2), row(null, "", 1)],
  };
}
