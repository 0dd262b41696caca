// The staff area: every /admin page sits inside this layout, which lets only staff in.
// Admin-only pages (team, settings) check again with requireAdmin.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "~/components/i18n";
import { SetupChecklist } from "~/components/SetupChecklist";
import type { MessageKey } from "~/i18n";
import { setupChecklist } from "~/services/checklist.server";
import { requireStaff } from "~/services/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const staff = await requireStaff(request);
  const isAdmin = staff.role === "admin";
  // The first-run checklist (issue 12) is shown on the admin home only; it is loaded here so the inbox's loader stays the inbox's.
  return { isAdmin, checklist: isAdmin ? setupChecklist() : null };
}

const TABS: { to: string; label: MessageKey; adminOnly?: boolean; end?: boolean }[] = [
  { to: "/admin", label: "admin.nav.inbox", end: true },
  { to: "/admin/insights", label: "admin.nav.insights" },
  { to: "/admin/tags", label: "admin.nav.tags" },
  { to: "/admin/changelog", label: "admin.nav.changelog" },
  { to: "/admin/surveys", label: "admin.nav.surveys" },
  { to: "/admin/emails", label: "admin.nav.emails" },
  { to: "/admin/digest", label: "admin.nav.digest" },
  { to: "/admin/export", label: "admin.nav.export" },
  { to: "/admin/import", label: "admin.nav.import", adminOnly: true },
  { to: "/admin/api", label: "admin.nav.api", adminOnly: true },
  { to: "/admin/webhooks", label: "admin.nav.webhooks", adminOnly: true },
  { to: "/admin/team", label: "admin.nav.team", adminOnly: true },
  { to: "/admin/settings", label: "admin.nav.settings", adminOnly: true },
];

export default function AdminLayout() {
  const t = useT();
  const { isAdmin, checklist } = useLoaderData<typeof loader>();
  const location = useLocation();
  const nav = useRef<HTMLElement>(null);
  // On a phone the tabs scroll sideways; bring the current one into view, or the page does not say where it is.
  useEffect(() => {
    const current = nav.current?.querySelector<HTMLElement>("[aria-current=page]");
    if (!current || !nav.current) return;
    // Scroll the row itself, never the page: scrollIntoView also moved the window while the page was restoring its scroll.
    const row = nav.current;
    const frame = requestAnimationFrame(() => {
      const rowBox = row.getBoundingClientRect();
      const tabBox = current.getBoundingClientRect();
      row.scrollLeft += tabBox.left + tabBox.width / 2 - (rowBox.left + rowBox.width / 2);
    });
    return () => cancelAnimationFrame(frame);
  }, [location.pathname]);
  return (
    <div className="space-y-6">
      {/* One scrolling row on a phone: wrapped, the fourteen tabs took five lines above every admin page. */}
      <nav
        ref={nav}
        aria-label={t("admin.nav.label")}
        className="-mx-1 flex gap-1 overflow-x-auto whitespace-nowrap border-b border-line px-1 pb-2 text-sm sm:flex-wrap sm:overflow-visible"
      >
        {TABS.filter((tab) => isAdmin || !tab.adminOnly).map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) => `shrink-0 rounded-md px-3 py-1.5 no-underline ${isActive ? "bg-accent text-accent-ink" : "text-ink hover:bg-line/50"}`}
          >
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      {/* Not above an idea open in the inbox: on a phone it would push the idea a screen down. */}
      {checklist && location.pathname === "/admin" && !new URLSearchParams(location.search).has("post") ? <SetupChecklist checklist={checklist} /> : null}
      <Outlet />
    </div>
  );
}
