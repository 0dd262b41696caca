// The link in the sign-up email. Opening it only shows what will happen: mail
// scanners fetch links, so the account is finished by the form's POST, with the
// password chosen at sign-up typed again (see confirmSignup).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field } from "~/components/Field";
import { firstError, useSchemaForm } from "~/components/forms";
import { Message, useT } from "~/components/i18n";
import { confirmSignupSchema } from "~/schemas/account";
import { confirmSignup, findPendingSignup } from "~/services/account.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { clientIpOf } from "~/utils/request.server";

/** A used, expired or made-up link: 410, and the page says so. */
function spentLink() {
  return data({ pending: null, linkSpent: true as const }, { status: 410 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const pending = findPendingSignup(params.token ?? "");
  if (!pending) return spentLink();
  return { pending: { displayName: pending.displayName, email: pending.email }, linkSpent: false as const };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The schema cannot fail: a password too long to be the one chosen is just a wrong one.
  const submission = parseSubmission(await readForm(request), confirmSignupSchema);
  if (submission.status !== "success") return reject(submission);
  const confirmed = await confirmSignup(params.token ?? "", submission.value, request, clientIpOf(context));
  if (confirmed.ok) return redirect(confirmed.value.redirectTo, { headers: { "Set-Cookie": confirmed.value.sessionCookie } });
  if (confirmed.error === "error.notFound") return spentLink();
  return reject(submission, confirmed);
}

export default function ConfirmSignup() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const spent = answer && "linkSpent" in answer;
  const [form, fields] = useSchemaForm(confirmSignupSchema, spent ? undefined : answer);
  if (spent || !loaded.pending) {
    return (
      <div className="card mx-auto max-w-md space-y-4 p-6">
        <h1 className="text-2xl font-bold">{t("auth.confirmInvalid")}</h1>
        <p>{t("auth.confirmInvalidHint")}</p>
        <p className="flex gap-4">
          <Link to="/signup">{t("nav.signup")}</Link>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("auth.confirmHeading")}</h1>
      <p>
        <Message id="auth.confirmBody" values={{ name: loaded.pending.displayName, email: loaded.pending.email }} />
      </p>
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <Field name="password" label={t("auth.password")} hint={t("auth.confirmPasswordHint")} error={firstError(fields.password.errors)}>
          {(p) => <input {...p} type="password" className="input" autoComplete="current-password" dir="ltr" required />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.confirmSubmit")}
        </button>
      </Form>
    </div>
  );
}
