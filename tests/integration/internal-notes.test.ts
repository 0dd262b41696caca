// Internal notes must never reach a customer. This walks every route module's loader
// as a visitor and as a customer, on a post that carries a note, and reads everything
// each one returns (data or a Response body) looking for the note's text.
import { beforeAll, describe, expect, it } from "vitest";
import { changeStatus } from "~/services/loop.server";
import { addInternalNote } from "~/services/triage.server";
import { addComment } from "~/services/comments.server";
import { saveEntry, publishEntry } from "~/services/changelog.server";
import { callRoute, createTestPost, createUser, makeRequest, seedSite, sessionCookie } from "../helpers/factories";

const SECRET = "SECRET-NOTE-7f3a";
const routeModules = import.meta.glob("../../app/routes/*.tsx", { eager: true }) as Record<string, { loader?: (args: never) => unknown }>;

let postId: number;
let commentId: number;
let customerCookie: string;
let staffCookie: string;

beforeAll(async () => {
  await seedSite();
  const staff = await createUser({ role: "staff" });
  const customer = await createUser();
  customerCookie = await sessionCookie(customer.id);
  staffCookie = await sessionCookie(staff.id);
  postId = await createTestPost(customer, "A post with an internal note");
  await addInternalNote(postId, `${SECRET}: the customer is ACME`, staff);
  const comment = await addComment(postId, { body: "A public comment" }, customer);
  if (!comment.ok) throw new Error("comment failed");
  commentId = comment.value.commentId;
  await changeStatus(postId, "shipped", "Public release note", staff);
  const entry = await saveEntry(null, { title: "Release", body: "Notes", postIds: [postId] }, staff);
  if (entry.ok) publishEntry(entry.value.entryId, staff);
});

async function everything(result: { data: unknown; status: number }, response?: Response): Promise<string> {
  return JSON.stringify(result.data ?? null) + (response ? await response.text() : "");
}

async function walk(cookie: string | undefined): Promise<{ route: string; status: number; text: string }[]> {
  const seen = [];
  const params = { id: String(postId), commentId: String(commentId), slug: "feedback", token: "x", answer: "yes", "*": "missing" };
  for (const [file, module] of Object.entries(routeModules)) {
    if (!module.loader) continue;
    const route = file.replace(/^.*\/routes\//, "");
    const url = route.startsWith("_index") ? "/" : `/${route.replace(/\.tsx$/, "")}`;
    let thrown: Response | undefined;
    const result = await callRoute(
      async (args: never) => {
        try {
          const value = await module.loader!(args);
          if (value instanceof Response) thrown = value.clone();
          return value;
        } catch (error) {
          if (error instanceof Response) thrown = error.clone();
          throw error;
        }
      },
      makeRequest(`${url}?q=note&sort=new`, { cookie }),
      params,
    );
    seen.push({ route, status: result.status, text: await everything(result, thrown) });
  }
  return seen;
}

describe("internal notes", () => {
  it("appear in no loader's data, page or feed that a visitor or a customer can reach", async () => {
    for (const cookie of [undefined, customerCookie]) {
      const results = await walk(cookie);
      expect(results.length).toBeGreaterThan(15);
      const leaks = results.filter((r) => r.text.includes(SECRET)).map((r) => r.route);
      expect(leaks).toEqual([]);
    }
  });

  it("are there for staff, so the walk above would have caught a leak", async () => {
    const results = await walk(staffCookie);
    expect(results.filter((r) => r.text.includes(SECRET)).map((r) => r.route)).toEqual(["posts.$id.tsx"]);
  });
});
