// The OpenAPI registry of the JSON API (issue 14). Every request and response schema of
// /api/v1 is a zod schema registered here, and the same schema validates the request, so
// the document at /api/openapi.json cannot drift from what the routes accept.
// Import `z` from this module in API schema files: it carries `.openapi()`.
import { extendZodWithOpenApi, OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { API_SCOPES } from "~/db/enums";

extendZodWithOpenApi(z);
export { z };

export const registry = new OpenAPIRegistry();

export const bearerAuth = registry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  description: "An API key made at /admin/api. `write` includes `read`.",
});

/** Every route's `security`: the bearer key. */
export const bearerSecurity = [{ [bearerAuth.name]: [] }];

/** `{id}` in a post's paths. */
export const postIdPath = z.object({ id: z.string().regex(/^\d+$/).openapi({ description: "The idea's id.", example: "12" }) });

export const ProblemSchema = registry.register(
  "Problem",
  z
    .object({
      type: z.string().openapi({ example: "/api/docs#problem-error.notFound" }),
      title: z.string(),
      status: z.number().int(),
      detail: z.string(),
      key: z.string().openapi({ description: "The catalogue key of the message, for translated error text." }),
      errors: z.array(z.object({ field: z.string(), key: z.string(), detail: z.string() })).optional(),
    })
    .openapi({ description: "An RFC 9457 problem (application/problem+json)." }),
);

/** An ISO 8601 UTC time, as every API time is written. */
export const isoTimeSchema = z.string().datetime().openapi({ example: "2026-12-03T10:00:00.000Z" });

/** `?cursor=&limit=` of every list. */
export const pageQuery = {
  cursor: z.string().max(200).optional().openapi({ description: "The `nextCursor` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
};

/** `{ data: [...], nextCursor }`: a keyset page; `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

const PROBLEM_CONTENT = { "application/problem+json": { schema: ProblemSchema } };

/** The problem answers every authenticated route can give, for a path's `responses`. */
export function problemResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 415 | 429>) {
  const description: Record<number, string> = {
    400: "The request is not valid; `errors` lists the fields.",
    401: "The API key is missing, unknown or revoked.",
    403: "The key lacks the scope, or the action is not allowed.",
    404: "No such resource.",
    409: "The resource changed in a way that refuses this.",
    413: "The body is over 64 KB.",
    415: "The body is not JSON.",
    429: "Rate limited; see Retry-After.",
  };
  return Object.fromEntries(statuses.map((status) => [status, { description: description[status], content: PROBLEM_CONTENT }]));
}

export const apiScopeSchema = z.enum(API_SCOPES);
