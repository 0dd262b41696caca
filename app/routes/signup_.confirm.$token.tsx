// The link in the sign-up email. Opening it only shows what will happen: mail
// scanners fetch links, so the account is finished by the form's POST, with the
// password chosen at sign-up typed again (see confirmSignup).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, useFocusAfterErrors } from "~/components/Field";
import { Message, useT } from "~/components/i18n";
import { confirmSignup, confirmSignupSchema, findPendingSignup } from "~/services/account.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { clientIpOf } from "~/utils/request.server";

function spentLink() {
  return data({ pending: null, error: undefined }, { status: 410 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const pending = findPendingSignup(params.token ?? "");
  if (!pending) return spentLink();
  return { pending: { displayName: pending.displayName, email: pending.email } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(await readForm(request), confirmSignupSchema);
  const result = await confirmSignup(params.token ?? "", parsed.ok ? parsed.data : { password: "" }, request, clientIpOf(context));
  if (result instanceof Response) return result;
  if (result.spent) return spentLink();
  return data({ pending: undefined, error: result.error }, { status: result.status });
}

export default function ConfirmSignup() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  useFocusAfterErrors(failed);
  const pending = failed?.pending === null ? null : loaded.pending;
  if (!pending) {
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
        <Message id="auth.confirmBody" values={{ name: pending.displayName, email: pending.email }} />
      </p>
      <Form method="post" className="space-y-4" noValidate>
        <Field name="password" label={t("auth.password")} hint={t("auth.confirmPasswordHint")} error={failed?.error}>
          {(p) => <input {...p} type="password" className="input" autoComplete="current-password" dir="ltr" required />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.confirmSubmit")}
        </button>
      </Form>
    </div>
  );
}
