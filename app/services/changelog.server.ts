// The changelog: staff write entries and link the posts they ship. Publishing marks
// every linked post shipped with the entry as its release note, and sends each voter
// one email that lists all the linked posts they voted for.
import { z } from "zod";
import { transaction } from "~/db/client.server";
import type { MessageKey } from "~/i18n";
import { findEntry, insertEntry, linkedPosts, listEntries, markPublished, setEntryPosts, updateEntry } from "~/models/changelog.server";
import { findLivePosts, listLinkablePosts } from "~/models/posts.server";
import { votersOfChangelogEntry } from "~/models/recipients.server";
import type { SessionUser } from "./auth.server";
import { changeStatusIn } from "./loop.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { asciiDigits } from "~/utils/text-normalize";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { getSiteSettings } from "./site.server";
import { idParam } from "~/utils/validation";

export const entrySchema = z.object({
  title: z.string({ message: "error.titleTooShort" }).trim().min(3, "error.titleTooShort").max(120, "error.titleTooLong"),
  body: z.string().trim().max(10_000, "error.bodyTooLong").default(""),
  postIds: z.preprocess(
    (v) => (Array.isArray(v) ? v : typeof v === "string" && v.trim() !== "" ? v.split(/[\s,#]+/).filter(Boolean) : []),
    z.array(idParam, { message: "error.postIdsInvalid" }).max(100),
  ),
});
export type EntryInput = z.output<typeof entrySchema>;

export type EntryResult =
  | { ok: true; entryId: number }
  | { ok: false; status: number; errors: { postIds?: "error.postIdsUnknown" }; formError?: "error.notFound" | "error.alreadyPublished" };

export async function saveEntry(entryId: number | null, input: EntryInput, author: SessionUser): Promise<EntryResult> {
  const postIds = [...new Set(input.postIds)];
  const { html: bodyHtml } = await renderMarkdown(input.body);
  return transaction((db): EntryResult => {
    if (findLivePosts(db, postIds).filter((p) => !p.mergedIntoId).length !== postIds.length) {
      return { ok: false, status: 400, errors: { postIds: "error.postIdsUnknown" } };
    }
    let id = entryId;
    if (id === null) id = insertEntry(db, { title: input.title, bodyMd: input.body, bodyHtml, authorId: author.id }).id;
    else {
      const entry = findEntry(id, db);
      if (!entry) return { ok: false, status: 404, errors: {}, formError: "error.notFound" };
      if (entry.publishedAt) return { ok: false, status: 400, errors: {}, formError: "error.alreadyPublished" };
      updateEntry(db, id, { title: input.title, bodyMd: input.body, bodyHtml });
    }
    setEntryPosts(db, id, postIds);
    return { ok: true, entryId: id };
  });
}

export type PublishResult = { ok: true; shipped: number; emailed: number } | { ok: false; error: "error.notFound" | "error.alreadyPublished" };

export function publishEntry(entryId: number, actor: SessionUser, now = Date.now()): PublishResult {
  const result = transaction((db): PublishResult => {
    const entry = findEntry(entryId, db);
    if (!entry) return { ok: false, error: "error.notFound" };
    if (!markPublished(db, entryId, now)) return { ok: false, error: "error.alreadyPublished" };
    const linked = findLivePosts(
      db,
      linkedPosts([entryId], db).map((p) => p.id),
    );
    let shipped = 0;
    for (const post of linked) {
      if (post.status === "shipped" || post.mergedIntoId) continue;
      // In-app notices per post; the one email per voter is sent below.
      changeStatusIn(db, post, "shipped", { md: entry.bodyMd, html: entry.bodyHtml }, actor, { emails: false, now });
      shipped += 1;
    }
    const site = getSiteSettings();
    // Each voter's email lists the linked posts they voted for (the recipients fill in `posts`).
    const emailed = announce(db, votersOfChangelogEntry(entryId, { except: actor.id }), {
      email: {
        template: "changelog",
        payload: { siteName: site.siteName, entryId, entryTitle: entry.title, bodyHtml: entry.bodyHtml },
        dedupePrefix: `changelog:${entryId}:user:`,
        preference: "status",
      },
      now,
    });
    return { ok: true, shipped, emailed };
  });
  if (result.ok && result.emailed > 0) kickOutbox();
  return result;
}

export type ChangelogView = {
  id: number;
  title: string;
  bodyHtml: string;
  publishedAt: number | null;
  createdAt: number;
  posts: { id: number; title: string; status: string }[];
};

export function listChangelog(includeDrafts: boolean, limit = 50): ChangelogView[] {
  const entries = listEntries(!includeDrafts, limit);
  const posts = linkedPosts(entries.map((e) => e.id));
  return entries.map((e) => ({
    id: e.id,
    title: e.title,
    bodyHtml: e.bodyHtml,
    publishedAt: e.publishedAt,
    createdAt: e.createdAt,
    posts: posts.filter((p) => p.entryId === e.id).map(({ id, title, status }) => ({ id, title, status })),
  }));
}

export function linkablePosts() {
  return listLinkablePosts(200);
}

/** Arabic-Indic and Persian digits become ASCII and the Arabic comma a comma, so "١٢، #١٥" reads as 12, 15. */
function normalizePostIdsInput(value: unknown): unknown {
  if (typeof value !== "string") return value;
  return asciiDigits(value).replace(/[\u060C\uFF0C]/g, ",");
}

/** entrySchema for the staff form: the post numbers may be typed with any digits. */
export const entryFormSchema = entrySchema.extend({
  postIds: z.preprocess(normalizePostIdsInput, entrySchema.shape.postIds),
});

/** One entry with its linked posts (titles included), for the staff edit page. */
export function entryForStaff(entryId: number) {
  const entry = findEntry(entryId);
  if (!entry) return null;
  return { entry, posts: linkedPosts([entryId]).map(({ id, title, status }) => ({ id, title, status })) };
}

/** Entry form errors as catalogue keys: parseForm's for title and body, the changelog's own for post numbers. */
export function entryFieldErrors(errors: { title?: MessageKey; body?: MessageKey; postIds?: string }): {
  title?: MessageKey;
  body?: MessageKey;
  postIds?: MessageKey;
} {
  return {
    title: errors.title,
    body: errors.body,
    postIds: !errors.postIds ? undefined : errors.postIds === "error.postIdsUnknown" ? "changelog.error.postIdsUnknown" : "changelog.error.postIdsInvalid",
  };
}
