import { beforeAll, describe, expect, it } from "vitest";
import { action as settingsAction, loader as settingsLoader } from "~/routes/admin.settings";
import { loader as boardLoader } from "~/routes/b.$slug";
import { listBoardsForAdmin } from "~/services/boards.server";
import { getSiteSettings } from "~/services/site.server";
import { listPosts, parseListQuery } from "~/services/posts.server";
import type { SessionUser } from "~/services/auth.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

let admin: SessionUser;
let adminCookie: string;
let customerCookie: string;

const run = callRoute;

beforeAll(async () => {
  ({ admin } = await seedSite());
  adminCookie = await sessionCookie(admin.id);
  customerCookie = await sessionCookie((await createUser()).id);
});

describe("admin settings", () => {
  it("is hidden from visitors (404) and refused to customers (403)", async () => {
    expect((await run(settingsLoader, makeRequest("/admin/settings"))).status).toBe(404);
    expect((await run(settingsLoader, makeRequest("/admin/settings", { cookie: customerCookie }))).status).toBe(403);
    const attempt = await run(
      settingsAction,
      makeRequest("/admin/settings", { cookie: customerCookie, form: { intent: "createBoard", name: "Hack", slug: "hack" } }),
    );
    expect(attempt.status).toBe(403);
    expect(listBoardsForAdmin().map((b) => b.slug)).not.toContain("hack");
  });

  it("creates, renames and archives boards, with field errors that keep the input", async () => {
    const bad = await run(
      settingsAction,
      makeRequest("/admin/settings", { cookie: adminCookie, form: { intent: "createBoard", name: "Mobile", slug: "Mobile App!" } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({
      intent: "createBoard",
      reply: { error: { slug: ["error.slugInvalid"] }, initialValue: { name: "Mobile", slug: "Mobile App!" } },
    });

    const ok = await run(
      settingsAction,
      makeRequest("/admin/settings", {
        cookie: adminCookie,
        form: { intent: "createBoard", name: "تطبيق الجوال", slug: "mobile", description: "الأفكار الخاصة بالتطبيق" },
      }),
    );
    expect(ok.status).toBe(302);
    const taken = await run(
      settingsAction,
      makeRequest("/admin/settings", { cookie: adminCookie, form: { intent: "createBoard", name: "Again", slug: "mobile" } }),
    );
    expect(taken.status).toBe(400);
    expect(taken.data).toMatchObject({ intent: "createBoard", reply: { error: { slug: ["error.slugTaken"] } } });

    const mobile = listBoardsForAdmin().find((b) => b.slug === "mobile")!;
    const renamed = await run(
      settingsAction,
      makeRequest("/admin/settings", {
        cookie: adminCookie,
        form: { intent: "updateBoard", boardId: String(mobile.id), name: "Mobile app", slug: "app", description: "" },
      }),
    );
    expect(renamed.status).toBe(302);
    expect(listBoardsForAdmin().find((b) => b.id === mobile.id)).toMatchObject({ name: "Mobile app", slug: "app" });

    const author = await createUser();
    const postId = await createTestPost(author, "Dark mode on Android", "", "app");
    expect(listPosts(parseListQuery(new URL("http://localhost/")), null)!.posts.map((p) => p.id)).toContain(postId);
    expect((await run(boardLoader, makeRequest("/b/app"), { slug: "app" })).status).toBe(200);

    const archived = await run(
      settingsAction,
      makeRequest("/admin/settings", { cookie: adminCookie, form: { intent: "archiveBoard", boardId: String(mobile.id), archived: "true" } }),
    );
    expect(archived.status).toBe(302);
    expect(listPosts(parseListQuery(new URL("http://localhost/")), null)!.posts.map((p) => p.id)).not.toContain(postId);
    expect((await run(boardLoader, makeRequest("/b/app"), { slug: "app" })).status).toBe(404);
  });

  it("saves the site name and default language", async () => {
    const bad = await run(settingsAction, makeRequest("/admin/settings", { cookie: adminCookie, form: { intent: "site", siteName: "", defaultLocale: "de" } }));
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ intent: "site", reply: { error: { siteName: ["error.nameRequired"], defaultLocale: ["error.localeInvalid"] } } });
    await run(settingsAction, makeRequest("/admin/settings", { cookie: adminCookie, form: { intent: "site", siteName: "بازخورد", defaultLocale: "fa" } }));
    expect(getSiteSettings()).toMatchObject({ siteName: "بازخورد", defaultLocale: "fa" });
  });
});
