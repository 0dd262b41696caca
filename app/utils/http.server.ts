// Where a service's error key becomes an HTTP status: the one table of it (ADR 010).
import type { MessageKey } from "~/i18n";
import type { Err } from "./result";
import { idParam } from "./validation";

const STATUS_OF_ERROR: Partial<Record<MessageKey, 403 | 404 | 409 | 429>> = {
  "error.notFound": 404,
  "error.forbidden": 403,
  "error.banned": 403,
  "error.accountBanned": 403,
  "error.crossSite": 403,
  "error.cannotBanStaff": 403,
  // A locked thread refuses its customers' comments, edits and deletes: not theirs to do now.
  "error.commentsLocked": 403,
  // A shipped or declined idea takes no more votes.
  "error.votingClosed": 403,
  "error.rateLimited": 429,
  // Single sign-on that is off, or a token for a team account: not the token's to do.
  "sso.error.disabled": 403,
  "sso.error.staffAccount": 403,
  // Surveys measure customers: a staff member's own answer is not theirs to give.
  "surveys.error.staffNotCounted": 403,
  // The customer's vote is there already: the record exists (the API's 409; the form shows it beside the field either way).
  "error.alreadyVoted": 409,
  // The entry changed under the form (published meanwhile): a conflict, not bad input.
  "changelog.error.alreadyPublished": 409,
};

/** Not found → 404, forbidden or banned → 403, a conflict → 409, rate limited → 429, anything else (the input) → 400. */
export function statusFor(error: MessageKey): 400 | 403 | 404 | 409 | 429 {
  return STATUS_OF_ERROR[error] ?? 400;
}

export function notFound(): never {
  throw new Response("Not found", { status: 404 });
}

/** A record's id from the URL (`/admin/surveys/:id`); anything that is not one is a 404. */
export function idParamOrNotFound(value: string | undefined): number {
  const id = idParam.safeParse(value);
  return id.success ? id.data : notFound();
}

/** A failure that has no form to show it in (a missing post) ends the request here. */
export function throwIfNotFound(failure: Err): void {
  if (statusFor(failure.error) === 404) notFound();
}

/** A failure that has no form to show it in (a refused edit page, a missing post) ends the request with its status. */
export function refuse(failure: Err): never {
  throw new Response(failure.error, { status: statusFor(failure.error) });
}
