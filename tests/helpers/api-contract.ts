// Checks real API responses against the schemas the OpenAPI document declares (issue 14).
// The document is generated from these same zod schemas, so parsing a body with the
// declared response schema is checking it against the document. Declare response objects
// `.strict()`, so that an undeclared field fails here.
import type { RouteConfig } from "@asteasolutions/zod-to-openapi";
import { expect } from "vitest";
import type { ZodTypeAny } from "zod";
import { registry } from "~/schemas/api/registry";
import "~/services/openapi.server";

type Operation = `${Uppercase<RouteConfig["method"]>} ${string}`;

function routes(): RouteConfig[] {
  return registry.definitions.flatMap((d) => (d.type === "route" ? [d.route] : []));
}

/** "GET /api/v1/posts/{id}" for every documented operation carrying one of these tags. */
export function operationsTagged(...tags: string[]): Operation[] {
  return routes()
    .filter((r) => r.tags?.some((t) => tags.includes(t)))
    .map((r) => `${r.method.toUpperCase()} ${r.path}` as Operation);
}

function declaredSchema(operation: Operation, status: number): ZodTypeAny | undefined {
  const [method, path] = operation.split(" ");
  const route = routes().find((r) => r.method.toUpperCase() === method && r.path === path);
  if (!route) throw new Error(`${operation} is not in the OpenAPI document.`);
  const response = route.responses[status] ?? route.responses[String(status)];
  if (!response) throw new Error(`${operation} does not declare a ${status} response.`);
  if (!("content" in response) || !response.content) return undefined;
  const media = Object.values(response.content)[0] as { schema?: ZodTypeAny } | undefined;
  return media?.schema;
}

/** The operations a test file has checked, so it can assert that none was left out. */
export const exercised = new Set<Operation>();

/**
 * Asserts that `response` is one the document declares for `operation` (status and body
 * schema), and returns the parsed body.
 */
export async function expectDeclared<T = unknown>(operation: Operation, response: Response): Promise<T> {
  exercised.add(operation);
  const schema = declaredSchema(operation, response.status);
  const text = await response.text();
  if (!schema) {
    expect(text).toBe("");
    return undefined as T;
  }
  const body = JSON.parse(text);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${operation} ${response.status} does not match its declared schema: ${parsed.error.message}\n${text.slice(0, 2000)}`);
  return body as T;
}
