// The OpenAPI 3.1 document of /api/v1, generated from the registered zod schemas (issue 14).
import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { registry } from "~/schemas/api/registry";
// Each resource module registers its paths when imported.
import "~/schemas/api/posts";
import "~/schemas/api/people";

let document: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

export function openApiDocument() {
  document ??= new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Closeloop API",
      version: "1.0.0",
      description:
        "The JSON API of a Closeloop board. Authenticate with `Authorization: Bearer <key>` (keys: /admin/api). " +
        "Lists are keyset-paged: pass `nextCursor` back as `cursor`. Errors are RFC 9457 problems. Times are ISO 8601 UTC.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
  });
  return document;
}
