// /admin/webhooks and /admin/webhooks/:id as an admin uses them: a URL refused by the
// SSRF check comes back with the reason beside the URL field and what was typed kept;
// a registered endpoint shows its secret and its deliveries; resend, disable, enable and
// delete do what they say, and resend refuses what it must.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { webhookDeliveries, webhooks } from "~/db/schema";
import * as list from "~/routes/admin.webhooks";
import * as page from "~/routes/admin.webhooks_.$id";
import { toggleVote } from "~/services/votes.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let cookie = "";
let postId = 0;

type Reply = { status: string; error?: Record<string, string[]>; initialValue?: Record<string, unknown> };

const register = (form: Record<string, string>) => callRoute(list.action, makeRequest("/admin/webhooks", { cookie, form }));
const act = (id: number, form: Record<string, string>) => callRoute(page.action, makeRequest(`/admin/webhooks/${id}`, { cookie, form }), { id: String(id) });
const view = (id: number) => callRoute(page.loader, makeRequest(`/admin/webhooks/${id}`, { cookie }), { id: String(id) });

beforeAll(async () => {
  const { admin } = await seedSite();
  cookie = await sessionCookie(admin.id);
  postId = await createTestPost(await createUser(), "Zapier");
});

describe("registering an endpoint", () => {
  it.each([
    ["http://93.184.216.34/hooks", "error.webhookHttpsOnly"],
    ["https://127.0.0.1/hooks", "error.webhookPrivateAddress"],
    ["https://[::1]:8443/hooks", "error.webhookPrivateAddress"],
    ["https://10.0.0.8/hooks", "error.webhookPrivateAddress"],
    ["https://169.254.169.254/latest/meta-data/", "error.webhookPrivateAddress"],
    ["https://localhost/hooks", "error.webhookPrivateAddress"],
    ["not a url", "error.webhookUrlInvalid"],
  ])("refuses %s with %s beside the URL field, keeping what was typed", async (url, error) => {
    const result = await register({ url, events: "post.created" });
    expect(result.status).toBe(400);
    const reply = result.data as Reply;
    expect(reply.error).toEqual({ url: [error] });
    expect(reply.initialValue).toMatchObject({ url, events: "post.created" });
    expect(getDb().select().from(webhooks).all()).toEqual([]);
  });

  it("asks for at least one event", async () => {
    const result = await register({ url: "https://93.184.216.34/hooks" });
    expect(result.status).toBe(400);
    expect((result.data as Reply).error).toEqual({ events: ["error.webhookEventsRequired"] });
  });

  it("saves a public https endpoint with the chosen events and a whsec_ secret, and opens its page", async () => {
    const result = await register({ url: "https://93.184.216.34/hooks", events: "vote.created" });
    expect(result.status).toBe(302);
    const [row] = getDb().select().from(webhooks).all();
    expect(result.location).toBe(`/admin/webhooks/${row.id}?created=1`);
    expect(row).toMatchObject({ url: "https://93.184.216.34/hooks", enabled: true });
    expect(JSON.parse(row.events)).toEqual(["vote.created"]);
    expect(row.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const shown = (await view(row.id)).data as { webhook: { secret: string; events: string[] } };
    expect(shown.webhook).toMatchObject({ secret: row.secret, events: ["vote.created"] });
    const listed = (await callRoute(list.loader, makeRequest("/admin/webhooks", { cookie }))).data as { webhooks: Record<string, unknown>[] };
    expect(listed.webhooks[0]).toMatchObject({ id: row.id, url: row.url, enabled: true });
    // The list never carries secrets.
    expect(JSON.stringify(listed)).not.toContain(row.secret);
  });
});

describe("an endpoint's page", () => {
  it("resends a settled delivery, refuses one still waiting, and a disabled endpoint", async () => {
    const [hook] = getDb().select().from(webhooks).all();
    expect(toggleVote(postId, await createUser()).ok).toBe(true);
    const [delivery] = getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id)).all();
    const shown = (await view(hook.id)).data as { deliveries: { id: number; status: string; payload: string }[] };
    expect(shown.deliveries).toMatchObject([{ id: delivery.id, status: "pending" }]);
    expect(JSON.parse(shown.deliveries[0].payload)).toMatchObject({ type: "vote.created" });

    const busy = await act(hook.id, { intent: "resend", deliveryId: String(delivery.id) });
    expect(busy.status).toBe(400);
    expect((busy.data as { reply: Reply }).reply.error).toEqual({ "": ["error.webhookResendBusy"] });

    getDb().update(webhookDeliveries).set({ status: "failed", attempts: 8, responseStatus: 500 }).where(eq(webhookDeliveries.id, delivery.id)).run();
    expect((await act(hook.id, { intent: "resend", deliveryId: String(delivery.id) })).status).toBe(302);
    expect(getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.id, delivery.id)).get()).toMatchObject({
      status: "pending",
      attempts: 0,
      messageId: delivery.messageId,
    });

    expect((await act(hook.id, { intent: "disable" })).status).toBe(302);
    getDb().update(webhookDeliveries).set({ status: "delivered" }).where(eq(webhookDeliveries.id, delivery.id)).run();
    const off = await act(hook.id, { intent: "resend", deliveryId: String(delivery.id) });
    expect((off.data as { reply: Reply }).reply.error).toEqual({ "": ["error.webhookResendDisabled"] });
    expect((await act(hook.id, { intent: "enable" })).status).toBe(302);
    expect(getDb().select().from(webhooks).where(eq(webhooks.id, hook.id)).get()).toMatchObject({ enabled: true, disabledAt: null });
  });

  it("rotates the secret, and deletes the endpoint with its deliveries", async () => {
    const [hook] = getDb().select().from(webhooks).all();
    const rotated = await act(hook.id, { intent: "rotate" });
    expect(rotated.location).toBe(`/admin/webhooks/${hook.id}?rotated=1`);
    expect(getDb().select().from(webhooks).where(eq(webhooks.id, hook.id)).get()!.secret).not.toBe(hook.secret);
    const deleted = await act(hook.id, { intent: "delete" });
    expect(deleted.location).toBe("/admin/webhooks");
    expect(getDb().select().from(webhooks).all()).toEqual([]);
    expect(getDb().select().from(webhookDeliveries).all()).toEqual([]);
    expect((await view(hook.id)).status).toBe(404);
    expect((await act(hook.id, { intent: "rotate" })).status).toBe(404);
  });
});
