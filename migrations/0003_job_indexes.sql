DROP INDEX `jobs_user_created_idx`;--> statement-breakpoint
CREATE INDEX `jobs_result_prefix_idx` ON `jobs` (`result_prefix`);--> statement-breakpoint
CREATE INDEX `jobs_pdf_key_idx` ON `jobs` (`pdf_key`);--> statement-breakpoint
CREATE INDEX `jobs_user_created_idx` ON `jobs` (`user_id`,`created_at`,`id`);