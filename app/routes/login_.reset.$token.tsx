// The link in a password-reset email: GET shows the form, POST sets the new password,
// signs every other device out and signs in here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { firstError, useSchemaForm } from "~/components/forms";
import { Message, useT } from "~/components/i18n";
import { newPasswordSchema } from "~/schemas/account";
import { resolveLocale } from "~/services/i18n.server";
import { findPendingReset, newPasswordServerSchema, resetPassword } from "~/services/password-reset.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { clientIpOf } from "~/utils/request.server";

/** A used, expired or made-up link: 410, and the page says so. */
function spentLink() {
  return data({ email: null, linkSpent: true as const }, { status: 410 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const reset = findPendingReset(params.token ?? "");
  if (!reset) return spentLink();
  return { email: reset.email, linkSpent: false as const };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  // A spent link says so, whatever was typed.
  const reset = findPendingReset(params.token ?? "");
  if (!reset) return spentLink();
  const submission = parseSubmission(form, newPasswordServerSchema);
  if (submission.status !== "success") return reject(submission);
  const changed = await resetPassword(reset, submission.value, request, await resolveLocale(request, null), clientIpOf(context));
  if (changed.ok) return redirect(changed.value.redirectTo, { headers: { "Set-Cookie": changed.value.sessionCookie } });
  // Another request used the link meanwhile.
  if (changed.error === "error.notFound") return spentLink();
  return reject(submission, changed);
}

export default function ResetPassword() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const spent = answer && "linkSpent" in answer;
  const [form, fields] = useSchemaForm(newPasswordSchema, spent ? undefined : answer);
  if (spent || !loaded.email) {
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
        <Message id="auth.resetBody" values={{ email: loaded.email }} />
      </p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <Field name="password" label={t("auth.newPassword")} hint={t("auth.passwordHint")} error={firstError(fields.password.errors)}>
          {(p) => <input {...p} type="password" className="input" autoComplete="new-password" dir="ltr" required minLength={8} />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.resetSubmit")}
        </button>
      </Form>
    </div>
  );
}
