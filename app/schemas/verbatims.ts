// The verbatims page's filters and its "Make it an idea" form, shared by the route that
// parses them and the page that checks them as staff type (no server-only imports).
import { z } from "zod";
import { LOCALES } from "~/db/enums";
import { ANSWER_GROUPS } from "~/services/insights-types";
import { idParam, postBodyField, postTitleField } from "~/utils/validation";

/** The list's own filters (the period, board and channel are the insights page's). A value that makes no sense filters nothing. */
export const verbatimQuerySchema = z.object({
  group: z.enum(ANSWER_GROUPS).optional().catch(undefined),
  survey: idParam.optional().catch(undefined),
  lang: z.enum(LOCALES).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type VerbatimQuery = z.output<typeof verbatimQuerySchema>;

export const makeIdeaSchema = z.object({
  answerId: idParam,
  boardId: z.coerce.number({ message: "error.boardUnknown" }).int().positive("error.boardUnknown"),
  title: postTitleField,
  body: postBodyField,
});

const TITLE_LENGTH = 80;

/**
 * What the form starts with: the reason's first line as the title (cut to 80 characters,
 * never inside a letter), and the whole reason quoted as the body. Staff edit both.
 */
export function ideaDraftFrom(reason: string): { title: string; body: string } {
  const lines = reason.trim().split(/\r?\n/);
  const firstLine = [...lines[0].trim()];
  const title =
    firstLine.length > TITLE_LENGTH
      ? `${firstLine
          .slice(0, TITLE_LENGTH - 1)
          .join("")
          .trimEnd()}…`
      : firstLine.join("");
  const body = lines.map((line) => (line.trim() ? `> ${line}` : ">")).join("\n");
  return { title, body };
}
