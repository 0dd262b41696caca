// /admin/insights through the production server: the charts are SVG in the HTML (no
// JavaScript needed to see them), their axes speak the page's language and digits, time
// runs right to left in Arabic, and a bad query is answered beside its field, not with a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSurveyAnswers } from "../helpers/insights-seed";
import { startServer, type RunningServer } from "../helpers/server";
import { postForm, setUpSite, signUpOverHttp } from "../helpers/site-http";

let server: RunningServer;
let staffCookie = "";
let customerCookie = "";
beforeAll(async () => {
  server = await startServer({ env: { TRUST_PROXY: "loopback" } });
  staffCookie = await setUpSite(server, "Acme Feedback");
  customerCookie = await signUpOverHttp(server, "Layla Haddad", "layla@example.test");
  await seedSurveyAnswers(server);
});

afterAll(async () => {
  await server?.stop();
});

async function getPage(path: string, cookie: string | undefined, locale?: "en" | "ar") {
  if (locale) expect((await postForm(server, "/preferences", { locale, theme: "light" }, { cookie })).status).toBeLessThan(400);
  const res = await fetch(server.url + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

/** Each chart's <svg> element, by its data-chart card. */
function chartSvgs(html: string): Map<string, string> {
  const charts = new Map<string, string>();
  for (const card of html.split('data-chart="').slice(1)) {
    // The chart's own <svg>, from its start to its last end tag (each axis label nests one).
    const figure = card.slice(0, card.indexOf("</figure>"));
    const start = figure.indexOf("<svg");
    if (start >= 0) charts.set(card.slice(0, card.indexOf('"')), figure.slice(start, figure.lastIndexOf("</svg>") + 6));
  }
  return charts;
}

/** The week axis's labels in document order, with the x each is drawn at. */
function weekTicks(svg: string): { x: number; label: string }[] {
  const axis = svg.slice(svg.indexOf("chart-week-axis"));
  return [...axis.matchAll(/<text[^>]*\bx="([-\d.]+)"[^>]*>(?:<tspan[^>]*>)?([^<]+)</g)].map((m) => ({ x: Number(m[1]), label: m[2] }));
}

describe("the insights page", () => {
  it("draws four SVG charts on the server, with English dates on the week axis", async () => {
    const { status, html } = await getPage("/admin/insights?preset=90d", staffCookie, "en");
    expect(status).toBe(200);
    const charts = chartSvgs(html);
    expect([...charts.keys()]).toEqual(expect.arrayContaining(["nps", "ces", "csat"]));
    for (const key of ["nps", "ces", "csat"]) {
      const svg = charts.get(key);
      expect(svg, key).toMatch(/role="img"/);
      expect(svg, key).toMatch(/aria-label="[^"]+"/);
      expect(svg, key).toMatch(/<path[^>]* d="M/);
      const ticks = weekTicks(svg!);
      expect(ticks.length, key).toBeGreaterThanOrEqual(2);
      for (const tick of ticks) expect(tick.label).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
      // Time runs left to right: the first week is drawn left of the last.
      expect(ticks[0].x).toBeLessThan(ticks[ticks.length - 1].x);
    }
    expect(html).toContain('href="/admin/insights/export.csv?preset=90d"');
    expect(html).toContain("All verbatims");
  });

  it("in Arabic, labels the axes in Arabic-Indic digits and runs time right to left", async () => {
    const { status, html } = await getPage("/admin/insights?preset=90d", staffCookie, "ar");
    expect(status).toBe(200);
    expect(html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"|<html[^>]*dir="rtl"[^>]*lang="ar"/);
    const charts = chartSvgs(html);
    for (const key of ["nps", "ces", "csat"]) {
      const svg = charts.get(key)!;
      expect(svg, key).toMatch(/data-chart-direction="rtl"/);
      const ticks = weekTicks(svg);
      expect(ticks.length, key).toBeGreaterThanOrEqual(2);
      for (const tick of ticks) {
        expect(tick.label, key).toMatch(/[\u0660-\u0669]/);
        expect(tick.label, key).not.toMatch(/[0-9]/);
      }
      // The first week's date is to the right of the last week's.
      expect(ticks[0].x, key).toBeGreaterThan(ticks[ticks.length - 1].x);
      // The value axis too: every label in the chart is in Arabic-Indic digits.
      const labels = [...svg.matchAll(/<tspan[^>]*>([^<]+)</g)].map((m) => m[1]);
      expect(labels.join(" ")).not.toMatch(/[0-9]/);
    }
    await getPage("/admin/insights", staffCookie, "en");
  });

  it("answers bad query values beside their fields with a 400, and still shows the page", async () => {
    const { status, html } = await getPage("/admin/insights?preset=fortnight&from=not-a-date&board=no-such-board&channel=carrier-pigeon", staffCookie);
    expect(status).toBe(400);
    for (const field of ["from", "board", "channel"]) expect(html, field).toMatch(new RegExp(`id="field-${field}-error"[^>]*>[^<]+<`));
    expect(html).toMatch(/aria-invalid="true"[^>]*name="from"|name="from"[^>]*aria-invalid="true"|id="field-from"[^>]*aria-invalid="true"/);
    expect(html).toContain("<svg");
  });

  it("says which end of a backwards range is wrong", async () => {
    const { status, html } = await getPage("/admin/insights?from=2026-03-10&to=2026-03-01", staffCookie);
    expect(status).toBe(400);
    expect(html).toMatch(/id="field-(to|from)-error"/);
  });

  it("keeps a good custom range in the form and the CSV link", async () => {
    const { status, html } = await getPage("/admin/insights?from=2026-01-05&to=2026-02-01&channel=email", staffCookie);
    expect(status).toBe(200);
    expect(html).toMatch(/name="from"[^>]*value="2026-01-05"|value="2026-01-05"[^>]*name="from"/);
    expect(html).toContain('href="/admin/insights/export.csv?from=2026-01-05&amp;to=2026-02-01&amp;channel=email"');
  });

  it("is not there for visitors and refused to customers", async () => {
    expect((await getPage("/admin/insights", undefined)).status).toBe(404);
    expect((await getPage("/admin/insights", customerCookie)).status).toBe(403);
  });
});
