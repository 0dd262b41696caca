// Form parsing shared by every action: read the body safely, validate with zod, and
// hand back either typed data or per-field message keys plus what the user typed.
import { z } from "zod";
import type { MessageKey } from "~/i18n";

export const HONEYPOT_FIELD = "website";
const MAX_FORM_BYTES = 64 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a form body; oversized or malformed bodies become a 4xx, never a 500. */
export async function readForm(request: Request): Promise<FormData> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) throw new Response("Payload too large", { status: 413 });
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) {
    throw new Response("Unsupported form encoding", { status: 415 });
  }
  const text = await request.text().catch(() => {
    throw new Response("Malformed body", { status: 400 });
  });
  if (text.length > MAX_FORM_BYTES) throw new Response("Payload too large", { status: 413 });
  if (type.includes("multipart/form-data")) {
    try {
      return await new Request(request.url, { method: "POST", headers: { "content-type": type }, body: text }).formData();
    } catch {
      throw new Response("Malformed form", { status: 400 });
    }
  }
  try {
    const form = new FormData();
    for (const [key, value] of new URLSearchParams(text)) form.append(key, value);
    return form;
  } catch {
    throw new Response("Malformed form", { status: 400 });
  }
}

/** A honeypot field that people never see; bots fill it in. */
export function assertNoBot(form: FormData): void {
  const trap = form.get(HONEYPOT_FIELD);
  if (typeof trap === "string" && trap.trim() !== "") throw new Response("Bad request", { status: 400 });
}

export type FieldErrors = Partial<Record<string, MessageKey>>;
export type FormValues = Record<string, string>;
export type ParseResult<T> =
  | { ok: true; data: T; values: FormValues }
  | { ok: false; errors: FieldErrors; values: FormValues };

export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of form) {
    if (typeof value === "string" && key !== HONEYPOT_FIELD) values[key] = value;
  }
  return values;
}

/** Validates a form against a schema whose messages are catalogue keys. */
export function parseForm<S extends z.ZodTypeAny>(form: FormData, schema: S): ParseResult<z.output<S>> {
  const values = formValues(form);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= (issue.message.includes(".") ? issue.message : "error.required") as MessageKey;
  }
  return { ok: false, errors, values };
}

