DROP INDEX `posts_resolved_idx`;--> statement-breakpoint
DROP INDEX `posts_first_response_idx`;--> statement-breakpoint
CREATE INDEX `posts_resolved_idx` ON `posts` (`resolved_at`,`created_at`,`kind`,`board_id`,`owner_id`,`deleted_at`,`merged_into_id`);--> statement-breakpoint
CREATE INDEX `posts_first_response_idx` ON `posts` (`first_response_at`,`created_at`,`kind`,`board_id`,`owner_id`,`deleted_at`,`merged_into_id`);--> statement-breakpoint
CREATE INDEX `email_outbox_sent_idx` ON `email_outbox` (`template`,`sent_at`) WHERE "email_outbox"."status" = 'sent';--> statement-breakpoint
CREATE INDEX `notifications_shipped_idx` ON `notifications` (`created_at`,`post_id`) WHERE "notifications"."type" = 'status_change' and "notifications"."status" = 'shipped';--> statement-breakpoint
CREATE INDEX `solved_answers_updated_idx` ON `solved_answers` (`updated_at`,`post_id`,`answer`);--> statement-breakpoint
CREATE INDEX `status_changes_to_status_idx` ON `status_changes` (`to_status`,`created_at`);