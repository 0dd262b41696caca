// The bell's dropdown asks this resource route for the latest notifications when it opens.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/services/guards.server";
import { latestNotifications } from "~/services/notifications.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return latestNotifications(user);
}
