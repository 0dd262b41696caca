import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/i18n";
import { updateUserLocale } from "~/models/users.server";
import { getViewer, safeRedirectPath } from "~/services/guards.server";
import { localeCookie, THEMES, themeCookie } from "~/services/i18n.server";
import { parseSubmission, readForm } from "~/utils/forms.server";

// The header's language and theme pickers: no page shows this form's errors.
const schema = z.object({
  locale: z.enum(LOCALES).optional(),
  theme: z.enum(THEMES).optional(),
  redirectTo: z.string().optional(),
});

export async function loader() {
  throw redirect("/");
}

/** Language and theme: a cookie for everyone, and the account's saved language for users. */
export async function action({ request }: ActionFunctionArgs) {
  const submission = parseSubmission(await readForm(request), schema);
  if (submission.status !== "success") throw new Response("Bad request", { status: 400 });
  const { locale, theme, redirectTo } = submission.value;
  const headers = new Headers();
  if (locale) {
    headers.append("Set-Cookie", await localeCookie.serialize(locale));
    const viewer = await getViewer(request);
    if (viewer) updateUserLocale(viewer.id, locale);
  }
  if (theme) headers.append("Set-Cookie", await themeCookie.serialize(theme));
  return redirect(safeRedirectPath(redirectTo), { headers });
}
