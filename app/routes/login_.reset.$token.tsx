// The link in a password-reset email: GET shows the form, POST sets the new password,
// signs every other device out and signs in here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, useFocusAfterErrors } from "~/components/Field";
import { Message, useT } from "~/components/i18n";
import { parseForm, readForm } from "~/utils/forms.server";
import { resolveLocale } from "~/services/i18n.server";
import { findPendingReset, newPasswordSchema, resetPassword } from "~/services/password-reset.server";
import { clientIpOf } from "~/utils/request.server";

function spentLink() {
  return data({ email: null, errors: {} as Record<string, string> }, { status: 410 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = findPendingReset(params.token ?? "");
  if (!reset) return spentLink();
  return { email: reset.email as string | null, errors: {} };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  // A spent link says so, whatever was typed.
  const reset = findPendingReset(params.token ?? "");
  if (!reset) return spentLink();
  const parsed = parseForm(form, newPasswordSchema);
  if (!parsed.ok) return data({ email: undefined, errors: parsed.errors }, { status: 400 });
  const result = await resetPassword(reset, parsed.data, request, await resolveLocale(request, null), clientIpOf(context));
  if (typeof result === "string") return redirect("/", { headers: { "Set-Cookie": result } });
  if (result.spent) return spentLink();
  return data({ email: undefined, errors: { password: result.error } }, { status: result.status });
}

export default function ResetPassword() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  useFocusAfterErrors(failed);
  const email = failed?.email === null ? null : loaded.email;
  const errors: Record<string, string | undefined> = failed?.errors ?? {};
  if (!email) {
    return (
      <div className="card mx-auto max-w-md space-y-4 p-6">
        <h1 className="text-2xl font-bold">{t("auth.resetInvalid")}</h1>
        <p>{t("auth.resetInvalidHint")}</p>
        <p className="flex gap-4">
          <Link to="/login/forgot">{t("auth.forgotLink")}</Link>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("auth.resetHeading")}</h1>
      <p>
        <Message id="auth.resetBody" values={{ email }} />
      </p>
      <Form method="post" className="space-y-4" noValidate>
        <Field name="password" label={t("auth.newPassword")} hint={t("auth.passwordHint")} error={errors.password as never}>
          {(p) => <input {...p} type="password" className="input" autoComplete="new-password" dir="ltr" required minLength={8} />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.resetSubmit")}
        </button>
      </Form>
    </div>
  );
}
