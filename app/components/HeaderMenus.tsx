// The header's menus: the account menu (name, language, theme, notification settings,
// the staff area, sign-out), the visitors' globe menu (language, theme), and the page
// links that fold into a menu on a phone. Each is a <details>: it opens and closes
// without JavaScript; with it, Escape, a click outside and a navigation close it.
import { Form, Link, useLocation, useSubmit } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { LOCALE_NAMES, LOCALES, type Locale } from "~/i18n";
import type { Theme } from "~/services/i18n.server";
import { useT } from "./i18n";

const PANEL = "absolute end-0 top-full z-40 mt-2 w-64 max-w-[calc(100vw-2rem)] space-y-3 rounded-lg border border-line bg-surface p-3 text-sm shadow-lg";

/** A <details> menu that closes on Escape, on a click outside it and when the page changes. */
export function Menu({
  summary,
  label,
  className = "",
  testId,
  children,
}: {
  summary: ReactNode;
  label: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  // A new page closes the menu; the first render is the page it was opened on (someone
  // may have opened it before the page hydrated), so that one leaves it as it is.
  const shownKey = useRef(location.key);
  useEffect(() => {
    if (shownKey.current === location.key) return;
    shownKey.current = location.key;
    if (ref.current) ref.current.open = false;
  }, [location.key]);
  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        details.open = false;
        details.querySelector("summary")?.focus();
        return;
      }
      if (!details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);
  return (
    <details ref={ref} className={`relative ${className}`} data-testid={testId}>
      {/* Named by hidden text, not aria-label: what the summary shows (initials, an icon) is hidden from screen readers. */}
      <summary className="flex cursor-pointer list-none items-center gap-1 rounded-md px-2 py-1 text-ink hover:bg-line/50 [&::-webkit-details-marker]:hidden">
        {summary}
        <span className="sr-only">{label}</span>
      </summary>
      <div className={PANEL}>{children}</div>
    </details>
  );
}

/** One preference as a tiny form: it submits on change with JS, or with its button without. */
function PreferenceForm({
  name,
  label,
  value,
  options,
}: {
  name: "locale" | "theme";
  label: string;
  value: string;
  options: { value: string; label: string; lang?: string }[];
}) {
  const t = useT();
  const location = useLocation();
  const submit = useSubmit();
  const id = `pref-${name}`;
  return (
    <Form method="post" action="/preferences" className="flex items-end gap-2" onChange={(e) => submit(e.currentTarget)}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="mb-1 block text-xs font-medium text-muted">
          {label}
        </label>
        {/* Keyed by value: after a sign-in changes the language, the select must show it, not what it showed before. */}
        <select key={value} id={id} name={name} defaultValue={value} className="input py-1 text-sm">
          {options.map((o) => (
            <option key={o.value} value={o.value} lang={o.lang}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <noscript>
        <button className="btn" type="submit">
          {t("prefs.apply")}
        </button>
      </noscript>
    </Form>
  );
}

export function Preferences({ locale, theme }: { locale: Locale; theme: Theme }) {
  const t = useT();
  return (
    <div className="space-y-2">
      <PreferenceForm name="locale" label={t("prefs.language")} value={locale} options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))} />
      <PreferenceForm
        name="theme"
        label={t("prefs.theme")}
        value={theme}
        options={(["system", "light", "dark"] as const).map((v) => ({ value: v, label: t(`prefs.theme.${v}`) }))}
      />
    </div>
  );
}

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return (
    letters
      .map((p) => Array.from(p)[0] ?? "")
      .join("")
      .toLocaleUpperCase() || "?"
  );
}

const MENU_LINK = "block rounded-md px-2 py-1.5 text-ink no-underline hover:bg-line/50";

/** The signed-in person's menu. */
export function AccountMenu({ user, locale, theme, isStaff }: { user: { displayName: string }; locale: Locale; theme: Theme; isStaff: boolean }) {
  const t = useT();
  return (
    <Menu
      label={t("shell.accountMenu", { name: user.displayName })}
      testId="account-menu"
      summary={
        <>
          <span aria-hidden="true" className="inline-flex h-7 w-7 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-ink">
            {initialsOf(user.displayName)}
          </span>
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 text-muted" fill="currentColor">
            <path d="M5.5 7.5 10 12l4.5-4.5z" />
          </svg>
        </>
      }
    >
      <p className="border-b border-line pb-2">
        <span className="block text-xs text-muted">{t("shell.signedInAs")}</span>
        <span className="block truncate font-semibold" dir="auto">
          {user.displayName}
        </span>
      </p>
      <nav aria-label={t("shell.accountMenuLinks")} className="space-y-1">
        {isStaff ? (
          <Link to="/admin" className={MENU_LINK}>
            {t("nav.admin")}
          </Link>
        ) : null}
        <Link to="/settings/notifications" className={MENU_LINK}>
          {t("shell.notificationSettings")}
        </Link>
      </nav>
      <Preferences locale={locale} theme={theme} />
      <Form method="post" action="/logout" className="border-t border-line pt-2">
        <button type="submit" className="btn w-full">
          {t("nav.logout")}
        </button>
      </Form>
    </Menu>
  );
}

/** A visitor's language and theme, behind a globe. */
export function VisitorMenu({ locale, theme }: { locale: Locale; theme: Theme }) {
  const t = useT();
  return (
    <Menu
      label={t("shell.displayMenu")}
      testId="visitor-menu"
      summary={
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.5">
          <circle cx="10" cy="10" r="7.5" />
          <path d="M2.5 10h15M10 2.5c2.2 2.2 3.2 4.7 3.2 7.5S12.2 15.3 10 17.5C7.8 15.3 6.8 12.8 6.8 10S7.8 4.7 10 2.5z" />
        </svg>
      }
    >
      <Preferences locale={locale} theme={theme} />
    </Menu>
  );
}

/** The page links on a phone, where they do not fit beside the rest. */
export function NavMenu({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Menu
      label={t("shell.menu")}
      className="sm:hidden"
      testId="nav-menu"
      summary={
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path d="M3 5h14v1.6H3zm0 4.2h14v1.6H3zm0 4.2h14V15H3z" />
        </svg>
      }
    >
      <nav aria-label={t("nav.main")} className="space-y-1">
        {children}
      </nav>
    </Menu>
  );
}

export { MENU_LINK };
