// The counts the triggers of migration 0018 keep, compared with a count over every post:
// the rows where they disagree (none when the triggers are right).
import { getDb } from "~/db/client.server";

export function wrongPublicPostCounts(): unknown[] {
  return getDb()
    .$client.prepare(
      `with actual as (
         select board_id, status, count(*) as n from posts
         where deleted_at is null and merged_into_id is null and pending_approval = 0
         group by board_id, status)
       select a.board_id, a.status, a.n as actual, c.n as kept
         from actual a left join public_post_counts c on c.board_id = a.board_id and c.status = a.status
         where c.n is null or c.n <> a.n
       union all
       select c.board_id, c.status, 0, c.n from public_post_counts c
         where c.n <> 0 and not exists (select 1 from actual a where a.board_id = c.board_id and a.status = c.status)`,
    )
    .all();
}
