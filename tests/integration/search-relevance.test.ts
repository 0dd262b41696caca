// The relevance set (issue 15, ADR 017): speed must not be bought with bad results. A small
// corpus in English, Arabic and Persian, seeded through the real post model (so the FTS
// triggers index it), searched through the board's service; each query names the posts
// that must be among the first five. The fillers are newer and more voted than the posts
// that should win, so recency or votes alone, or a ranking that ignores titles, fails.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/client.server";
import { posts } from "~/db/schema";
import { insertPost } from "~/models/posts.server";
import { findSimilarPosts, listPosts, parseListQuery } from "~/services/posts.server";
import { createUser, seedSite } from "../helpers/factories";

const ids = new Map<string, number>();
let boardId = 0;
let authorId = 0;

function post(key: string, title: string, body: string, votes = 0): void {
  const row = insertPost(getDb(), { boardId, authorId, title, bodyMd: body, bodyHtml: `<p>${body}</p>`, excerpt: body.slice(0, 180) });
  getDb()
    .update(posts)
    .set({ voteCount: votes })
    .where(sql`${posts.id} = ${row.id}`)
    .run();
  ids.set(key, row.id);
}

beforeAll(async () => {
  ({
    board: { id: boardId },
  } = await seedSite());
  authorId = (await createUser({ displayName: "Writer" })).id;

  // The posts that must be found, written first: older, and without votes.
  post("darkMode", "Dark mode", "Please add a darker theme for night work.");
  post("exportTitle", "Export", "A way to get our data out.");
  post("csvExport", "CSV export of invoices", "Our accountant needs the invoices as CSV.");
  post("calendar", "Calendar sync", "Sync ideas to Google Calendar.");
  post("theChangelog", "The changelog", "Keep a list of what shipped.");
  post("phones", "دعم للهواتف القديمة", "التطبيق لا يعمل على الأجهزة القديمة.");
  post("invoicesAr", "أرشيف الفواتير", "نحتاج إلى أرشيف لكل فاتورة شهرية.");
  post("usersAr", "إدارة المستخدمين", "صفحة لإدارة الأعضاء والصلاحيات.");
  post("notificationsAr", "الإشعارات بالبريد", "نريد إشعارا عند كل رد.");
  post("exportAr", "تصدير التقارير", "تصدير التقارير الشهرية إلى ملف.");
  post("reportsFa", "گزارش‌های ماهانه", "یک گزارش کامل برای مدیران.");
  post("invoicesFa", "خروجی گرفتن از فاکتورها", "برای حسابداری لازم است.");
  post("booksFa", "کتاب‌ها در کتابخانه", "فهرست کتاب‌ها را نشان دهید.");

  // Fillers: newer and popular, full of the common words, and matching the queries only
  // weakly (in the body, or in long titles).
  for (let i = 0; i < 12; i++) {
    post(
      `en${i}`,
      `Improve the dark colours of the settings page and the mode switcher number ${i}`,
      "The export button does nothing on the dashboard; the export is slow.",
      50 + i,
    );
    post(`enBody${i}`, `Feedback number ${i} about the dashboard`, "The export of the data and the calendar and the dark mode and the csv.", 80 + i);
    post(`ar${i}`, `ملاحظة رقم ${i} على لوحة التحكم`, "زر التصدير لا يعمل على سفاري، والتصدير بطيء على الهاتف، والفاتورة لا تظهر.", 60 + i);
    post(`fa${i}`, `پیشنهاد شماره ${i} برای داشبورد`, "خروجی گرفتن از داشبورد کند است و از فاکتور و گزارش و کتاب هم خبری نیست.", 70 + i);
  }
});

const search = (q: string) => listPosts(parseListQuery(new URL(`http://localhost/?q=${encodeURIComponent(q)}`)), null).posts.map((p) => p.id);

// [query, posts that must be in the top 5]
const RELEVANCE: [string, string[]][] = [
  // English: title first, short titles before long ones, the common word, plurals, typing.
  ["dark mode", ["darkMode"]],
  ["export", ["exportTitle", "csvExport"]],
  ["exports", ["exportTitle", "csvExport"]],
  ["csv invoice", ["csvExport"]],
  ["the", ["theChangelog"]],
  ["calend", ["calendar"]],
  // Arabic: broken and sound plurals, clitics, ة/ه, the common word تصدير.
  ["الهاتف", ["phones"]],
  ["فاتورة", ["invoicesAr"]],
  ["المستخدم", ["usersAr"]],
  ["إشعار", ["notificationsAr"]],
  ["تصدير", ["exportAr"]],
  ["والتقارير", ["exportAr"]],
  // Persian: ها / های with and without ZWNJ, ان, Persian letters typed as Arabic ones, the common از.
  ["گزارش", ["reportsFa"]],
  ["فاکتور", ["invoicesFa"]],
  ["خروجی از", ["invoicesFa"]],
  ["كتاب", ["booksFa"]],
  ["مدیر", ["reportsFa"]],
];

describe("search relevance", () => {
  it.each(RELEVANCE)("%s finds %j in the top five", (query, expected) => {
    const top = search(query).slice(0, 5);
    for (const key of expected) expect(top, `${query} → ${key}`).toContain(ids.get(key));
  });

  it("ranks the best title match first for a word in every post", () => {
    expect(search("the")[0]).toBe(ids.get("theChangelog"));
    expect(search("export")[0]).toBe(ids.get("exportTitle"));
    expect(search("تصدير")[0]).toBe(ids.get("exportAr"));
  });

  it("still finds the weak matches after the strong ones", () => {
    const hits = search("export");
    const bodyOnly = hits.filter((id) => [...ids].some(([key, postId]) => key.startsWith("enBody") && postId === id));
    expect(bodyOnly.length).toBeGreaterThan(0);
    expect(hits.indexOf(ids.get("csvExport")!)).toBeLessThan(hits.indexOf(bodyOnly[0]));
  });

  it("suggests the real duplicate while a title is typed, however common its other words", () => {
    const similar = (title: string) => findSimilarPosts(title).map((p) => p.id);
    expect(similar("Sync calendar")[0]).toBe(ids.get("calendar"));
    expect(similar("CSV export for the invoices")).toContain(ids.get("csvExport"));
    expect(similar("تصدير التقارير على الهاتف")).toContain(ids.get("exportAr"));
  });
});
