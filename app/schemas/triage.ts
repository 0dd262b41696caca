// Form schemas for staff triage (the staff panel on a post, its no-JS retry page and the
// inbox), shared by the actions that parse them and the forms that check them as staff
// type (so no server-only imports here). conform hands a schema an empty field as
// `undefined`, so "left empty" and "not sent" read the same.
import { z } from "zod";
import { POST_KINDS, SETTABLE_STATUSES } from "~/db/enums";
import { commentBodyField, emailField, idParam, typedPostId } from "~/utils/validation";

/** The inbox's orders; "spend" is the sum of the voters' monthly spend (company traits from single sign-on). */
export const INBOX_SORTS = ["votes", "newest", "priority", "spend"] as const;

/** A list of post or tag ids: repeated fields (checkboxes), or one comma-separated value. */
const idList = z.preprocess((v) => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? v.split(",") : []), z.array(idParam).max(500));
/** Impact or effort, 1–5; left empty it is unsized. */
const optionalScore = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number({ message: "error.scoreRange" }).int("error.scoreRange").min(1, "error.scoreRange").max(5, "error.scoreRange").nullable(),
);
/** A post's kind; "not triaged" (the empty choice) is null. */
const kindField = (message?: string) => z.preprocess((v) => (v === "" || v === undefined ? null : v), z.enum(POST_KINDS, { message }).nullable());
const flag = z.enum(["true", "false"]).transform((v) => v === "true");

export const kindSchema = z.object({ kind: kindField("error.kindInvalid") });
export const sizingSchema = z.object({ impact: optionalScore, effort: optionalScore });
/** A checkbox: ticked sends "on" (or "true"); unticked sends nothing. */
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");
export const statusSchema = z.object({
  status: z.enum(SETTABLE_STATUSES, { message: "error.statusInvalid" }),
  response: z.string().trim().max(10_000, "error.bodyTooLong").default(""),
  /** Only for "shipped": link the idea from the newest changelog draft (or a new one). */
  addToChangelog: checkbox,
});
/** The staff member who looks after a post; the empty choice is nobody. */
export const ownerSchema = z.object({
  ownerId: z.preprocess((v) => (v === "" || v === undefined ? null : v), idParam.nullable()),
});
export const boardSchema = z.object({ boardId: idParam });
/** The merge and changelog pickers' search: what was typed, and the post not to offer. */
export const pickQuerySchema = z.object({
  q: z.string().max(200).catch(""),
  except: idParam.optional().catch(undefined),
});
export const tagsSchema = z.object({ tagIds: idList });
export const onBehalfSchema = z.object({
  email: emailField,
  note: z.string().trim().max(200, "error.noteTooLong").default(""),
});
export const internalNoteSchema = z.object({ body: commentBodyField });
/** Whatever is wrong with what staff typed, the merge form says the same: "enter an idea number". */
export const mergeSchema = z.object({
  targetId: z.unknown().transform((v, ctx) => {
    const parsed = typedPostId.safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: "error.mergeTargetInvalid" });
    return z.NEVER;
  }),
});
export const lockSchema = z.object({ locked: flag });
export const banSchema = z.object({ userId: idParam, banned: flag });
/** Forms with nothing to fill in: the post is in the URL. */
export const noFields = z.object({});

export const BULK_ACTIONS = [
  "kind:bug",
  "kind:minor_bug",
  "kind:feature_request",
  ...SETTABLE_STATUSES.map((s) => `status:${s}` as const),
  "tag",
  "approve",
  "delete",
] as const;
export const bulkSchema = z.object({
  ids: idList.refine((ids) => ids.length > 0, "error.selectPosts"),
  bulk: z.enum(BULK_ACTIONS, { message: "error.chooseAction" }),
  tagId: idParam.optional(),
});
export const quickSchema = z.object({
  postId: idParam,
  kind: kindField("error.chooseAction"),
  status: z.enum(SETTABLE_STATUSES, { message: "error.chooseAction" }),
});
