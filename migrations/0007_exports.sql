CREATE TABLE `exports` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`job_id` text NOT NULL,
	`destination` text NOT NULL,
	`mode` text NOT NULL,
	`options` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`rows_total` integer DEFAULT 0 NOT NULL,
	`rows_written` integer DEFAULT 0 NOT NULL,
	`shares_done` integer DEFAULT 0 NOT NULL,
	`spreadsheet_id` text,
	`spreadsheet_url` text,
	`sheet_title` text,
	`start_row` integer,
	`with_header` integer DEFAULT false NOT NULL,
	`error_code` text,
	`error_message` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`redrives` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`started_at` integer,
	`completed_at` integer,
	`announced_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exports_user_created_idx` ON `exports` (`user_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `exports_job_created_idx` ON `exports` (`job_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `exports_status_updated_idx` ON `exports` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `exports_spreadsheet_idx` ON `exports` (`spreadsheet_id`,`status`);