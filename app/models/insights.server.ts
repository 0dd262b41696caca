// The insights' SQL: every figure is aggregated here, over indexed columns, and only the
// few aggregate rows come back to JavaScript. Definitions: docs/decisions/012-insights.md.
import { sql, type SQL } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import type { SurveyChannel, SurveyKind } from "~/db/enums";

export type TimeRange = { from: number; to: number };
export type AnswerFilters = { boardId?: number | null; channel?: SurveyChannel | null };

export const WEEK_MS = 7 * 86_400_000;
/** Monday 1970-01-05 00:00 UTC: weeks are counted from here so that each starts on a Monday. */
export const FIRST_MONDAY_MS = 4 * 86_400_000;

/** The Monday 00:00 UTC that starts the week holding `at`, as an SQL expression over an epoch-ms column. */
function weekOf(column: SQL): SQL<number> {
  // Literals, not parameters: better-sqlite3 binds numbers as REAL, and the integer division is the point.
  const monday = sql.raw(String(FIRST_MONDAY_MS));
  const week = sql.raw(String(WEEK_MS));
  return sql<number>`((${column} - ${monday}) / ${week}) * ${week} + ${monday}`;
}

// ---------- survey answers ----------

/**
 * An answer in the "good" boxes of its scale (NPS promoters 9–10, CES 6–7, CSAT 4–5) and,
 * for NPS only, a detractor (0–6). The one place these cut-offs are written in SQL.
 */
const GOOD = sql`case ${sql.raw("kind")} when 'nps' then score >= 9 when 'ces' then score >= 6 else score >= 4 end`;
const DETRACTOR = sql`(${sql.raw("kind")} = 'nps' and score <= 6)`;

export type AnswerTally = { kind: SurveyKind; answers: number; good: number; detractors: number };

/**
 * NPS, CES and CSAT answers answered in the range, counted per kind and per `groups`. The
 * statement reads only the covering index survey_answers_kind_time_idx (kind, answered_at,
 * score, channel, board_id); grouped by kind alone it streams in index order, with no sort.
 */
function tally<G extends Record<string, SQL>>(
  range: TimeRange,
  filters: AnswerFilters,
  groups: G,
): (AnswerTally & { [K in keyof G]: number | string | null })[] {
  const columns = Object.entries(groups).map(([name, expression]) => sql`, ${expression} as ${sql.identifier(name)}`);
  return getDb().all(sql`
    select kind ${sql.join(columns, sql``)}, count(*) as answers, sum(${GOOD}) as good, sum(${DETRACTOR}) as detractors
    from survey_answers indexed by survey_answers_kind_time_idx
    where kind in ('nps', 'ces', 'csat') and answered_at >= ${range.from} and answered_at < ${range.to}
      ${filters.boardId != null ? sql`and board_id = ${filters.boardId}` : sql``}
      ${filters.channel ? sql`and channel = ${filters.channel}` : sql``}
    group by kind ${sql.join(
      Object.keys(groups).map((name) => sql`, ${sql.identifier(name)}`),
      sql``,
    )}`);
}

export function tallyAnswersByKind(range: TimeRange, filters: AnswerFilters): AnswerTally[] {
  return tally(range, filters, {});
}

/** Per board and channel at once (a few dozen rows): the breakdown sums them per board and per channel. */
export function tallyAnswersByBoardAndChannel(range: TimeRange, filters: AnswerFilters) {
  return tally(range, filters, { boardId: sql.raw("board_id"), channel: sql.raw("channel") }) as (AnswerTally & {
    boardId: number | null;
    channel: SurveyChannel;
  })[];
}

export function tallyAnswersByWeek(range: TimeRange, filters: AnswerFilters) {
  return tally(range, filters, { week: weekOf(sql.raw("answered_at")) }) as (AnswerTally & { week: number })[];
}

// ---------- time to resolution and to first response ----------

export type DurationColumn = "resolved" | "firstResponse";
export type DurationDimension = "all" | "kind" | "board" | "owner" | "week";
export type DurationRow = { dimension: DurationDimension; group: number | string | null; count: number; meanMs: number | null; medianMs: number | null };

// Each end column has a covering index (migration 0011) holding every column read here.
const DURATION_SOURCE: Record<DurationColumn, { end: SQL; index: SQL }> = {
  resolved: { end: sql.raw("resolved_at"), index: sql.raw("posts_resolved_idx") },
  firstResponse: { end: sql.raw("first_response_at"), index: sql.raw("posts_first_response_idx") },
};

/**
 * How long posts took from creation to `column` (resolution, or the first staff response),
 * for the posts whose `column` falls in the range: count, mean and median per group of each
 * dimension asked for, in one statement that reads the range once. The median is the middle
 * row (or the mean of the two middle rows) of each group ordered by duration, picked with
 * window functions. Deleted and merged-away posts are left out: their time says nothing
 * about how the team answers.
 */
export function durationStats(column: DurationColumn, range: TimeRange, boardId: number | null | undefined, dimensions: DurationDimension[]): DurationRow[] {
  const { end, index } = DURATION_SOURCE[column];
  const groupOf: Record<DurationDimension, SQL> = {
    all: sql`null`,
    kind: sql.raw("kind"),
    board: sql.raw("board_id"),
    owner: sql.raw("owner_id"),
    week: weekOf(sql.raw("end_at")),
  };
  // Each dimension as its position in `dimensions` (a literal): partitioning on a small integer
  // is measurably cheaper than on a bound text.
  const grouped = dimensions.map((dimension, i) => sql`select ${sql.raw(String(i))} as dimension, ${groupOf[dimension]} as g, duration from base`);
  const rows = getDb().all<Omit<DurationRow, "dimension"> & { dimension: number }>(sql`
    with base as materialized (
      select kind, board_id, owner_id, ${end} as end_at, ${end} - created_at as duration
      from posts indexed by ${index}
      where ${end} >= ${range.from} and ${end} < ${range.to}
        and deleted_at is null and merged_into_id is null
        ${boardId != null ? sql`and board_id = ${boardId}` : sql``}
    )
    select dimension, g as "group", count(*) as count, avg(duration) as meanMs,
      avg(case when rn in ((n + 1) / 2, (n + 2) / 2) then duration end) as medianMs
    from (
      -- One window (one sort): the row's rank in its group, and the group's size.
      select dimension, g, duration, row_number() over w as rn, count(*) over w as n
      from (${sql.join(grouped, sql` union all `)})
      window w as (partition by dimension, g order by duration rows between unbounded preceding and unbounded following)
    )
    group by dimension, g`);
  return rows.map((row) => ({ ...row, dimension: dimensions[row.dimension] }));
}

// ---------- "Did this solve it?" ----------

export type SolvedTally = { current: number; yes: number; partly: number; no: number };

/** "Did this solve it?" answers last given in the range (the latest answer wins), per period (current = 1). */
export function tallySolvedAnswers(range: TimeRange, previousFrom: number, boardId: number | null | undefined): SolvedTally[] {
  return getDb().all(sql`
    select s.updated_at >= ${range.from} as current, sum(s.answer = 'yes') as yes, sum(s.answer = 'partly') as partly, sum(s.answer = 'no') as no
    from solved_answers s indexed by solved_answers_updated_idx
    where s.updated_at >= ${previousFrom} and s.updated_at < ${range.to} and ${onBoard(sql`s.post_id`, boardId)}
    group by current`);
}

// ---------- loops closed ----------

export type LoopCounts = { shipped: number; votersNotified: number; emailsDelivered: number; solvedAnswers: number };

/** A post on the board, when the report is for one board; always true otherwise. */
function onBoard(postId: SQL, boardId: number | null | undefined): SQL {
  return boardId != null ? sql`exists (select 1 from posts where posts.id = ${postId} and posts.board_id = ${boardId})` : sql`1`;
}

/**
 * The loops closed in [from, to): posts shipped for the first time (a later re-ship does not
 * count twice), in-app notices that a followed idea shipped, status and changelog emails
 * the SMTP server accepted, and "Did this solve it?" answers. With a board, a changelog
 * email counts when one of the ideas it announces is on the board.
 */
export function countLoopsClosed(range: TimeRange, boardId: number | null | undefined): LoopCounts {
  const { from, to } = range;
  return getDb().get<LoopCounts>(sql`
    select
      (select count(*) from status_changes sc indexed by status_changes_to_status_idx
        where sc.to_status = 'shipped' and sc.from_status <> 'shipped' and sc.created_at >= ${from} and sc.created_at < ${to}
          and exists (select 1 from posts p where p.id = sc.post_id and p.deleted_at is null and p.merged_into_id is null
            ${boardId != null ? sql`and p.board_id = ${boardId}` : sql``})
          and not exists (select 1 from status_changes e indexed by status_changes_post_idx
            where e.post_id = sc.post_id and e.to_status = 'shipped' and e.from_status <> 'shipped'
              and (e.created_at < sc.created_at or (e.created_at = sc.created_at and e.id < sc.id)))) as shipped,
      (select count(*) from notifications n indexed by notifications_shipped_idx
        where n.type = 'status_change' and n.status = 'shipped' and n.created_at >= ${from} and n.created_at < ${to}
          and ${onBoard(sql`n.post_id`, boardId)}) as votersNotified,
      (select count(*) from email_outbox o indexed by email_outbox_sent_idx
        where o.template in ('status_change', 'changelog') and o.sent_at >= ${from} and o.sent_at < ${to} and o.status = 'sent'
          ${
            boardId != null
              ? sql`and exists (select 1 from posts p where p.board_id = ${boardId} and p.id in (
                  select json_extract(o.payload, '$.postId') union all select json_extract(value, '$.id') from json_each(o.payload, '$.posts')))`
              : sql``
          }) as emailsDelivered,
      (select count(*) from solved_answers s indexed by solved_answers_updated_idx
        where s.updated_at >= ${from} and s.updated_at < ${to} and ${onBoard(sql`s.post_id`, boardId)}) as solvedAnswers`)!;
}

// ---------- labels ----------

/** Display names of these users (the owners in the breakdown). */
export function displayNamesOf(ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = getDb().all<{ id: number; name: string }>(
    sql`select id, display_name as name from users where id in (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
