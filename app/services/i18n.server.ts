// Which language and theme a request is served in.
import { createCookie } from "@remix-run/node";
import { isLocale, localeFromAcceptLanguage, type Locale } from "~/i18n";
import type { SessionUser } from "./auth.server";
import { getSiteSettings } from "./site.server";

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

const ONE_YEAR = 60 * 60 * 24 * 365;
export const localeCookie = createCookie("closeloop_locale", { path: "/", sameSite: "lax", maxAge: ONE_YEAR, httpOnly: true });
export const themeCookie = createCookie("closeloop_theme", { path: "/", sameSite: "lax", maxAge: ONE_YEAR, httpOnly: true });

/** The user's saved choice, then the cookie a visitor chose, then Accept-Language, then the site default. */
export async function resolveLocale(request: Request, user: SessionUser | null): Promise<Locale> {
  if (user?.locale) return user.locale;
  const chosen = await localeCookie.parse(request.headers.get("cookie"));
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(request.headers.get("accept-language")) ?? getSiteSettings().defaultLocale;
}

export async function resolveTheme(request: Request): Promise<Theme> {
  const chosen = await themeCookie.parse(request.headers.get("cookie"));
  return (THEMES as readonly string[]).includes(chosen) ? chosen : "system";
}
