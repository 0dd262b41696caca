// The verbatims: the reasons customers gave with their survey scores, newest first, with
// the ideas each respondent voted for; and turning one into an idea on the board, with
// the respondent as its author, so that the loop closes for them when it ships.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import { LOCALES } from "~/db/schema";
import { findBoardById, findPublicBoardBySlug, listPublicBoards } from "~/models/boards.server";
import { listVotedIdeas } from "~/models/posts.server";
import { listSurveys } from "~/models/surveys.server";
import { findUserById } from "~/models/users.server";
import { findAnswerForIdea, linkAnswerToPost, listVerbatimRows } from "~/models/verbatims.server";
import type { VerbatimQuery } from "~/schemas/verbatims";
import { decodeCursor, encodeCursor } from "~/utils/cursor.server";
import { err, ok, type Result } from "~/utils/result";
import { toFtsQuery } from "~/utils/text-normalize";
import type { SessionUser } from "./auth.server";
import { ANSWER_GROUPS, type InsightsScope, type Verbatim, type VerbatimFilter, type VerbatimPage } from "./insights-types";
import { canModerate, postRefusal } from "./policy.server";
import { insertPostIn, renderPostBody } from "./posts.server";

export const VERBATIM_PAGE = 20;
const MAX_PAGE = 100;
/** How many of a respondent's ideas each verbatim shows. */
const VOTED_FOR = 3;

const cursorShape = z.tuple([z.number().int(), z.number().int().positive()]);

/** Answers with a reason in the scope, newest first, filtered and searched as the filter says. */
export function listVerbatims(filter: VerbatimFilter): VerbatimPage {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? VERBATIM_PAGE), 1), MAX_PAGE);
  const typed = filter.q?.trim() ?? "";
  // The board's own search: the same folding and the same safe MATCH expression (ADR 003).
  const ftsQuery = typed ? toFtsQuery(typed) : null;
  // Words with nothing searchable in them (only punctuation) find nothing, as on the board.
  if (typed && !ftsQuery) return { items: [], nextCursor: null };
  const after = decodeCursor(filter.cursor ?? undefined, cursorShape);
  const rows = listVerbatimRows({
    from: filter.scope.from,
    to: filter.scope.to,
    boardId: filter.scope.boardId,
    channel: filter.scope.channel,
    group: filter.group,
    surveyId: filter.surveyId,
    locale: filter.locale,
    ftsQuery,
    after: after ? { answeredAt: after[0], id: after[1] } : null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const voted = listVotedIdeas([...new Set(page.map((r) => r.respondentId))], VOTED_FOR);
  const items: Verbatim[] = page.map(({ respondentId, respondentName, ...row }) => ({
    ...row,
    respondent: { id: respondentId, name: respondentName },
    votedFor: voted.filter((v) => v.voterId === respondentId).map(({ id, title, status }) => ({ id, title, status })),
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.answeredAt, last.answerId]) : null };
}

export type VerbatimsPage = VerbatimPage & {
  filters: VerbatimQuery;
  surveys: { id: number; name: string }[];
  /** The boards an idea can go on (and the period's board filter offers). */
  boards: { id: number; slug: string; name: string }[];
  locales: typeof LOCALES;
  groups: typeof ANSWER_GROUPS;
};

/** Everything the verbatims page shows: the period's scope (its board named by slug), the list's filters, and what the forms offer. */
export function verbatimsPage(period: { scope: InsightsScope; boardSlug: string | null | undefined }, filters: VerbatimQuery): VerbatimsPage {
  // A board slug that names no board filters nothing, as on the board's own list.
  const board = period.boardSlug ? findPublicBoardBySlug(period.boardSlug) : undefined;
  const scope = { ...period.scope, boardId: period.scope.boardId ?? board?.id ?? null };
  const page = listVerbatims({ scope, group: filters.group, surveyId: filters.survey, locale: filters.lang, q: filters.q, cursor: filters.cursor });
  return {
    ...page,
    filters,
    surveys: listSurveys().map(({ id, name }) => ({ id, name })),
    boards: listPublicBoards().map(({ id, slug, name }) => ({ id, slug, name })),
    locales: LOCALES,
    groups: ANSWER_GROUPS,
  };
}

export type IdeaInput = { boardId: number; title: string; body: string };

/**
 * One verbatim becomes an idea, in one transaction: the post on the board with the
 * respondent as its author (a placeholder account stays a placeholder, so its owner
 * still claims it, and the idea, by signing up), their vote on it cast on their behalf
 * by this staff member, the respondent following it, and the answer linked to it. An
 * answer already made into a (live) idea is refused.
 */
export async function makePostFromVerbatim(answerId: number, input: IdeaInput, staff: SessionUser, now = Date.now()): Promise<Result<{ postId: number }>> {
  if (!canModerate(staff)) return err("error.forbidden");
  const board = findBoardById(input.boardId);
  if (!board || board.archivedAt !== null) return err("error.boardUnknown", "boardId");
  const body = await renderPostBody(input.body);
  return transaction((db): Result<{ postId: number }> => {
    const answer = findAnswerForIdea(db, answerId);
    if (!answer || answer.reason === "") return err("error.notFound");
    if (answer.postId !== null) return err("error.verbatimAlreadyIdea", "answerId");
    const respondent = findUserById(answer.userId);
    if (!respondent || postRefusal(respondent)) return err("error.verbatimRespondentBanned", "answerId");
    const post = insertPostIn(db, { boardId: board.id, authorId: respondent.id, title: input.title, ...body }, { addedById: staff.id }, now);
    linkAnswerToPost(db, answerId, post.id);
    return ok({ postId: post.id });
  });
}
