import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Field, FormError, Honeypot } from "~/components/Field";
import { firstError, typedValue, useSchemaForm } from "~/components/forms";
import { Message, useT } from "~/components/i18n";
import { signupSchema } from "~/schemas/account";
import { signUp, signupServerSchema } from "~/services/account.server";
import { getViewer, safeRedirectPath } from "~/services/guards.server";
import { resolveLocale } from "~/services/i18n.server";
import { assertNoBot, parseSubmission, readForm, reject } from "~/utils/forms.server";
import { clientIpOf } from "~/utils/request.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getViewer(request)) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  assertNoBot(form);
  const submission = parseSubmission(form, signupServerSchema);
  if (submission.status !== "success") return reject(submission);
  const signedUp = await signUp(submission.value, await resolveLocale(request, null), request, clientIpOf(context));
  if (!signedUp.ok) return reject(submission, signedUp);
  // With email, the same answer for every address (ADR 006); the link in the email does the rest.
  if ("confirmationSentTo" in signedUp.value) return { confirmationSentTo: signedUp.value.confirmationSentTo };
  return redirect(signedUp.value.redirectTo, { headers: { "Set-Cookie": signedUp.value.sessionCookie } });
}

export default function Signup() {
  const t = useT();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const sentTo = answer && "confirmationSentTo" in answer ? answer.confirmationSentTo : undefined;
  const [form, fields] = useSchemaForm(signupSchema, answer && !("confirmationSentTo" in answer) ? answer : undefined);
  const redirectTo = typedValue(fields.redirectTo.initialValue) ?? params.get("redirectTo") ?? "";
  const vote = typedValue(fields.vote.initialValue) ?? params.get("vote") ?? "";
  const back = new URLSearchParams({ redirectTo, ...(vote ? { vote } : {}) });
  if (sentTo) {
    return (
      <div className="card mx-auto max-w-md space-y-4 p-6" role="status">
        <h1 className="text-2xl font-bold">{t("auth.checkInboxHeading")}</h1>
        <p>
          <Message id="auth.checkInboxBody" values={{ email: sentTo }} />
        </p>
        <p className="text-sm text-muted">{t("auth.checkInboxHint")}</p>
      </div>
    );
  }
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("auth.signupHeading")}</h1>
      <FormError id={form.errorId} error={firstError(form.errors)} />
      <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <Honeypot />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="hidden" name="vote" value={vote} />
        <Field name="displayName" label={t("auth.displayName")} error={firstError(fields.displayName.errors)}>
          {(p) => <input {...p} className="input" defaultValue={typedValue(fields.displayName.initialValue)} autoComplete="nickname" dir="auto" required />}
        </Field>
        <Field name="email" label={t("auth.email")} error={firstError(fields.email.errors)}>
          {(p) => <input {...p} type="email" className="input" defaultValue={typedValue(fields.email.initialValue)} autoComplete="email" dir="ltr" required />}
        </Field>
        <Field name="password" label={t("auth.password")} hint={t("auth.passwordHint")} error={firstError(fields.password.errors)}>
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
