// A weekly line chart, drawn as SVG by React on the server (ADR 013): the page reads
// without JavaScript and hydration draws the same markup. Time runs from the start side:
// left to right in English, right to left in Arabic and Persian, with the value axis on
// the start side too. A week without data is a gap in the line, never a zero.
import { AxisBottom, AxisLeft, AxisRight } from "@visx/axis";
import { GridRows } from "@visx/grid";
import { Group } from "@visx/group";
import { scaleLinear } from "@visx/scale";
import { LinePath } from "@visx/shape";
import { directionOf } from "~/i18n";
import { useLocale } from "../i18n";

export type ChartPoint = { weekStart: number; value: number | null };

type WeeklyChartProps = {
  title: string;
  /** Said to screen readers with the title, e.g. the latest value. */
  summary: string;
  points: ChartPoint[];
  /** The values the axis may span (NPS −100…100, a percentage 0…100, hours from 0). */
  bounds: [number, number];
  formatValue: (value: number) => string;
  formatWeek: (weekStart: number) => string;
  /** Column headings of the data table screen readers get instead of the drawing. */
  weekHeading: string;
  valueHeading: string;
  noDataLabel: string;
};

// The drawing's own units; the SVG scales to its card's width (a phone's card is ~330 px
// wide, a desktop's ~460), so 12-unit labels read at 10–14 px.
const WIDTH = 380;
const HEIGHT = 200;
// The start side holds the value labels: room for "12.5 days" or "٣٫٣ يوم".
const MARGIN = { top: 12, bottom: 28, start: 60, end: 14 };
const MAX_X_LABELS = 5;

/** Which weeks get a date under the axis: the first, the last, and evenly between, at most five. */
function labelledWeeks(weeks: number[]): number[] {
  if (weeks.length <= MAX_X_LABELS) return weeks;
  const step = (weeks.length - 1) / (MAX_X_LABELS - 1);
  return Array.from({ length: MAX_X_LABELS }, (_, i) => weeks[Math.round(i * step)]);
}

/** The axis's extent: the data's, a little padded, inside the bounds, and never a single value. */
function valueDomain(values: number[], [low, high]: [number, number]): [number, number] {
  if (values.length === 0) return [low, high];
  const min = Math.min(...values);
  const max = Math.max(...values);
  // A flat line still gets some room; an open-ended bound (hours) pads by the values alone.
  const span = Number.isFinite(high - low) ? (high - low) * 0.05 : Math.max(Math.abs(max) * 0.1, 1);
  const pad = Math.max((max - min) * 0.15, span);
  return [Math.max(low, min - pad), Math.min(high, max + pad)];
}

export function WeeklyChart({ title, summary, points, bounds, formatValue, formatWeek, weekHeading, valueHeading, noDataLabel }: WeeklyChartProps) {
  const rtl = directionOf(useLocale()) === "rtl";
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const weeks = points.map((p) => p.weekStart);
  const left = rtl ? MARGIN.end : MARGIN.start;
  const right = rtl ? MARGIN.start : MARGIN.end;
  const first = weeks[0] ?? 0;
  const last = weeks[weeks.length - 1] ?? first;
  // One week alone sits in the middle rather than on the value axis.
  const xDomain = first === last ? [first - 1, last + 1] : [first, last];
  const xRange = rtl ? [WIDTH - right, left] : [left, WIDTH - right];
  const x = scaleLinear<number>({ domain: xDomain, range: xRange });
  const y = scaleLinear<number>({ domain: valueDomain(values, bounds), range: [HEIGHT - MARGIN.bottom, MARGIN.top], nice: true });
  const ValueAxis = rtl ? AxisRight : AxisLeft;
  // Lines take the theme's tokens through currentColor (a class on the group sets the
  // colour); visx's own stroke attributes would stay light grey in the dark theme.
  const tickLabel = { className: "fill-muted", fontSize: 12, fontFamily: "inherit" };

  return (
    <figure className="space-y-2">
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      {values.length === 0 ? (
        <p className="flex h-32 items-center justify-center text-sm text-muted">{noDataLabel}</p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="block h-auto w-full"
          role="img"
          aria-label={`${title}: ${summary}`}
          data-chart-direction={rtl ? "rtl" : "ltr"}
        >
          <GridRows scale={y} left={left} width={WIDTH - left - right} numTicks={4} className="text-line" stroke="currentColor" strokeDasharray="3 3" />
          <ValueAxis
            left={rtl ? WIDTH - right : left}
            scale={y}
            numTicks={4}
            tickFormat={(v) => formatValue(Number(v))}
            hideAxisLine
            hideTicks
            // "end" in the text's own direction: towards the edge in both, away from the lines.
            tickLabelProps={() => ({ ...tickLabel, textAnchor: "end", dx: rtl ? 4 : -4, dy: "0.33em" })}
          />
          <AxisBottom
            top={HEIGHT - MARGIN.bottom}
            scale={x}
            tickValues={labelledWeeks(weeks)}
            tickFormat={(v) => formatWeek(Number(v))}
            axisClassName="chart-week-axis text-line"
            stroke="currentColor"
            tickStroke="currentColor"
            // The last date ends at its tick rather than centring on it, so it stays inside the drawing (and a phone's page).
            // SVG's "end" follows the text's direction, so it points inwards in Arabic too.
            tickLabelProps={(_value, index, ticks) => ({ ...tickLabel, textAnchor: index === ticks.length - 1 && ticks.length > 1 ? "end" : "middle" })}
          />
          <Group>
            <LinePath<ChartPoint>
              data={points}
              x={(p) => x(p.weekStart)}
              y={(p) => y(p.value ?? 0)}
              defined={(p) => p.value !== null}
              className="stroke-accent"
              strokeWidth={2.5}
              strokeLinejoin="round"
              strokeLinecap="round"
              fill="none"
            />
            {/* A dot on every week with data, so a week between two gaps still shows. */}
            {points.map((p) =>
              p.value === null ? null : (
                <circle key={p.weekStart} cx={x(p.weekStart)} cy={y(p.value)} r={3.5} className="fill-surface stroke-accent" strokeWidth={2} />
              ),
            )}
          </Group>
        </svg>
      )}
      {/* The numbers behind the line, for screen readers (the drawing is one image to them).
          In a div: a table keeps its content's width, so sr-only on it would widen a phone's page. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{weekHeading}</th>
              <th scope="col">{valueHeading}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.weekStart}>
                <th scope="row">{formatWeek(p.weekStart)}</th>
                <td>{p.value === null ? noDataLabel : formatValue(p.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
