// The first-run checklist's two buttons (issue 12): "I shared the link" and "Dismiss".
// No page of its own: a GET goes to the admin home, where the checklist is.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { requireAdmin } from "~/services/guards.server";
import { updateChecklist } from "~/services/checklist.server";
import { readForm } from "~/utils/forms.server";
import { intent, runIntent } from "~/utils/intents.server";

export async function loader() {
  throw redirect("/admin");
}

type Ctx = { request: Request };
const asAdmin = ({ request }: Ctx) => requireAdmin(request);
const intents = {
  shared: intent({ schema: z.object({}), authorise: asAdmin, run: () => updateChecklist("shared") }),
  dismiss: intent({ schema: z.object({}), authorise: asAdmin, run: () => updateChecklist("dismiss") }),
};

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const ran = await runIntent(await readForm(request), intents, { request });
  return ran.ok ? redirect("/admin") : ran.rejected;
}
