import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { useLocale, useT } from "~/components/i18n";
import { SiteFields } from "~/components/SiteFields";
import { translator } from "~/i18n/catalogues.server";
import { startSession } from "~/services/auth.server";
import { parseForm, readForm, type FieldErrors } from "~/utils/forms.server";
import { resolveLocale } from "~/services/i18n.server";
import { needsSetup, runSetup, setupSchema } from "~/services/site.server";

export async function loader(_: LoaderFunctionArgs) {
  if (!needsSetup()) throw new Response("Not found", { status: 404 });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  if (!needsSetup()) throw new Response("Not found", { status: 404 });
  const parsed = parseForm(await readForm(request), setupSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const t = translator(parsed.data.defaultLocale);
  const result = await runSetup(
    parsed.data,
    { name: t("setup.defaultBoardName"), description: t("setup.defaultBoardDescription") },
    await resolveLocale(request, null),
  );
  if (!result.ok && result.done) throw new Response("Not found", { status: 404 });
  if (!result.ok) return data({ errors: result.fieldErrors as FieldErrors, values: parsed.values }, { status: 400 });
  return redirect("/", { headers: { "Set-Cookie": await startSession(result.admin.id, request) } });
}

export default function Setup() {
  const t = useT();
  const locale = useLocale();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const navigation = useNavigation();
  return (
    <div className="card mx-auto max-w-lg space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("setup.heading")}</h1>
      <p className="text-muted">{t("setup.intro")}</p>
      <Form method="post" className="space-y-4" noValidate>
        <SiteFields values={{ siteName: values.siteName ?? "Closeloop", defaultLocale: values.defaultLocale ?? locale }} errors={errors} />
        <Field name="adminName" label={t("setup.adminName")} error={errors.adminName}>
          {(p) => <input {...p} className="input" defaultValue={values.adminName} dir="auto" autoComplete="name" required />}
        </Field>
        <Field name="adminEmail" label={t("setup.adminEmail")} error={errors.adminEmail}>
          {(p) => <input {...p} type="email" className="input" defaultValue={values.adminEmail} autoComplete="email" dir="ltr" required />}
        </Field>
        <Field name="adminPassword" label={t("setup.adminPassword")} hint={t("auth.passwordHint")} error={errors.adminPassword}>
          {(p) => <input {...p} type="password" className="input" autoComplete="new-password" dir="ltr" required minLength={8} />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("setup.submit")}
        </button>
      </Form>
    </div>
  );
}
