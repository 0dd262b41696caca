// The insights page's and its CSV export's query: a period preset or a custom range of UTC
// days, a board and a channel. Shared by the loaders and the page's filter form (so nothing
// server-only here: the caller passes the boards to resolve the slug against).
import { z } from "zod";
import { SURVEY_CHANNELS, type SurveyChannel } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import type { InsightsScope } from "~/services/insights-types";

export const INSIGHTS_PRESETS = ["7d", "30d", "90d", "quarter"] as const;
export type InsightsPreset = (typeof INSIGHTS_PRESETS)[number];
export const DEFAULT_INSIGHTS_PRESET: InsightsPreset = "30d";
/** The longest custom range, so one request cannot aggregate the whole history week by week. */
export const INSIGHTS_MAX_YEARS = 3;

const DAY_MS = 86_400_000;
const PRESET_DAYS: Record<Exclude<InsightsPreset, "quarter">, number> = { "7d": 7, "30d": 30, "90d": 90 };

/** A YYYY-MM-DD date as the epoch ms of its 00:00 UTC; null when it is not a real day. */
export function utcDay(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = Date.UTC(year, month - 1, day);
  const back = new Date(at);
  // Date.UTC rolls 2025-02-30 over to March: a real day reads back the same.
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? at : null;
}

/** The UTC day of an epoch ms, as YYYY-MM-DD. */
export function isoDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** A blank field (a GET form sends every input) means "not given". */
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

const dayField = z.string().refine((value) => utcDay(value) !== null, "insights.error.dateInvalid");

const fields = {
  preset: optional(z.enum(INSIGHTS_PRESETS, { message: "insights.error.presetInvalid" })),
  from: optional(dayField),
  to: optional(dayField),
  board: optional(z.string().trim().max(40, "error.boardUnknown")),
  channel: optional(z.enum(SURVEY_CHANNELS, { message: "insights.error.channelInvalid" })),
};
type Field = keyof typeof fields;
type Values = { [K in Field]?: z.output<(typeof fields)[K]> };
export type InsightsQueryErrors = Partial<Record<Field, MessageKey>>;

/** The custom range's own rules: both ends or neither, in order, at most three years. */
function rangeErrors(values: Values): InsightsQueryErrors {
  if (!values.from && !values.to) return {};
  if (!values.from) return { from: "error.required" };
  if (!values.to) return { to: "error.required" };
  const from = utcDay(values.from)!;
  const to = utcDay(values.to)!;
  if (from > to) return { to: "insights.error.rangeReversed" };
  const start = new Date(from);
  const latestEnd = Date.UTC(start.getUTCFullYear() + INSIGHTS_MAX_YEARS, start.getUTCMonth(), start.getUTCDate());
  if (to > latestEnd) return { to: "insights.error.rangeTooLong" };
  return {};
}

export const insightsQuerySchema = z.object(fields).superRefine((values, ctx) => {
  for (const [path, message] of Object.entries(rangeErrors(values))) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [path], message });
});

export type InsightsQuery = {
  scope: InsightsScope;
  /** "custom" when the period is a from/to range. */
  preset: InsightsPreset | "custom";
  /** The period's first and last day (inclusive), YYYY-MM-DD, as the form shows them. */
  from: string;
  to: string;
  boardSlug: string | null;
  channel: SurveyChannel | null;
  /** Per field, what was wrong; the report falls back to the default for that field. */
  errors: InsightsQueryErrors;
};

/** [from, to) of a preset period ending with today (UTC), today included. */
export function presetRange(preset: InsightsPreset, now: number): { from: number; to: number } {
  const to = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  if (preset !== "quarter") return { from: to - PRESET_DAYS[preset] * DAY_MS, to };
  const today = new Date(now);
  return { from: Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1), to };
}

/**
 * The report's scope from the query string: a custom range (`to` inclusive in the UI, so the
 * scope ends at the next midnight) or a preset (default 30 days), the board by slug among
 * `boards`, and the channel. A bad field is reported in `errors` and falls back to its default,
 * so the page still shows a report beside the message, never a 500.
 */
export function scopeFromQuery(
  query: URLSearchParams | Record<string, string | undefined>,
  now: number,
  boards: readonly { id: number; slug: string }[],
): InsightsQuery {
  const raw = (name: Field) => (query instanceof URLSearchParams ? query.get(name) : query[name]);
  const errors: InsightsQueryErrors = {};
  const values: Values = {};
  for (const name of Object.keys(fields) as Field[]) {
    const parsed = fields[name].safeParse(raw(name));
    if (parsed.success) (values as Record<Field, unknown>)[name] = parsed.data;
    else errors[name] = parsed.error.issues[0].message as MessageKey;
  }
  // A date that is not a date already has its message; the range rules speak about real days.
  if (!errors.from && !errors.to) Object.assign(errors, rangeErrors(values));

  const custom = values.from && values.to && !errors.from && !errors.to;
  const preset = values.preset ?? DEFAULT_INSIGHTS_PRESET;
  const range = custom ? { from: utcDay(values.from!)!, to: utcDay(values.to!)! + DAY_MS } : presetRange(preset, now);

  const slug = values.board?.toLowerCase();
  const board = slug ? boards.find((b) => b.slug === slug) : undefined;
  if (slug && !board) errors.board = "error.boardUnknown";

  return {
    scope: { ...range, boardId: board?.id ?? null, channel: values.channel ?? null },
    preset: custom ? "custom" : preset,
    from: isoDay(range.from),
    to: isoDay(range.to - DAY_MS),
    boardSlug: board?.slug ?? null,
    channel: values.channel ?? null,
    errors,
  };
}
