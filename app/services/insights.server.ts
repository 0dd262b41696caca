// The metrics behind /admin/insights, its CSV export and the weekly digest: NPS, CES, CSAT,
// "Did this solve it?", time to resolution and to first response, and the loops closed, for
// a period and the previous period of the same length. The SQL aggregates
// (models/insights.server.ts); this file turns counts into percentages and milliseconds into
// hours. Definitions and the margin of error: docs/decisions/012-insights.md.
import { stringify } from "csv-stringify/sync";
import { POST_KINDS, SURVEY_CHANNELS, type PostKind, type SurveyChannel, type SurveyKind } from "~/db/enums";
import { listAllBoards } from "~/models/boards.server";
import {
  FIRST_MONDAY_MS,
  WEEK_MS,
  countLoopsClosed,
  displayNamesOf,
  durationStats,
  tallyAnswersByBoardAndChannel,
  tallyAnswersByKind,
  tallyAnswersByWeek,
  tallySolvedAnswers,
  type AnswerTally,
  type DurationColumn,
  type DurationDimension,
  type DurationRow,
  type TimeRange,
} from "~/models/insights.server";
import type {
  BreakdownRow,
  DurationStats,
  Figure,
  InsightsBreakdown,
  InsightsScope,
  InsightsSummary,
  NpsFigure,
  SolvedFigure,
  WeeklyPoint,
} from "./insights-types";

const HOUR_MS = 3_600_000;

/** The period just before the scope's, of the same length: [from − (to − from), from). */
export function previousRange(scope: Pick<InsightsScope, "from" | "to">): TimeRange {
  return { from: scope.from - (scope.to - scope.from), to: scope.from };
}

/** Monday 00:00 UTC of the week that holds `at`. */
export function weekStartOf(at: number): number {
  return Math.floor((at - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
}

// ---------- the formulas ----------

type Counts = { answers: number; good: number; detractors: number };
const NO_ANSWERS: Counts = { answers: 0, good: 0, detractors: 0 };

/** A share of the answers in percent; null without answers ("no data", never 0). */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** % promoters − % detractors, from −100 to +100; null without answers. */
export function netPromoterScore(promoters: number, detractors: number, answers: number): number | null {
  return answers > 0 ? ((promoters - detractors) / answers) * 100 : null;
}

/**
 * The 95 % margin of error of an NPS, in NPS points: 1.96 × √((p_P + p_D − (p_P − p_D)²) / n) × 100,
 * the variance of a score that is +1 for a promoter, −1 for a detractor and 0 for a passive.
 * Null below 2 answers, where it means nothing.
 */
export function npsMarginOfError(promoters: number, detractors: number, answers: number): number | null {
  if (answers < 2) return null;
  const pP = promoters / answers;
  const pD = detractors / answers;
  return 1.96 * Math.sqrt((pP + pD - (pP - pD) ** 2) / answers) * 100;
}

/** The value a tally gives for its kind: the NPS, or the % of CES or CSAT answers in the top boxes. */
function valueOf(kind: SurveyKind, counts: Counts): number | null {
  return kind === "nps" ? netPromoterScore(counts.good, counts.detractors, counts.answers) : percentOf(counts.good, counts.answers);
}

function toHours(ms: number | null): number | null {
  return ms === null ? null : ms / HOUR_MS;
}

const NO_DURATIONS: DurationStats = { meanHours: null, medianHours: null, count: 0 };

function toDurationStats(row: DurationRow | undefined): DurationStats {
  return row ? { meanHours: toHours(row.meanMs), medianHours: toHours(row.medianMs), count: row.count } : NO_DURATIONS;
}

// ---------- grouping helpers ----------

type Group = number | string | null;

/** Answer tallies keyed by a group, then by kind; tallies of the same group and kind add up. */
function byGroupAndKind<T extends AnswerTally>(rows: T[], groupOf: (row: T) => Group): Map<Group, Map<SurveyKind, Counts>> {
  const groups = new Map<Group, Map<SurveyKind, Counts>>();
  for (const row of rows) {
    const group = groupOf(row);
    let kinds = groups.get(group);
    if (!kinds) groups.set(group, (kinds = new Map()));
    const sum = kinds.get(row.kind) ?? NO_ANSWERS;
    kinds.set(row.kind, { answers: sum.answers + row.answers, good: sum.good + (row.good ?? 0), detractors: sum.detractors + (row.detractors ?? 0) });
  }
  return groups;
}

function kindsOf(rows: AnswerTally[]): Map<SurveyKind, Counts> {
  return byGroupAndKind(rows, () => null).get(null) ?? new Map();
}

/** Duration rows of several dimensions, keyed by dimension then group. */
function durationsBy(column: DurationColumn, scope: InsightsScope, dimensions: DurationDimension[]): Map<DurationDimension, Map<Group, DurationRow>> {
  const result = new Map<DurationDimension, Map<Group, DurationRow>>(dimensions.map((d) => [d, new Map()]));
  for (const row of durationStats(column, scope, scope.boardId, dimensions)) result.get(row.dimension)!.set(row.group, row);
  return result;
}

function overall(column: DurationColumn, range: TimeRange, boardId: number | null | undefined): DurationStats {
  return toDurationStats(durationStats(column, range, boardId, ["all"])[0]);
}

function figure(kind: SurveyKind, current: Counts, previous: Counts): Figure {
  return { value: valueOf(kind, current), responses: current.answers, previous: valueOf(kind, previous), previousResponses: previous.answers };
}

// ---------- the three reports ----------

/** Every figure card of the page (and of the digest), with the previous period's value. */
export function getInsightsSummary(scope: InsightsScope): InsightsSummary {
  const previous = previousRange(scope);
  const tallies = [kindsOf(tallyAnswersByKind(previous, scope)), kindsOf(tallyAnswersByKind(scope, scope))];
  const counts = (period: 0 | 1, kind: SurveyKind) => tallies[period].get(kind) ?? NO_ANSWERS;

  const nps = counts(1, "nps");
  const npsFigure: NpsFigure = {
    ...figure("nps", nps, counts(0, "nps")),
    promoters: nps.good,
    passives: nps.answers - nps.good - nps.detractors,
    detractors: nps.detractors,
    marginOfError: npsMarginOfError(nps.good, nps.detractors, nps.answers),
  };

  const solvedRows = tallySolvedAnswers(scope, previous.from, scope.boardId);
  const solvedIn = (period: 0 | 1) => solvedRows.find((r) => Number(r.current) === period) ?? { yes: 0, partly: 0, no: 0 };
  const solvedNow = solvedIn(1);
  const solvedBefore = solvedIn(0);
  const solvedTotal = (s: { yes: number; partly: number; no: number }) => s.yes + s.partly + s.no;
  const solved: SolvedFigure = {
    value: percentOf(solvedNow.yes, solvedTotal(solvedNow)),
    responses: solvedTotal(solvedNow),
    previous: percentOf(solvedBefore.yes, solvedTotal(solvedBefore)),
    previousResponses: solvedTotal(solvedBefore),
    yes: solvedNow.yes,
    partly: solvedNow.partly,
    no: solvedNow.no,
  };

  const durationFigure = (column: DurationColumn) => ({ ...overall(column, scope, scope.boardId), previous: overall(column, previous, scope.boardId) });

  return {
    nps: npsFigure,
    ces: figure("ces", counts(1, "ces"), counts(0, "ces")),
    csat: figure("csat", counts(1, "csat"), counts(0, "csat")),
    solved,
    ttr: durationFigure("resolved"),
    firstResponse: durationFigure("firstResponse"),
    loops: { ...countLoopsClosed(scope, scope.boardId), previous: countLoopsClosed(previous, scope.boardId) },
  };
}

/** One point per week (Monday 00:00 UTC) that overlaps the scope; only data inside the scope counts. */
export function getWeeklySeries(scope: InsightsScope): WeeklyPoint[] {
  const tallies = byGroupAndKind(tallyAnswersByWeek(scope, scope), (row) => row.week);
  const ttr = durationsBy("resolved", scope, ["week"]).get("week")!;
  const points: WeeklyPoint[] = [];
  if (scope.to <= scope.from) return points;
  for (let week = weekStartOf(scope.from); week < scope.to; week += WEEK_MS) {
    const kinds = tallies.get(week);
    const nps = kinds?.get("nps") ?? NO_ANSWERS;
    points.push({
      weekStart: week,
      nps: valueOf("nps", nps),
      npsResponses: nps.answers,
      ces: valueOf("ces", kinds?.get("ces") ?? NO_ANSWERS),
      csat: valueOf("csat", kinds?.get("csat") ?? NO_ANSWERS),
      ttrMedianHours: toHours(ttr.get(week)?.medianMs ?? null),
    });
  }
  return points;
}

function breakdownRow(
  key: string | number | null,
  label: string,
  kinds: Map<SurveyKind, Counts> | undefined,
  ttr: DurationRow | undefined,
  firstResponse: DurationRow | undefined,
): BreakdownRow {
  const nps = kinds?.get("nps") ?? NO_ANSWERS;
  let responses = 0;
  for (const counts of kinds?.values() ?? []) responses += counts.answers;
  return {
    key,
    label,
    nps: valueOf("nps", nps),
    npsResponses: nps.answers,
    ces: valueOf("ces", kinds?.get("ces") ?? NO_ANSWERS),
    csat: valueOf("csat", kinds?.get("csat") ?? NO_ANSWERS),
    responses,
    ttr: toDurationStats(ttr),
    firstResponse: toDurationStats(firstResponse),
  };
}

/**
 * The breakdown table: survey figures and durations per board, durations per kind (bugs and
 * feature requests are never averaged together; untriaged posts have kind null) and per owner
 * (null: unassigned), survey figures per channel. Posts have no channel, so the channel
 * filter narrows the answers only.
 */
export function getBreakdown(scope: InsightsScope): InsightsBreakdown {
  const answers = tallyAnswersByBoardAndChannel(scope, scope);
  const answersByBoard = byGroupAndKind(answers, (row) => row.boardId);
  const answersByChannel = byGroupAndKind(answers, (row) => row.channel);
  const ttr = durationsBy("resolved", scope, ["kind", "board", "owner"]);
  const first = durationsBy("firstResponse", scope, ["kind", "board", "owner"]);
  const durations = (dimension: DurationDimension) => ({ ttr: ttr.get(dimension)!, first: first.get(dimension)! });

  const boards = durations("board");
  const byBoard = listAllBoards()
    .filter((board) =>
      scope.boardId != null
        ? board.id === scope.boardId
        : board.archivedAt === null || answersByBoard.has(board.id) || boards.ttr.has(board.id) || boards.first.has(board.id),
    )
    .map((board) => breakdownRow(board.id, board.name, answersByBoard.get(board.id), boards.ttr.get(board.id), boards.first.get(board.id)));

  const kinds = durations("kind");
  const byKind = [...POST_KINDS, null].map((kind: PostKind | null) => ({
    ...breakdownRow(kind, kind ?? "", undefined, kinds.ttr.get(kind), kinds.first.get(kind)),
    key: kind,
  }));

  const channels: readonly SurveyChannel[] = scope.channel ? [scope.channel] : SURVEY_CHANNELS;
  const byChannel = channels.map((channel) => ({
    ...breakdownRow(channel, channel, answersByChannel.get(channel), undefined, undefined),
    key: channel,
  }));

  const owners = durations("owner");
  const ownerIds = [...new Set([...owners.ttr.keys(), ...owners.first.keys()])];
  const names = displayNamesOf(ownerIds.filter((id): id is number => typeof id === "number"));
  const byOwner = ownerIds
    .map((id) => breakdownRow(id, id === null ? "" : (names.get(id as number) ?? ""), undefined, owners.ttr.get(id), owners.first.get(id)))
    // By name, unassigned last.
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label)));

  return { byBoard, byKind, byChannel, byOwner };
}

// ---------- the CSV export ----------

export const INSIGHTS_CSV_HEADER = ["metric", "period_start", "period_end", "value", "responses"] as const;

/** Two decimals are plenty for a percentage or hours, and keep spreadsheets from showing float noise. */
function csvNumber(value: number | null): string {
  return value === null ? "" : String(Math.round(value * 100) / 100);
}

/**
 * The summary as CSV, one row per metric, for the period's first and last day (YYYY-MM-DD,
 * the last day inclusive as in the page's form). UTF-8 with a byte-order mark, which is what
 * makes Excel read Arabic and Persian text as UTF-8. A blank value means no data.
 */
export function insightsCsv(summary: InsightsSummary, period: { from: string; to: string }): string {
  const row = (metric: string, value: number | null, responses: number) => [metric, period.from, period.to, csvNumber(value), String(responses)];
  const rows = [
    row("nps", summary.nps.value, summary.nps.responses),
    row("ces", summary.ces.value, summary.ces.responses),
    row("csat", summary.csat.value, summary.csat.responses),
    row("solved_yes_pct", summary.solved.value, summary.solved.responses),
    row("ttr_median_hours", summary.ttr.medianHours, summary.ttr.count),
    row("ttr_mean_hours", summary.ttr.meanHours, summary.ttr.count),
    row("first_response_median_hours", summary.firstResponse.medianHours, summary.firstResponse.count),
    row("first_response_mean_hours", summary.firstResponse.meanHours, summary.firstResponse.count),
  ];
  return stringify([[...INSIGHTS_CSV_HEADER], ...rows], { bom: true, record_delimiter: "windows" });
}
