// GET /admin/insights/export.csv: the insights page's figures for the same query (period,
// board, channel) as one CSV row per metric. Staff only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n/catalogues.server";
import { scopeFromQuery } from "~/schemas/insights";
import { listBoardsForAdmin } from "~/services/boards.server";
import { requireStaff } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { getInsightsSummary, insightsCsv } from "~/services/insights.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const query = scopeFromQuery(new URL(request.url).searchParams, Date.now(), listBoardsForAdmin());
  const problems = Object.entries(query.errors);
  if (problems.length > 0) {
    // A file of figures for some other period than the one asked for would mislead: say what is wrong instead.
    const locale = await resolveLocale(request, staff);
    const body = problems.map(([field, key]) => `${field}: ${translate(locale, key)}`).join("\n") + "\n";
    return new Response(body, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const csv = insightsCsv(getInsightsSummary(query.scope), query);
  const board = query.boardSlug ? `-${query.boardSlug}` : "";
  const channel = query.channel ? `-${query.channel}` : "";
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="insights-${query.from}-to-${query.to}${board}${channel}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
