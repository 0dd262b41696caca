// What the /admin/insights page shows: the query read into a scope (bad values become
// errors beside their fields, and the rest of the query still applies), then the figures,
// the weekly series, the breakdowns and the latest verbatims for that scope.
import { scopeFromQuery } from "~/schemas/insights";
import { listBoardsForAdmin } from "./boards.server";
import { getBreakdown, getInsightsSummary, getWeeklySeries } from "./insights.server";
import type { InsightsScope } from "./insights-types";
import { listVerbatims } from "./verbatims.server";

/**
 * The period, board and channel a request asks for. A value that does not parse is
 * reported beside its field and replaced by its default, so the page still answers
 * (for the period the rest of the query gives) instead of failing.
 */
export function readInsightsQuery(params: URLSearchParams, now: number) {
  const boards = listBoardsForAdmin().map((b) => ({ id: b.id, slug: b.slug, name: b.name }));
  // A GET form sends its empty fields ("any board"): empty is the same as absent.
  const query = Object.fromEntries([...params].filter(([, value]) => value.trim() !== ""));
  const { scope, preset, from, to, boardSlug, channel, errors } = scopeFromQuery(query, now, boards);
  return {
    scope,
    /** What the period form and the links show and carry; a custom range has no preset. */
    form: { preset: preset === "custom" ? null : preset, from, to, board: boardSlug, channel },
    errors,
    boards: boards.map(({ slug, name }) => ({ slug, name })),
  };
}

/** The same length of time just before the scope's: what each figure's change is measured against. */
function previousScope(scope: InsightsScope): InsightsScope {
  return { ...scope, from: scope.from - (scope.to - scope.from), to: scope.from };
}

export function insightsPage(scope: InsightsScope) {
  const breakdown = getBreakdown(scope);
  // Resolution times differ by kind by design (a bug is not a feature request), so the
  // cards compare each kind with itself in the previous period, never an average of all.
  const previousByKind = getBreakdown(previousScope(scope)).byKind.map((row) => ({ key: row.key, ttr: row.ttr, firstResponse: row.firstResponse }));
  return {
    summary: getInsightsSummary(scope),
    weeks: getWeeklySeries(scope),
    breakdown,
    previousByKind,
    verbatims: listVerbatims({ scope, limit: 5 }).items,
  };
}
