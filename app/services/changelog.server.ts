// The changelog: staff write entries and link the posts they ship. Publishing marks
// every linked post shipped with the entry as its release note, and sends each voter
// one email that lists all the linked posts they voted for.
import { transaction } from "~/db/client.server";
import { findEntry, insertEntry, linkedPosts, listEntries, markPublished, setEntryPosts, updateEntry } from "~/models/changelog.server";
import { findLivePosts, listLinkablePosts } from "~/models/posts.server";
import { votersOfChangelogEntry } from "~/models/recipients.server";
import type { EntryInput } from "~/schemas/changelog";
import { renderMarkdown } from "~/utils/markdown.server";
import { err, ok, type Result } from "~/utils/result";
import type { SessionUser } from "./auth.server";
import { changeStatusIn } from "./loop.server";
import { announce } from "./notices.server";
import { kickOutbox } from "./outbox.server";
import { getSiteSettings } from "./site.server";

/** Writes a new draft (`entryId` null) or edits a draft; the release note is rendered here, once, for every use of it. */
export async function saveEntry(entryId: number | null, input: EntryInput, author: SessionUser): Promise<Result<{ entryId: number }>> {
  const postIds = [...new Set(input.postIds)];
  const { html: bodyHtml } = await renderMarkdown(input.body);
  return transaction((db): Result<{ entryId: number }> => {
    if (findLivePosts(db, postIds).filter((p) => !p.mergedIntoId).length !== postIds.length) return err("changelog.error.postIdsUnknown", "postIds");
    let id = entryId;
    if (id === null) id = insertEntry(db, { title: input.title, bodyMd: input.body, bodyHtml, authorId: author.id }).id;
    else {
      const entry = findEntry(id, db);
      if (!entry) return err("error.notFound");
      if (entry.publishedAt) return err("changelog.error.alreadyPublished");
      updateEntry(db, id, { title: input.title, bodyMd: input.body, bodyHtml });
    }
    setEntryPosts(db, id, postIds);
    return ok({ entryId: id });
  });
}

/** A release note as it will read once published (rendered and sanitised like the saved one). */
export type EntryPreview = { html: string; typed: { title: string; body: string; postIds: string } };

/** A release note as it will read once published (rendered and sanitised like the saved one), with the form as typed. */
export async function previewEntry(input: { title?: string; body: string; postIds?: string }): Promise<Result<EntryPreview>> {
  const html = input.body ? (await renderMarkdown(input.body)).html : "";
  return ok({ html, typed: { title: input.title ?? "", body: input.body, postIds: input.postIds ?? "" } });
}

export type Published = { shipped: number; emailed: number };

/**
 * Publishes a draft: each linked post is shipped with the entry's release note (rendered
 * when it was saved, not again per post), and each voter gets one email.
 */
export function publishEntry(entryId: number, actor: SessionUser, now = Date.now()): Result<Published> {
  const result = transaction((db): Result<Published> => {
    const entry = findEntry(entryId, db);
    if (!entry) return err("error.notFound");
    if (!markPublished(db, entryId, now)) return err("changelog.error.alreadyPublished");
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
    return ok({ shipped, emailed });
  });
  if (result.ok && result.value.emailed > 0) kickOutbox();
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

/** One entry with its linked posts (titles included), for the staff edit page. */
export function entryForStaff(entryId: number) {
  const entry = findEntry(entryId);
  if (!entry) return null;
  return { entry, posts: linkedPosts([entryId]).map(({ id, title, status }) => ({ id, title, status })) };
}
