CREATE TABLE `trusted_sign_ins` (
	`user_id` integer NOT NULL,
	`client_hash` text NOT NULL,
	`signed_in_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `client_hash`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `trusted_sign_ins_at_idx` ON `trusted_sign_ins` (`signed_in_at`);