// The JSON API's HTTP layer (issue 14, /api/v1): bearer-key authentication, per-key rate
// limits, bounded JSON bodies, and RFC 9457 problem answers. Routes stay thin: they call
// `authorizeApi`, `readJsonBody` / `readApiQuery`, a service, then `apiJson` or `problemFor`.
// No cookie is ever read here: a bearer key is the only authority, which is also why the
// same-origin (CSRF) guard does not apply under /api.
import { z } from "zod";
import type { ApiScope } from "~/db/enums";
import type { MessageKey } from "~/i18n";
import { translate } from "~/i18n/catalogues.server";
import { authenticateApiKey, scopeAllows, type ApiCaller } from "~/services/api-keys.server";
import { allowAttempt, retryAfterSeconds } from "~/services/rate-limit.server";
import { readLimitedText } from "./forms.server";
import { statusFor } from "./http.server";
import type { Err } from "./result";
import { CATALOGUE_KEY } from "./validation";

export const API_JSON_LIMIT_BYTES = 64 * 1024;

export type ProblemFieldError = { field: string; key: MessageKey; detail: string };
export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  detail: string;
  key: MessageKey;
  errors?: ProblemFieldError[];
};

const NO_STORE = { "cache-control": "no-store" };

export function apiJson(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), { status, headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE, ...headers } });
}

/** Titles the API words for itself: the web's "We could not find that page" is about pages. The key stays the service's. */
const API_TITLE: Partial<Record<MessageKey, MessageKey>> = { "error.notFound": "error.apiNotFound" };

/** An RFC 9457 answer. `type` points at the problem's entry in the API docs; `detail` is English; `key` is the catalogue key. */
export function problem(
  status: number,
  key: MessageKey,
  options: { detail?: string; errors?: ProblemFieldError[]; headers?: Record<string, string> } = {},
): Response {
  const title = translate("en", API_TITLE[key] ?? key);
  const body: ProblemBody = {
    type: `/api/docs#problem-${key}`,
    title,
    status,
    detail: options.detail ?? title,
    key,
    ...(options.errors && { errors: options.errors }),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...NO_STORE, ...options.headers },
  });
}

/** A route's answer to a method it does not take: a 405 problem with `Allow`. */
export function methodNotAllowed(...allowed: string[]): () => Response {
  return () => problem(405, "error.methodNotAllowed", { headers: { allow: allowed.join(", ") } });
}

/** Throws the 405 problem unless the request's method is one of these (an action answers every method but GET). */
export function requireMethod(request: Request, ...allowed: string[]): void {
  if (!allowed.includes(request.method)) throw methodNotAllowed(...allowed)();
}

/** A service's failure as a problem, with the status the web forms would answer with. */
export function problemFor(failure: Err): Response {
  const errors = failure.field ? [{ field: failure.field, key: failure.error, detail: translate("en", failure.error) }] : undefined;
  return problem(statusFor(failure.error), failure.error, { errors });
}

/**
 * The caller of an API request, or a thrown problem: 401 for a missing, unknown or revoked
 * key, 403 for a key without the scope, 429 (with Retry-After) past the key's rate limit.
 */
export function authorizeApi(request: Request, scope: ApiScope): ApiCaller {
  const caller = authenticateApiKey(request.headers.get("authorization"));
  if (!caller.ok) throw problem(401, caller.error, { headers: { "www-authenticate": 'Bearer realm="closeloop"' } });
  if (!scopeAllows(caller.value.scope, scope)) throw problem(403, "error.apiScope");
  if (!allowAttempt("api", String(caller.value.keyId))) {
    throw problem(429, "error.rateLimited", { headers: { "retry-after": String(retryAfterSeconds("api")) } });
  }
  return caller.value;
}

/** zod's issues as the problem's field list: a catalogue key where the schema names one, else zod's own English. */
function fieldErrors(error: z.ZodError): ProblemFieldError[] {
  return error.issues.flatMap((issue) => {
    const key: MessageKey = CATALOGUE_KEY.test(issue.message) ? (issue.message as MessageKey) : "error.invalidRequest";
    const detail = key === "error.invalidRequest" ? issue.message : translate("en", key);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((name) => ({
        field: [...issue.path, name].join("."),
        key: "error.unknownField" as const,
        detail: translate("en", "error.unknownField"),
      }));
    }
    return [{ field: issue.path.join(".") || "(body)", key, detail }];
  });
}

function invalid(error: z.ZodError): Response {
  return problem(400, "error.invalidRequest", { errors: fieldErrors(error) });
}

/**
 * A JSON body, validated. Use a `.strict()` schema so unknown fields are refused. Too
 * large (64 KB), not JSON, or not valid: a thrown problem, never a 500.
 */
export async function readJsonBody<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<z.output<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw problem(415, "error.jsonRequired");
  if (Number(request.headers.get("content-length") ?? "0") > API_JSON_LIMIT_BYTES) throw problem(413, "error.bodyTooLarge");
  let text: string;
  try {
    text = await readLimitedText(request, API_JSON_LIMIT_BYTES);
  } catch (error) {
    if (error instanceof Response && error.status === 413) throw problem(413, "error.bodyTooLarge");
    throw problem(400, "error.invalidJson");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw problem(400, "error.invalidJson");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/** The query string, validated (a repeated parameter keeps its last value). */
export function readApiQuery<S extends z.ZodTypeAny>(request: Request, schema: S): z.output<S> {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

/** A route parameter that must be a positive id; anything else is the API's 404. */
export function apiIdParam(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(id)) throw problem(404, "error.notFound");
  return id;
}

/** Epoch milliseconds as the API writes times: ISO 8601 UTC. */
export function isoTime(epochMs: number): string;
export function isoTime(epochMs: number | null): string | null;
export function isoTime(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs).toISOString();
}
