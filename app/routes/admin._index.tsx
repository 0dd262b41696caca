// The triage inbox: untriaged posts first, filters, quick actions per row and bulk
// actions over the selected rows. All plain forms; rows join the bulk form by `form=`.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { FormError } from "~/components/Field";
import { replyError } from "~/components/forms";
import { useT } from "~/components/i18n";
import { InboxBulkBar, tickedIds } from "~/components/inbox/InboxBulkBar";
import { InboxFilters } from "~/components/inbox/InboxFilters";
import { InboxTable, QuickSaveForms } from "~/components/inbox/InboxTable";
import { bulkSchema, quickSchema } from "~/schemas/triage";
import { requireStaff, safeRedirectPath } from "~/services/guards.server";
import { applyBulk, inboxPage, inboxQuerySchema, triagePost } from "~/services/triage.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  return inboxPage(inboxQuerySchema.parse(raw));
}

type Ctx = { request: Request };
const staffOnly = ({ request }: Ctx) => requireStaff(request);

const intents = {
  quick: intent({ schema: quickSchema, authorise: staffOnly, run: ({ postId, kind, status }, staff) => triagePost(postId, kind, status, staff) }),
  bulk: intent({ schema: bulkSchema, authorise: staffOnly, run: (input, staff) => applyBulk(input, staff) }),
};

export async function action({ request }: ActionFunctionArgs) {
  // Before the body is read: to anyone but staff, whatever they send, there is nothing here.
  await requireStaff(request);
  const form = await readForm(request);
  const ran = await runIntent(form, intents, { request });
  if (!ran.ok) return ran.rejected;
  return redirect(withSaved(safeRedirectPath(form.get("redirectTo"), "/admin")));
}

/** Back to the inbox as it was, with a "Saved." notice. */
function withSaved(path: string): string {
  const url = new URL(path, "http://x");
  url.searchParams.delete("index");
  url.searchParams.set("saved", "1");
  return url.pathname + url.search;
}

export default function Inbox() {
  const t = useT();
  const { rows, nextCursor, boards, allTags, pendingCount, query } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const bulkReply = rejected?.intent === "bulk" ? rejected.reply : undefined;
  const location = useLocation();
  const back = location.pathname + location.search;
  const params = new URLSearchParams(location.search);
  params.delete("cursor");
  params.delete("index");
  const saved = params.get("saved") === "1";
  params.delete("saved");
  // Changes whenever an action changed the rows: the bulk form and the row checkboxes start afresh.
  const rowsState = rows.map((r) => `${r.id}:${r.kind}:${r.status}:${r.pendingApproval}`).join(",");

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("inbox.heading")}</h1>
        {pendingCount > 0 ? (
          <Link to="/admin?pending=1" className="badge border-amber-500/60 px-3 py-1 text-sm text-amber-600 no-underline">
            {t("inbox.pendingCount", { count: pendingCount })}
          </Link>
        ) : null}
      </div>

      {saved && !rejected ? (
        <p role="status" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("admin.saved")}
        </p>
      ) : null}

      <InboxFilters query={query} boards={boards} allTags={allTags} filtered={params.toString() !== ""} />
      <QuickSaveForms rows={rows} back={back} />
      <InboxBulkBar key={rowsState} reply={bulkReply} allTags={allTags} back={back} />
      <FormError error={rejected?.intent === "quick" ? replyError(rejected.reply) : undefined} />

      {rows.length === 0 ? (
        <p className="card p-6 text-center text-muted">{t("inbox.empty")}</p>
      ) : (
        <InboxTable rows={rows} ticked={tickedIds(bulkReply)} rowsState={rowsState} />
      )}
      {nextCursor ? (
        <div className="flex justify-center">
          <Link to={`/admin?${new URLSearchParams([...params, ["cursor", nextCursor]])}`} className="btn" rel="next">
            {t("inbox.more")}
          </Link>
        </div>
      ) : null}
    </div>
  );
}
