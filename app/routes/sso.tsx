// Single sign-on from the customer's own app: `GET /sso?token=…&redirectTo=…` (docs/sso.md).
// A good token signs the visitor in and sends them on; anything else is a page that
// says why, in the visitor's language, with nothing written.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Message, useT } from "~/components/i18n";
import { ssoQuerySchema } from "~/schemas/sso";
import { resolveLocale } from "~/services/i18n.server";
import { retryAfterSeconds } from "~/services/rate-limit.server";
import { signInWithSso } from "~/services/sso.server";
import { statusFor } from "~/utils/http.server";
import { clientIpOf } from "~/utils/request.server";

export const meta: MetaFunction = ({ matches }) => [...(matches.find((m) => m.id === "root")?.meta ?? []), { name: "robots", content: "noindex" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const query = ssoQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const signedIn = await signInWithSso(query, request, clientIpOf(context), await resolveLocale(request, null));
  // The token is in this URL: nothing here may be cached.
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (signedIn.ok) {
    headers.append("Set-Cookie", signedIn.value.sessionCookie);
    return redirect(signedIn.value.redirectTo, { headers });
  }
  if (signedIn.error === "error.rateLimited") headers.set("Retry-After", String(retryAfterSeconds("ssoFailure")));
  return data({ reason: signedIn.error, claim: signedIn.field ?? null }, { status: statusFor(signedIn.error), headers });
}

export default function SsoRefused() {
  const t = useT();
  const { reason, claim } = useLoaderData<typeof loader>();
  return (
    <div className="card mx-auto max-w-lg space-y-4 p-6" data-testid="sso-refused">
      <h1 className="text-xl font-semibold">{t("sso.refusedHeading")}</h1>
      <p role="alert" data-reason={reason}>
        {claim ? <Message id={reason} values={{ claim }} /> : t(reason)}
      </p>
      <p className="text-sm text-muted">{reason === "sso.error.staffAccount" ? t("sso.refusedStaffHint") : t("sso.refusedHint")}</p>
      <p>
        <Link to="/login">{t("nav.login")}</Link>
      </p>
    </div>
  );
}
