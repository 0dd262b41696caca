// What the /admin/insights page shows: the query read into a scope (bad values become
// errors beside their fields, and the rest of the query still applies), then the figures,
// the weekly series, the breakdowns and the latest verbatims for that scope.
import type { SurveyChannel } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import { insightsQuerySchema, scopeFromQuery } from "~/schemas/insights";
import { listBoardsForAdmin } from "./boards.server";
import { getBreakdown, getInsightsSummary, getWeeklySeries } from "./insights.server";
import type { InsightsScope } from "./insights-types";
import { listVerbatims } from "./verbatims.server";

export const INSIGHTS_QUERY_FIELDS = ["preset", "from", "to", "board", "channel"] as const;
type QueryField = (typeof INSIGHTS_QUERY_FIELDS)[number];
export type InsightsQueryErrors = Partial<Record<QueryField, MessageKey>>;

/**
 * The period, board and channel a request asks for. A value that does not parse is
 * reported beside its field and left out, so the page still answers (for the period
 * the rest of the query gives) instead of failing.
 */
export function readInsightsQuery(params: URLSearchParams, now: number) {
  // A GET form sends its empty fields ("any board"): empty is the same as absent.
  const raw: Partial<Record<QueryField, string>> = {};
  for (const field of INSIGHTS_QUERY_FIELDS) {
    const value = params.get(field)?.trim();
    if (value) raw[field] = value;
  }
  const errors: InsightsQueryErrors = {};
  let parsed = insightsQuerySchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as QueryField;
      errors[field] ??= issue.message as MessageKey;
      delete raw[field];
    }
    parsed = insightsQuerySchema.safeParse(raw);
  }
  const query = parsed.success ? parsed.data : {};
  const { scope, preset, from, to, boardSlug } = scopeFromQuery(query, now);
  const boards = listBoardsForAdmin().map((b) => ({ id: b.id, slug: b.slug, name: b.name }));
  const board = boardSlug ? boards.find((b) => b.slug === boardSlug) : undefined;
  if (boardSlug && !board) errors.board = "insights.error.board";
  return {
    scope: { ...scope, boardId: board?.id ?? null } satisfies InsightsScope,
    /** What the period form and the links show and carry. */
    form: { preset, from, to, board: board?.slug ?? null, channel: (query.channel ?? null) as SurveyChannel | null },
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
