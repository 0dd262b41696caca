// The optional comment after a "did this solve it?" answer, checked by the thank-you
// page as the user types and by its action (so nothing server-only here).
import { z } from "zod";

export const csatCommentSchema = z.object({
  comment: z.string({ message: "error.commentEmpty" }).trim().min(1, "error.commentEmpty").max(2_000, "error.commentTooLong"),
});
