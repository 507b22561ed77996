DROP INDEX `subscribers_imei_unique`;--> statement-breakpoint
ALTER TABLE `subscribers` ADD `imei_key` text GENERATED ALWAYS AS (substr("imei", 1, 14)) VIRTUAL;--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_imei_key_unique` ON `subscribers` (`imei_key`);