// /catalogue/<locale>?v=<version>: the active language's messages as a script the page loads
// before it hydrates (app/i18n/loaded.ts says why they are not in the root loader's data).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n";
import { catalogueScript } from "~/i18n/catalogues.server";
import { notFound } from "~/utils/http.server";

export function loader({ request, params }: LoaderFunctionArgs) {
  if (!isLocale(params.locale)) notFound();
  const script = catalogueScript(params.locale);
  // The page asks for the version it was rendered with: that URL never changes its content.
  const current = new URL(request.url).searchParams.get("v") === script.version;
  return new Response(script.body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
