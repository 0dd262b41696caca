// The team's weekly digest: built from the week's posts, votes and metrics, sent every
// Monday from 08:00 in the site's time zone to every staff member who keeps it on, once.
//
// Once: the week's digest_runs row and every outbox row are written in one transaction.
// The row's primary key (the ISO week) turns a second run (a restart, a second timer, a
// second process) into a no-op, and each outbox row's dedupe key
// (weekly_digest:<week>:<user>) does the same for the emails. A server that was down at
// 08:00 sends it when it comes back that Monday; on Tuesday that week's chance is gone.
import { transaction } from "~/db/client.server";
import type { Locale } from "~/db/enums";
import { renderEmail } from "~/emails/render.server";
import type { DigestPayload } from "~/emails/templates/weekly-digest";
import { awaitingTriage, claimDigestWeek, findDigestRun, mostVotedBetween, newPostsBetween, setDigestRecipients } from "~/models/digest.server";
import { recipientUser, theTeam } from "~/models/recipients.server";
import { withInertLinks } from "~/utils/html-text.mjs";
import { err, ok, type Result } from "~/utils/result";
import { zonedMidnight, zonedParts, zonedWeek } from "~/utils/zoned-time";
import type { SessionUser } from "./auth.server";
import { getInsightsSummary } from "./insights.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { allowAttempt } from "./rate-limit.server";
import { getSiteSettings } from "./site.server";
import { listVerbatims } from "./verbatims.server";

/** The local hour on Monday from which the week's digest is due. */
export const DIGEST_HOUR = 8;
/** How many titles each list shows. */
const TOP = 5;
const VERBATIMS = 3;

export type Digest = Omit<DigestPayload, "siteName" | "week" | "test">;

/** The week's digest as data, for the period [weekStart, weekEnd): what every recipient's email reads. */
export function buildDigest(weekStart: number, weekEnd: number): Digest {
  const scope = { from: weekStart, to: weekEnd };
  const summary = getInsightsSummary(scope);
  const figure = (f: { value: number | null; previous: number | null; responses: number }) => ({
    value: f.value,
    previous: f.previous,
    responses: f.responses,
  });
  return {
    from: weekStart,
    to: weekEnd,
    newPosts: newPostsBetween(weekStart, weekEnd, TOP),
    mostVoted: mostVotedBetween(weekStart, weekEnd, TOP),
    triage: awaitingTriage(TOP),
    loops: {
      shipped: summary.loops.shipped,
      votersNotified: summary.loops.votersNotified,
      solvedYes: summary.solved.yes,
      solvedPartly: summary.solved.partly,
      solvedNo: summary.solved.no,
    },
    metrics: {
      nps: figure(summary.nps),
      ces: figure(summary.ces),
      csat: figure(summary.csat),
      ttrMedianHours: { value: summary.ttr.medianHours, previous: summary.ttr.previous.medianHours, responses: summary.ttr.count },
    },
    verbatims: listVerbatims({ scope, limit: VERBATIMS })
      .items.slice(0, VERBATIMS)
      .map((v) => ({ kind: v.kind, score: v.score, reason: v.reason })),
  };
}

/**
 * The digest due at `now` in `timeZone`: on a Monday from 08:00 local time, that week's
 * key and the week before it as the period; at any other time null.
 */
export function dueDigest(now: number, timeZone: string): { week: string; from: number; to: number } | null {
  const clock = zonedParts(now, timeZone);
  if (clock.weekday !== 1 || clock.hour < DIGEST_HOUR) return null;
  const monday = zonedWeek(now, timeZone);
  return { week: monday.key, from: zonedMidnight(monday.year, monday.month, monday.day - 7, timeZone), to: monday.start };
}

/** Sends the week's digest if it is due and not yet sent; what it sent, or null. Called on start and every few minutes. */
export function sendDueDigest(now = Date.now()): { week: string; recipients: number } | null {
  const site = getSiteSettings();
  const due = dueDigest(now, site.timezone);
  // Looked up first so the usual case (sent already) costs no digest to build.
  if (!due || findDigestRun(due.week)) return null;
  const payload: DigestPayload = { siteName: site.siteName, week: due.week, ...buildDigest(due.from, due.to) };
  const recipients = transaction((db) => {
    if (!claimDigestWeek(db, due.week, now)) return null;
    const queued = announce(db, theTeam(), {
      email: { template: "weekly_digest", payload, dedupePrefix: `weekly_digest:${due.week}:`, preference: "digest" },
      now,
    });
    setDigestRecipients(db, due.week, queued);
    return queued;
  });
  if (recipients === null) return null;
  kickOutbox();
  return { week: due.week, recipients };
}

/** This week so far (Monday 00:00 in the site's zone until now): what next Monday's digest will hold. */
function thisWeeksPayload(now: number, test: boolean): DigestPayload {
  const site = getSiteSettings();
  const week = zonedWeek(now, site.timezone);
  return { siteName: site.siteName, week: week.key, ...buildDigest(week.start, now), ...(test ? { test } : {}) };
}

/** /admin/digest: this week's digest as the viewer's email would show it, with no link that acts. */
export function digestPreview(viewer: SessionUser, locale: Locale, now = Date.now()) {
  const payload = thisWeeksPayload(now, false);
  const email = renderEmail({ email: { template: "weekly_digest", payload }, locale, userId: viewer.id, recipientName: viewer.displayName, inert: true });
  return {
    week: payload.week,
    from: payload.from,
    to: payload.to,
    timezone: getSiteSettings().timezone,
    subject: email.subject,
    html: withInertLinks(email.html),
    text: email.text,
  };
}

/**
 * "Send me a test": this week's digest to the viewer alone, marked as a test, whatever
 * their digest setting. Each is its own email (the dedupe key holds the time); a few an hour.
 */
export function sendTestDigest(viewer: SessionUser, now = Date.now()): Result<{ queued: number }> {
  if (!allowAttempt("digestTest", String(viewer.id), now)) return err("error.rateLimited");
  const payload = thisWeeksPayload(now, true);
  const queued = transaction((db) =>
    announce(db, recipientUser(viewer.id), {
      email: { template: "weekly_digest", payload, dedupePrefix: `weekly_digest:test:${now}:`, preference: "account" },
      now,
    }),
  );
  kickOutbox();
  return ok({ queued });
}
