-- Issue 15: every index that holds vote_count or trending_score is written by every vote.
-- The status and kind twins of posts_top_idx go: a status or kind filter now walks the
-- sort's own index and stops after a page of matches (filterConditions compares them
-- through unary +), under 1.5 ms at 100k posts even for a rare status. The board twins
-- stay: a small board would otherwise walk past every other board's posts (200–600 ms).
DROP INDEX IF EXISTS `posts_status_top_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `posts_kind_top_idx`;
