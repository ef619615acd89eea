CREATE TABLE `event_tickets` (
	`ticket_hash` text PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`user_id` text NOT NULL,
	`session_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_tickets_expires_idx` ON `event_tickets` (`expires_at`);--> statement-breakpoint
ALTER TABLE `refresh_tokens` ADD `successor` text;--> statement-breakpoint
CREATE INDEX `refresh_tokens_successor_idx` ON `refresh_tokens` (`rotated_at`) WHERE "refresh_tokens"."successor" IS NOT NULL;