// "Forgot your password?": always answers "check your inbox" (see password-reset.server).
import type { ActionFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError, Honeypot } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { Message, useT } from "~/components/i18n";
import { forgotPasswordSchema } from "~/schemas/account";
import { getViewer } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { requestPasswordReset } from "~/services/password-reset.server";
import { assertNoBot, parseSubmission, readForm, reject } from "~/utils/forms.server";
import { clientIpOf } from "~/utils/request.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  assertNoBot(form);
  const submission = parseSubmission(form, forgotPasswordSchema);
  if (submission.status !== "success") return reject(submission);
  // A browser signed in to the account asks as its owner (ADR 006, addendum).
  const viewer = await getViewer(request);
  const requested = requestPasswordReset(submission.value, await resolveLocale(request, null), { clientIp: clientIpOf(context), signedInEmail: viewer?.email });
  if (!requested.ok) return reject(submission, requested);
  return { confirmationSentTo: requested.value.confirmationSentTo };
}

export default function ForgotPassword() {
  const t = useT();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const sentTo = answer && "confirmationSentTo" in answer ? answer.confirmationSentTo : undefined;
  const [form, fields] = useSchemaForm(forgotPasswordSchema, answer && !("confirmationSentTo" in answer) ? answer : undefined);
  if (sentTo) {
    return (
      <div className="card mx-auto max-w-md space-y-4 p-6" role="status">
        <h1 className="text-2xl font-bold">{t("auth.checkInboxHeading")}</h1>
        <p>
          <Message id="auth.resetSentBody" values={{ email: sentTo }} />
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
      <FormError id={form.errorId} error={firstError(form.errors)} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <Honeypot />
        <Field name="email" label={t("auth.email")} error={firstError(fields.email.errors)}>
          {(p) => <input {...p} type="email" className="input" defaultValue={typedValue(fields.email.initialValue)} autoComplete="email" dir="ltr" required />}
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
