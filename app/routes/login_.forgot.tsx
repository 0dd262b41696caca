// "Forgot your password?": always answers "check your inbox" (see password-reset.server).
import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError, Honeypot, useFocusAfterErrors } from "~/components/Field";
import { Message, useT } from "~/components/i18n";
import { assertNoBot, parseForm, readForm } from "~/utils/forms.server";
import { getViewer } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { forgotPasswordSchema, requestPasswordReset } from "~/services/password-reset.server";
import { clientIpOf } from "~/utils/request.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  assertNoBot(form);
  const parsed = parseForm(form, forgotPasswordSchema);
  if (!parsed.ok) return data({ sentTo: undefined, errors: parsed.errors, formError: undefined, values: parsed.values }, { status: 400 });
  // A browser signed in to the account asks as its owner (ADR 006, addendum).
  const viewer = await getViewer(request);
  const result = requestPasswordReset(parsed.data, await resolveLocale(request, null), { clientIp: clientIpOf(context), signedInEmail: viewer?.email });
  if ("confirmationSentTo" in result) return data({ sentTo: result.confirmationSentTo, errors: {}, formError: undefined, values: parsed.values });
  return data({ sentTo: undefined, errors: {}, formError: result.formError, values: parsed.values }, { status: result.status });
}

export default function ForgotPassword() {
  const t = useT();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  useFocusAfterErrors(result);
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  if (result?.sentTo) {
    return (
      <div className="card mx-auto max-w-md space-y-4 p-6" role="status">
        <h1 className="text-2xl font-bold">{t("auth.checkInboxHeading")}</h1>
        <p>
          <Message id="auth.resetSentBody" values={{ email: result.sentTo }} />
        </p>
        <p className="text-sm">
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("auth.forgotHeading")}</h1>
      <p className="text-sm text-muted">{t("auth.forgotIntro")}</p>
      <FormError error={result?.formError} />
      <Form method="post" className="space-y-4" noValidate>
        <Honeypot />
        <Field name="email" label={t("auth.email")} error={errors.email as never}>
          {(p) => <input {...p} type="email" className="input" defaultValue={result?.values?.email} autoComplete="email" dir="ltr" required />}
        </Field>
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.forgotSubmit")}
        </button>
      </Form>
      <p className="text-sm">
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
