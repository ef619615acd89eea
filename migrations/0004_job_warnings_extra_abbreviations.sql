ALTER TABLE `user_settings` ADD `extra_abbreviations` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `warnings` text;