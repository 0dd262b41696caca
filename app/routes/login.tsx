import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { useT } from "~/components/i18n";
import { loginSchema } from "~/schemas/account";
import { signIn } from "~/services/account.server";
import { getViewer, safeRedirectPath } from "~/services/guards.server";
import { canResetPasswords } from "~/services/password-reset.server";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";
import { clientIpOf } from "~/utils/request.server";
import { err } from "~/utils/result";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return { canResetPassword: canResetPasswords() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await readForm(request), loginSchema);
  // A form that cannot be right says only what a wrong password says.
  if (submission.status !== "success") return reject(submission, err("error.wrongCredentials"));
  const signedIn = await signIn(submission.value, request, clientIpOf(context));
  if (!signedIn.ok) return reject(submission, signedIn);
  return redirect(signedIn.value.redirectTo, { headers: { "Set-Cookie": signedIn.value.sessionCookie } });
}

export default function Login() {
  const t = useT();
  const lastResult = useActionData<typeof action>();
  const { canResetPassword } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(loginSchema, lastResult);
  const redirectTo = typedValue(fields.redirectTo.initialValue) ?? params.get("redirectTo") ?? "";
  const vote = typedValue(fields.vote.initialValue) ?? params.get("vote") ?? "";
  const back = new URLSearchParams({ redirectTo, ...(vote ? { vote } : {}) });
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("auth.loginHeading")}</h1>
      {vote ? <p className="text-sm text-muted">{t("auth.continueToVote")}</p> : null}
      <FormError id={form.errorId} error={firstError(form.errors)} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="hidden" name="vote" value={vote} />
        <Field name="email" label={t("auth.email")}>
          {(p) => <input {...p} type="email" className="input" defaultValue={typedValue(fields.email.initialValue)} autoComplete="email" dir="ltr" required />}
        </Field>
        <Field name="password" label={t("auth.password")}>
          {(p) => <input {...p} type="password" className="input" autoComplete="current-password" dir="ltr" required />}
        </Field>
        {canResetPassword ? (
          <p className="text-sm">
            <Link to="/login/forgot">{t("auth.forgotLink")}</Link>
          </p>
        ) : null}
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.loginSubmit")}
        </button>
      </Form>
      <p className="text-sm">
        {t("auth.noAccount")} <Link to={`/signup?${back}`}>{t("nav.signup")}</Link>
      </p>
    </div>
  );
}
