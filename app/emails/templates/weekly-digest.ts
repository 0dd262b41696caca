// The team's weekly digest: what came in, what people voted for, what waits for triage,
// which loops closed, the four metrics against the week before, and three verbatims.
// The payload is the week's figures as they were when it was queued (services/digest),
// the same for every recipient; each reads it in their own language.
import { z } from "zod";
import { SURVEY_KINDS } from "~/db/enums";
import { formatDate, formatNumber, type MessageKey, type Translate } from "~/i18n";
import { publicUrl } from "~/utils/signed-links.server";
import { postUrl, recordId, sitePayload, type EmailContent, type EmailSection, type Line, type TemplateContext } from "../content";

const postLine = z.object({ id: recordId, title: z.string(), count: z.number().int() });
const figure = z.object({ value: z.number().nullable(), previous: z.number().nullable(), responses: z.number().int() });

export const payloadSchema = sitePayload.extend({
  /** The ISO week the digest was sent in ("2026-W49"). */
  week: z.string(),
  /** The period it covers, [from, to). */
  from: z.number(),
  to: z.number(),
  newPosts: z.object({ total: z.number().int(), top: z.array(postLine) }),
  mostVoted: z.array(postLine),
  triage: z.object({ total: z.number().int(), oldest: z.array(z.object({ id: recordId, title: z.string(), createdAt: z.number() })) }),
  loops: z.object({
    shipped: z.number().int(),
    votersNotified: z.number().int(),
    solvedYes: z.number().int(),
    solvedPartly: z.number().int(),
    solvedNo: z.number().int(),
  }),
  metrics: z.object({ nps: figure, ces: figure, csat: figure, ttrMedianHours: figure }),
  verbatims: z.array(z.object({ kind: z.enum(SURVEY_KINDS), score: z.number(), reason: z.string() })),
  /** Sent from /admin/digest's "Send me a test". */
  test: z.boolean().optional(),
});

export type DigestPayload = z.output<typeof payloadSchema>;

/** One decimal at most: 31.25 reads 31.3, 30 reads 30. */
const rounded = (value: number) => Math.round(value * 10) / 10;

/** "NPS: 32 (up 5 since last week; 40 answers)"; TTR counts resolved posts, not answers. */
function figureLine(t: Translate, label: MessageKey, f: z.output<typeof figure>, unit: "points" | "percent" | "hours"): string {
  const name = t(label);
  if (f.value === null) return t("digest.metric.none", { name });
  const value = t(`digest.unit.${unit}`, { value: rounded(f.value) });
  const delta = f.previous === null ? null : rounded(f.value - f.previous);
  const change =
    delta === null
      ? t("digest.change.new")
      : delta === 0
        ? t("digest.change.same")
        : t(delta > 0 ? "digest.change.up" : "digest.change.down", { delta: Math.abs(delta) });
  return t(unit === "hours" ? "digest.metric.ttrLine" : "digest.metric.line", { name, value, change, count: f.responses });
}

export function render(p: DigestPayload, { t, locale }: TemplateContext): EmailContent {
  const date = (at: number) => formatDate(locale, at);
  // The period's last day is the day before `to` (which is the start of the next day).
  const period = t("digest.period", { from: date(p.from), to: date(Math.max(p.from, p.to - 1)) });
  const postItem = (note: (count: number) => string) => (post: { id: number; title: string; count: number }) => ({
    href: postUrl(post.id),
    label: post.title,
    note: note(post.count),
  });
  const verbatimLines: Line[] = p.verbatims.flatMap((v) => [
    t("digest.verbatimScore", { kind: t(`digest.kind.${v.kind}`), score: formatNumber(locale, v.score) }),
    { user: v.reason },
  ]);
  const sections: EmailSection[] = [
    {
      heading: t("digest.newPosts.heading"),
      lines: [t("digest.newPosts.count", { count: p.newPosts.total })],
      items: p.newPosts.top.map(postItem((count) => t("count.votes", { count }))),
    },
    {
      heading: t("digest.mostVoted.heading"),
      lines: p.mostVoted.length === 0 ? [t("digest.mostVoted.none")] : [],
      items: p.mostVoted.map(postItem((count) => t("digest.votesGained", { count }))),
    },
    {
      heading: t("digest.triage.heading"),
      lines: [t("digest.triage.count", { count: p.triage.total })],
      items: p.triage.oldest.map((post) => ({ href: postUrl(post.id), label: post.title, note: t("digest.since", { date: date(post.createdAt) }) })),
    },
    {
      heading: t("digest.loops.heading"),
      lines: [
        t("digest.loops.shipped", { count: p.loops.shipped }),
        t("digest.loops.notified", { count: p.loops.votersNotified }),
        t("digest.loops.solved", { yes: p.loops.solvedYes, partly: p.loops.solvedPartly, no: p.loops.solvedNo }),
      ],
      items: [],
    },
    {
      heading: t("digest.metrics.heading"),
      lines: [
        figureLine(t, "digest.metric.nps", p.metrics.nps, "points"),
        figureLine(t, "digest.metric.ces", p.metrics.ces, "percent"),
        figureLine(t, "digest.metric.csat", p.metrics.csat, "percent"),
        figureLine(t, "digest.metric.ttr", p.metrics.ttrMedianHours, "hours"),
      ],
      items: [],
    },
    {
      heading: t("digest.verbatims.heading"),
      lines: verbatimLines.length > 0 ? verbatimLines : [t("digest.verbatims.none")],
      items: [],
    },
  ];
  return {
    subject: t(p.test ? "digest.subjectTest" : "digest.subject", { site: p.siteName, period }),
    // The site's name isolated, so a Latin name keeps its place in an Arabic heading.
    heading: t("digest.heading", { site: `\u2068${p.siteName}\u2069` }),
    lines: [period, ...(p.test ? [t("digest.testNote")] : [])],
    sections,
    links: [{ href: `${publicUrl()}/admin/insights`, label: t("digest.openInsights") }],
    optOut: { href: `${publicUrl()}/settings/notifications`, label: t("digest.optOut") },
    footer: "digest.footer",
  };
}
