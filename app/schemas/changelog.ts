// The changelog entry form, shared by the staff actions that parse it and the pages that
// check it as staff type (so no server-only imports here).
import { z } from "zod";
import { asciiDigits } from "~/utils/text-normalize";
import { idParam, postBodyField, postTitleField } from "~/utils/validation";

const MAX_LINKED_POSTS = 100;

/**
 * The idea numbers in what staff typed, in any digits and separators ("١٢، #١٥" reads as
 * 12, 15); null when a part is not one.
 */
function postIdsIn(text: string): number[] | null {
  const parts = asciiDigits(text)
    .replace(/[\u060C\uFF0C]/g, ",")
    .split(/[\s,#]+/)
    .filter(Boolean);
  const ids: number[] = [];
  for (const part of parts) {
    const id = idParam.safeParse(part);
    if (!id.success) return null;
    ids.push(id.data);
  }
  return ids;
}

export const entrySchema = z.object({
  title: postTitleField,
  body: postBodyField,
  postIds: z
    .string({ message: "changelog.error.postIdsInvalid" })
    .optional()
    .transform((text, ctx) => {
      const ids = postIdsIn(text ?? "");
      if (ids && ids.length <= MAX_LINKED_POSTS) return ids;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "changelog.error.postIdsInvalid" });
      return z.NEVER;
    }),
});

export type EntryInput = z.output<typeof entrySchema>;

/** The preview of a release note: only the body is rendered; the other fields come back as typed. */
export const previewSchema = z.object({
  title: z.string().max(1_000).optional(),
  body: postBodyField,
  postIds: z.string().max(10_000).optional(),
});
