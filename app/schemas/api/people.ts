// Comments, votes and users in the API (issue 14; helper "api-people"). The request
// schemas here are the ones the routes validate with (readJsonBody / readApiQuery), built
// from the web forms' own schemas, so a rule about a comment body or an email address is
// written once; the response schemas are `.strict()` so the contract test catches any
// field the document does not declare.
import { LOCALES, ROLES } from "~/db/enums";
import { newCommentSchema } from "~/schemas/posts";
import { onBehalfSchema } from "~/schemas/triage";
import { emailField } from "~/utils/validation";
import { bearerSecurity as security, isoTimeSchema, pageOf, pageQuery, postIdPath, problemResponses, registry, z } from "./registry";

const json = <T extends z.ZodTypeAny>(schema: T) => ({ "application/json": { schema } });

// Requests.

export const commentsQuerySchema = z.object({
  ...pageQuery,
  notes: z
    .enum(["0", "1"])
    .optional()
    .openapi({ description: "`1`: internal notes too, interleaved in thread order. Needs a `write` key (403 with a `read` key)." }),
});

export const newApiCommentSchema = newCommentSchema
  .extend({
    authorEmail: emailField.optional().openapi({
      description:
        "Post in the name of this person: their account, or a new claimable placeholder account for an address with none (like an on-behalf vote). " +
        "Their rules apply: a banned account, a customer in a locked thread, a customer on an idea awaiting approval are refused. " +
        "Left out: the comment is by the admin who made the key.",
      example: "lina@acme.test",
    }),
    internal: z.boolean().default(false).openapi({
      description: "An internal note, seen by staff only and notifying no one. In someone's name it needs a staff member's address.",
    }),
  })
  .strict()
  .openapi("NewComment", { description: "`body` is markdown (at most 10,000 characters); `parentId` replies to a top-level comment of the same idea." });

export const votesQuerySchema = z.object(pageQuery);

export const newVoteSchema = onBehalfSchema.strict().openapi("NewVote", {
  description: "A vote on behalf of a customer (a CRM, a support desk): an address with no account gets a claimable placeholder account.",
});

/** DELETE takes the address in the query string or in a JSON body. */
export const deleteVoteQuerySchema = z.object({ email: emailField.optional().openapi({ example: "lina@acme.test" }) });
export const deleteVoteBodySchema = z.object({ email: emailField }).strict().openapi("VoteToDelete");

export const userQuerySchema = z.object({ email: emailField.openapi({ example: "lina@acme.test" }) });

// Responses.

const UserRefSchema = registry.register("UserRef", z.object({ id: z.number().int(), name: z.string(), email: z.string() }).strict());

export const CommentSchema = registry.register(
  "Comment",
  z
    .object({
      id: z.number().int(),
      postId: z.number().int(),
      parentId: z.number().int().nullable(),
      author: UserRefSchema,
      body: z.string().openapi({ description: "Markdown as written; empty once deleted." }),
      bodyHtml: z.string().openapi({ description: "The sanitised HTML the board shows." }),
      internal: z.boolean(),
      createdAt: isoTimeSchema,
      editedAt: isoTimeSchema.nullable(),
      deletedAt: isoTimeSchema.nullable(),
    })
    .strict(),
);

export const VoteSchema = registry.register(
  "Vote",
  z
    .object({
      voter: UserRefSchema,
      source: z.enum(["self", "on_behalf"]),
      addedById: z.number().int().nullable().openapi({ description: "The staff member who recorded an on-behalf vote." }),
      note: z.string().nullable(),
      createdAt: isoTimeSchema,
    })
    .strict(),
);

export const UserSchema = registry.register(
  "User",
  z
    .object({
      id: z.number().int(),
      email: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      claimed: z.boolean().openapi({ description: "false for a placeholder account (an on-behalf vote, an import) its owner has not signed up to yet." }),
      banned: z.boolean(),
      locale: z.enum(LOCALES).nullable(),
      company: z.string().nullable(),
      monthlySpend: z.number().nullable(),
      avatarUrl: z.string().nullable(),
      createdAt: isoTimeSchema,
    })
    .strict(),
);

const noContent = { 204: { description: "Done; no body." } };

registry.registerPath({
  method: "get",
  path: "/api/v1/posts/{id}/comments",
  tags: ["Comments"],
  summary: "The idea's comments, oldest first",
  security,
  request: { params: postIdPath, query: commentsQuerySchema },
  responses: {
    200: { description: "A page of comments.", content: json(pageOf(CommentSchema).strict()) },
    ...problemResponses(400, 401, 403, 404, 429),
  },
});

registry.registerPath({
  method: "post",
  path: "/api/v1/posts/{id}/comments",
  tags: ["Comments"],
  summary: "Comment (or add an internal note)",
  description: "The same service as the board's comment form: followers are notified in-app, and by email if they asked for it. Internal notes notify no one.",
  security,
  request: { params: postIdPath, body: { required: true, content: json(newApiCommentSchema) } },
  responses: {
    201: { description: "The new comment.", content: json(CommentSchema) },
    ...problemResponses(400, 401, 403, 404, 413, 415, 429),
  },
});

registry.registerPath({
  method: "get",
  path: "/api/v1/posts/{id}/votes",
  tags: ["Votes"],
  summary: "The idea's votes, newest first",
  security,
  request: { params: postIdPath, query: votesQuerySchema },
  responses: {
    200: { description: "A page of votes.", content: json(pageOf(VoteSchema).strict()) },
    ...problemResponses(400, 401, 404, 429),
  },
});

registry.registerPath({
  method: "post",
  path: "/api/v1/posts/{id}/votes",
  tags: ["Votes"],
  summary: "Vote on behalf of a customer",
  description:
    "The same service as the staff panel's “add a vote on behalf”. 409 when the customer has voted already; 400 when they cannot see the idea (awaiting approval).",
  security,
  request: { params: postIdPath, body: { required: true, content: json(newVoteSchema) } },
  responses: {
    201: { description: "The vote.", content: json(VoteSchema) },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

registry.registerPath({
  method: "delete",
  path: "/api/v1/posts/{id}/votes",
  tags: ["Votes"],
  summary: "Remove a customer's vote",
  description: 'The customer is named by `?email=` or by a JSON body `{ "email": … }`. 404 when they have no vote on the idea.',
  security,
  request: { params: postIdPath, query: deleteVoteQuerySchema, body: { required: false, content: json(deleteVoteBodySchema) } },
  responses: { ...noContent, ...problemResponses(400, 401, 403, 404, 413, 415, 429) },
});

registry.registerPath({
  method: "get",
  path: "/api/v1/users",
  tags: ["Users"],
  summary: "The account for an email address",
  description: "Looks one account up by its address; there is no list of all users.",
  security,
  request: { query: userQuerySchema },
  responses: {
    200: { description: "The account.", content: json(UserSchema) },
    ...problemResponses(400, 401, 404, 429),
  },
});
