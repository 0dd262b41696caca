// Intent tables (ADR 010): an action that does several things is a table of small
// entries, one per value of the form's `intent` field, each with the schema of its
// fields, who may call it, and the service call it makes. `runIntent` does the rest the
// same way for every table: parse, authorise, run, and turn a failure into a reply.
import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { parseSubmission, rejection } from "./forms.server";
import { statusFor, throwIfNotFound } from "./http.server";
import type { Result } from "./result";

export type IntentEntry<Ctx, Actor, S extends z.ZodTypeAny, T> = {
  schema: S;
  /** Returns the actor, or throws the response (404, 403, a redirect to sign in). */
  authorise: (ctx: Ctx) => Promise<Actor> | Actor;
  run: (input: z.output<S>, actor: Actor, ctx: Ctx) => Promise<Result<T>> | Result<T>;
};

/** Declares one entry, so TypeScript infers its schema's and actor's types. */
export function intent<Ctx, Actor, S extends z.ZodTypeAny, T>(entry: IntentEntry<Ctx, Actor, S, T>): IntentEntry<Ctx, Actor, S, T> {
  return entry;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry has its own actor, schema and value types
export type IntentTable<Ctx> = Record<string, IntentEntry<Ctx, any, any, any>>;

/** What an intent action answers when the form needs fixing: which form, and conform's reply. */
export type IntentRejection = { intent: string; reply: SubmissionResult<string[]> };

export type IntentOutcome<Table> = {
  // Inferred from `run` alone: matching the whole entry against never-typed parameters
  // lost the value type of entries whose schema has optional fields.
  [K in keyof Table]: { intent: K; value: Table[K] extends { run: (...args: never[]) => Promise<Result<infer T>> | Result<infer T> } ? T : never };
}[keyof Table];

/**
 * Runs the entry the form names. An unknown intent is a 400 and a missing record a 404
 * (both thrown); a form to fix comes back as `{ rejected }` with its status set, for the
 * route to return. On success the route decides where to go next.
 */
export async function runIntent<Ctx, Table extends IntentTable<Ctx>>(
  form: FormData,
  table: Table,
  ctx: Ctx,
): Promise<{ ok: true; outcome: IntentOutcome<Table> } | { ok: false; rejected: ReturnType<typeof data<IntentRejection>> }> {
  const name = form.get("intent");
  if (typeof name !== "string" || !Object.hasOwn(table, name)) throw new Response("Bad request", { status: 400 });
  const entry = table[name];
  const actor = await entry.authorise(ctx);
  const submission = parseSubmission(form, entry.schema);
  if (submission.status !== "success") {
    return { ok: false, rejected: data<IntentRejection>({ intent: name, reply: rejection(submission) }, { status: 400 }) };
  }
  const result = await entry.run(submission.value, actor, ctx);
  if (result.ok) return { ok: true, outcome: { intent: name, value: result.value } as IntentOutcome<Table> };
  throwIfNotFound(result);
  return { ok: false, rejected: data<IntentRejection>({ intent: name, reply: rejection(submission, result) }, { status: statusFor(result.error) }) };
}
