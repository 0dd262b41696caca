// /api/docs, the API's documentation for people, read from the generated OpenAPI document
// (issue 14): the page shows exactly what /api/openapi.json says, laid out as tables of
// parameters and fields with a curl example per operation, plus the list of problems that
// every problem's `type` links to.
import { en, type MessageKey } from "~/i18n/en";
import { statusFor } from "~/utils/http.server";
import { openApiDocument } from "./openapi.server";

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
};

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema: JsonSchema };
type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

export type DocField = { name: string; type: string; required: boolean; description: string };
export type DocOperation = {
  anchor: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  scope: "read" | "write";
  parameters: (DocField & { in: string })[];
  body: DocField[] | null;
  success: { status: string; description: string; fields: DocField[] };
  problems: { status: string; description: string }[];
  curl: string;
};
export type DocProblem = { key: string; status: number; title: string };
export type ApiDocs = { version: string; groups: { tag: string; operations: DocOperation[] }[]; problems: DocProblem[] };

/** Problems the HTTP layer answers before any service runs, with their statuses (app/utils/api.server.ts). */
const TRANSPORT_PROBLEMS: [MessageKey, number][] = [
  ["error.apiKeyInvalid", 401],
  ["error.apiScope", 403],
  ["error.rateLimited", 429],
  ["error.invalidRequest", 400],
  ["error.unknownField", 400],
  ["error.invalidJson", 400],
  ["error.jsonRequired", 415],
  ["error.bodyTooLarge", 413],
  ["error.notFound", 404],
  ["error.methodNotAllowed", 405],
];
/** The error page's own words, which are no problem an API call answers with. */
const NOT_PROBLEMS = new Set(["error.heading", "error.home", "error.generic"]);

/** Every problem a call can answer with: the HTTP layer's first, then every error key the services can return. */
function problemList(): DocProblem[] {
  const transport = new Set<string>(TRANSPORT_PROBLEMS.map(([key]) => key));
  const serviceKeys = (Object.keys(en) as MessageKey[]).filter((key) => /(^|\.)error\.\w/.test(key) && !transport.has(key) && !NOT_PROBLEMS.has(key));
  return [...TRANSPORT_PROBLEMS, ...serviceKeys.map((key) => [key, statusFor(key)] as const)].map(([key, status]) => ({
    key,
    status,
    title: String(en[key]),
  }));
}

function resolve(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  if (schema.$ref) return resolve(components[schema.$ref.split("/").pop()!] ?? {}, components);
  if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0], components), description: schema.description };
  return schema;
}

/** The schema without its "or null", and whether null was one of the choices. */
function withoutNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) {
    const rest = choices.filter((c) => c.type !== "null");
    if (rest.length === 1 && rest.length < choices.length)
      return { schema: { ...rest[0], description: schema.description ?? rest[0].description }, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes("null")) {
    const types = schema.type.filter((t) => t !== "null");
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema, nullable: false };
}

function typeName(schema: JsonSchema, components: Record<string, JsonSchema>, withRange = true): string {
  const resolved = resolve(schema, components);
  const { schema: s, nullable } = withoutNull(resolved);
  // An enum that lists null says so itself.
  const saysNull = nullable && !s.enum?.includes(null);
  let name: string;
  if (s.enum) name = s.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (s.type === "array") name = `${s.items ? typeName(s.items, components, false) : "any"}[]`;
  else if (Array.isArray(s.type)) name = s.type.join(" | ");
  else name = [s.type ?? "any", s.format && s.format !== "email" ? `(${s.format})` : s.format === "email" ? "(email)" : ""].join(" ").trim();
  const range = !withRange
    ? ""
    : s.minimum !== undefined && s.maximum !== undefined
      ? ` ${s.minimum}–${s.maximum}`
      : s.maxLength !== undefined
        ? ` ≤ ${s.maxLength}`
        : "";
  return `${name}${range}${saysNull ? " | null" : ""}`;
}

/** An object schema as flat rows: nested objects as `board.slug`, lists of objects as `data[].id`. */
function fieldsOf(schema: JsonSchema, components: Record<string, JsonSchema>, prefix = "", depth = 0): DocField[] {
  const object = withoutNull(resolve(schema, components)).schema;
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).flatMap(([name, raw]) => {
    const property = withoutNull(resolve(raw, components)).schema;
    const path = `${prefix}${name}`;
    const row: DocField = {
      name: path,
      type: typeName(raw, components),
      required: required.has(name),
      description: raw.description ?? property.description ?? "",
    };
    if (depth > 2) return [row];
    if (property.type === "object" || property.properties) return [row, ...fieldsOf(property, components, `${path}.`, depth + 1)];
    const items = property.type === "array" && property.items ? withoutNull(resolve(property.items, components)).schema : null;
    if (items?.properties) return [row, ...fieldsOf(items, components, `${path}[].`, depth + 1)];
    return [row];
  });
}

function exampleOf(schema: JsonSchema, components: Record<string, JsonSchema>): Record<string, unknown> {
  const object = resolve(schema, components);
  if (object.example && typeof object.example === "object") return object.example as Record<string, unknown>;
  return Object.fromEntries(Object.entries(object.properties ?? {}).flatMap(([name, p]) => (p.example === undefined ? [] : [[name, p.example]])));
}

/** A curl command that runs as it is once CLOSELOOP_URL and CLOSELOOP_API_KEY are set. */
function curlOf(method: string, path: string, operation: Operation, components: Record<string, JsonSchema>): string {
  const lines: string[] = [];
  const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const param = operation.parameters?.find((p) => p.in === "path" && p.name === name);
    return String(param?.schema.example ?? "1");
  });
  const query = (operation.parameters ?? []).filter((p) => p.in === "query" && p.schema.example !== undefined);
  lines.push(`curl${method === "get" ? (query.length ? " -G" : "") : ` -X ${method.toUpperCase()}`} "$CLOSELOOP_URL${url}"`);
  lines.push(`  -H "Authorization: Bearer $CLOSELOOP_API_KEY"`);
  for (const p of query) lines.push(`  --data-urlencode "${p.name}=${String(p.schema.example)}"`);
  const body = operation.requestBody?.content["application/json"]?.schema;
  if (body) {
    lines.push(`  -H "Content-Type: application/json"`);
    // Single quotes keep the shell away from the JSON; a quote inside it is closed and reopened.
    lines.push(`  --data '${JSON.stringify(exampleOf(body, components), null, 2).replaceAll("'", "'\\''")}'`);
  }
  return lines.join(" \\\n");
}

export function apiDocs(): ApiDocs {
  const document = openApiDocument() as unknown as {
    info: { version: string };
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const components = document.components?.schemas ?? {};
  const groups = new Map<string, DocOperation[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const [successStatus, success] = Object.entries(operation.responses).find(([status]) => status.startsWith("2"))!;
      const successSchema = success.content ? Object.values(success.content)[0].schema : null;
      const body = operation.requestBody?.content["application/json"]?.schema;
      const entry: DocOperation = {
        anchor: `${method}-${path
          .replace(/^\/api\//, "")
          .replace(/[^a-z0-9]+/gi, "-")
          .replace(/-+$/, "")}`,
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? "",
        description: operation.description ?? "",
        scope: method === "get" ? "read" : "write",
        parameters: (operation.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          type: typeName(p.schema, components),
          required: Boolean(p.required),
          description: [p.description ?? p.schema.description ?? "", p.schema.default !== undefined ? `Default: ${JSON.stringify(p.schema.default)}.` : ""]
            .filter(Boolean)
            .join(" "),
        })),
        body: body ? fieldsOf(body, components) : null,
        success: { status: successStatus, description: success.description, fields: successSchema ? fieldsOf(successSchema, components) : [] },
        problems: Object.entries(operation.responses)
          .filter(([status]) => !status.startsWith("2"))
          .map(([status, r]) => ({ status, description: r.description })),
        curl: curlOf(method, path, operation, components),
      };
      const tag = operation.tags?.[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), entry]);
    }
  }
  return {
    version: document.info.version,
    groups: [...groups].map(([tag, operations]) => ({ tag, operations })),
    problems: problemList(),
  };
}
