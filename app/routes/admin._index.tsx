// The triage inbox: the list ("Needs triage", then "Triaged") on the start side and the
// selected idea (`?post=`) on the end side, with its quick triage; bulk actions over the
// ticked rows; keyboard shortcuts. All plain forms and links; rows join the bulk form by `form=`.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { useRef } from "react";
import { useT } from "~/components/i18n";
import { InboxBulkBar, tickedIds } from "~/components/inbox/InboxBulkBar";
import { InboxFilters } from "~/components/inbox/InboxFilters";
import { InboxDetail } from "~/components/inbox/InboxDetail";
import { InboxGroups, PRIORITY_HELP_ID } from "~/components/inbox/InboxTable";
import { ShortcutsDialog } from "~/components/inbox/ShortcutsDialog";
import { useInboxShortcuts } from "~/components/inbox/useInboxShortcuts";
import { useHydrated } from "~/components/useHydrated";
import { bulkSchema, quickSchema } from "~/schemas/triage";
import { requireStaff, safeRedirectPath } from "~/services/guards.server";
import { applyBulk, inboxPage, inboxQuerySchema, triagePost } from "~/services/triage.server";
import { postSidebar } from "~/services/staff-post.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const page = inboxPage(inboxQuerySchema.parse(raw), staff);
  // The selected idea's sidebar, as on its own page (tags, owner, board, sizing, merge…).
  const sidebar = page.selected ? postSidebar(page.selected.id, staff) : null;
  return { ...page, sidebar: sidebar?.ok ? sidebar.value : null };
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

/** The inbox's query string as it is now, less what only one view needs. */
function inboxParams(search: string): URLSearchParams {
  const params = new URLSearchParams(search);
  for (const name of ["cursor", "index", "saved", "post"]) params.delete(name);
  return params;
}

function withParams(params: URLSearchParams, extra: [string, string][]): string {
  const query = new URLSearchParams([...params, ...extra]).toString();
  return query ? `/admin?${query}` : "/admin";
}

export default function Inbox() {
  const t = useT();
  const hydrated = useHydrated();
  const { rows, counts, selected, sidebar, nextCursor, boards, allTags, pendingCount, query } = useLoaderData<typeof loader>();
  const rejected = useActionData<typeof action>();
  const bulkReply = rejected?.intent === "bulk" ? rejected.reply : undefined;
  const quickReply = rejected?.intent === "quick" ? rejected.reply : undefined;
  const location = useLocation();
  const current = new URLSearchParams(location.search);
  const saved = current.get("saved") === "1";
  const cursor = current.get("cursor");
  // The filters as they are: every link and form of the page keeps them.
  const params = inboxParams(location.search);
  const listParams = cursor ? new URLSearchParams([...params, ["cursor", cursor]]) : params;
  const hrefFor = (id: number) => withParams(listParams, [["post", String(id)]]);
  const listHref = withParams(listParams, []);
  const back = listHref;
  const selectedId = query.post ?? null;

  const ids = rows.map((r) => r.id);
  const at = selectedId === null ? -1 : ids.indexOf(selectedId);
  const previousId = at > 0 ? ids[at - 1] : null;
  const nextId = at === -1 ? (ids[0] ?? null) : (ids[at + 1] ?? null);

  const dialog = useRef<HTMLDialogElement>(null);
  const openHelp = () => dialog.current?.showModal();
  useInboxShortcuts({ ids, selectedId, hrefFor, openHelp });

  // Changes whenever an action changed the rows: the bulk form and the row checkboxes start afresh.
  const rowsState = rows.map((r) => `${r.id}:${r.kind}:${r.status}:${r.pendingApproval}`).join(",");
  const filtered = params.toString() !== "";
  const withoutClosed = new URLSearchParams(params);
  withoutClosed.delete("closed");
  const closedToggle = query.closed ? withParams(withoutClosed, []) : withParams(params, [["closed", "1"]]);
  // The quick triage posts to this route's action with the view's query: a reply to fix renders the same view.
  const quickAction = `/admin?${new URLSearchParams([["index", ""], ...[...current].filter(([k]) => k !== "saved" && k !== "index")])}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("inbox.heading")}</h1>
        <div className="flex flex-wrap items-center gap-2">
          {pendingCount > 0 ? (
            <Link to="/admin?pending=1" className="badge border-warn/60 px-3 py-1 text-sm text-warn no-underline">
              {t("inbox.pendingCount", { count: pendingCount })}
            </Link>
          ) : null}
          {hydrated ? (
            <button type="button" className="btn hidden py-1 text-sm md:inline-flex" onClick={openHelp} aria-haspopup="dialog">
              {t("inbox.shortcuts.button")}
            </button>
          ) : null}
        </div>
      </div>

      {saved && !rejected ? (
        <p role="status" data-testid="inbox-saved" className="rounded-md border border-ok/40 bg-ok/10 px-3 py-2 text-sm text-ok">
          {t("admin.saved")}
        </p>
      ) : null}

      <div className="gap-6 lg:grid lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className={`min-w-0 space-y-4 ${selectedId !== null ? "hidden lg:block" : ""}`} data-testid="inbox-list">
          <InboxFilters query={query} boards={boards} allTags={allTags} filtered={filtered} />
          <p className="text-sm">
            {query.closed ? null : <span className="me-2 text-muted">{t("inbox.closedHidden")}</span>}
            <Link to={closedToggle}>{t(query.closed ? "inbox.hideClosed" : "inbox.showClosed")}</Link>
          </p>
          <InboxBulkBar key={rowsState} reply={bulkReply} allTags={allTags} back={selectedId !== null ? hrefFor(selectedId) : back} />

          {rows.length === 0 ? (
            <p className="card p-6 text-center text-muted">{t("inbox.empty")}</p>
          ) : (
            <InboxGroups rows={rows} counts={counts} selectedId={selectedId} hrefFor={hrefFor} ticked={tickedIds(bulkReply)} rowsState={rowsState} />
          )}
          {nextCursor ? (
            <div className="flex justify-center">
              <Link to={withParams(params, [["cursor", nextCursor]])} className="btn" rel="next">
                {t("inbox.more")}
              </Link>
            </div>
          ) : null}
          <p id={PRIORITY_HELP_ID} className="text-xs text-muted">
            {t("inbox.priorityExplained")}
          </p>
        </div>

        {selectedId !== null ? (
          <div className="min-w-0 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
            {selected ? (
              <InboxDetail
                post={selected}
                sidebar={sidebar}
                back={back}
                previous={previousId !== null ? hrefFor(previousId) : null}
                next={nextId !== null ? hrefFor(nextId) : null}
                quickAction={quickAction}
                stay={hrefFor(selected.id)}
                quickReply={quickReply}
              />
            ) : (
              <div className="card space-y-2 p-4">
                <p>{t("inbox.detail.gone")}</p>
                <Link to={back}>{t("inbox.detail.back")}</Link>
              </div>
            )}
          </div>
        ) : (
          <p className="card hidden p-6 text-center text-muted lg:block">{t("inbox.detail.none")}</p>
        )}
      </div>
      <ShortcutsDialog ref={dialog} />
    </div>
  );
}
