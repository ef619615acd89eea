CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`actor_id` text,
	`actor_email` text NOT NULL,
	`action` text NOT NULL,
	`method` text NOT NULL,
	`route` text NOT NULL,
	`target_id` text,
	`status` integer NOT NULL,
	`details` text,
	`request_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_created_idx` ON `audit_log` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `usage_ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`period` text NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`pages` integer NOT NULL,
	`engine` text,
	`job_id` text,
	`key` text NOT NULL,
	`actor_id` text,
	`note` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `usage_ledger_key_unique` ON `usage_ledger` (`key`);--> statement-breakpoint
CREATE INDEX `usage_ledger_user_period_idx` ON `usage_ledger` (`user_id`,`period`);--> statement-breakpoint
CREATE INDEX `usage_ledger_job_idx` ON `usage_ledger` (`job_id`);--> statement-breakpoint
CREATE INDEX `usage_ledger_period_idx` ON `usage_ledger` (`period`);--> statement-breakpoint
ALTER TABLE `users` ADD `role_source` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
CREATE INDEX `jobs_created_idx` ON `jobs` (`created_at`);--> statement-breakpoint
-- Until now ADMIN_EMAILS was the only way to become admin: such admins follow the list from here on.
UPDATE `users` SET `role_source` = 'admin_emails' WHERE `role` = 'admin';
