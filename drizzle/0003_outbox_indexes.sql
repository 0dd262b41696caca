DROP INDEX `email_outbox_due_idx`;--> statement-breakpoint
DROP INDEX `email_outbox_email_idx`;--> statement-breakpoint
CREATE INDEX `email_outbox_status_idx` ON `email_outbox` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `email_outbox_user_idx` ON `email_outbox` (`user_id`,`id`);