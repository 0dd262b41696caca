// The webhook worker against real local HTTP receivers (WEBHOOKS_ALLOW_PRIVATE=1, the
// setting for tests and local receivers): signatures a receiver verifies with the
// standardwebhooks library, retries with backoff on an injected clock, redirects not
// followed, capped response bodies, the target checked again (and pinned) at every
// delivery, and an endpoint that keeps failing disabled with its admins emailed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { emailOutbox, users, webhookDeliveries, webhooks } from "~/db/schema";
import { renderEmail } from "~/emails/render.server";
import { safeParseEmail } from "~/emails/templates";
import type { SessionUser } from "~/services/auth.server";
import { toggleVote } from "~/services/votes.server";
import { DISABLE_AFTER_FAILED_DELIVERIES, drainWebhooks, RESPONSE_BODY_BYTES, RETRY_DELAYS_MS } from "~/services/webhook-worker.server";
import { createWebhook, setWebhookEnabled } from "~/services/webhooks.server";
import { createTestPost, createUser, seedSite } from "../helpers/factories";

type Received = { path: string; headers: Record<string, string>; body: string };
type Answer = { status: number; body?: string; headers?: Record<string, string> };

const received: Received[] = [];
/** How the receiver answers the next request to a path (by default 200 "ok"). */
let answer: (request: Received) => Answer = () => ({ status: 200, body: "ok" });
let receiver: http.Server;
let base = "";

let admin: SessionUser;
let arabicAdmin: SessionUser;
let customer: SessionUser;
let postId: number;
let clock = Date.now();
const now = () => clock;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function endpoint(path: string, events: Parameters<typeof createWebhook>[0]["events"] = ["vote.created"]) {
  const created = await createWebhook({ url: `${base}${path}`, events }, admin);
  if (!created.ok) throw new Error(created.error);
  return getDb().select().from(webhooks).where(eq(webhooks.id, created.value.webhookId)).get()!;
}

function deliveriesOf(webhookId: number) {
  return getDb().select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, webhookId)).orderBy(webhookDeliveries.id).all();
}

/** A new vote, so every endpoint subscribed to vote.created gets one delivery. */
async function castVote(): Promise<void> {
  expect(toggleVote(postId, await createUser()).ok).toBe(true);
}

const at = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
  receiver = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const entry: Received = { path: request.url ?? "", headers: request.headers as Record<string, string>, body };
      received.push(entry);
      const reply = answer(entry);
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body ?? "");
    });
  });
  base = await listen(receiver);
  const site = await seedSite();
  admin = site.admin;
  arabicAdmin = await createUser({ role: "admin", displayName: "ليلى" });
  getDb().update(users).set({ locale: "ar" }).where(eq(users.id, arabicAdmin.id)).run();
  customer = await createUser();
  postId = await createTestPost(customer, "Slack alerts");
});

beforeEach(() => {
  received.length = 0;
  answer = () => ({ status: 200, body: "ok" });
  // Endpoints of earlier tests stop taking events, so each test sees its own deliveries only.
  getDb().update(webhooks).set({ enabled: false }).run();
});

afterAll(async () => {
  delete process.env.WEBHOOKS_ALLOW_PRIVATE;
  await new Promise((resolve) => receiver.close(resolve));
});

describe("signing", () => {
  it("signs each delivery so that a receiver's standardwebhooks Webhook.verify accepts it, and refuses a tampered one", async () => {
    const hook = await endpoint("/signed", ["vote.created", "post.created"]);
    await castVote();
    clock = Date.now();
    expect(await drainWebhooks({ now })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    const [request] = at("/signed");
    const [row] = deliveriesOf(hook.id);
    expect(request.headers["webhook-id"]).toBe(row.messageId);
    expect(request.headers["content-type"]).toBe("application/json");
    const verified = new Webhook(hook.secret).verify(request.body, request.headers) as { type: string; data: { vote: { postId: number } } };
    expect(verified.type).toBe("vote.created");
    expect(verified.data.vote.postId).toBe(postId);
    expect(request.body).toBe(row.payload);
    // A receiver holding another secret, or a body changed on the way, does not verify.
    expect(() => new Webhook(`whsec_${Buffer.from("another secret, 24 bytes!").toString("base64")}`).verify(request.body, request.headers)).toThrow();
    expect(() => new Webhook(hook.secret).verify(request.body.replace("vote.created", "vote.deleted"), request.headers)).toThrow();
    expect(row).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200, responseBody: "ok", lastError: null });
    expect(row.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("signs with the new secret once it is rotated", async () => {
    const { rotateWebhookSecret } = await import("~/services/webhooks.server");
    const hook = await endpoint("/rotated");
    expect(rotateWebhookSecret(hook.id).ok).toBe(true);
    const rotated = getDb().select().from(webhooks).where(eq(webhooks.id, hook.id)).get()!;
    expect(rotated.secret).not.toBe(hook.secret);
    await castVote();
    await drainWebhooks({ now: () => Date.now() });
    const [request] = at("/rotated");
    expect(() => new Webhook(rotated.secret).verify(request.body, request.headers)).not.toThrow();
    expect(() => new Webhook(hook.secret).verify(request.body, request.headers)).toThrow();
  });
});

describe("retries", () => {
  it("retries a receiver that fails twice, after 5 s and then 5 min, with the same webhook-id, and records each answer", async () => {
    const hook = await endpoint("/flaky");
    let calls = 0;
    answer = () => (++calls <= 2 ? { status: 503, body: "down for maintenance" } : { status: 204 });
    await castVote();
    clock = Date.now();
    const start = clock;
    expect(await drainWebhooks({ now })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    let [row] = deliveriesOf(hook.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, responseStatus: 503, responseBody: "down for maintenance", lastError: "HTTP 503" });
    expect(row.nextAttemptAt).toBe(start + RETRY_DELAYS_MS[0]);

    // Not due yet: nothing is sent.
    clock = start + RETRY_DELAYS_MS[0] - 1;
    expect(await drainWebhooks({ now })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    clock = start + RETRY_DELAYS_MS[0];
    expect(await drainWebhooks({ now })).toEqual({ delivered: 0, retried: 1, failed: 0 });
    [row] = deliveriesOf(hook.id);
    expect(row.nextAttemptAt).toBe(clock + RETRY_DELAYS_MS[1]);

    clock += RETRY_DELAYS_MS[1];
    expect(await drainWebhooks({ now })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    [row] = deliveriesOf(hook.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 3, responseStatus: 204, responseBody: "", lastError: null, deliveredAt: clock });
    const requests = at("/flaky");
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([row.messageId]));
    // Each attempt is signed at its own time.
    expect(requests.map((r) => Number(r.headers["webhook-timestamp"]))).toEqual([start, start + RETRY_DELAYS_MS[0], clock].map((ms) => Math.floor(ms / 1000)));
  });

  it("gives up after about a day of retries, and disables an endpoint whose deliveries keep failing, emailing each admin in their language", async () => {
    const hook = await endpoint("/down");
    answer = () => ({ status: 500, body: "nope" });
    for (let i = 0; i < DISABLE_AFTER_FAILED_DELIVERIES + 1; i++) await castVote();
    clock = Date.now();
    const start = clock;
    for (const delay of RETRY_DELAYS_MS) {
      await drainWebhooks({ now });
      clock += delay;
    }
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(24 * 3_600_000);
    expect(total).toBeLessThan(30 * 3_600_000);
    expect(deliveriesOf(hook.id).every((d) => d.status === "pending")).toBe(true);
    expect(await drainWebhooks({ now })).toEqual({ delivered: 0, retried: 0, failed: DISABLE_AFTER_FAILED_DELIVERIES + 1 });
    expect(clock - start).toBe(total);
    const rows = deliveriesOf(hook.id);
    expect(rows.map((d) => [d.status, d.attempts])).toEqual(rows.map(() => ["failed", RETRY_DELAYS_MS.length + 1]));

    const after = getDb().select().from(webhooks).where(eq(webhooks.id, hook.id)).get()!;
    expect(after).toMatchObject({ enabled: false, disabledAt: clock, consecutiveFailures: DISABLE_AFTER_FAILED_DELIVERIES + 1 });

    // One email per admin (not per failed delivery), each in the admin's own language.
    const emails = getDb().select().from(emailOutbox).where(eq(emailOutbox.template, "webhook_disabled")).all();
    expect(emails.map((e) => e.userId).sort()).toEqual([admin.id, arabicAdmin.id].sort());
    const arabic = emails.find((e) => e.userId === arabicAdmin.id)!;
    expect(arabic.locale).toBe("ar");
    const reading = safeParseEmail("webhook_disabled", arabic.payload);
    if (!reading.success) throw new Error(reading.error);
    expect(reading.data.payload).toMatchObject({ webhookId: hook.id, url: hook.url, failures: DISABLE_AFTER_FAILED_DELIVERIES });
    const rendered = renderEmail({ email: reading.data, locale: "ar", userId: arabicAdmin.id, recipientName: "ليلى" });
    expect(rendered.subject).toContain("عُطِّل ويب هوك");
    expect(rendered.text).toContain(hook.url);
    expect(rendered.text).toContain(`/admin/webhooks/${hook.id}`);

    // Disabled, it takes no new events; enabled again, its run of failures starts over.
    await castVote();
    expect(deliveriesOf(hook.id)).toHaveLength(DISABLE_AFTER_FAILED_DELIVERIES + 1);
    expect(setWebhookEnabled(hook.id, true).ok).toBe(true);
    expect(getDb().select().from(webhooks).where(eq(webhooks.id, hook.id)).get()).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledAt: null });
  });

  it("counts a delivered one as the end of a run of failures", async () => {
    const hook = await endpoint("/recovers");
    getDb()
      .update(webhooks)
      .set({ consecutiveFailures: DISABLE_AFTER_FAILED_DELIVERIES - 1 })
      .where(eq(webhooks.id, hook.id))
      .run();
    await castVote();
    await drainWebhooks({ now: () => Date.now() });
    expect(getDb().select().from(webhooks).where(eq(webhooks.id, hook.id)).get()).toMatchObject({ enabled: true, consecutiveFailures: 0 });
  });
});

describe("what the worker will not do", () => {
  it("does not follow a redirect to loopback: the 3xx is a failed attempt, recorded", async () => {
    const trap = http.createServer((_request, response) => response.end("should never be reached"));
    const trapUrl = await listen(trap);
    let trapped = 0;
    trap.on("request", () => (trapped += 1));
    try {
      const hook = await endpoint("/redirects");
      answer = () => ({ status: 302, headers: { location: `${trapUrl}/internal` }, body: "moved" });
      await castVote();
      clock = Date.now();
      expect(await drainWebhooks({ now })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      expect(trapped).toBe(0);
      const [row] = deliveriesOf(hook.id);
      expect(row).toMatchObject({ status: "pending", responseStatus: 302, lastError: `redirect to ${trapUrl}/internal not followed` });
    } finally {
      await new Promise((resolve) => trap.close(resolve));
    }
  });

  it("keeps only the first 1 KB of a long answer", async () => {
    const hook = await endpoint("/chatty");
    answer = () => ({ status: 200, body: "é".repeat(50_000) });
    await castVote();
    await drainWebhooks({ now: () => Date.now() });
    const [row] = deliveriesOf(hook.id);
    expect(row.status).toBe("delivered");
    expect(Buffer.byteLength(row.responseBody!)).toBeLessThanOrEqual(RESPONSE_BODY_BYTES + 3);
    expect(row.responseBody!.startsWith("é".repeat(500))).toBe(true);
  });

  it("checks the address again at delivery: a name re-pointed at loopback since registration is refused, and nothing is sent", async () => {
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    try {
      const created = await createWebhook({ url: "https://hooks.rebind.test/in", events: ["vote.created"] }, admin, async () => [
        { address: "93.184.216.34", family: 4 },
      ]);
      if (!created.ok) throw new Error(created.error);
      await castVote();
      clock = Date.now();
      const rebound = async () => [{ address: "127.0.0.1", family: 4 }];
      expect(await drainWebhooks({ now, resolve: rebound })).toEqual({ delivered: 0, retried: 1, failed: 0 });
      const [row] = deliveriesOf(created.value.webhookId);
      expect(row).toMatchObject({ status: "pending", responseStatus: null, lastError: "refused: error.webhookPrivateAddress" });
      expect(received).toEqual([]);
    } finally {
      process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
    }
  });

  it("refuses an http endpoint at delivery once the setting is off", async () => {
    const hook = await endpoint("/plain-http");
    delete process.env.WEBHOOKS_ALLOW_PRIVATE;
    try {
      await castVote();
      await drainWebhooks({ now: () => Date.now() });
      expect(deliveriesOf(hook.id)[0]).toMatchObject({ status: "pending", lastError: "refused: error.webhookHttpsOnly" });
      expect(at("/plain-http")).toEqual([]);
    } finally {
      process.env.WEBHOOKS_ALLOW_PRIVATE = "1";
    }
  });

  it("connects to the address it checked, not to a second lookup of the name", async () => {
    const port = new URL(base).port;
    // No DNS answers for .invalid: the request can only arrive through the pinned address.
    const created = await createWebhook({ url: `http://receiver.invalid:${port}/pinned`, events: ["vote.created"] }, admin, async () => [
      { address: "127.0.0.1", family: 4 },
    ]);
    if (!created.ok) throw new Error(created.error);
    await castVote();
    await drainWebhooks({ now: () => Date.now(), resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    const [request] = at("/pinned");
    expect(request.headers.host).toBe(`receiver.invalid:${port}`);
    expect(deliveriesOf(created.value.webhookId)[0].status).toBe("delivered");
  });

  it("leaves a disabled endpoint's waiting deliveries alone until it is enabled again", async () => {
    const hook = await endpoint("/paused");
    await castVote();
    expect(setWebhookEnabled(hook.id, false).ok).toBe(true);
    expect(await drainWebhooks({ now: () => Date.now() })).toEqual({ delivered: 0, retried: 0, failed: 0 });
    expect(deliveriesOf(hook.id)[0]).toMatchObject({ status: "pending", attempts: 0 });
    expect(setWebhookEnabled(hook.id, true).ok).toBe(true);
    expect(await drainWebhooks({ now: () => Date.now() })).toEqual({ delivered: 1, retried: 0, failed: 0 });
    expect(
      getDb()
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, hook.id), eq(webhookDeliveries.status, "delivered")))
        .all(),
    ).toHaveLength(1);
  });
});
