// The shapes the insights page, its CSV export and the weekly digest share. Plain types
// only, so that components can import them; app/services/insights.server.ts computes them.
import type { Locale, PostKind, PostStatus, SurveyChannel, SurveyKind } from "~/db/enums";

/** A report's scope. Times are epoch milliseconds, `from` inclusive and `to` exclusive. */
export type InsightsScope = {
  from: number;
  to: number;
  boardId?: number | null;
  channel?: SurveyChannel | null;
};

/** One figure for the period and for the previous period of the same length. */
export type Figure = {
  /** null when there were no answers: "no data", never 0. */
  value: number | null;
  responses: number;
  previous: number | null;
  previousResponses: number;
};

export type NpsFigure = Figure & {
  promoters: number;
  passives: number;
  detractors: number;
  /** The 95 % margin of error in NPS points (± this much); null below 2 answers. */
  marginOfError: number | null;
};

export type SolvedFigure = Figure & { yes: number; partly: number; no: number };

export type DurationStats = {
  meanHours: number | null;
  medianHours: number | null;
  /** How many posts the figure is computed from. */
  count: number;
};

export type DurationFigure = DurationStats & { previous: DurationStats };

export type LoopsClosed = {
  shipped: number;
  votersNotified: number;
  emailsDelivered: number;
  solvedAnswers: number;
};

export type InsightsSummary = {
  nps: NpsFigure;
  /** % of CES answers in the top two boxes (6–7). */
  ces: Figure;
  /** % of CSAT answers that are 4 or 5. */
  csat: Figure;
  /** "Did this solve it?": % yes. */
  solved: SolvedFigure;
  /** Creation to first shipped or declined status, of posts resolved in the period; per kind below. */
  ttr: DurationFigure;
  /** Creation to the first staff response, of posts first answered in the period. */
  firstResponse: DurationFigure;
  loops: LoopsClosed & { previous: LoopsClosed };
};

export type WeeklyPoint = {
  /** Monday 00:00 UTC of the week. */
  weekStart: number;
  nps: number | null;
  npsResponses: number;
  ces: number | null;
  csat: number | null;
  ttrMedianHours: number | null;
};

export type BreakdownRow = {
  /** A board id, a kind, a channel or an owner id (null: unassigned), as the key says. */
  key: string | number | null;
  label: string;
  nps: number | null;
  npsResponses: number;
  ces: number | null;
  csat: number | null;
  responses: number;
  ttr: DurationStats;
  firstResponse: DurationStats;
};

export type InsightsBreakdown = {
  byBoard: BreakdownRow[];
  byKind: (BreakdownRow & { key: PostKind | null })[];
  byChannel: (BreakdownRow & { key: SurveyChannel })[];
  byOwner: BreakdownRow[];
};

/**
 * How an answer reads on its scale: NPS 9–10 / 7–8 / 0–6; CES 6–7 / 4–5 / 1–3;
 * CSAT 4–5 / 3 / 1–2. The verbatims filter on it for every kind.
 */
export const ANSWER_GROUPS = ["promoter", "passive", "detractor"] as const;
export type AnswerGroup = (typeof ANSWER_GROUPS)[number];

export type VerbatimFilter = {
  scope: InsightsScope;
  group?: AnswerGroup | null;
  surveyId?: number | null;
  locale?: Locale | null;
  /** Searched with the board's Arabic-aware normalisation. */
  q?: string | null;
  cursor?: string | null;
  limit?: number;
};

export type Verbatim = {
  answerId: number;
  surveyId: number;
  surveyName: string;
  kind: SurveyKind;
  score: number;
  group: AnswerGroup;
  reason: string;
  locale: Locale;
  channel: SurveyChannel;
  answeredAt: number;
  respondent: { id: number; name: string };
  /** The ideas the respondent voted for, most voted first (a few). */
  votedFor: { id: number; title: string; status: PostStatus }[];
  /** The idea staff made of this verbatim, if any. */
  postId: number | null;
};

export type VerbatimPage = { items: Verbatim[]; nextCursor: string | null };
