// The admin's team page: promote a customer by email, demote staff, lift a ban. Each
// failure comes back to the form that caused it, with the status the error key maps to.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { users } from "~/db/schema";
import { action as teamAction } from "~/routes/admin.team";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let admin: SessionUser;
let adminCookie = "";
const userRow = (id: number) => getDb().select().from(users).where(eq(users.id, id)).get()!;
const post = (form: Record<string, string>) => callRoute(teamAction, makeRequest("/admin/team", { cookie: adminCookie, form }));

beforeAll(async () => {
  ({ admin } = await seedSite());
  adminCookie = await sessionCookie(admin.id);
});

describe("the team page", () => {
  it("promotes a customer by email, and says by the field when it cannot", async () => {
    const customer = await createUser();
    const unknown = await post({ intent: "promote", email: "nobody@example.test" });
    expect(unknown.status).toBe(400);
    expect(unknown.data).toMatchObject({
      intent: "promote",
      reply: { error: { email: ["error.noSuchUser"] }, initialValue: { email: "nobody@example.test" } },
    });

    const promoted = await post({ intent: "promote", email: customer.email.toUpperCase() });
    expect(promoted.status).toBe(302);
    expect(promoted.location).toBe("/admin/team");
    expect(userRow(customer.id).role).toBe("staff");

    const again = await post({ intent: "promote", email: customer.email });
    expect(again.status).toBe(400);
    expect(again.data).toMatchObject({ intent: "promote", reply: { error: { email: ["error.alreadyStaff"] } } });
  });

  it("demotes staff but never an admin, with the refusal said for the whole page", async () => {
    const staff = await createUser({ role: "staff" });
    expect((await post({ intent: "demote", userId: String(staff.id) })).status).toBe(302);
    expect(userRow(staff.id).role).toBe("customer");

    const refused = await post({ intent: "demote", userId: String(admin.id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ intent: "demote", reply: { error: { "": ["error.cannotDemote"] } } });
    expect(userRow(admin.id).role).toBe("admin");
  });

  it("lifts a ban, and answers an unknown intent with 400", async () => {
    const banned = await createUser({ role: "staff" });
    getDb().update(users).set({ bannedAt: Date.now() }).where(eq(users.id, banned.id)).run();
    expect((await post({ intent: "unban", userId: String(banned.id) })).status).toBe(302);
    expect(userRow(banned.id).bannedAt).toBeNull();

    expect((await post({ intent: "fire", userId: String(banned.id) })).status).toBe(400);
  });
});
