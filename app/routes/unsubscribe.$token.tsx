// Unsubscribe links from emails. GET asks for a confirmation (link scanners follow GETs);
// POST unsubscribes, which is also what mail clients send for RFC 8058 one-click.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/components/i18n";
import { unsubscribeByLink, unsubscribeTarget } from "~/services/follow-up.server";
import { readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const target = unsubscribeTarget(params.token ?? "");
  if (!target) notFound();
  return target.scope === "all" ? { scope: "all" as const } : { scope: "post" as const, postId: target.postId, postTitle: target.postTitle };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await readForm(request).catch(() => null);
  const done = unsubscribeByLink(params.token ?? "");
  if (!done) notFound();
  return { done: true };
}

export default function Unsubscribe() {
  const t = useT();
  const target = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="card mx-auto max-w-lg space-y-4 p-6">
      <h1 className="text-xl font-semibold">{t("unsubscribe.heading")}</h1>
      {result?.done ? (
        <p role="status">{target.scope === "all" ? t("unsubscribe.doneAll") : t("unsubscribe.donePost")}</p>
      ) : (
        <>
          <p>
            {target.scope === "all" ? (
              t("unsubscribe.confirmAll")
            ) : (
              <>
                {t("unsubscribe.confirmPost")}{" "}
                <Link to={`/posts/${target.postId}`} dir="auto">
                  {target.postTitle}
                </Link>
              </>
            )}
          </p>
          <Form method="post">
            <input type="hidden" name="List-Unsubscribe" value="One-Click" />
            <button type="submit" className="btn btn-primary">
              {t("unsubscribe.submit")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
