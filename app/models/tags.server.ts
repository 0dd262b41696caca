import { asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type Db } from "~/db/client.server";
import { preparedStatement } from "~/db/prepared.server";
import { postTags, tags } from "~/db/schema";

export type TagRow = typeof tags.$inferSelect;
export type PostTag = { postId: number; id: number; name: string; color: string };

const listTagsStatement = preparedStatement((db) => db.select().from(tags).orderBy(asc(tags.name)).prepare());

export function listTags(): TagRow[] {
  return listTagsStatement().all();
}

/** Tags differ by more than case: "Reporting" and "reporting" are one tag. */
export function findTagByName(name: string): TagRow | undefined {
  return getDb()
    .select()
    .from(tags)
    .where(sql`lower(${tags.name}) = lower(${name})`)
    .get();
}

export function insertTag(values: { name: string; color: string }): TagRow {
  return getDb().insert(tags).values(values).returning().get();
}

export function deleteTag(id: number): void {
  getDb().delete(tags).where(eq(tags.id, id)).run();
}

/** Tags of several posts in one query, for a whole page of rows. */
const tagsOfPostsStatement = preparedStatement((db) =>
  db
    .select({ postId: postTags.postId, id: tags.id, name: tags.name, color: tags.color })
    .from(postTags)
    .innerJoin(tags, eq(tags.id, postTags.tagId))
    // The page's ids as one JSON parameter, so one statement serves every page.
    .where(sql`${postTags.postId} in (select value from json_each(${sql.placeholder("postIds")}))`)
    .orderBy(asc(tags.name))
    .prepare(),
);

export function tagsOfPosts(postIds: number[]): PostTag[] {
  if (postIds.length === 0) return [];
  return tagsOfPostsStatement().all({ postIds: JSON.stringify(postIds) });
}

/** Replaces a post's tags with exactly these. */
export function replacePostTags(db: Db, postId: number, tagIds: number[]): void {
  db.delete(postTags).where(eq(postTags.postId, postId)).run();
  if (tagIds.length > 0)
    db.insert(postTags)
      .values(tagIds.map((tagId) => ({ postId, tagId })))
      .onConflictDoNothing()
      .run();
}

export function addTagToPosts(db: Db, postIds: number[], tagId: number): void {
  if (postIds.length === 0) return;
  db.insert(postTags)
    .values(postIds.map((postId) => ({ postId, tagId })))
    .onConflictDoNothing()
    .run();
}

export function existingTagIds(ids: number[]): number[] {
  if (ids.length === 0) return [];
  return getDb()
    .select({ id: tags.id })
    .from(tags)
    .where(inArray(tags.id, ids))
    .all()
    .map((r) => r.id);
}
