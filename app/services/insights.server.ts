// STUB (helper "digest-owners"): replaced at merge by helper "metrics"'s real module.
import type { InsightsScope, InsightsSummary } from "./insights-types";

const none = { value: null, responses: 0, previous: null, previousResponses: 0 };
const noDurations = { meanHours: null, medianHours: null, count: 0 };
const noLoops = { shipped: 0, votersNotified: 0, emailsDelivered: 0, solvedAnswers: 0 };

export function getInsightsSummary(_scope: InsightsScope): InsightsSummary {
  return {
    nps: { ...none, promoters: 0, passives: 0, detractors: 0, marginOfError: null },
    ces: none,
    csat: none,
    solved: { ...none, yes: 0, partly: 0, no: 0 },
    ttr: { ...noDurations, previous: noDurations },
    firstResponse: { ...noDurations, previous: noDurations },
    loops: { ...noLoops, previous: noLoops },
  };
}
