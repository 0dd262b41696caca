// Every staff action on one post. Thin: parse, authorise (staff), call a service.
// With JavaScript the staff panel posts here through fetchers and shows errors in
// place; without it, success goes back to the post and an error renders below.
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useParams } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError } from "~/components/Field";
import { StatusOptions } from "~/components/TriageOptions";
import { useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { parseForm, readForm, type FieldErrors, type FormValues } from "~/utils/forms.server";
import { requireStaff } from "~/services/guards.server";
import { changeStatus, SETTABLE_STATUSES } from "~/services/loop.server";
import { mergePosts, undoMerge } from "~/services/merge.server";
import {
  addInternalNote,
  approvePosts,
  deletePosts,
  internalNoteSchema,
  kindSchema,
  onBehalfSchema,
  setBanned,
  setCommentsLocked,
  setKind,
  setPostTags,
  setSizing,
  sizingSchema,
  tagsSchema,
  voteOnBehalf,
} from "~/services/triage.server";
import { idParam, typedPostId } from "~/utils/validation";

// No redirect: after a no-JS POST with errors, Remix renders this route (and runs this
// loader) to show the form again with the error and what was typed.
export async function loader() {
  return null;
}

const statusSchema = z.object({
  status: z.enum(SETTABLE_STATUSES, { message: "error.statusInvalid" }),
  response: z.string().trim().max(10_000, "error.bodyTooLong").default(""),
});
const lockSchema = z.object({ locked: z.enum(["true", "false"]) });
const mergeSchema = z.object({ targetId: typedPostId });
const banSchema = z.object({ userId: idParam, banned: z.enum(["true", "false"]) });

type Outcome = { ok: boolean; intent: string; errors: FieldErrors; formError?: MessageKey; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const postId = idParam.safeParse(params.id);
  if (!postId.success) throw new Response("Not found", { status: 404 });
  const staff = await requireStaff(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const id = postId.data;

  const fail = (status: number, errors: FieldErrors, values: FormValues, formError?: MessageKey) =>
    data<Outcome>({ ok: false, intent, errors, formError, values }, { status });
  const parse = <S extends z.ZodTypeAny>(schema: S, lists?: string[]) => parseForm(form, schema, { lists });
  let result: { ok: true } | { ok: false; status: number; error: string; field?: string } = { ok: true };

  switch (intent) {
    case "kind": {
      const parsed = parse(kindSchema);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      if (setKind([id], parsed.data.kind) === 0) throw new Response("Not found", { status: 404 });
      break;
    }
    case "status": {
      const parsed = parse(statusSchema);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      const changed = await changeStatus(id, parsed.data.status, parsed.data.response, staff);
      if (!changed.ok) {
        if (changed.error === "error.notFound") throw new Response("Not found", { status: 404 });
        return fail(400, { status: changed.error }, parsed.values);
      }
      break;
    }
    case "sizing": {
      const parsed = parse(sizingSchema);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      result = setSizing(id, parsed.data.impact, parsed.data.effort);
      break;
    }
    case "tags": {
      const parsed = parse(tagsSchema, ["tagIds"]);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      result = setPostTags(id, parsed.data.tagIds);
      break;
    }
    case "lock": {
      const parsed = parse(lockSchema);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      result = setCommentsLocked(id, parsed.data.locked === "true");
      break;
    }
    case "delete":
      if (deletePosts([id]) === 0) throw new Response("Not found", { status: 404 });
      return redirect("/admin");
    case "approve":
      if (approvePosts([id]) === 0) throw new Response("Not found", { status: 404 });
      break;
    case "merge": {
      const parsed = parse(mergeSchema);
      if (!parsed.ok) return fail(400, { targetId: "error.mergeTargetInvalid" }, parsed.values);
      const merged = mergePosts(id, parsed.data.targetId, staff);
      if (!merged.ok) return fail(400, { targetId: merged.error }, parsed.values);
      break;
    }
    case "undoMerge": {
      const undone = undoMerge(id);
      if (!undone.ok) return fail(400, {}, {}, undone.error);
      break;
    }
    case "onBehalf": {
      const parsed = parse(onBehalfSchema);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      result = voteOnBehalf(id, parsed.data, staff);
      if (!result.ok) return fail(result.status, { [result.field ?? "email"]: result.error as MessageKey }, parsed.values);
      if (form.get("via") === "fetcher") return data<Outcome>({ ok: true, intent, errors: {}, values: {} });
      break;
    }
    case "note": {
      const parsed = parse(internalNoteSchema);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      result = await addInternalNote(id, parsed.data.body, staff);
      break;
    }
    case "ban": {
      const parsed = parse(banSchema);
      if (!parsed.ok) return fail(400, parsed.errors, parsed.values);
      result = setBanned(parsed.data.userId, parsed.data.banned === "true", staff);
      break;
    }
    default:
      throw new Response("Bad request", { status: 400 });
  }
  if (!result.ok) {
    if (result.status === 404) throw new Response("Not found", { status: 404 });
    return fail(result.status, result.field ? { [result.field]: result.error as MessageKey } : {}, {}, result.field ? undefined : (result.error as MessageKey));
  }
  if (form.get("via") === "fetcher") return data<Outcome>({ ok: true, intent, errors: {}, values: {} });
  return redirect(`/posts/${id}#staff`);
}

/** Shown only without JavaScript, when a staff action needs fixing: the form again, as typed. */
export default function TriageNeedsFixing() {
  const t = useT();
  const params = useParams();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const errors = outcome?.errors ?? {};
  const values = outcome?.values ?? {};
  const firstError = outcome?.formError ?? (Object.values(errors).find(Boolean) as MessageKey | undefined);
  const field = (name: string, label: string, multiline = false) => (
    <Field key={name} name={name} label={label} error={errors[name]}>
      {(p) =>
        multiline ? (
          <textarea {...p} rows={4} className="input" dir="auto" defaultValue={values[name]} />
        ) : (
          <input {...p} className="input" dir="auto" defaultValue={values[name]} />
        )
      }
    </Field>
  );
  const fields: Record<string, () => React.ReactNode> = {
    status: () => (
      <>
        <Field name="status" label={t("staff.status")} error={errors.status}>
          {(p) => (
            <select {...p} className="input" defaultValue={values.status}>
              <StatusOptions />
            </select>
          )}
        </Field>
        {field("response", t("staff.response"), true)}
      </>
    ),
    onBehalf: () => (
      <>
        {field("email", t("staff.customerEmail"))}
        {field("note", t("staff.onBehalfNote"))}
      </>
    ),
    note: () => field("body", t("staff.addNote"), true),
    merge: () => field("targetId", t("staff.mergeInto")),
  };
  const retry = outcome ? fields[outcome.intent] : undefined;
  return (
    <div className="card mx-auto max-w-2xl space-y-4 p-5">
      {retry ? (
        <form method="post" className="space-y-3" noValidate>
          <input type="hidden" name="intent" value={outcome!.intent} />
          {errors.status || errors.email || errors.note || errors.body || errors.targetId || errors.response ? null : <FormError error={firstError} />}
          {retry()}
          <button type="submit" className="btn btn-primary">
            {t("admin.save")}
          </button>
        </form>
      ) : (
        <FormError error={firstError} />
      )}
      <Link to={`/posts/${params.id}#staff`}>{t("post.backToPost")}</Link>
    </div>
  );
}
