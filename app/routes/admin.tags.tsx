// Staff make the tags they sort posts with: a name and a colour.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { TagBadge } from "~/components/Badges";
import { Field } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useT } from "~/components/i18n";
import { listTags } from "~/models/tags.server";
import { requireStaff } from "~/services/guards.server";
import { newTagSchema } from "~/schemas/tags";
import { createTag, removeTag } from "~/services/triage.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";
import { idParam } from "~/utils/validation";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { tags: listTags().map(({ id, name, color }) => ({ id, name, color })) };
}

type Ctx = { request: Request };
const intents = {
  create: intent({ schema: newTagSchema, authorise: ({ request }: Ctx) => requireStaff(request), run: (input) => createTag(input) }),
  delete: intent({ schema: z.object({ tagId: idParam }), authorise: ({ request }: Ctx) => requireStaff(request), run: ({ tagId }) => removeTag(tagId) }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireStaff(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  return ran.ok ? redirect("/admin/tags") : ran.rejected;
}

export default function Tags() {
  const t = useT();
  const { tags } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(newTagSchema, rejected?.intent === "create" ? rejected.reply : undefined);
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
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="card flex flex-wrap items-end gap-3 p-4" noValidate key={tags.length}>
        <input type="hidden" name="intent" value="create" />
        <Field name="name" label={t("tags.name")} error={firstError(fields.name.errors)}>
          {(p) => <input {...p} className="input" dir="auto" maxLength={30} defaultValue={typedValue(fields.name.initialValue)} />}
        </Field>
        <Field name="color" label={t("tags.color")} error={firstError(fields.color.errors)}>
          {(p) => <input {...p} type="color" className="input h-10 w-16 p-1" defaultValue={typedValue(fields.color.initialValue) ?? "#64748b"} />}
        </Field>
        <button type="submit" className="btn btn-primary">
          {t("tags.create")}
        </button>
      </Form>
    </div>
  );
}
