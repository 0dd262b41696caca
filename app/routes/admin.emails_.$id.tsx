// One outbox row as its recipient gets it (staff): subject, addresses, the HTML in a
// sandbox that allows nothing (no script, no form, no navigation), and the text version.
// A row whose payload does not fit its template shows why instead.
// The trailing underscore keeps this page out of the email log's layout: /admin/emails/:id.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { emailPreview } from "~/services/email-log.server";
import { requireStaff } from "~/services/guards.server";
import { idParam } from "~/utils/validation";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const id = idParam.safeParse(params.id);
  if (!id.success) throw new Response("Not found", { status: 404 });
  const preview = emailPreview(id.data);
  if (!preview) throw new Response("Not found", { status: 404 });
  return preview;
}

export default function EmailPreview() {
  const t = useT();
  const preview = useLoaderData<typeof loader>();
  const { row } = preview;
  return (
    <div className="space-y-4">
      <Link to="/admin/emails" className="text-sm">
        {t("emails.back")}
      </Link>
      <h1 className="text-2xl font-bold">{t("emails.previewHeading", { id: row.id })}</h1>
      <dl className="card grid gap-x-4 gap-y-2 p-4 text-sm sm:grid-cols-[max-content_1fr]">
        {preview.unreadable === null ? (
          <>
            <dt className="font-medium text-muted">{t("emails.subject")}</dt>
            <dd dir="auto" data-field="subject" className="[overflow-wrap:anywhere]">
              {preview.subject}
            </dd>
          </>
        ) : null}
        <dt className="font-medium text-muted">{t("emails.to")}</dt>
        <dd>
          <span dir="ltr">{row.toEmail}</span>
        </dd>
        <dt className="font-medium text-muted">{t("emails.col.status")}</dt>
        <dd>{t(`emails.status.${row.status}`)}</dd>
        <dt className="font-medium text-muted">{t("emails.col.template")}</dt>
        <dd>{t(`emails.template.${row.template}`)}</dd>
        <dt className="font-medium text-muted">{t("emails.messageId")}</dt>
        <dd>
          <code dir="ltr" className="break-all">
            {row.messageId}
          </code>
        </dd>
      </dl>
      {preview.unreadable === null ? (
        <>
          <section className="space-y-2" aria-labelledby="html-version-heading">
            <h2 id="html-version-heading" className="text-lg font-semibold">
              {t("emails.htmlVersion")}
            </h2>
            <iframe sandbox="" srcDoc={preview.html} title={t("emails.frameTitle")} className="h-[36rem] w-full rounded-lg border border-line bg-white" />
          </section>
          <section className="space-y-2" aria-labelledby="text-version-heading">
            <h2 id="text-version-heading" className="text-lg font-semibold">
              {t("emails.textVersion")}
            </h2>
            <pre dir="auto" className="card overflow-x-auto whitespace-pre-wrap break-words p-4 text-sm">
              {preview.text}
            </pre>
          </section>
        </>
      ) : (
        <div className="card space-y-2 border-danger/40 p-4 text-sm" data-testid="unreadable-email">
          <p>{t("emails.unreadable")}</p>
          <code dir="ltr" className="block break-words text-xs text-danger">
            {preview.unreadable}
          </code>
        </div>
      )}
    </div>
  );
}
