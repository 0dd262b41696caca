import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useT } from "~/components/i18n";
import { SiteFields } from "~/components/SiteFields";
import { SsoSettings } from "~/components/SsoSettings";
import { STATUS_CHANGE_NOTICE_STATUSES } from "~/db/enums";
import { archiveBoardSchema, createBoardSchema, loopSettingsSchema, scheduleSettingsSchema, siteSettingsSchema, updateBoardSchema } from "~/schemas/admin";
import { createBoard, listBoardsForAdmin, renameBoard, setBoardArchived } from "~/services/boards.server";
import { requireAdmin } from "~/services/guards.server";
import { getSiteSettings, updateLoopSettings, updateScheduleSettings, updateSiteSettings } from "~/services/site.server";
import { ssoEnabledSchema, ssoRotateSchema } from "~/schemas/sso";
import { getSsoSettings, rotateSsoSecret, setSsoEnabled } from "~/services/sso.server";
import { publicUrl } from "~/utils/signed-links.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return {
    site: getSiteSettings(),
    boards: listBoardsForAdmin(),
    timeZones: Intl.supportedValuesOf("timeZone"),
    sso: { ...getSsoSettings(), signInUrl: `${publicUrl()}/sso` },
  };
}

type Ctx = { request: Request };
const asAdmin = ({ request }: Ctx) => requireAdmin(request);
const intents = {
  site: intent({ schema: siteSettingsSchema, authorise: asAdmin, run: (input) => updateSiteSettings(input) }),
  loop: intent({ schema: loopSettingsSchema, authorise: asAdmin, run: (input) => updateLoopSettings(input) }),
  schedule: intent({ schema: scheduleSettingsSchema, authorise: asAdmin, run: (input) => updateScheduleSettings(input) }),
  createBoard: intent({ schema: createBoardSchema, authorise: asAdmin, run: (input) => createBoard(input) }),
  updateBoard: intent({ schema: updateBoardSchema, authorise: asAdmin, run: (input) => renameBoard(input) }),
  ssoEnabled: intent({ schema: ssoEnabledSchema, authorise: asAdmin, run: ({ enabled }) => setSsoEnabled(enabled) }),
  ssoRotate: intent({ schema: ssoRotateSchema, authorise: asAdmin, run: () => rotateSsoSecret() }),
  archiveBoard: intent({ schema: archiveBoardSchema, authorise: asAdmin, run: ({ boardId, archived }) => setBoardArchived(boardId, archived === "true") }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  return ran.ok ? redirect("/admin/settings?saved=1") : ran.rejected;
}

type Board = ReturnType<typeof useLoaderData<typeof loader>>["boards"][number];
type Reply = SubmissionResult<string[]> | undefined;

export default function AdminSettings() {
  const t = useT();
  const { site, boards, timeZones, sso } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [params] = useSearchParams();
  const saved = params.get("saved") === "1";
  const replyTo = (name: string, boardId?: number) =>
    rejected?.intent === name && (boardId === undefined || rejected.reply.initialValue?.boardId === String(boardId)) ? rejected.reply : undefined;
  const [siteForm, siteFields] = useSchemaForm(siteSettingsSchema, replyTo("site"), { id: "site-settings", defaultValue: site });
  const [createForm, createFields] = useSchemaForm(createBoardSchema, replyTo("createBoard"), { id: "create-board" });
  const [scheduleForm, scheduleFields] = useSchemaForm(scheduleSettingsSchema, replyTo("schedule"), {
    id: "schedule-settings",
    defaultValue: { timezone: site.timezone },
  });
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <h1 className="text-2xl font-bold">{t("admin.settingsHeading")}</h1>
      {saved && !rejected ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("admin.saved")}
        </p>
      ) : null}

      <section className="card space-y-4 p-5" aria-labelledby="site-heading">
        <h2 id="site-heading" className="text-lg font-semibold">
          {t("admin.siteHeading")}
        </h2>
        <Form method="post" id={siteForm.id} onSubmit={siteForm.onSubmit} className="space-y-3" noValidate>
          <input type="hidden" name="intent" value="site" />
          <SiteFields fields={siteFields} />
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
          <label className="flex items-start gap-2">
            <input type="checkbox" name="showKindsPublicly" defaultChecked={site.showKindsPublicly} className="mt-1" />
            <span>
              <span className="block font-medium">{t("admin.showKindsPublicly")}</span>
              <span className="block text-sm text-muted">{t("admin.showKindsPubliclyHint")}</span>
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

      <section className="card space-y-4 p-5" aria-labelledby="schedule-heading">
        <h2 id="schedule-heading" className="text-lg font-semibold">
          {t("admin.scheduleHeading")}
        </h2>
        <Form method="post" id={scheduleForm.id} onSubmit={scheduleForm.onSubmit} className="space-y-3" noValidate>
          <input type="hidden" name="intent" value="schedule" />
          <Field name="timezone" label={t("admin.timezone")} hint={t("admin.timezoneHint")} error={firstError(scheduleFields.timezone.errors)}>
            {(p) => (
              <input
                {...p}
                className="input"
                dir="ltr"
                list="time-zones"
                autoComplete="off"
                defaultValue={typedValue(scheduleFields.timezone.initialValue) ?? site.timezone}
              />
            )}
          </Field>
          <datalist id="time-zones">
            {timeZones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <button type="submit" className="btn btn-primary">
            {t("admin.save")}
          </button>
        </Form>
      </section>

      <SsoSettings enabled={sso.enabled} secret={sso.secret} signInUrl={sso.signInUrl} />

      <section className="space-y-4" aria-labelledby="boards-heading">
        <h2 id="boards-heading" className="text-lg font-semibold">
          {t("admin.boardsHeading")}
        </h2>
        {boards.map((board) => (
          <BoardForms key={board.id} board={board} lastResult={replyTo("updateBoard", board.id)} />
        ))}
        <Form
          key={boards.length}
          method="post"
          id={createForm.id}
          onSubmit={createForm.onSubmit}
          className="card grid gap-3 border-dashed p-4 sm:grid-cols-2"
          noValidate
          aria-labelledby="new-board-heading"
        >
          <h3 id="new-board-heading" className="font-semibold sm:col-span-2">
            {t("admin.createBoard")}
          </h3>
          <input type="hidden" name="intent" value="createBoard" />
          <Field name="name" label={t("admin.boardName")} error={firstError(createFields.name.errors)}>
            {(p) => <input {...p} className="input" dir="auto" defaultValue={typedValue(createFields.name.initialValue)} />}
          </Field>
          <Field name="slug" label={t("admin.boardSlug")} hint={t("admin.boardSlugHint")} error={firstError(createFields.slug.errors)}>
            {(p) => <input {...p} className="input" dir="ltr" defaultValue={typedValue(createFields.slug.initialValue)} />}
          </Field>
          <div className="sm:col-span-2">
            <Field name="description" label={t("admin.boardDescription")} error={firstError(createFields.description.errors)}>
              {(p) => <textarea {...p} rows={2} className="input" dir="auto" defaultValue={typedValue(createFields.description.initialValue)} />}
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

/** One board: its name, address and description, and the button that archives or restores it. */
function BoardForms({ board, lastResult }: { board: Board; lastResult: Reply }) {
  const t = useT();
  const [form, fields] = useSchemaForm(updateBoardSchema, lastResult, {
    id: `board-${board.id}`,
    defaultValue: { name: board.name, slug: board.slug, description: board.description },
  });
  return (
    <div className="card space-y-3 p-4">
      {board.archivedAt ? <span className="badge border-line text-muted">{t("admin.archived")}</span> : null}
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="grid gap-3 sm:grid-cols-2" noValidate>
        <input type="hidden" name="intent" value="updateBoard" />
        <input type="hidden" name="boardId" value={board.id} />
        <Field name={`name-${board.id}`} label={t("admin.boardName")} error={firstError(fields.name.errors)}>
          {(p) => <input {...p} name="name" className="input" dir="auto" defaultValue={typedValue(fields.name.initialValue) ?? ""} />}
        </Field>
        <Field name={`slug-${board.id}`} label={t("admin.boardSlug")} error={firstError(fields.slug.errors)}>
          {(p) => <input {...p} name="slug" className="input" dir="ltr" defaultValue={typedValue(fields.slug.initialValue) ?? ""} />}
        </Field>
        <div className="sm:col-span-2">
          <Field name={`description-${board.id}`} label={t("admin.boardDescription")} error={firstError(fields.description.errors)}>
            {(p) => (
              <textarea {...p} name="description" rows={2} className="input" dir="auto" defaultValue={typedValue(fields.description.initialValue) ?? ""} />
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
}
