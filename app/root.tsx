import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteError } from "@remix-run/react";
import { directionOf, formatNumber } from "~/i18n";
import { catalogueFor, catalogueScript } from "~/i18n/catalogues.server";
import { catalogueScriptPath, provideCatalogue } from "~/i18n/loaded";
import { getCurrentUser } from "~/services/auth.server";
import { resolveLocale, resolveTheme } from "~/services/i18n.server";
import { getSiteSettings, needsSetup } from "~/services/site.server";
import { unreadCount } from "~/services/notifications.server";
import { TranslatorProvider, useActiveCatalogue, useLocale, useRootData, useT } from "~/components/i18n";
import { canModerate } from "~/services/policy.server";
import { useNonce } from "~/components/nonce";
import { NotificationBell } from "~/components/NotificationBell";
import { AccountMenu, MENU_LINK, NavMenu, VisitorMenu } from "~/components/HeaderMenus";
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
  // The page renders with this locale's messages (merged over English); the browser loads the
  // same ones as a script of their own (i18n/loaded.ts), so they are not part of this data.
  provideCatalogue(locale, catalogueFor(locale));
  return data(
    {
      locale,
      catalogueVersion: catalogueScript(locale).version,
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

function Header({ data }: { data: RootData }) {
  const t = useT();
  const location = useLocation();
  const back = encodeURIComponent(location.pathname + location.search);
  const pageLinks = [
    { to: "/", label: t("nav.ideas") },
    { to: "/roadmap", label: t("nav.roadmap") },
    { to: "/changelog", label: t("nav.changelog") },
    ...(data.can.moderate ? [{ to: "/admin", label: t("nav.admin") }] : []),
  ];
  return (
    <header className="border-b border-line bg-surface" data-testid="site-header">
      {/* One row at every width: on a phone the page links fold into a menu, and language and theme live in the account (or globe) menu. */}
      <div className="mx-auto flex max-w-5xl flex-nowrap items-center gap-2 px-4 py-2 sm:gap-4">
        <Link to="/" className="min-w-0 truncate text-lg font-bold text-ink no-underline" dir="auto">
          {data.siteName}
        </Link>
        <nav aria-label={t("nav.main")} className="hidden shrink-0 items-center gap-3 text-sm sm:flex">
          {pageLinks.map((l) => (
            <Link key={l.to} to={l.to} className="whitespace-nowrap">
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="ms-auto flex shrink-0 flex-nowrap items-center gap-1 text-sm sm:gap-2">
          {data.settingUp ? null : (
            <Link to="/posts/new" className="btn btn-primary whitespace-nowrap px-2 sm:px-3" data-testid="new-idea">
              <span aria-hidden="true" className="sm:hidden">
                +
              </span>
              <span className="sr-only sm:not-sr-only">{t("nav.newIdea")}</span>
            </Link>
          )}
          {data.user && !data.settingUp ? (
            <>
              <NotificationBell unread={data.unread} />
              <AccountMenu user={data.user} locale={data.locale} theme={data.theme} isStaff={data.can.moderate} />
            </>
          ) : (
            <>
              {data.settingUp ? null : (
                <>
                  <Link to={`/login?redirectTo=${back}`} className="whitespace-nowrap px-1">
                    {t("nav.login")}
                  </Link>
                  <Link to={`/signup?redirectTo=${back}`} className="hidden whitespace-nowrap px-1 sm:inline">
                    {t("nav.signup")}
                  </Link>
                </>
              )}
              <VisitorMenu locale={data.locale} theme={data.theme} />
            </>
          )}
          <NavMenu>
            {pageLinks.map((l) => (
              <Link key={l.to} to={l.to} className={MENU_LINK}>
                {l.label}
              </Link>
            ))}
            {!data.user && !data.settingUp ? (
              <Link to={`/signup?redirectTo=${back}`} className={MENU_LINK}>
                {t("nav.signup")}
              </Link>
            ) : null}
          </NavMenu>
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const { translate, shownLocale } = useActiveCatalogue(data?.locale ?? null, data?.catalogueVersion ?? null);
  const locale = shownLocale ?? "en";
  const theme = data?.theme ?? "system";
  return (
    <html lang={locale} dir={directionOf(locale)} className={theme === "system" ? "" : `theme-${theme}`}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        <TranslatorProvider translate={translate}>
          <Page data={data}>{children}</Page>
        </TranslatorProvider>
        {/* A plain (blocking) script after the page's content and before Remix's: its hydration module is
            async, so only this order makes sure the messages are there when the page hydrates. */}
        {data ? <script src={catalogueScriptPath(data.locale, data.catalogueVersion)} nonce={nonce} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Page({ data, children }: { data: RootData | undefined; children: React.ReactNode }) {
  const t = useT();
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-50 btn">
        {t("nav.skip")}
      </a>
      {data ? <Header data={data} /> : null}
      <main id="main" className="mx-auto max-w-5xl px-4 py-6">
        {children}
      </main>
    </>
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
