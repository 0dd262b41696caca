// The /admin/webhooks forms, shared by the actions that parse them and the pages that
// check them as the admin types (so no server-only imports here). Where a URL may point
// is the server's check (webhook-target.server.ts): it needs DNS.
import { z } from "zod";
import { WEBHOOK_EVENTS } from "~/db/enums";
import { idParam } from "~/utils/validation";

const eventList = z.preprocess(
  (v) => (Array.isArray(v) ? v : typeof v === "string" && v !== "" ? [v] : []),
  z.array(z.enum(WEBHOOK_EVENTS, { message: "error.webhookEventsRequired" })).min(1, "error.webhookEventsRequired"),
);

export const newWebhookSchema = z.object({
  url: z.string({ message: "error.webhookUrlInvalid" }).trim().min(1, "error.webhookUrlInvalid").max(2000, "error.webhookUrlTooLong"),
  events: eventList,
});

/** A button on one endpoint (enable, disable, rotate the secret, delete): nothing to fill in. */
export const webhookButtonSchema = z.object({});

export const resendSchema = z.object({ deliveryId: idParam });

/** /admin/webhooks/:id?before=<id>: the page of deliveries older than that one. */
export const deliveriesQuerySchema = z.object({ before: idParam.optional().catch(undefined) });
