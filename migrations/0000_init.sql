CREATE TABLE `user_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`sentence_length_limit` integer DEFAULT 8 NOT NULL,
	`min_sentence_length` integer DEFAULT 2 NOT NULL,
	`engine` text DEFAULT 'auto' NOT NULL,
	`gemini_model` text DEFAULT 'balanced' NOT NULL,
	`ignore_dialogue` integer DEFAULT false NOT NULL,
	`preserve_formatting` integer DEFAULT true NOT NULL,
	`fix_hyphenation` integer DEFAULT true NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`google_sub` text,
	`email` text NOT NULL,
	`name` text,
	`picture` text,
	`role` text DEFAULT 'user' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_login_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_googleSub_unique` ON `users` (`google_sub`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);