// GET /api/openapi.json: the API's OpenAPI 3.1 document, generated from the zod schemas the
// routes validate with (issue 14). Public: it describes the API and grants nothing; any
// site's tooling (Swagger UI, code generators) may fetch it.
import { openApiDocument } from "~/services/openapi.server";

export function loader() {
  return new Response(JSON.stringify(openApiDocument()), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    },
  });
}
