// Calls a JSON API route module (app/routes/api.*.ts) in-process, as Remix would, and
// hands back the raw Response, whether the route returned it or threw it (authorizeApi and
// readJsonBody throw their problem answers).
import type { ApiScope } from "~/db/enums";
import { createApiKey } from "~/services/api-keys.server";
import type { SessionUser } from "~/services/auth.server";
import { testContext } from "./factories";

export type ApiRouteModule = { loader?: (args: never) => unknown; action?: (args: never) => unknown };
export type ApiMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export type ApiCallOptions = {
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string;
  /** A value is sent as JSON; a string as it is (with `contentType`, default application/json). */
  body?: unknown;
  contentType?: string | null;
  headers?: Record<string, string>;
  params?: Record<string, string>;
};

export function apiRequest(method: ApiMethod, path: string, options: ApiCallOptions = {}): Request {
  const headers = new Headers(options.headers);
  if (options.key) headers.set("authorization", `Bearer ${options.key}`);
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (options.contentType !== null) headers.set("content-type", options.contentType ?? "application/json");
  }
  return new Request(`http://localhost${path}`, { method, headers, body });
}

/** GET goes to the loader, anything else to the action. */
export async function callApi(module: ApiRouteModule, method: ApiMethod, path: string, options: ApiCallOptions = {}): Promise<Response> {
  const handler = method === "GET" ? module.loader : module.action;
  if (!handler) throw new Error(`the route has no ${method === "GET" ? "loader" : "action"} for ${method} ${path}`);
  try {
    const result = await handler({ request: apiRequest(method, path, options), params: options.params ?? {}, context: testContext } as never);
    if (!(result instanceof Response)) throw new Error(`${method} ${path} answered with something other than a Response`);
    return result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** A new key of `admin`'s, as the admin page makes it. */
export function apiKeyFor(admin: Pick<SessionUser, "id">, scope: ApiScope, name = `${scope} key`): { key: string; id: number } {
  const { key, row } = createApiKey({ name, scope }, admin);
  return { key, id: row.id };
}
