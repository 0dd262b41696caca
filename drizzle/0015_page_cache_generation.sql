-- The anonymous page cache's generation (ADR 016). Cached pages are valid only for the
-- generation they were rendered under; every write that changes what a public page shows
-- bumps it here, in a trigger, so the bump commits in the same transaction as the write and
-- no code path (service, import, merge undo, repair, another cluster worker) can forget it.
-- One row; every web process reads it before serving a cached page.
CREATE TABLE `page_cache_generation` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`generation` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `page_cache_generation` (`id`, `generation`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_settings_insert` AFTER INSERT ON `settings` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_settings_update` AFTER UPDATE ON `settings` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_settings_delete` AFTER DELETE ON `settings` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_boards_insert` AFTER INSERT ON `boards` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_boards_update` AFTER UPDATE ON `boards` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_boards_delete` AFTER DELETE ON `boards` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_votes_insert` AFTER INSERT ON `votes` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_votes_update` AFTER UPDATE ON `votes` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_votes_delete` AFTER DELETE ON `votes` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_comments_insert` AFTER INSERT ON `comments` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_comments_update` AFTER UPDATE ON `comments` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_comments_delete` AFTER DELETE ON `comments` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_tags_insert` AFTER INSERT ON `tags` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_tags_update` AFTER UPDATE ON `tags` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_tags_delete` AFTER DELETE ON `tags` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_post_tags_insert` AFTER INSERT ON `post_tags` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_post_tags_update` AFTER UPDATE ON `post_tags` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_post_tags_delete` AFTER DELETE ON `post_tags` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_status_changes_insert` AFTER INSERT ON `status_changes` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_status_changes_update` AFTER UPDATE ON `status_changes` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_status_changes_delete` AFTER DELETE ON `status_changes` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_changelog_entries_insert` AFTER INSERT ON `changelog_entries` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_changelog_entries_update` AFTER UPDATE ON `changelog_entries` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_changelog_entries_delete` AFTER DELETE ON `changelog_entries` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_changelog_posts_insert` AFTER INSERT ON `changelog_posts` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_changelog_posts_update` AFTER UPDATE ON `changelog_posts` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_changelog_posts_delete` AFTER DELETE ON `changelog_posts` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
-- posts and users: only the columns a public page shows, so that staff-only fields (sizing,
-- owner, the insights' timestamps) and sign-in bookkeeping do not empty the cache.
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_posts_insert` AFTER INSERT ON `posts` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_posts_update` AFTER UPDATE OF `board_id`, `author_id`, `title`, `body_html`, `excerpt`, `kind`, `status`, `vote_count`, `comment_count`, `trending_score`, `merged_into_id`, `pending_approval`, `comments_locked_at`, `deleted_at`, `created_at`, `updated_at`, `status_changed_at`, `shipped_at` ON `posts` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_posts_delete` AFTER DELETE ON `posts` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_users_update` AFTER UPDATE OF `display_name`, `avatar_url`, `role`, `banned_at` ON `users` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `page_cache_after_users_delete` AFTER DELETE ON `users` BEGIN
  UPDATE `page_cache_generation` SET `generation` = `generation` + 1 WHERE `id` = 1;
END;
