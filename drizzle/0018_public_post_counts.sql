-- Issue 15: the board list shows how many public ideas each board holds. Counting them on
-- every board and search page read every visible post (0.25–1.5 s at 100k posts, more than
-- everything else on the page together). These triggers keep the count per (board, status)
-- of posts any visitor may see (live, not merged away, not awaiting approval), in the same
-- transaction as the change, whatever writes it; a board page sums a handful of rows.
CREATE TABLE `public_post_counts` (
	`board_id` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`board_id`, `status`)
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `public_post_counts` (`board_id`, `status`, `n`)
	SELECT `board_id`, `status`, count(*) FROM `posts`
	WHERE `deleted_at` IS NULL AND `merged_into_id` IS NULL AND `pending_approval` = 0
	GROUP BY `board_id`, `status`;--> statement-breakpoint
CREATE TRIGGER `public_post_counts_insert` AFTER INSERT ON `posts`
WHEN new.`deleted_at` IS NULL AND new.`merged_into_id` IS NULL AND new.`pending_approval` = 0
BEGIN
	INSERT INTO `public_post_counts` (`board_id`, `status`, `n`) VALUES (new.`board_id`, new.`status`, 1)
	ON CONFLICT (`board_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `public_post_counts_delete` AFTER DELETE ON `posts`
WHEN old.`deleted_at` IS NULL AND old.`merged_into_id` IS NULL AND old.`pending_approval` = 0
BEGIN
	UPDATE `public_post_counts` SET `n` = `n` - 1 WHERE `board_id` = old.`board_id` AND `status` = old.`status`;
END;--> statement-breakpoint
CREATE TRIGGER `public_post_counts_update_old` AFTER UPDATE OF `board_id`, `status`, `deleted_at`, `merged_into_id`, `pending_approval` ON `posts`
WHEN old.`deleted_at` IS NULL AND old.`merged_into_id` IS NULL AND old.`pending_approval` = 0
BEGIN
	UPDATE `public_post_counts` SET `n` = `n` - 1 WHERE `board_id` = old.`board_id` AND `status` = old.`status`;
END;--> statement-breakpoint
CREATE TRIGGER `public_post_counts_update_new` AFTER UPDATE OF `board_id`, `status`, `deleted_at`, `merged_into_id`, `pending_approval` ON `posts`
WHEN new.`deleted_at` IS NULL AND new.`merged_into_id` IS NULL AND new.`pending_approval` = 0
BEGIN
	INSERT INTO `public_post_counts` (`board_id`, `status`, `n`) VALUES (new.`board_id`, new.`status`, 1)
	ON CONFLICT (`board_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;
