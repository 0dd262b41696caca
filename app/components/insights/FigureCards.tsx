// The insights page's figure cards: each says the value, how it moved since the previous
// period of the same length (arrow, sign and words, not colour alone), and how many
// answers or posts it stands on.
import type { ReactNode } from "react";
import { POST_KINDS, type PostKind } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import type { DurationStats, Figure, InsightsSummary, LoopsClosed, NpsFigure, SolvedFigure } from "~/services/insights-types";
import { useFormat, useT } from "../i18n";

/**
 * From this margin of error up, the NPS is called too noisy to compare: ±20 points is
 * what about a hundred mixed answers give, and a month-on-month move is seldom larger.
 */
const NOISY_NPS_MARGIN = 20;

type Direction = "higherIsBetter" | "lowerIsBetter";

/** The change against the previous period: ▲/▼, the signed difference, and whether that is better or worse. */
function Change({
  value,
  previous,
  direction,
  formatDiff,
  formatPrevious,
  neutral = false,
  compact = false,
}: {
  value: number | null;
  previous: number | null;
  direction: Direction;
  formatDiff: (diff: number) => string;
  formatPrevious: (value: number) => string;
  /** Too few answers to call it better or worse: the change is shown, uncoloured. */
  neutral?: boolean;
  /** In a table's cell: the arrow, the difference and better/worse; the previous value only on hover and to screen readers. */
  compact?: boolean;
}) {
  const t = useT();
  if (value === null || previous === null) return <p className="text-xs text-muted">{compact ? t("insights.noData") : t("insights.change.noData")}</p>;
  // Rounded as shown, so "+0" never appears coloured as a change.
  const diff = Math.round((value - previous) * 10) / 10;
  const previousText = t("insights.change.previous", { previous: formatPrevious(previous) });
  if (diff === 0) {
    return (
      <p className="text-xs text-muted" title={compact ? previousText : undefined}>
        {compact ? t("insights.change.none") : t("insights.change.same", { previous: formatPrevious(previous) })}
      </p>
    );
  }
  const better = direction === "higherIsBetter" ? diff > 0 : diff < 0;
  const tone = neutral ? "text-muted" : better ? "text-ok" : "text-danger";
  return (
    <p className={`text-xs ${tone}`} data-change={better ? "better" : "worse"} title={compact ? previousText : undefined}>
      <span aria-hidden="true">{diff > 0 ? "▲" : "▼"} </span>
      <span className="whitespace-nowrap font-semibold">{formatDiff(diff)}</span>{" "}
      {neutral ? null : better ? t("insights.change.better") : t("insights.change.worse")}{" "}
      <span className={compact ? "sr-only" : "text-muted"}>{previousText}</span>
    </p>
  );
}

function Card({ title, children, wide = false, id }: { title: string; children: ReactNode; wide?: boolean; id: string }) {
  return (
    <section aria-labelledby={id} className={`card min-w-0 space-y-2 p-4 ${wide ? "col-span-2" : ""}`}>
      <h3 id={id} className="text-sm font-medium text-muted">
        {title}
      </h3>
      {children}
    </section>
  );
}

function BigNumber({ children, testId }: { children: ReactNode; testId: string }) {
  return (
    <p className="text-3xl font-bold tabular-nums" data-figure={testId}>
      {children}
    </p>
  );
}

function Answers({ count }: { count: number }) {
  const t = useT();
  return <p className="text-xs text-muted">{t("insights.answers", { count })}</p>;
}

function NpsCard({ nps }: { nps: NpsFigure }) {
  const t = useT();
  const format = useFormat();
  const total = nps.promoters + nps.passives + nps.detractors;
  const noisy = nps.value !== null && (nps.marginOfError === null || nps.marginOfError >= NOISY_NPS_MARGIN);
  const groups = [
    { key: "promoters", count: nps.promoters, bar: "bg-ok" },
    { key: "passives", count: nps.passives, bar: "bg-muted/50" },
    { key: "detractors", count: nps.detractors, bar: "bg-danger" },
  ] as const;
  return (
    <Card title={t("insights.nps")} id="figure-nps">
      <BigNumber testId="nps">{nps.value === null ? <NoData /> : format.signed(Math.round(nps.value))}</BigNumber>
      {nps.value !== null ? (
        <p className={`text-xs ${noisy ? "font-semibold text-warn" : "text-muted"}`} data-figure="nps-margin">
          {nps.marginOfError === null
            ? t("insights.nps.noMargin", { count: nps.responses })
            : t(noisy ? "insights.nps.marginNoisy" : "insights.nps.margin", { margin: format.number(Math.round(nps.marginOfError)), count: nps.responses })}
        </p>
      ) : null}
      <Change
        value={nps.value}
        previous={nps.previous}
        direction="higherIsBetter"
        neutral={noisy}
        formatDiff={(d) => format.signed(d)}
        formatPrevious={(v) => format.signed(Math.round(v))}
      />
      {total > 0 ? (
        <>
          <div className="flex h-2 overflow-hidden rounded-full bg-line" aria-hidden="true">
            {groups.map((g) => (g.count > 0 ? <div key={g.key} className={g.bar} style={{ width: `${(g.count / total) * 100}%` }} /> : null))}
          </div>
          <ul className="flex flex-wrap gap-x-3 text-xs text-muted">
            {groups.map((g) => (
              <li key={g.key}>{t(`insights.nps.${g.key}`, { count: g.count })}</li>
            ))}
          </ul>
        </>
      ) : null}
      <Answers count={nps.responses} />
    </Card>
  );
}

function NoData() {
  const t = useT();
  return <span className="text-xl font-medium text-muted">{t("insights.noData")}</span>;
}

function PercentCard({ id, title, hint, figure, children }: { id: string; title: string; hint: string; figure: Figure; children?: ReactNode }) {
  const format = useFormat();
  return (
    <Card title={title} id={`figure-${id}`}>
      <BigNumber testId={id}>{figure.value === null ? <NoData /> : format.percent(figure.value)}</BigNumber>
      <p className="text-xs text-muted">{hint}</p>
      <Change
        value={figure.value}
        previous={figure.previous}
        direction="higherIsBetter"
        formatDiff={(d) => format.signed(d)}
        formatPrevious={(v) => format.percent(v)}
      />
      {children}
      <Answers count={figure.responses} />
    </Card>
  );
}

function SolvedCard({ solved }: { solved: SolvedFigure }) {
  const t = useT();
  return (
    <PercentCard id="solved" title={t("insights.solved")} hint={t("insights.solved.hint")} figure={solved}>
      <p className="text-xs text-muted">{t("insights.solved.split", { yes: solved.yes, partly: solved.partly, no: solved.no })}</p>
    </PercentCard>
  );
}

export type KindDurations = { key: PostKind | null; ttr: DurationStats; firstResponse: DurationStats };

/** Times per kind, side by side and never averaged together: a bug is not a feature request. */
function DurationCard({
  id,
  title,
  stat,
  current,
  previous,
}: {
  id: string;
  title: string;
  stat: "ttr" | "firstResponse";
  current: KindDurations[];
  previous: KindDurations[];
}) {
  const t = useT();
  const format = useFormat();
  const hours = (h: number | null) => (h === null ? "–" : format.hours(h));
  const kinds: (PostKind | null)[] = [...POST_KINDS, ...(current.some((r) => r.key === null && r[stat].count > 0) ? [null] : [])];
  return (
    <Card title={title} id={`figure-${id}`} wide>
      {/* Focusable so a keyboard can scroll it on a narrow phone (see BreakdownTables). */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-labelledby={`figure-${id}`}>
        <table className="w-full text-sm" data-figure={id}>
          <thead className="text-xs text-muted">
            <tr>
              <th scope="col" className="py-1 pe-2 text-start font-medium">
                {t("insights.col.kind")}
              </th>
              <th scope="col" className="px-2 py-1 text-end font-medium">
                {t("insights.col.median")}
              </th>
              <th scope="col" className="px-2 py-1 text-end font-medium">
                {t("insights.col.mean")}
              </th>
              <th scope="col" className="px-2 py-1 text-end font-medium">
                {t("insights.col.posts")}
              </th>
              <th scope="col" className="ps-2 py-1 text-start font-medium">
                {t("insights.col.change")}
              </th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((kind) => {
              const now = current.find((r) => r.key === kind)?.[stat];
              const before = previous.find((r) => r.key === kind)?.[stat];
              return (
                <tr key={kind ?? "none"} className="border-t border-line" data-kind={kind ?? "none"}>
                  <th scope="row" className="py-1.5 pe-2 text-start font-medium">
                    {kind ? t(`kind.${kind}`) : t("insights.kind.none")}
                  </th>
                  <td className="whitespace-nowrap px-2 py-1.5 text-end text-base font-semibold tabular-nums">{hours(now?.medianHours ?? null)}</td>
                  <td className="whitespace-nowrap px-2 py-1.5 text-end tabular-nums">{hours(now?.meanHours ?? null)}</td>
                  <td className="px-2 py-1.5 text-end tabular-nums text-muted">{format.number(now?.count ?? 0)}</td>
                  <td className="ps-2 py-1.5">
                    <Change
                      value={now?.medianHours ?? null}
                      previous={before?.medianHours ?? null}
                      direction="lowerIsBetter"
                      compact
                      formatDiff={(d) => format.hours(d, true)}
                      formatPrevious={(v) => format.hours(v)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

const LOOP_STATS: { key: keyof LoopsClosed; label: MessageKey }[] = [
  { key: "shipped", label: "insights.loops.shipped" },
  { key: "votersNotified", label: "insights.loops.votersNotified" },
  { key: "emailsDelivered", label: "insights.loops.emailsDelivered" },
  { key: "solvedAnswers", label: "insights.loops.solvedAnswers" },
];

function LoopsCard({ loops }: { loops: InsightsSummary["loops"] }) {
  const t = useT();
  const format = useFormat();
  return (
    <section aria-labelledby="figure-loops" className="card col-span-2 space-y-3 p-4 lg:col-span-4">
      <h3 id="figure-loops" className="text-sm font-medium text-muted">
        {t("insights.loops")}
      </h3>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {LOOP_STATS.map(({ key, label }) => (
          <div key={key} className="min-w-0 space-y-1">
            <dt className="text-xs text-muted">{t(label)}</dt>
            <dd className="text-2xl font-bold tabular-nums" data-figure={`loops-${key}`}>
              {format.number(loops[key])}
            </dd>
            <dd>
              <Change
                value={loops[key]}
                previous={loops.previous[key]}
                direction="higherIsBetter"
                formatDiff={(d) => format.signed(d)}
                formatPrevious={(v) => format.number(v)}
              />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function FigureCards({ summary, byKind, previousByKind }: { summary: InsightsSummary; byKind: KindDurations[]; previousByKind: KindDurations[] }) {
  const t = useT();
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <NpsCard nps={summary.nps} />
      <PercentCard id="ces" title={t("insights.ces")} hint={t("insights.ces.hint")} figure={summary.ces} />
      <PercentCard id="csat" title={t("insights.csat")} hint={t("insights.csat.hint")} figure={summary.csat} />
      <SolvedCard solved={summary.solved} />
      <DurationCard id="ttr" title={t("insights.ttr")} stat="ttr" current={byKind} previous={previousByKind} />
      <DurationCard id="first-response" title={t("insights.firstResponse")} stat="firstResponse" current={byKind} previous={previousByKind} />
      <LoopsCard loops={summary.loops} />
    </div>
  );
}
