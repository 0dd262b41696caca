// The weekly digest as staff will get it: this week so far, rendered by the email's own
// renderer in the viewer's language (in a sandbox that allows nothing), and "Send me a
// test", which queues one to the viewer alone.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Message, useFormat, useT } from "~/components/i18n";
import type { MessageKey } from "~/i18n";
import { digestTestSchema } from "~/schemas/admin";
import { digestPreview, sendTestDigest } from "~/services/digest.server";
import { requireStaff } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  return digestPreview(staff, await resolveLocale(request, staff));
}

type Ctx = { request: Request };
const staffOnly = ({ request }: Ctx) => requireStaff(request);
const intents = {
  sendTest: intent({ schema: digestTestSchema, authorise: staffOnly, run: (_input, staff) => sendTestDigest(staff) }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireStaff(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  return ran.ok ? redirect("/admin/digest?sent=1") : ran.rejected;
}

export default function DigestPreview() {
  const t = useT();
  const format = useFormat();
  const preview = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const [params] = useSearchParams();
  const sending = useNavigation().state === "submitting";
  const problem = rejected?.reply.error?.[""]?.[0] as MessageKey | undefined;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1">
          <h1 className="text-2xl font-bold">{t("digest.page.heading")}</h1>
          <p className="text-sm text-muted">{t("digest.page.intro", { from: format.date(preview.from), to: format.date(preview.to) })}</p>
        </div>
        <Form method="post" className="space-y-2">
          <input type="hidden" name="intent" value="sendTest" />
          <button type="submit" className="btn btn-primary" disabled={sending}>
            {t("digest.page.sendTest")}
          </button>
        </Form>
      </div>
      {params.get("sent") === "1" && !rejected ? (
        <p role="status" data-testid="digest-test-sent" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("digest.page.testSent")}
        </p>
      ) : null}
      {problem ? (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {t(problem)}
        </p>
      ) : null}
      <dl className="card grid gap-x-4 gap-y-2 p-4 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-muted">{t("emails.subject")}</dt>
        <dd dir="auto" data-field="subject" className="[overflow-wrap:anywhere]">
          {preview.subject}
        </dd>
        <dt className="font-medium text-muted">{t("digest.page.schedule")}</dt>
        <dd>
          <Message id="digest.page.scheduleValue" values={{ zone: preview.timezone }} />
        </dd>
      </dl>
      <iframe
        sandbox=""
        srcDoc={preview.html}
        title={t("digest.page.frameTitle")}
        data-testid="digest-preview"
        className="h-[48rem] w-full rounded-lg border border-line bg-white"
      />
      <details className="card p-4">
        <summary className="cursor-pointer font-medium">{t("emails.textVersion")}</summary>
        <pre dir="auto" className="mt-3 overflow-x-auto whitespace-pre-wrap break-words text-sm">
          {preview.text}
        </pre>
      </details>
    </div>
  );
}
