import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormError, useFocusAfterErrors } from "~/components/Field";
import { useT } from "~/components/i18n";
import { loginSchema, signIn } from "~/services/account.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { getViewer, safeRedirectPath } from "~/services/guards.server";
import { canResetPasswords } from "~/services/password-reset.server";
import { clientIpOf } from "~/utils/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return { canResetPassword: canResetPasswords() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await readForm(request), loginSchema);
  if (!parsed.ok) return data({ formError: "error.wrongCredentials" as const, values: parsed.values }, { status: 400 });
  const result = await signIn(parsed.data, request, clientIpOf(context));
  if (result instanceof Response) return result;
  const { password: _password, ...values } = parsed.values;
  return data({ formError: result.formError, values }, { status: result.status });
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const { canResetPassword } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  useFocusAfterErrors(result);
  const values = result?.values ?? {};
  const redirectTo = values.redirectTo ?? params.get("redirectTo") ?? "";
  const vote = values.vote ?? params.get("vote") ?? "";
  const back = new URLSearchParams({ redirectTo, ...(vote ? { vote } : {}) });
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("auth.loginHeading")}</h1>
      {vote ? <p className="text-sm text-muted">{t("auth.continueToVote")}</p> : null}
      <FormError error={result?.formError} />
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="hidden" name="vote" value={vote} />
        <Field name="email" label={t("auth.email")}>
          {(p) => <input {...p} type="email" className="input" defaultValue={values.email} autoComplete="email" dir="ltr" required />}
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
