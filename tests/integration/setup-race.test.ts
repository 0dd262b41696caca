// First-run setup happens once: concurrent /setup submissions make exactly one admin,
// one default board and one set of settings; the others get the "already set up" 404,
// never a 500.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { boards, users } from "~/db/schema";
import { readSettings } from "~/models/settings.server";
import { action as setupAction } from "~/routes/setup";
import { callRoute, createUser, makeRequest } from "../helpers/factories";

const form = (n: number) => ({
  siteName: `Site ${n}`,
  defaultLocale: "en",
  adminName: `Admin ${n}`,
  adminEmail: `admin${n}@example.test`,
  adminPassword: "a long enough passphrase",
});

describe("first-run setup", () => {
  it("says by the email field when the address already has an account, and sets nothing up", async () => {
    await createUser({ email: "early@example.test" });
    const answer = await callRoute(setupAction, makeRequest("/setup", { form: { ...form(0), adminEmail: "Early@example.test" } }));
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({ error: { adminEmail: ["error.emailTaken"] }, initialValue: { adminName: "Admin 0" } });
    expect(getDb().select().from(boards).all()).toHaveLength(0);
  });

  it("makes exactly one admin when several submissions race", async () => {
    const answers = await Promise.all([1, 2, 3, 4].map((n) => callRoute(setupAction, makeRequest("/setup", { form: form(n) }))));
    expect(answers.map((a) => a.status).sort()).toEqual([302, 404, 404, 404]);
    const admins = getDb()
      .select()
      .from(users)
      .where(sql`${users.role} = 'admin'`)
      .all();
    expect(admins).toHaveLength(1);
    expect(
      getDb()
        .select()
        .from(users)
        .where(sql`${users.email} like 'admin%'`)
        .all(),
    ).toHaveLength(1);
    expect(getDb().select().from(boards).all()).toHaveLength(1);
    // The winner's settings, not a mix.
    const winner = Number(admins[0].email.match(/admin(\d)@/)![1]);
    expect(readSettings().siteName).toBe(`Site ${winner}`);
    // And later submissions are told the same.
    expect((await callRoute(setupAction, makeRequest("/setup", { form: form(5) }))).status).toBe(404);
  });
});
