// /admin/import (issue 14), admins only, in two steps:
// 1. the admin uploads a file (multipart; up to IMPORT_MAX_FILE_BYTES, streamed to a
//    temporary file) and sees the dry run: what will be created, what is matched, and
//    every refused row with its reason;
// 2. "Import" applies exactly that upload, named by the token the dry run kept it under,
//    in one transaction; "Start over" drops it.
// Step 1 is the multipart post; step 2 and "Start over" are small url-encoded intents.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { replyError } from "~/components/forms";
import { useFormat, useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { listPublicBoards } from "~/models/boards.server";
import { IMPORT_FORMAT_CHOICES, importTokenSchema } from "~/schemas/export-import";
import { requireAdmin } from "~/services/guards.server";
import { cancelImport, confirmImport, previewImport, type ImportOutcome, type ImportPreview } from "~/services/import.server";
import { readForm } from "~/utils/forms.server";
import { IMPORT_MAX_FILE_BYTES } from "~/utils/import-uploads.server";
import { intent, runIntent } from "~/utils/intents.server";
import type { ImportEntity } from "~/db/enums";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return {
    boards: listPublicBoards().map(({ slug, name }) => ({ slug, name })),
    maxMegabytes: IMPORT_MAX_FILE_BYTES / (1024 * 1024),
  };
}

type Ctx = { request: Request };
const adminOnly = ({ request }: Ctx) => requireAdmin(request);
const intents = {
  apply: intent({ schema: importTokenSchema, authorise: adminOnly, run: ({ token }, admin) => confirmImport(token, admin) }),
  cancel: intent({ schema: importTokenSchema, authorise: adminOnly, run: ({ token }) => cancelImport(token) }),
};

type UploadProblem = { step: "upload"; error: MessageKey; field: "file" | "format"; fields: Record<string, string> };
type ActionData = UploadProblem | { step: "preview"; preview: ImportPreview } | { step: "done"; outcome: ImportOutcome };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  if ((request.headers.get("content-type") ?? "").includes("multipart/form-data")) {
    const preview = await previewImport(request, admin);
    if (!preview.ok) return data<ActionData>({ step: "upload", error: preview.error, field: preview.field, fields: preview.fields }, { status: 400 });
    return data<ActionData>({ step: "preview", preview: preview.value });
  }
  const ran = await runIntent(await readForm(request), intents, { request });
  if (!ran.ok) return ran.rejected;
  if (ran.outcome.intent === "apply") return data<ActionData>({ step: "done", outcome: ran.outcome.value as ImportOutcome });
  return data<ActionData>({ step: "upload", error: "import.cancelled", field: "file", fields: {} }, { status: 200 });
}

const ENTITY_LABELS: Record<ImportEntity, MessageKey> = {
  user: "import.entity.user",
  board: "import.entity.board",
  tag: "import.entity.tag",
  post: "import.entity.post",
  comment: "import.entity.comment",
  vote: "import.entity.vote",
  status_change: "import.entity.status_change",
};

export default function ImportPage() {
  const t = useT();
  const { boards, maxMegabytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const step = result && "step" in result ? result : null;
  // A refused "Import" or "Start over" (an upload that expired meanwhile) comes back as an intent reply.
  const intentError = result && "intent" in result ? replyError(result.reply) : undefined;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t("import.heading")}</h1>
        <p>{t("import.intro")}</p>
      </div>
      <FormError error={intentError} />
      {step?.step === "preview" ? (
        <Preview preview={step.preview} busy={busy} />
      ) : step?.step === "done" ? (
        <Done outcome={step.outcome} />
      ) : (
        <UploadForm boards={boards} maxMegabytes={maxMegabytes} problem={step?.step === "upload" ? step : null} busy={busy} />
      )}
    </div>
  );
}

function UploadForm({
  boards,
  maxMegabytes,
  problem,
  busy,
}: {
  boards: { slug: string; name: string }[];
  maxMegabytes: number;
  problem: UploadProblem | null;
  busy: boolean;
}) {
  const t = useT();
  const format = useFormat();
  const fields = problem?.fields ?? {};
  const cancelled = problem?.error === "import.cancelled";
  const errorOf = (field: "file" | "format") => (problem && !cancelled && problem.field === field ? problem.error : undefined);
  return (
    <Form method="post" encType="multipart/form-data" className="card space-y-4 p-4" data-testid="import-upload">
      {cancelled ? (
        <p role="status" className="text-sm text-muted">
          {t("import.cancelled")}
        </p>
      ) : null}
      <Field name="file" label={t("import.file")} hint={t("import.fileHint", { size: format.number(maxMegabytes) })} error={errorOf("file")}>
        {(p) => <input {...p} type="file" required accept=".zip,.ndjson,.jsonl,.json,.csv,application/zip,text/csv" className="input" />}
      </Field>
      <Field name="format" label={t("import.format")} error={errorOf("format")}>
        {(p) => (
          <select {...p} className="input" defaultValue={fields.format ?? "auto"}>
            {IMPORT_FORMAT_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {t(`import.format.${choice}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="board" label={t("import.board")} hint={t("import.boardHint")}>
        {(p) => (
          <select {...p} className="input" defaultValue={fields.board ?? boards[0]?.slug}>
            {boards.map((board) => (
              <option key={board.slug} value={board.slug} dir="auto">
                {board.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t("import.check")}
      </button>
    </Form>
  );
}

function Preview({ preview, busy }: { preview: ImportPreview; busy: boolean }) {
  const t = useT();
  const format = useFormat();
  const { report } = preview;
  const creates = report.entities.reduce((sum, e) => sum + e.create, 0);
  return (
    <div className="space-y-6" data-testid="import-preview">
      <p>
        {t("import.previewOf")}{" "}
        <span dir="auto" className="font-medium [overflow-wrap:anywhere]">
          {preview.fileName}
        </span>
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="text-start font-semibold">{t("import.summary")}</caption>
          <thead>
            <tr className="border-b border-line text-start">
              <th scope="col" className="py-2 pe-3 text-start">
                {t("import.column.what")}
              </th>
              <th scope="col" className="py-2 pe-3 text-end">
                {t("import.column.create")}
              </th>
              <th scope="col" className="py-2 pe-3 text-end">
                {t("import.column.existing")}
              </th>
              <th scope="col" className="py-2 text-start">
                {t("import.column.samples")}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.entities.map((entity) => (
              <tr key={entity.entity} className="border-b border-line align-top" data-entity={entity.entity}>
                <th scope="row" className="py-2 pe-3 text-start font-medium">
                  {t(ENTITY_LABELS[entity.entity])}
                </th>
                <td className="py-2 pe-3 text-end" data-field="create">
                  {format.number(entity.create)}
                </td>
                <td className="py-2 pe-3 text-end" data-field="existing">
                  {format.number(entity.existing)}
                </td>
                <td className="py-2">
                  <ul className="space-y-0.5">
                    {entity.samples.map((sample, i) => (
                      <li key={i} dir="auto" className="[overflow-wrap:anywhere]" data-field="sample">
                        {sample}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="space-y-2" aria-labelledby="refused-heading">
        <h2 id="refused-heading" className="text-lg font-semibold">
          {t("import.refusedHeading", { count: report.refusedTotal })}
        </h2>
        {report.refusedTotal === 0 ? (
          <p className="text-sm text-muted">{t("import.refusedNone")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="import-refused">
              <thead>
                <tr className="border-b border-line">
                  <th scope="col" className="py-2 pe-3 text-start">
                    {t("import.column.row")}
                  </th>
                  <th scope="col" className="py-2 pe-3 text-start">
                    {t("import.column.reason")}
                  </th>
                  <th scope="col" className="py-2 text-start">
                    {t("import.column.value")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.refused.map((row, i) => (
                  <tr key={i} className="border-b border-line align-top" data-field="refused">
                    <td className="py-2 pe-3 [overflow-wrap:anywhere]" dir="auto">
                      {row.row}
                    </td>
                    <td className="py-2 pe-3" data-field="reason">
                      {t(row.reason)}
                    </td>
                    <td className="py-2 [overflow-wrap:anywhere]" dir="auto" data-field="value">
                      {row.value ?? ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {report.refusedTotal > report.refused.length ? (
              <p className="text-sm text-muted">{t("import.refusedMore", { count: report.refusedTotal - report.refused.length })}</p>
            ) : null}
          </div>
        )}
      </section>
      <div className="flex flex-wrap gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="apply" />
          <input type="hidden" name="token" value={preview.token} />
          <button type="submit" className="btn btn-primary" disabled={busy || creates === 0}>
            {t("import.apply")}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="token" value={preview.token} />
          <button type="submit" className="btn" disabled={busy}>
            {t("import.startOver")}
          </button>
        </Form>
      </div>
      {creates === 0 ? <p className="text-sm text-muted">{t("import.nothingToCreate")}</p> : null}
      <p className="text-sm text-muted">{t("import.quiet")}</p>
    </div>
  );
}

function Done({ outcome }: { outcome: ImportOutcome }) {
  const t = useT();
  const format = useFormat();
  return (
    <div className="card space-y-3 p-4" role="status" data-testid="import-done">
      <p className="font-semibold">{t("import.done")}</p>
      <ul className="text-sm">
        {(Object.keys(ENTITY_LABELS) as ImportEntity[]).map((entity) => (
          <li key={entity} data-entity={entity}>
            {t(ENTITY_LABELS[entity])}: {format.number(outcome.created[entity])}
          </li>
        ))}
      </ul>
      <p className="flex flex-wrap gap-4 text-sm">
        <Link to="/">{t("import.toBoard")}</Link>
        <Link to="/admin/import">{t("import.another")}</Link>
      </p>
    </div>
  );
}
