// Boards, posts, merges and the changelog in the API (issue 14; helper "api-posts"). Each
// request schema here is what the route validates with, and each response schema is what
// the integration test checks real answers against, so the document cannot drift.
import { POST_KINDS, POST_STATUSES, SETTABLE_STATUSES } from "~/db/enums";
import { newPostSchema } from "~/schemas/posts";
import { emailField } from "~/utils/validation";
import { bearerSecurity as security, isoTimeSchema, pageOf, pageQuery, postIdPath, problemResponses, registry, z } from "./registry";

const id = z.number().int().positive();
// zod-to-openapi writes a nullable enum's type as ["string", "null"] but leaves null out of
// its `enum`, which would make a validator refuse null; say it in full.
const nullableKind = z
  .enum(POST_KINDS)
  .nullable()
  .openapi({ enum: [...POST_KINDS, null] });
const jsonBody = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  required: true,
  content: { "application/json": { schema } },
});
const jsonAnswer = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

/** `?cursor=&limit=` and nothing else. */
const pageOnlyQuery = z.object({ ...pageQuery }).strict();

/** A GET that answers a keyset page of `item`. */
function registerList(list: { path: string; tag: string; summary: string; description: string; query: z.AnyZodObject; item: z.ZodTypeAny; answer: string }) {
  registry.registerPath({
    method: "get",
    path: list.path,
    tags: [list.tag],
    summary: list.summary,
    description: list.description,
    security,
    request: { query: list.query },
    responses: {
      200: jsonAnswer(pageOf(list.item).strict(), list.answer),
      ...problemResponses(400, 401, 429),
    },
  });
}

// ---------------------------------------------------------------------------- Boards

export const BoardSchema = registry.register(
  "Board",
  z
    .object({
      id,
      slug: z.string().openapi({ example: "feedback", description: "Used in URLs (/b/<slug>) and as `board` when filtering or creating posts." }),
      name: z.string().openapi({ example: "Feedback" }),
      description: z.string(),
      archived: z.boolean().openapi({ description: "Archived boards are hidden from the public and take no new posts." }),
      createdAt: isoTimeSchema,
    })
    .strict()
    .openapi({ description: "A board that ideas are posted to." }),
);

export const boardsQuerySchema = pageOnlyQuery;

registerList({
  path: "/api/v1/boards",
  tag: "Boards",
  summary: "List boards",
  description: "Every board, archived ones included, oldest first.",
  query: boardsQuerySchema,
  item: BoardSchema,
  answer: "A page of boards.",
});

// ---------------------------------------------------------------------------- Posts

const person = z.object({ id, name: z.string().openapi({ example: "Layla Haddad" }), email: z.string().openapi({ example: "layla@example.com" }) }).strict();

export const PostSchema = registry.register(
  "Post",
  z
    .object({
      id,
      url: z.string().openapi({ example: "/posts/12", description: "The post's page, relative to the board's address." }),
      board: z.object({ id, slug: z.string(), name: z.string() }).strict(),
      title: z.string().openapi({ example: "Export invoices to CSV" }),
      bodyMarkdown: z.string().openapi({ description: "The body as written (Markdown).", example: "Our accountant needs **CSV**." }),
      bodyHtml: z
        .string()
        .openapi({ description: "The body rendered and sanitised, as the board shows it.", example: "<p>Our accountant needs <strong>CSV</strong>.</p>" }),
      status: z.enum(POST_STATUSES),
      kind: nullableKind.openapi({ description: "Staff's label; null until triaged." }),
      tags: z.array(z.string()).openapi({ description: "Tag names.", example: ["Billing"] }),
      author: person,
      owner: person.nullable().openapi({ description: "The staff member who looks after the post." }),
      voteCount: z.number().int().nonnegative(),
      commentCount: z.number().int().nonnegative().openapi({ description: "Public comments (internal notes are not counted)." }),
      impact: z.number().int().min(1).max(5).nullable(),
      effort: z.number().int().min(1).max(5).nullable(),
      priority: z.number().nullable().openapi({ description: "votes × impact ÷ effort for a sized feature request, else null." }),
      pendingApproval: z.boolean().openapi({ description: "Held back from the public until staff approve it." }),
      commentsLocked: z.boolean(),
      mergedIntoId: id.nullable().openapi({ description: "The post this one was merged into (its status is then `duplicate`)." }),
      createdAt: isoTimeSchema,
      updatedAt: isoTimeSchema,
      statusChangedAt: isoTimeSchema.nullable(),
      shippedAt: isoTimeSchema.nullable(),
    })
    .strict()
    .openapi({ description: "An idea on the board: a feature request or a bug report." }),
);

export const postsQuerySchema = z
  .object({
    board: z.string().max(64).optional().openapi({ description: "A board's slug, e.g. `feedback`." }),
    status: z.enum(POST_STATUSES).optional(),
    kind: z.enum(POST_KINDS).optional(),
    q: z.string().trim().max(200).optional().openapi({
      description:
        "Search the titles and bodies, the board's own search: every word must match (the last one also as a prefix, from three letters), Arabic and Persian letter variants, diacritics and the article are folded, and common Arabic and Persian prefixes and suffixes (plurals, pronouns) are stemmed (ADR 017). Results come best match first and `sort` is ignored. E.g. `تصدير الفواتير`.",
    }),
    sort: z
      .enum(["trending", "top", "new"])
      .default("new")
      .openapi({ description: "`top`: most votes; `new`: newest; `trending`: recent votes weigh more.", example: "top" }),
    ...pageQuery,
    limit: pageQuery.limit.openapi({ example: 20 }),
  })
  .strict();

registerList({
  path: "/api/v1/posts",
  tag: "Posts",
  summary: "List or search posts",
  description:
    "What staff see: posts awaiting approval and posts on archived boards included, deleted ones never. Posts merged into another are left out (fetch one by id to see where it went).",
  query: postsQuerySchema,
  item: PostSchema,
  answer: "A page of posts.",
});

registry.registerPath({
  method: "get",
  path: "/api/v1/posts/{id}",
  tags: ["Posts"],
  summary: "Get a post",
  description: "A merged post still answers, with `mergedIntoId` saying where its votes and comments went.",
  security,
  request: { params: postIdPath },
  responses: {
    200: jsonAnswer(PostSchema, "The post."),
    ...problemResponses(401, 404, 429),
  },
});

export const createPostSchema = newPostSchema
  .extend({
    title: newPostSchema.shape.title.openapi({ description: "3 to 120 characters.", example: "Export invoices to CSV" }),
    body: newPostSchema.shape.body.openapi({ description: "Markdown, at most 10,000 characters.", example: "Our accountant needs **CSV**." }),
    board: newPostSchema.shape.board.openapi({ description: "A board's slug; the first board when left out.", example: "feedback" }),
    authorEmail: emailField.openapi({
      description:
        "Who the idea is from. An address with no account gets a placeholder account, which its owner takes over by signing up with it. The author votes for and follows their idea.",
      example: "layla@example.com",
    }),
  })
  .strict();

registry.registerPath({
  method: "post",
  path: "/api/v1/posts",
  tags: ["Posts"],
  summary: "Create a post",
  description:
    "The same rules as the board's form: the title and body limits, a banned author is refused, and when new posts need approval one from a customer waits for it. At most 10 new posts an hour per author (429).",
  security,
  request: { body: jsonBody(createPostSchema, "The new idea.") },
  responses: {
    201: jsonAnswer(PostSchema, "The post as created."),
    ...problemResponses(400, 401, 403, 413, 415, 429),
  },
});

export const updatePostSchema = z
  .object({
    kind: nullableKind.optional().openapi({ description: "null: not triaged." }),
    status: z.enum(SETTABLE_STATUSES, { message: "error.statusInvalid" }).optional().openapi({
      description:
        "Moves the post, as the triage form does: followers are told in-app and by email when the board's notice settings say so. `duplicate` comes only from a merge. The same status again without a `response` changes nothing.",
    }),
    response: z.string().trim().max(10_000, "error.bodyTooLong").optional().openapi({
      description: "An official response (Markdown) with the status change; it is shown on the post and sent to its followers.",
      example: "Shipped in **v2.3**: Settings → Export.",
    }),
    tags: z
      .array(z.string().trim().min(1).max(30))
      .max(50)
      .optional()
      .openapi({ description: "Tag names; replaces the post's tags. Tags are made at /admin/tags.", example: ["Billing"] }),
    ownerId: id.nullable().optional().openapi({ description: "A staff member's user id; null: nobody." }),
    ownerEmail: emailField.nullable().optional().openapi({ description: "A staff member's email, instead of `ownerId`.", example: "sam@example.com" }),
    impact: z
      .number()
      .int()
      .min(1, "error.scoreRange")
      .max(5, "error.scoreRange")
      .nullable()
      .optional()
      .openapi({ description: "1–5; only feature requests are sized." }),
    effort: z
      .number()
      .int()
      .min(1, "error.scoreRange")
      .max(5, "error.scoreRange")
      .nullable()
      .optional()
      .openapi({ description: "1–5; only feature requests are sized." }),
  })
  .strict()
  .openapi({
    description: "Any of these; what is left out stays as it is. All of them are made, or none (the first refusal is answered).",
    example: { status: "shipped", response: "Shipped in **v2.3**: Settings → Export." },
  })
  .refine((body) => body.response === undefined || body.status !== undefined, { message: "error.responseNeedsStatus", path: ["response"] })
  .refine((body) => body.ownerId === undefined || body.ownerEmail === undefined, { message: "error.ownerTwice", path: ["ownerEmail"] });

registry.registerPath({
  method: "patch",
  path: "/api/v1/posts/{id}",
  tags: ["Posts"],
  summary: "Triage a post",
  description: "Kind, status with an official response, tags, owner, impact and effort, through the same services as the staff's triage forms.",
  security,
  request: { params: postIdPath, body: jsonBody(updatePostSchema, "What to change.") },
  responses: {
    200: jsonAnswer(PostSchema, "The post as it is now."),
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

export const mergePostSchema = z
  .object({ into: id.openapi({ description: "The post that stays.", example: 7 }) })
  .strict()
  .openapi({ description: "Merge this post into another." });

registry.registerPath({
  method: "post",
  path: "/api/v1/posts/{id}/merge",
  tags: ["Posts"],
  summary: "Merge a duplicate",
  description:
    "The post's votes, comments and followers move to `into`, its status becomes `duplicate`, and its voters are told. Staff can undo it on the post's page.",
  security,
  request: { params: postIdPath, body: jsonBody(mergePostSchema, "Where it goes.") },
  responses: {
    200: jsonAnswer(PostSchema, "The merged post, with `mergedIntoId`."),
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

// ---------------------------------------------------------------------------- Changelog

export const ChangelogEntrySchema = registry.register(
  "ChangelogEntry",
  z
    .object({
      id,
      title: z.string().openapi({ example: "March release" }),
      bodyMarkdown: z.string(),
      bodyHtml: z.string().openapi({ description: "Rendered and sanitised, as the changelog page shows it." }),
      publishedAt: isoTimeSchema,
      postIds: z.array(id).openapi({ description: "The ideas it shipped.", example: [12, 31] }),
    })
    .strict()
    .openapi({ description: "A published changelog entry." }),
);

export const changelogQuerySchema = pageOnlyQuery;

registerList({
  path: "/api/v1/changelog",
  tag: "Changelog",
  summary: "List published changelog entries",
  description: "Newest first. Drafts are not listed.",
  query: changelogQuerySchema,
  item: ChangelogEntrySchema,
  answer: "A page of entries.",
});
