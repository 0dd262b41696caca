CREATE TABLE `signup_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`locale` text,
	`redirect_to` text,
	`vote_post_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signup_requests_token_unique` ON `signup_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `signup_requests_user_idx` ON `signup_requests` (`user_id`);