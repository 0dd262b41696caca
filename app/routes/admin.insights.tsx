// /admin/insights (staff): on a Monday, whether customers are happier than last period,
// why, and what was done about it. Thin: read the query (bad values come back beside
// their fields with a 400, never a 500), authorise, call the insights services.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field } from "~/components/Field";
import { useFormat, useT } from "~/components/i18n";
import { BreakdownTables } from "~/components/insights/BreakdownTables";
import { FigureCards } from "~/components/insights/FigureCards";
import { VerbatimList } from "~/components/insights/VerbatimList";
import { WeeklyChart, type ChartPoint } from "~/components/insights/WeeklyChart";
import { SURVEY_CHANNELS } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import { INSIGHTS_PRESETS } from "~/schemas/insights";
import { requireStaff } from "~/services/guards.server";
import { insightsPage, readInsightsQuery } from "~/services/insights-page.server";
import type { WeeklyPoint } from "~/services/insights-types";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const { scope, form, errors, boards } = readInsightsQuery(new URL(request.url).searchParams, Date.now());
  const page = { ...insightsPage(scope), form, errors, boards, now: Date.now() };
  return data(page, { status: Object.keys(errors).length > 0 ? 400 : 200 });
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The query that shows this period, board and channel again: for the presets, the CSV and the verbatims. */
function periodParams(form: PageData["form"], override: { preset?: string } = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (override.preset) params.set("preset", override.preset);
  else if (form.preset) params.set("preset", form.preset);
  else {
    params.set("from", form.from);
    params.set("to", form.to);
  }
  if (form.board) params.set("board", form.board);
  if (form.channel) params.set("channel", form.channel);
  return params;
}

const PRESET_LABEL: Record<(typeof INSIGHTS_PRESETS)[number], MessageKey> = {
  "7d": "insights.preset.7d",
  "30d": "insights.preset.30d",
  "90d": "insights.preset.90d",
  quarter: "insights.preset.quarter",
};

/** A date of the period (YYYY-MM-DD) as the reader writes dates; read at midday UTC so no time zone moves it a day. */
const dayOf = (isoDay: string) => Date.parse(`${isoDay}T12:00:00Z`);

function PeriodBar({ form, errors, boards }: Pick<PageData, "form" | "errors" | "boards">) {
  const t = useT();
  return (
    <section aria-label={t("insights.period")} className="card space-y-4 p-4">
      <div className="space-y-1">
        <nav aria-label={t("insights.presets")} className="flex flex-wrap gap-2">
          {INSIGHTS_PRESETS.map((preset) => (
            <Link
              key={preset}
              to={`/admin/insights?${periodParams(form, { preset })}`}
              aria-current={form.preset === preset ? "page" : undefined}
              className={`btn ${form.preset === preset ? "btn-primary" : ""}`}
            >
              {t(PRESET_LABEL[preset])}
            </Link>
          ))}
        </nav>
        {errors.preset ? (
          <p className="text-sm text-danger" role="alert">
            {t(errors.preset)}
          </p>
        ) : null}
      </div>
      <Form method="get" action="/admin/insights" className="grid grid-cols-2 items-end gap-3 md:flex md:flex-wrap" aria-label={t("insights.customRange")}>
        <Field name="from" label={t("insights.from")} error={errors.from}>
          {(p) => <input {...p} type="date" className="input" defaultValue={form.from} />}
        </Field>
        <Field name="to" label={t("insights.to")} error={errors.to}>
          {(p) => <input {...p} type="date" className="input" defaultValue={form.to} />}
        </Field>
        <Field name="board" label={t("insights.board")} error={errors.board}>
          {(p) => (
            <select {...p} className="input" defaultValue={form.board ?? ""}>
              <option value="">{t("insights.anyBoard")}</option>
              {boards.map((b) => (
                <option key={b.slug} value={b.slug}>
                  {b.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="channel" label={t("insights.channel")} error={errors.channel}>
          {(p) => (
            <select {...p} className="input" defaultValue={form.channel ?? ""}>
              <option value="">{t("insights.anyChannel")}</option>
              {SURVEY_CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {t(`surveys.channel.${channel}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn-primary">
          {t("insights.show")}
        </button>
        <a href={`/admin/insights/export.csv?${periodParams(form)}`} className="btn md:ms-auto" download>
          {t("insights.downloadCsv")}
        </a>
      </Form>
    </section>
  );
}

type SeriesKey = "nps" | "ces" | "csat" | "ttrMedianHours";

function WeeklyCharts({ weeks }: { weeks: WeeklyPoint[] }) {
  const t = useT();
  const format = useFormat();
  // One unit along the whole axis: days as soon as any week's median is two days or more.
  const ttrUnit = weeks.some((w) => (w.ttrMedianHours ?? 0) >= 48) ? "day" : "hour";
  const pointsOf = (key: SeriesKey): ChartPoint[] => weeks.map((w) => ({ weekStart: w.weekStart, value: w[key] }));
  const charts: { key: SeriesKey; title: MessageKey; bounds: [number, number]; formatValue: (v: number) => string }[] = [
    { key: "nps", title: "insights.chart.nps", bounds: [-100, 100], formatValue: (v) => format.signed(Math.round(v)) },
    { key: "ces", title: "insights.chart.ces", bounds: [0, 100], formatValue: (v) => format.percent(v) },
    { key: "csat", title: "insights.chart.csat", bounds: [0, 100], formatValue: (v) => format.percent(v) },
    { key: "ttrMedianHours", title: "insights.chart.ttr", bounds: [0, Infinity], formatValue: (v) => format.hours(v, false, ttrUnit) },
  ];
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {charts.map((chart) => {
        const points = pointsOf(chart.key);
        const latest = [...points].reverse().find((p) => p.value !== null);
        const title = t(chart.title);
        return (
          <div key={chart.key} className="card relative min-w-0 overflow-hidden p-4" data-chart={chart.key}>
            <WeeklyChart
              title={title}
              summary={
                latest
                  ? t("insights.chart.summary", { week: format.dayMonth(latest.weekStart), value: chart.formatValue(latest.value!), count: points.length })
                  : t("insights.noData")
              }
              points={points}
              bounds={chart.bounds}
              formatValue={chart.formatValue}
              formatWeek={format.dayMonth}
              weekHeading={t("insights.chart.week")}
              valueHeading={title}
              noDataLabel={t("insights.noData")}
            />
          </div>
        );
      })}
    </div>
  );
}

/** One of the page's parts, named by its heading; `aside` sits at the heading's end (a "see all" link). */
function PageSection({ id, title, aside, children }: { id: string; title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

export default function AdminInsights() {
  const t = useT();
  const format = useFormat();
  const { summary, weeks, breakdown, previousByKind, verbatims, form, errors, boards, now } = useLoaderData<typeof loader>();
  const from = dayOf(form.from);
  const days = Math.round((dayOf(form.to) - from) / 86_400_000) + 1;
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold">{t("insights.heading")}</h1>
        <p className="text-sm text-muted" data-period>
          {t("insights.periodSummary", { from: format.date(from), to: format.date(dayOf(form.to)), count: days })}
        </p>
      </div>

      <PeriodBar form={form} errors={errors} boards={boards} />

      <PageSection id="figures" title={t("insights.figures")}>
        <FigureCards summary={summary} byKind={breakdown.byKind} previousByKind={previousByKind} />
      </PageSection>

      <PageSection id="charts" title={t("insights.charts")}>
        <WeeklyCharts weeks={weeks} />
      </PageSection>

      <PageSection id="breakdown" title={t("insights.breakdown")}>
        <BreakdownTables breakdown={breakdown} />
      </PageSection>

      <PageSection
        id="verbatims"
        title={t("insights.verbatims")}
        aside={<Link to={`/admin/insights/verbatims?${periodParams(form)}`}>{t("insights.allVerbatims")}</Link>}
      >
        {verbatims.length === 0 ? (
          <p className="card p-4 text-sm text-muted">{t("insights.verbatims.empty")}</p>
        ) : (
          <div className="card">
            <VerbatimList items={verbatims} now={now} />
          </div>
        )}
      </PageSection>
    </div>
  );
}
