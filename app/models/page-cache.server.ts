// The anonymous page cache's generation (ADR 016): bumped by triggers on every write that
// changes a public page (drizzle/0015_page_cache_generation.sql), read before every lookup.
import { preparedStatement } from "~/db/prepared.server";

const generationStatement = preparedStatement((db) => db.$client.prepare("select generation from page_cache_generation where id = 1").pluck());

/** The current generation, as committed by any process on this database. */
export function currentPageCacheGeneration(): number {
  return generationStatement().get() as number;
}
