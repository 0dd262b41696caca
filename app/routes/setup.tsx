import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useLocale, useT } from "~/components/i18n";
import { SiteFields } from "~/components/SiteFields";
import { translator } from "~/i18n/catalogues.server";
import { setupSchema } from "~/schemas/admin";
import { startSession } from "~/services/auth.server";
import { resolveLocale } from "~/services/i18n.server";
import { runSetup, setupServerSchema } from "~/services/setup.server";
import { needsSetup } from "~/services/site.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { notFound, throwIfNotFound } from "~/utils/http.server";

export async function loader(_: LoaderFunctionArgs) {
  if (!needsSetup()) notFound();
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  if (!needsSetup()) notFound();
  const submission = parseSubmission(await readForm(request), setupServerSchema);
  if (submission.status !== "success") return reject(submission);
  const t = translator(submission.value.defaultLocale);
  const setUp = await runSetup(
    submission.value,
    { name: t("setup.defaultBoardName"), description: t("setup.defaultBoardDescription") },
    await resolveLocale(request, null),
  );
  if (!setUp.ok) {
    // Another submission finished setup first: from now on this page does not exist.
    throwIfNotFound(setUp);
    return reject(submission, setUp);
  }
  // On to the admin home, where the first-run checklist says what to do next.
  return redirect("/admin", { headers: { "Set-Cookie": await startSession(setUp.value.id, request) } });
}

export default function Setup() {
  const t = useT();
  const locale = useLocale();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(setupSchema, lastResult, { defaultValue: { siteName: "Closeloop", defaultLocale: locale } });
  const navigation = useNavigation();
  return (
    <div className="card mx-auto max-w-lg space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("setup.heading")}</h1>
      <p className="text-muted">{t("setup.intro")}</p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <SiteFields fields={fields} pageLocale={lastResult ? undefined : locale} />
        <Field name="adminName" label={t("setup.adminName")} error={firstError(fields.adminName.errors)}>
          {(p) => <input {...p} className="input" defaultValue={typedValue(fields.adminName.initialValue)} dir="auto" autoComplete="name" required />}
        </Field>
        <Field name="adminEmail" label={t("setup.adminEmail")} error={firstError(fields.adminEmail.errors)}>
          {(p) => (
            <input {...p} type="email" className="input" defaultValue={typedValue(fields.adminEmail.initialValue)} autoComplete="email" dir="ltr" required />
          )}
        </Field>
        <Field name="adminPassword" label={t("setup.adminPassword")} hint={t("auth.passwordHint")} error={firstError(fields.adminPassword.errors)}>
          {(p) => <input {...p} type="password" className="input" autoComplete="new-password" dir="ltr" required minLength={8} />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("setup.submit")}
        </button>
      </Form>
    </div>
  );
}
