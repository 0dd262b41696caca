import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError, useSubmit } from "@remix-run/react";
import { directionOf, formatNumber, LOCALE_NAMES, LOCALES, type Locale } from "~/i18n";
import { catalogueFor } from "~/i18n/catalogues.server";
import { getCurrentUser } from "~/services/auth.server";
import { resolveLocale, resolveTheme, type Theme } from "~/services/i18n.server";
import { getSiteSettings, needsSetup } from "~/services/site.server";
import { unreadCount } from "~/services/notifications.server";
import { useLocale, useRootData, useT } from "~/components/i18n";
import { canModerate } from "~/services/policy.server";
import { useNonce } from "~/components/nonce";
import { NotificationBell } from "~/components/NotificationBell";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.siteName ?? "Closeloop" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const settingUp = needsSetup();
  if (settingUp && url.pathname !== "/setup") throw redirect("/setup");
  const { user, refreshCookie } = await getCurrentUser(request);
  const locale = await resolveLocale(request, user);
  const theme = await resolveTheme(request);
  const { siteName } = getSiteSettings();
  return data(
    {
      locale,
      // Only this locale's messages go to the browser (merged over English), not every catalogue.
      catalogue: catalogueFor(locale),
      theme,
      siteName,
      settingUp,
      user: user ? { id: user.id, displayName: user.displayName } : null,
      can: { moderate: canModerate(user) },
      unread: user ? unreadCount(user.id) : 0,
    },
    refreshCookie ? { headers: { "Set-Cookie": refreshCookie } } : undefined,
  );
}

type RootData = Awaited<ReturnType<typeof loader>>["data"];

/** One preference as a tiny form: it submits on change with JS, or with its button without. */
function PreferenceForm({
  name,
  label,
  value,
  options,
  applyLabel,
}: {
  name: "locale" | "theme";
  label: string;
  value: string;
  options: { value: string; label: string; lang?: string }[];
  applyLabel: string;
}) {
  const location = useLocation();
  const submit = useSubmit();
  return (
    <Form method="post" action="/preferences" className="flex items-center gap-1" onChange={(e) => submit(e.currentTarget)}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor={`pref-${name}`} className="sr-only">
        {label}
      </label>
      {/* Keyed by value: after a sign-in changes the language, the select must show it, not what it showed before. */}
      <select key={value} id={`pref-${name}`} name={name} defaultValue={value} className="input w-auto py-1 text-sm">
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
      <noscript>
        <button className="btn" type="submit">
          {applyLabel}
        </button>
      </noscript>
    </Form>
  );
}

function Preferences({ locale, theme }: { locale: Locale; theme: Theme }) {
  const t = useT();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <PreferenceForm
        name="locale"
        label={t("prefs.language")}
        value={locale}
        applyLabel={t("prefs.apply")}
        options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l], lang: l }))}
      />
      <PreferenceForm
        name="theme"
        label={t("prefs.theme")}
        value={theme}
        applyLabel={t("prefs.apply")}
        options={(["system", "light", "dark"] as const).map((v) => ({ value: v, label: t(`prefs.theme.${v}`) }))}
      />
    </div>
  );
}

function Header({ data }: { data: RootData }) {
  const t = useT();
  const location = useLocation();
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link to="/" className="text-lg font-bold text-ink no-underline" dir="auto">
          {data.siteName}
        </Link>
        <nav aria-label={t("nav.main")} className="flex items-center gap-3 text-sm">
          <Link to="/">{t("nav.ideas")}</Link>
          <Link to="/roadmap">{t("nav.roadmap")}</Link>
          <Link to="/changelog">{t("nav.changelog")}</Link>
          {data.can.moderate ? <Link to="/admin">{t("nav.admin")}</Link> : null}
        </nav>
        <div className="ms-auto flex flex-wrap items-center gap-3 text-sm">
          {data.settingUp ? null : (
            <Link to="/posts/new" className="btn btn-primary">
              {t("nav.newIdea")}
            </Link>
          )}
          {data.settingUp ? null : data.user ? (
            <>
              <NotificationBell unread={data.unread} />
              <span className="text-muted" dir="auto">
                {data.user.displayName}
              </span>
              <Form method="post" action="/logout">
                <button type="submit" className="btn">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t("nav.login")}</Link>
              <Link to={`/signup?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t("nav.signup")}</Link>
            </>
          )}
          <Preferences locale={data.locale} theme={data.theme} />
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const locale = useLocale();
  const theme = data?.theme ?? "system";
  const t = useT();
  return (
    <html lang={locale} dir={directionOf(locale)} className={theme === "system" ? "" : `theme-${theme}`}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 btn">
          {t("nav.skip")}
        </a>
        {data ? <Header data={data} /> : null}
        <main id="main" className="mx-auto max-w-5xl px-4 py-6">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const locale = useLocale();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = status === 404 ? t("error.notFound") : status === 403 ? t("error.forbidden") : status === 429 ? t("error.rateLimited") : t("error.generic");
  return (
    <div className="card mx-auto max-w-lg space-y-3 p-6 text-center">
      <h1 className="text-xl font-semibold">
        {t("error.heading")} ({formatNumber(locale, status)})
      </h1>
      <p>{message}</p>
      <Link to="/" className="btn">
        {t("error.home")}
      </Link>
    </div>
  );
}
