// The link in a team invite (issue 12). Opening it only shows what will happen (mail
// scanners fetch links): the invitee makes their account here, or, signed in as the
// invited address, accepts with a button. A used, expired or made-up link says so.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { Field, FormError } from "~/components/Field";
import { firstError, replyError, useSchemaForm } from "~/components/forms";
import { Message, useT } from "~/components/i18n";
import { joinSchema } from "~/schemas/admin";
import { getViewer } from "~/services/guards.server";
import { loginUrl } from "~/utils/redirects";
import { acceptInvite, joinServerSchema, joinState, joinWithInvite } from "~/services/invites.server";
import { z } from "zod";
import { parseSubmission, readForm, reject } from "~/utils/forms.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const state = joinState(params.token ?? "", await getViewer(request));
  return data(state, { status: state.state === "invalid" ? 410 : 200 });
}

const acceptSchema = z.object({});

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const viewer = await getViewer(request);
  const form = await readForm(request);
  if (viewer) {
    const accepted = acceptInvite(token, viewer);
    if (accepted.ok) return redirect("/admin");
    return reject(parseSubmission(form, acceptSchema), accepted);
  }
  const submission = parseSubmission(form, joinServerSchema);
  if (submission.status !== "success") return reject(submission);
  const joined = await joinWithInvite(token, submission.value, request);
  if (joined.ok) return redirect("/admin", { headers: { "Set-Cookie": joined.value.sessionCookie } });
  return reject(submission, joined);
}

export default function Join() {
  const t = useT();
  const state = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(joinSchema, answer);
  const formError = replyError(answer);
  const { token } = useParams();
  const back = `/join/${token ?? ""}`;
  if (state.state === "invalid") {
    return (
      <div className="card mx-auto max-w-md space-y-4 p-6" data-testid="invite-invalid">
        <h1 className="text-2xl font-bold">{t("invite.invalid")}</h1>
        <p>{t("invite.invalidHint")}</p>
        <p className="flex gap-4">
          <Link to="/">{t("error.home")}</Link>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </div>
    );
  }
  const role = t(state.role === "admin" ? "team.role.admin" : "team.role.staff");
  return (
    <div className="card mx-auto max-w-md space-y-4 p-6">
      <h1 className="text-2xl font-bold">{t("invite.joinHeading")}</h1>
      <p>
        <Message id="invite.joinBody" values={{ name: state.inviterName, email: state.email, role }} />
      </p>
      {state.state === "accept" ? (
        <Form method="post" className="space-y-3">
          <FormError error={formError} />
          <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
            {t("invite.accept")}
          </button>
        </Form>
      ) : null}
      {state.state === "otherAccount" ? (
        <p className="rounded-md border border-warn/50 bg-warn/10 px-3 py-2 text-sm" role="alert">
          <Message id="invite.otherAccount" values={{ email: state.email, viewer: state.viewerEmail }} />
        </p>
      ) : null}
      {state.state === "signin" ? (
        <p>
          <Link to={loginUrl(back)} className="btn btn-primary">
            {t("invite.signInToAccept")}
          </Link>
        </p>
      ) : null}
      {state.state === "signup" ? (
        <Form method="post" id={form.id} onSubmit={form.onSubmit} className="space-y-4" noValidate>
          <FormError error={formError && !fields.displayName.errors && !fields.password.errors ? formError : undefined} />
          <Field name="displayName" label={t("auth.displayName")} error={firstError(fields.displayName.errors)}>
            {(p) => <input {...p} type="text" className="input" autoComplete="name" dir="auto" required />}
          </Field>
          <Field name="password" label={t("auth.password")} error={firstError(fields.password.errors)}>
            {(p) => <input {...p} type="password" className="input" autoComplete="new-password" dir="ltr" required />}
          </Field>
          <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
            {t("invite.joinSubmit")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
