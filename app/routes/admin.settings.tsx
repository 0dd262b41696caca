import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useT } from "~/components/i18n";
import { SiteFields } from "~/components/SiteFields";
import {
  archiveBoardSchema,
  createBoard,
  createBoardSchema,
  listBoardsForAdmin,
  renameBoard,
  setBoardArchived,
  updateBoardSchema,
} from "~/services/boards.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { requireAdmin } from "~/services/guards.server";
import { getSiteSettings, loopSettingsSchema, siteSettingsSchema, updateLoopSettings, updateSiteSettings } from "~/services/site.server";
import { STATUS_CHANGE_NOTICE_STATUSES } from "~/db/enums";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { site: getSiteSettings(), boards: listBoardsForAdmin() };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const fail = (errors: object, values: object, status = 400) => data({ intent, boardId: String(form.get("boardId") ?? ""), errors, values }, { status });

  if (intent === "site") {
    const parsed = parseForm(form, siteSettingsSchema);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    updateSiteSettings(parsed.data);
  } else if (intent === "loop") {
    const parsed = parseForm(form, loopSettingsSchema);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    updateLoopSettings(parsed.data);
  } else if (intent === "createBoard") {
    const parsed = parseForm(form, createBoardSchema);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    const result = createBoard(parsed.data);
    if (!result.ok) return fail(result.errors, parsed.values);
  } else if (intent === "updateBoard") {
    const parsed = parseForm(form, updateBoardSchema);
    if (!parsed.ok) return fail(parsed.errors, parsed.values);
    const result = renameBoard(parsed.data);
    if (!result.ok) {
      if (result.notFound) throw new Response("Not found", { status: 404 });
      return fail(result.errors, parsed.values);
    }
  } else if (intent === "archiveBoard") {
    const parsed = parseForm(form, archiveBoardSchema);
    if (!parsed.ok) throw new Response("Bad request", { status: 400 });
    const result = setBoardArchived(parsed.data.boardId, parsed.data.archived === "true");
    if (!result.ok) throw new Response("Not found", { status: 404 });
  } else {
    throw new Response("Bad request", { status: 400 });
  }
  return redirect("/admin/settings?saved=1");
}

type Failure = { intent: string; boardId: string; errors: Record<string, never>; values: Record<string, string> };

export default function AdminSettings() {
  const t = useT();
  const { site, boards } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure | undefined;
  const [params] = useSearchParams();
  const saved = params.get("saved") === "1";
  const failed = (intent: string, boardId = "") => (failure && failure.intent === intent && failure.boardId === boardId ? failure : undefined);
  const siteFailure = failed("site");
  const createFailure = failed("createBoard");
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <h1 className="text-2xl font-bold">{t("admin.settingsHeading")}</h1>
      {saved && !failure ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("admin.saved")}
        </p>
      ) : null}

      <section className="card space-y-4 p-5" aria-labelledby="site-heading">
        <h2 id="site-heading" className="text-lg font-semibold">
          {t("admin.siteHeading")}
        </h2>
        <Form method="post" className="space-y-3" noValidate>
          <input type="hidden" name="intent" value="site" />
          <SiteFields values={siteFailure?.values ?? site} errors={siteFailure?.errors ?? {}} />
          <button type="submit" className="btn btn-primary">
            {t("admin.save")}
          </button>
        </Form>
      </section>

      <section className="card space-y-4 p-5" aria-labelledby="loop-heading">
        <h2 id="loop-heading" className="text-lg font-semibold">
          {t("admin.loopHeading")}
        </h2>
        <Form method="post" className="space-y-3">
          <input type="hidden" name="intent" value="loop" />
          <label className="flex items-start gap-2">
            <input type="checkbox" name="requireApproval" defaultChecked={site.requireApproval} className="mt-1" />
            <span>
              <span className="block font-medium">{t("admin.requireApproval")}</span>
              <span className="block text-sm text-muted">{t("admin.requireApprovalHint")}</span>
            </span>
          </label>
          <fieldset className="space-y-2">
            <legend className="font-medium">{t("admin.noticeStatuses")}</legend>
            <p className="text-sm text-muted">{t("admin.noticeStatusesHint")}</p>
            <div className="flex flex-wrap gap-4">
              {STATUS_CHANGE_NOTICE_STATUSES.map((status) => (
                <label key={status} className="flex items-center gap-2">
                  <input type="checkbox" name={`notice_${status}`} defaultChecked={site.noticeStatuses.includes(status)} />
                  {t(`status.${status}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="btn btn-primary">
            {t("admin.save")}
          </button>
        </Form>
      </section>

      <section className="space-y-4" aria-labelledby="boards-heading">
        <h2 id="boards-heading" className="text-lg font-semibold">
          {t("admin.boardsHeading")}
        </h2>
        {boards.map((board) => {
          const f = failed("updateBoard", String(board.id));
          return (
            <div key={board.id} className="card space-y-3 p-4">
              {board.archivedAt ? <span className="badge border-line text-muted">{t("admin.archived")}</span> : null}
              <Form method="post" className="grid gap-3 sm:grid-cols-2" noValidate>
                <input type="hidden" name="intent" value="updateBoard" />
                <input type="hidden" name="boardId" value={board.id} />
                <Field name={`name-${board.id}`} label={t("admin.boardName")} error={f?.errors.name}>
                  {(p) => <input {...p} name="name" className="input" dir="auto" defaultValue={f?.values.name ?? board.name} />}
                </Field>
                <Field name={`slug-${board.id}`} label={t("admin.boardSlug")} error={f?.errors.slug}>
                  {(p) => <input {...p} name="slug" className="input" dir="ltr" defaultValue={f?.values.slug ?? board.slug} />}
                </Field>
                <div className="sm:col-span-2">
                  <Field name={`description-${board.id}`} label={t("admin.boardDescription")} error={f?.errors.description}>
                    {(p) => (
                      <textarea {...p} name="description" rows={2} className="input" dir="auto" defaultValue={f?.values.description ?? board.description} />
                    )}
                  </Field>
                </div>
                <div>
                  <button type="submit" className="btn btn-primary">
                    {t("admin.saveBoard")}
                  </button>
                </div>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="archiveBoard" />
                <input type="hidden" name="boardId" value={board.id} />
                <input type="hidden" name="archived" value={board.archivedAt ? "false" : "true"} />
                <button type="submit" className="btn">
                  {board.archivedAt ? t("admin.restoreBoard") : t("admin.archiveBoard")}
                </button>
              </Form>
            </div>
          );
        })}
        <Form key={boards.length} method="post" className="card grid gap-3 border-dashed p-4 sm:grid-cols-2" noValidate aria-labelledby="new-board-heading">
          <h3 id="new-board-heading" className="font-semibold sm:col-span-2">
            {t("admin.createBoard")}
          </h3>
          <input type="hidden" name="intent" value="createBoard" />
          <Field name="name" label={t("admin.boardName")} error={createFailure?.errors.name}>
            {(p) => <input {...p} className="input" dir="auto" defaultValue={createFailure?.values.name} />}
          </Field>
          <Field name="slug" label={t("admin.boardSlug")} hint={t("admin.boardSlugHint")} error={createFailure?.errors.slug}>
            {(p) => <input {...p} className="input" dir="ltr" defaultValue={createFailure?.values.slug} />}
          </Field>
          <div className="sm:col-span-2">
            <Field name="description" label={t("admin.boardDescription")} error={createFailure?.errors.description}>
              {(p) => <textarea {...p} rows={2} className="input" dir="auto" defaultValue={createFailure?.values.description} />}
            </Field>
          </div>
          <div>
            <button type="submit" className="btn btn-primary">
              {t("admin.createBoard")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
