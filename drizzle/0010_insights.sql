CREATE TABLE `digest_runs` (
	`week` text PRIMARY KEY NOT NULL,
	`recipients` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `survey_answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer NOT NULL,
	`score` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`channel` text NOT NULL,
	`locale` text NOT NULL,
	`board_id` integer,
	`recorded_by_id` integer,
	`answered_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`recorded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_answers_survey_user_unique` ON `survey_answers` (`survey_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `survey_answers_kind_time_idx` ON `survey_answers` (`kind`,`answered_at`,`score`,`channel`,`board_id`);--> statement-breakpoint
CREATE INDEX `survey_answers_survey_time_idx` ON `survey_answers` (`survey_id`,`answered_at`);--> statement-breakpoint
CREATE INDEX `survey_answers_time_idx` ON `survey_answers` (`answered_at`);--> statement-breakpoint
CREATE TABLE `survey_prompts` (
	`survey_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`session_id` text NOT NULL,
	`shown_at` integer NOT NULL,
	`dismissed_at` integer,
	PRIMARY KEY(`survey_id`, `user_id`),
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `survey_prompts_session_idx` ON `survey_prompts` (`session_id`);--> statement-breakpoint
CREATE TABLE `survey_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`survey_id` integer NOT NULL,
	`audience` text NOT NULL,
	`active_days` integer,
	`board_id` integer,
	`recipients` integer DEFAULT 0 NOT NULL,
	`sent_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`survey_id`) REFERENCES `surveys`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`board_id`) REFERENCES `boards`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`sent_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `survey_sends_survey_idx` ON `survey_sends` (`survey_id`,`id`);--> statement-breakpoint
CREATE TABLE `surveys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`texts` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`in_app_prompt` integer DEFAULT false NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`closed_at` integer,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `posts` ADD `first_response_at` integer;--> statement-breakpoint
ALTER TABLE `posts` ADD `resolved_at` integer;--> statement-breakpoint
CREATE INDEX `posts_resolved_idx` ON `posts` (`resolved_at`);--> statement-breakpoint
CREATE INDEX `posts_first_response_idx` ON `posts` (`first_response_at`);--> statement-breakpoint
CREATE INDEX `posts_owner_idx` ON `posts` (`owner_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `email_weekly_digest` integer DEFAULT true NOT NULL;--> statement-breakpoint
-- Backfill: the first staff response (a status change, or a public comment by staff) and
-- the first move to shipped or declined of every post already on the board.
UPDATE `posts` SET `resolved_at` = (
	SELECT min(sc.`created_at`) FROM `status_changes` sc
	WHERE sc.`post_id` = `posts`.`id` AND sc.`to_status` IN ('shipped', 'declined')
);--> statement-breakpoint
UPDATE `posts` SET `first_response_at` = (
	SELECT min(t) FROM (
		SELECT min(sc.`created_at`) AS t FROM `status_changes` sc WHERE sc.`post_id` = `posts`.`id`
		UNION ALL
		SELECT min(c.`created_at`) FROM `comments` c JOIN `users` u ON u.`id` = c.`author_id`
		WHERE c.`post_id` = `posts`.`id` AND c.`is_internal` = 0 AND u.`role` IN ('staff', 'admin')
	)
);
