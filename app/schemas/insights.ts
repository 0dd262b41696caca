// STUB (stub: replaced at merge): the "metrics" helper writes the real insights query
// schema and scope. This throwaway keeps the verbatims page building on its own branch.
import { z } from "zod";
import { SURVEY_CHANNELS } from "~/db/enums";
import type { InsightsScope } from "~/services/insights-types";

export const insightsQuerySchema = z.object({
  preset: z.enum(["7d", "30d", "90d", "quarter"]).optional().catch(undefined),
  from: z.string().max(10).optional().catch(undefined),
  to: z.string().max(10).optional().catch(undefined),
  board: z.string().max(64).optional().catch(undefined),
  channel: z.enum(SURVEY_CHANNELS).optional().catch(undefined),
});

const DAY = 86_400_000;

export function scopeFromQuery(query: z.output<typeof insightsQuerySchema>, now: number) {
  const to = now + DAY;
  const from = to - 90 * DAY;
  const scope: InsightsScope = { from, to, boardId: null, channel: query.channel ?? null };
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  return { scope, preset: query.preset ?? "90d", from: day(from), to: day(now), boardSlug: query.board ?? null };
}
