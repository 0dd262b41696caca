// The breakdown by board, kind, channel and owner. Each table scrolls sideways inside its
// own card on a phone, so the page itself never does.
import type { MessageKey } from "~/i18n";
import type { BreakdownRow, InsightsBreakdown } from "~/services/insights-types";
import { useFormat, useT } from "../i18n";

const GROUPS: { key: keyof InsightsBreakdown; title: MessageKey }[] = [
  { key: "byBoard", title: "insights.breakdown.byBoard" },
  { key: "byKind", title: "insights.breakdown.byKind" },
  { key: "byChannel", title: "insights.breakdown.byChannel" },
  { key: "byOwner", title: "insights.breakdown.byOwner" },
];

const NUMBER_CELL = "whitespace-nowrap px-3 py-2 text-end tabular-nums";

export function BreakdownTables({ breakdown }: { breakdown: InsightsBreakdown }) {
  const t = useT();
  const format = useFormat();
  const noData = (
    <>
      <span aria-hidden="true">–</span>
      <span className="sr-only">{t("insights.noData")}</span>
    </>
  );
  const percent = (v: number | null) => (v === null ? noData : format.percent(v));
  const hours = (v: number | null) => (v === null ? noData : format.hours(v));
  /** Kinds and channels are named in the reader's language; boards and people by their own names. */
  const name = (group: keyof InsightsBreakdown, row: BreakdownRow) => {
    if (group === "byKind") return row.key === null ? t("insights.kind.none") : t(`kind.${row.key as "bug"}`);
    if (group === "byChannel") return t(`surveys.channel.${row.key as "email"}`);
    if (group === "byOwner" && row.key === null) return t("insights.owner.none");
    return (
      <bdi dir="auto" className="[overflow-wrap:anywhere]">
        {row.label}
      </bdi>
    );
  };

  return (
    <div className="grid gap-4">
      {GROUPS.map(({ key, title }) => (
        // Focusable and named, so a keyboard can scroll the table when it is wider than the
        // card (axe's scrollable-region-focusable): the lint rule does not know that case.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <div key={key} className="card relative min-w-0 overflow-x-auto" data-breakdown={key} tabIndex={0} role="region" aria-labelledby={`breakdown-${key}`}>
          <table className="w-full min-w-[44rem] text-sm">
            <caption id={`breakdown-${key}`} className="px-3 pt-3 text-start font-semibold">
              {t(title)}
            </caption>
            <thead className="border-b border-line text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 text-start font-medium">
                  {t(`insights.col.${key}`)}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("insights.nps")}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("insights.ces")}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("insights.csat")}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("insights.col.answers")}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("insights.col.ttrMedian")}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("insights.col.ttrMean")}
                </th>
                <th scope="col" className="px-3 py-2 text-end font-medium">
                  {t("insights.col.firstResponseMedian")}
                </th>
              </tr>
            </thead>
            <tbody>
              {breakdown[key].length === 0 ? (
                <tr>
                  <td colSpan={8} className="px-3 py-3 text-muted">
                    {t("insights.breakdown.empty")}
                  </td>
                </tr>
              ) : (
                breakdown[key].map((row) => (
                  <tr key={String(row.key)} className="border-b border-line last:border-b-0">
                    <th scope="row" className="px-3 py-2 text-start font-medium">
                      {name(key, row)}
                    </th>
                    <td className={NUMBER_CELL}>{row.nps === null ? noData : format.signed(Math.round(row.nps))}</td>
                    <td className={NUMBER_CELL}>{percent(row.ces)}</td>
                    <td className={NUMBER_CELL}>{percent(row.csat)}</td>
                    <td className={NUMBER_CELL}>{format.number(row.responses)}</td>
                    <td className={NUMBER_CELL}>{hours(row.ttr.medianHours)}</td>
                    <td className={NUMBER_CELL}>{hours(row.ttr.meanHours)}</td>
                    <td className={NUMBER_CELL}>{hours(row.firstResponse.medianHours)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
