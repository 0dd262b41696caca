// Form parsing shared by every action: read the body safely, validate with conform and
// zod, and hand back either typed data or per-field message keys plus what was typed.
import type { Submission, SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { statusFor } from "./http.server";
import type { Err } from "./result";
import { catalogueErrorMap } from "./validation";

export const HONEYPOT_FIELD = "website";
const MAX_FORM_BYTES = 64 * 1024;

/** Reads the body as UTF-8, counting bytes as they arrive, and stops past the limit. */
export async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
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

/**
 * What a form gets back when it has to be fixed: conform's submission result, with what
 * was typed (less passwords and the honeypot) and each error beside its field. A
 * service's failure goes beside `failure.field`, or on the whole form.
 */
export function rejection(submission: Submission<unknown>, failure?: Err): SubmissionResult<string[]> {
  const typed = Object.keys(submission.payload);
  const hideFields = [HONEYPOT_FIELD, ...typed.filter((name) => /password/i.test(name))];
  if (!failure) return submission.reply({ hideFields });
  return failure.field
    ? submission.reply({ fieldErrors: { [failure.field]: [failure.error] }, hideFields })
    : submission.reply({ formErrors: [failure.error], hideFields });
}

/** The reply with its status: 400 for what the user typed, else as `statusFor` maps the service's error. */
export function reject(submission: Submission<unknown>, failure?: Err) {
  return data(rejection(submission, failure), { status: failure ? statusFor(failure.error) : 400 });
}

/** Validates a form with conform against a schema whose messages are catalogue keys. */
export function parseSubmission<S extends z.ZodTypeAny>(form: FormData, schema: S) {
  return parseWithZod(form, { schema, errorMap: catalogueErrorMap });
}
