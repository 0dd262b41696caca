// Form parsing shared by every action: read the body safely, validate with zod, and
// hand back either typed data or per-field message keys plus what the user typed.
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { en } from "~/i18n/en";

export const HONEYPOT_FIELD = "website";
const MAX_FORM_BYTES = 64 * 1024;

/** Reads the body as UTF-8, counting bytes as they arrive, and stops past the limit. */
async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new Response("Payload too large", { status: 413 });
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    throw new Response("Malformed body", { status: 400 });
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads a form body; oversized or malformed bodies become a 4xx, never a 500. */
export async function readForm(request: Request): Promise<FormData> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_FORM_BYTES) throw new Response("Payload too large", { status: 413 });
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) {
    throw new Response("Unsupported form encoding", { status: 415 });
  }
  const text = await readLimitedText(request, MAX_FORM_BYTES);
  if (type.includes("multipart/form-data")) {
    try {
      return await new Request(request.url, { method: "POST", headers: { "content-type": type }, body: text }).formData();
    } catch {
      throw new Response("Malformed form", { status: 400 });
    }
  }
  const form = new FormData();
  for (const [key, value] of new URLSearchParams(text)) form.append(key, value);
  return form;
}

/** A honeypot field that people never see; bots fill it in. */
export function assertNoBot(form: FormData): void {
  const trap = form.get(HONEYPOT_FIELD);
  if (typeof trap === "string" && trap.trim() !== "") throw new Response("Bad request", { status: 400 });
}

export type FieldErrors = Partial<Record<string, MessageKey>>;
export type FormValues = Record<string, string>;
export type ParseResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; errors: FieldErrors; values: FormValues };

export function formValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const [key, value] of form) {
    if (typeof value === "string" && key !== HONEYPOT_FIELD) values[key] = value;
  }
  return values;
}

/** Validates a form against a schema whose messages are catalogue keys. */
export function parseForm<S extends z.ZodTypeAny>(form: FormData, schema: S, options: { lists?: string[] } = {}): ParseResult<z.output<S>> {
  const values = formValues(form);
  // Fields that repeat (checkbox groups) reach the schema as every value they had.
  const input: Record<string, string | string[]> = { ...values };
  for (const name of options.lists ?? []) input[name] = form.getAll(name).filter((v): v is string => typeof v === "string");
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    // Schemas give catalogue keys; anything else (zod's own English) becomes "required".
    errors[field] ??= (issue.message in en ? issue.message : "error.required") as MessageKey;
  }
  return { ok: false, errors, values };
}
