DROP INDEX `subscriber_offers_subscriber_idx`;--> statement-breakpoint
CREATE INDEX `subscriber_offers_subscriber_package_idx` ON `subscriber_offers` (`subscriber_id`,`package_id`);