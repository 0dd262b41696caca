import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormError, Honeypot, useFocusAfterErrors } from "~/components/Field";
import { Message, useT } from "~/components/i18n";
import { signUp, signupSchema } from "~/services/account.server";
import { assertNoBot, parseForm, readForm } from "~/utils/forms.server";
import { getViewer, safeRedirectPath } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { clientIpOf } from "~/utils/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  assertNoBot(form);
  const parsed = parseForm(form, signupSchema);
  const { password: _password, ...keptValues } = parsed.values;
  if (!parsed.ok) return data({ confirmationSentTo: undefined, errors: parsed.errors, formError: undefined, values: keptValues }, { status: 400 });
  const locale = await resolveLocale(request, null);
  const result = await signUp(parsed.data, locale, request, clientIpOf(context));
  if (result instanceof Response) return result;
  if ("confirmationSentTo" in result) return data({ confirmationSentTo: result.confirmationSentTo, errors: {}, formError: undefined, values: keptValues });
  return data({ confirmationSentTo: undefined, errors: result.fieldErrors ?? {}, formError: result.formError, values: keptValues }, { status: result.status });
}

export default function Signup() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  useFocusAfterErrors(result);
  const values: Record<string, string | undefined> = result?.values ?? {};
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const redirectTo = values.redirectTo ?? params.get("redirectTo") ?? "";
  const vote = values.vote ?? params.get("vote") ?? "";
  const back = new URLSearchParams({ redirectTo, ...(vote ? { vote } : {}) });
  if (result?.confirmationSentTo) {
    return (
      <div className="card mx-auto max-w-md space-y-4 p-6" role="status">
        <h1 className="text-2xl font-bold">{t("auth.checkInboxHeading")}</h1>
        <p>
          <Message id="auth.checkInboxBody" values={{ email: result.confirmationSentTo }} />
        </p>
        <p className="text-sm text-muted">{t("auth.checkInboxHint")}</p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("auth.signupHeading")}</h1>
      <FormError error={result?.formError} />
      <Form method="post" className="space-y-4" noValidate>
        <Honeypot />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="hidden" name="vote" value={vote} />
        <Field name="displayName" label={t("auth.displayName")} error={errors.displayName as never}>
          {(p) => <input {...p} className="input" defaultValue={values.displayName} autoComplete="nickname" dir="auto" required />}
        </Field>
        <Field name="email" label={t("auth.email")} error={errors.email as never}>
          {(p) => <input {...p} type="email" className="input" defaultValue={values.email} autoComplete="email" dir="ltr" required />}
        </Field>
        <Field name="password" label={t("auth.password")} hint={t("auth.passwordHint")} error={errors.password as never}>
          {(p) => <input {...p} type="password" className="input" autoComplete="new-password" dir="ltr" required minLength={8} />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.signupSubmit")}
        </button>
      </Form>
      <p className="text-sm">
        {t("auth.haveAccount")} <Link to={`/login?${back}`}>{t("nav.login")}</Link>
      </p>
    </div>
  );
}
