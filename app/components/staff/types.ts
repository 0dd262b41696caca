// What the post page hands the staff panel. Customers never receive this data.
import type { CsatAnswer } from "~/db/enums";
import type { CsatSummary } from "~/models/surveys.server";
import type { VoterView } from "~/models/votes.server";

type Tag = { id: number; name: string; color: string };

export type StaffData = {
  impact: number | null;
  effort: number | null;
  priority: number | null;
  allTags: Tag[];
  notes: { id: number; authorName: string; bodyHtml: string; createdAt: number }[];
  voters: VoterView[];
  csat: CsatSummary;
  csatComments: { answer: CsatAnswer; comment: string; updatedAt: number }[];
  canUndoMerge: boolean;
  /** Policy's answer: staff ban customers, only an admin bans staff, nobody an admin or themselves. */
  canBanAuthor: boolean;
  subscribers: number;
};

export type PostSummary = {
  id: number;
  status: string;
  kind: string | null;
  authorId: number;
  authorName: string;
  mergedIntoId: number | null;
  pendingApproval: boolean;
  commentsLocked: boolean;
};

/** Every staff form posts to the post's triage action. */
export const triagePath = (postId: number) => `/posts/${postId}/triage`;
