// STUB (replaced at merge by the metrics helper's real schema): the insights page's query.
import { z } from "zod";
import { SURVEY_CHANNELS } from "~/db/enums";
import type { InsightsScope } from "~/services/insights-types";

export const INSIGHTS_PRESETS = ["7d", "30d", "90d", "quarter"] as const;
export type InsightsPreset = (typeof INSIGHTS_PRESETS)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "insights.error.date");

export const insightsQuerySchema = z
  .object({
    preset: z.enum(INSIGHTS_PRESETS, { message: "insights.error.preset" }).optional(),
    from: day.optional(),
    to: day.optional(),
    board: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, "insights.error.board")
      .optional(),
    channel: z.enum(SURVEY_CHANNELS, { message: "insights.error.channel" }).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "insights.error.range" });

const DAY = 86_400_000;

export function scopeFromQuery(
  query: z.output<typeof insightsQuerySchema>,
  now: number,
): { scope: InsightsScope; preset: InsightsPreset | null; from: string; to: string; boardSlug: string | null } {
  const preset = query.from || query.to ? null : (query.preset ?? "30d");
  const to = query.to ? Date.parse(query.to) + DAY : Math.floor(now / DAY) * DAY + DAY;
  const days = preset === "7d" ? 7 : preset === "90d" ? 90 : preset === "quarter" ? 60 : 30;
  const from = query.from ? Date.parse(query.from) : to - days * DAY;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { scope: { from, to, boardId: null, channel: query.channel ?? null }, preset, from: iso(from), to: iso(to - DAY), boardSlug: query.board ?? null };
}
