import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { isLocale } from "~/i18n";
import { updateUserLocale } from "~/models/users.server";
import { readForm } from "~/utils/forms.server";
import { getViewer, safeRedirectPath } from "~/services/guards.server";
import { localeCookie, THEMES, themeCookie } from "~/services/i18n.server";

const schema = z.object({
  locale: z.string().refine(isLocale).optional(),
  theme: z.enum(THEMES).optional(),
  redirectTo: z.string().optional(),
});

export async function loader() {
  throw redirect("/");
}

/** Language and theme: a cookie for everyone, and the account's saved language for users. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const { locale, theme, redirectTo } = parsed.data;
  const headers = new Headers();
  if (locale && isLocale(locale)) {
    headers.append("Set-Cookie", await localeCookie.serialize(locale));
    const viewer = await getViewer(request);
    if (viewer) updateUserLocale(viewer.id, locale);
  }
  if (theme) headers.append("Set-Cookie", await themeCookie.serialize(theme));
  return redirect(safeRedirectPath(redirectTo), { headers });
}
