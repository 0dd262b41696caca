// The link in the sign-up email. Opening it only shows what will happen: mail
// scanners fetch links, so the account is finished by the button's POST, by the
// person who reads the page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { confirmSignup, findPendingSignup } from "~/services/account.server";
import { readForm } from "~/services/forms.server";

function spentLink() {
  return data({ pending: null }, { status: 410 });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const pending = findPendingSignup(params.token ?? "");
  if (!pending) return spentLink();
  return { pending: { displayName: pending.displayName, email: pending.email } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request);
  const signedIn = await confirmSignup(params.token ?? "", request);
  return signedIn ?? spentLink();
}

export default function ConfirmSignup() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  const pending = failed ? null : loaded.pending;
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
      <p>{t("auth.confirmBody", { name: pending.displayName, email: pending.email })}</p>
      <Form method="post">
        <button type="submit" className="btn btn-primary w-full" disabled={navigation.state === "submitting"}>
          {t("auth.confirmSubmit")}
        </button>
      </Form>
    </div>
  );
}
