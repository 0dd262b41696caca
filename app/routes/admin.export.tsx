// /admin/export (issue 14): what the export holds and a plain GET form that downloads it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { EXPORT_FORMAT_CHOICES } from "~/schemas/export-import";
import { exportIncludesEmails } from "~/services/export.server";
import { requireStaff } from "~/services/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  return { emails: exportIncludesEmails(staff), isAdmin: staff.role === "admin" };
}

export default function ExportPage() {
  const t = useT();
  const { emails, isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t("export.heading")}</h1>
        <p>{t("export.intro")}</p>
        <p className="text-sm text-muted" data-testid="export-emails">
          {t(emails ? "export.emailsIncluded" : "export.emailsLeftOut")}
        </p>
      </div>
      {/* A GET form: the browser downloads the file itself, with or without JavaScript. */}
      <form method="get" action="/admin/export/download" className="card space-y-4 p-4">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t("export.format")}</legend>
          {EXPORT_FORMAT_CHOICES.map((format, index) => (
            <label key={format} className="flex items-start gap-2">
              <input type="radio" name="format" value={format} defaultChecked={index === 0} className="mt-1" />
              <span>
                <span className="block font-medium">{t(`export.format.${format}`)}</span>
                <span className="block text-sm text-muted">{t(`export.format.${format}.hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="btn btn-primary">
          {t("export.download")}
        </button>
      </form>
      {isAdmin ? (
        <p className="text-sm">
          <a href="/admin/import">{t("export.toImport")}</a>
        </p>
      ) : null}
    </div>
  );
}
