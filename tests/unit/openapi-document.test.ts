// The OpenAPI document at /api/openapi.json (issue 14): valid OpenAPI 3.1, and every
// operation says how it is authenticated and which problems it can answer with. Its
// human rendering at /api/docs shows every operation and has an anchor for every problem.
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { apiDocs } from "~/services/api-docs.server";
import { openApiDocument } from "~/services/openapi.server";

type Operation = { tags?: string[]; security?: unknown[]; responses: Record<string, { content?: Record<string, unknown> }> };
const operations = () =>
  Object.entries(openApiDocument().paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(openApiDocument())));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("gives every operation a tag, bearer security and problem+json error answers", () => {
    expect(operations().length).toBeGreaterThanOrEqual(7);
    for (const { name, operation } of operations()) {
      expect(operation.tags?.length, name).toBeGreaterThan(0);
      expect(operation.security, name).toEqual([{ bearerAuth: [] }]);
      const errors = Object.entries(operation.responses).filter(([status]) => !status.startsWith("2"));
      expect(
        errors.map(([status]) => status),
        name,
      ).toContain("401");
      for (const [status, response] of errors) expect(Object.keys(response.content ?? {}), `${name} ${status}`).toEqual(["application/problem+json"]);
    }
  });

  it("declares the post's nullable enums with null among their values, so a validator accepts an untriaged post", () => {
    const post = (openApiDocument().components?.schemas?.Post ?? {}) as { properties: Record<string, { enum?: unknown[] }> };
    expect(post.properties.kind.enum).toContain(null);
  });
});

describe("/api/docs", () => {
  it("shows every operation of the document, with a curl example that sends the key", () => {
    const docs = apiDocs();
    const shown = docs.groups.flatMap((g) => g.operations.map((op) => `${op.method} ${op.path}`));
    expect(shown.sort()).toEqual(
      operations()
        .map((op) => op.name)
        .sort(),
    );
    for (const op of docs.groups.flatMap((g) => g.operations)) {
      expect(op.curl, op.path).toContain('-H "Authorization: Bearer $CLOSELOOP_API_KEY"');
      expect(op.curl, op.path).toContain(`"$CLOSELOOP_URL${op.path.replace(/\{id\}/, "12")}"`);
      expect(op.success.fields.length + (op.success.status === "204" ? 1 : 0), op.path).toBeGreaterThan(0);
    }
  });

  it("writes a field's type once: an enum that lists null is not said to be nullable again, a list of names is string[]", () => {
    const patch = apiDocs()
      .groups.flatMap((g) => g.operations)
      .find((op) => op.method === "PATCH")!;
    expect(patch.body?.find((f) => f.name === "kind")?.type).toBe('"bug" | "minor_bug" | "feature_request" | null');
    expect(patch.body?.find((f) => f.name === "tags")?.type).toBe("string[]");
    expect(patch.body?.find((f) => f.name === "impact")?.type).toBe("integer 1–5 | null");
  });

  it("lists each problem key once, the HTTP layer's with their statuses", () => {
    const { problems } = apiDocs();
    expect(new Set(problems.map((p) => p.key)).size).toBe(problems.length);
    expect(problems).toEqual(
      expect.arrayContaining([
        { key: "error.apiKeyInvalid", status: 401, title: expect.any(String) },
        { key: "error.rateLimited", status: 429, title: expect.any(String) },
        { key: "error.bodyTooLarge", status: 413, title: expect.any(String) },
        { key: "error.mergeSelf", status: 400, title: "An idea cannot be merged into itself." },
      ]),
    );
    expect(problems.map((p) => p.key)).not.toContain("error.heading");
  });
});
