// Teams leaving Canny or Fider (issue 14): each fixture goes through the whole import, not
// only its reader. What the reader made is created, and nothing else; a second import of
// the same file creates nothing; and an import of history announces nothing: no
// notification, no email, no webhook delivery, though an endpoint listens to every event.
import { readFileSync, readdirSync } from "node:fs";
import { zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { WEBHOOK_EVENTS } from "~/db/enums";
import type { SessionUser } from "~/services/auth.server";
import { applyImport, dryRun } from "~/services/import.server";
import type { ImportBundle } from "~/services/import-types";
import { readCannyExport } from "~/services/import-readers/canny.server";
import { readFiderExport } from "~/services/import-readers/fider.server";
import { listPosts, parseListQuery } from "~/services/posts.server";
import { createWebhook } from "~/services/webhooks.server";
import { seedSite } from "../helpers/factories";

const FIXTURES = "tests/fixtures/import";
const fixture = (name: string) => new Uint8Array(readFileSync(`${FIXTURES}/${name}`));

function fiderBackupZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(`${FIXTURES}/fider-backup`)) files[name] = fixture(`fider-backup/${name}`);
  return zipSync(files);
}

function counts(): Record<string, number> {
  return getDb()
    .$client.prepare(
      `select (select count(*) from posts) as posts, (select count(*) from comments) as comments, (select count(*) from votes) as votes,
        (select count(*) from status_changes) as statusChanges, (select count(*) from tags) as tags,
        (select count(*) from notifications) as notifications, (select count(*) from email_outbox) as outbox,
        (select count(*) from webhook_deliveries) as deliveries`,
    )
    .get() as Record<string, number>;
}

const titleOf = (bundle: ImportBundle, index: number) => bundle.posts[index].title;

let admin: SessionUser;

beforeAll(async () => {
  ({ admin } = await seedSite());
  const listening = await createWebhook({ url: "https://93.184.216.34/hooks", events: [...WEBHOOK_EVENTS] }, admin);
  expect(listening.ok).toBe(true);
});

const SOURCES: [string, () => ImportBundle][] = [
  ["Canny's API answers (JSON)", () => readCannyExport(fixture("canny-api.json"), "canny-api.json")],
  ["Canny's CSV of posts", () => readCannyExport(fixture("canny-posts.csv"), "canny-posts.csv")],
  ["Fider's backup ZIP", () => readFiderExport(fiderBackupZip(), "backup.zip")],
  ["Fider's CSV of posts", () => readFiderExport(fixture("fider-posts.csv"), "posts.csv")],
];

describe.each(SOURCES)("importing %s", (_name, read) => {
  it("creates what the dry run promised, announces nothing, and a second import creates nothing", async () => {
    const bundle = read();
    expect(bundle.posts.length).toBeGreaterThan(0);
    const plan = dryRun(bundle);
    const promised = plan.entities.find((e) => e.entity === "post")!.create;
    const before = counts();

    const first = await applyImport(bundle, admin);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const after = counts();
    expect(first.value.created.post).toBe(promised);
    expect(after.posts - before.posts).toBe(promised);
    expect(after.votes - before.votes).toBe(first.value.created.vote);
    expect(after.comments - before.comments).toBe(first.value.created.comment);
    expect({ notifications: after.notifications, outbox: after.outbox, deliveries: after.deliveries }).toEqual({
      notifications: before.notifications,
      outbox: before.outbox,
      deliveries: before.deliveries,
    });

    // The board lists an imported post, and finds it by a word of its title.
    const title = titleOf(bundle, 0);
    const word = title.split(/\s+/).find((w) => w.length >= 4) ?? title;
    const found = listPosts(parseListQuery(new URL(`http://localhost/?q=${encodeURIComponent(word)}`)), admin);
    expect(found.posts.map((p) => p.title)).toContain(title);

    const again = await applyImport(read(), admin);
    expect(again.ok).toBe(true);
    if (again.ok) expect(Object.values(again.value.created).every((n) => n === 0)).toBe(true);
    expect(counts()).toEqual(after);
  });
});
