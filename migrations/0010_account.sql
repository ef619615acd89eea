CREATE TABLE `account_deletions` (
	`user_id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`step` text NOT NULL,
	`counts` text DEFAULT '{}' NOT NULL,
	`cancelled_jobs` text DEFAULT '[]' NOT NULL,
	`google_revocation` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error_message` text,
	`requested_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`erase_after` integer NOT NULL,
	`completed_at` integer
);
--> statement-breakpoint
CREATE INDEX `account_deletions_status_idx` ON `account_deletions` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `account_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`include_pdfs` integer DEFAULT true NOT NULL,
	`object_key` text,
	`upload_id` text,
	`size_bytes` integer,
	`file_count` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`error_message` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_exports_user_idx` ON `account_exports` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `account_exports_status_idx` ON `account_exports` (`status`,`updated_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `account_exports_one_active_idx` ON `account_exports` (`user_id`) WHERE "account_exports"."status" in ('pending', 'running');--> statement-breakpoint
ALTER TABLE `jobs` ADD `pdf_purged_at` integer;--> statement-breakpoint
CREATE INDEX `jobs_pdf_retention_idx` ON `jobs` (`pdf_purged_at`,`created_at`);