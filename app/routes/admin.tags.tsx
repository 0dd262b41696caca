// Staff make the tags they sort posts with: a name and a colour.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TagBadge } from "~/components/Badges";
import { Field } from "~/components/Field";
import { useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { listTags } from "~/models/tags.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { requireStaff } from "~/services/guards.server";
import { createTag, newTagSchema, removeTag } from "~/services/triage.server";
import { idParam } from "~/utils/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { tags: listTags().map(({ id, name, color }) => ({ id, name, color })) };
}

type Failure = { errors: Partial<Record<string, MessageKey>>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  await requireStaff(request);
  const form = await readForm(request);
  if (form.get("intent") === "delete") {
    const parsed = z.object({ tagId: idParam }).safeParse(Object.fromEntries(form));
    if (!parsed.success) throw new Response("Bad request", { status: 400 });
    removeTag(parsed.data.tagId);
    return redirect("/admin/tags");
  }
  const parsed = parseForm(form, newTagSchema);
  if (!parsed.ok) return data<Failure>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = createTag(parsed.data);
  if (!result.ok) return data<Failure>({ errors: { [result.field ?? "name"]: result.error as MessageKey }, values: parsed.values }, { status: 400 });
  return redirect("/admin/tags");
}

export default function Tags() {
  const t = useT();
  const { tags } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t("tags.heading")}</h1>
      {tags.length === 0 ? <p className="text-muted">{t("tags.empty")}</p> : null}
      <ul className="space-y-2">
        {tags.map((tag) => (
          <li key={tag.id} className="card flex items-center gap-3 p-3" data-testid="tag">
            <TagBadge tag={tag} />
            <Form method="post" className="ms-auto" onSubmit={(e) => !window.confirm(t("tags.deleteConfirm")) && e.preventDefault()}>
              <input type="hidden" name="intent" value="delete" />
              <input type="hidden" name="tagId" value={tag.id} />
              <button type="submit" className="btn text-sm">
                {t("tags.delete")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <Form method="post" className="card flex flex-wrap items-end gap-3 p-4" noValidate key={tags.length}>
        <input type="hidden" name="intent" value="create" />
        <Field name="name" label={t("tags.name")} error={failure?.errors.name}>
          {(p) => <input {...p} className="input" dir="auto" maxLength={30} defaultValue={failure?.values.name} />}
        </Field>
        <Field name="color" label={t("tags.color")} error={failure?.errors.color}>
          {(p) => <input {...p} type="color" className="input h-10 w-16 p-1" defaultValue={failure?.values.color ?? "#64748b"} />}
        </Field>
        <button type="submit" className="btn btn-primary">
          {t("tags.create")}
        </button>
      </Form>
    </div>
  );
}
