DROP INDEX `api_keys_customer_idx`;--> statement-breakpoint
CREATE INDEX `api_keys_customer_created_idx` ON `api_keys` (`customer_id`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `customers_parent_idx`;--> statement-breakpoint
CREATE INDEX `customers_parent_created_idx` ON `customers` (`parent_id`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `offers_owner_idx`;--> statement-breakpoint
CREATE INDEX `offers_owner_created_idx` ON `offers` (`owner_id`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `requests_requester_idx`;--> statement-breakpoint
CREATE INDEX `requests_requester_created_idx` ON `requests` (`requester_id`,`created_at`,`id`);--> statement-breakpoint
DROP INDEX `subscribers_customer_idx`;--> statement-breakpoint
CREATE INDEX `subscribers_customer_created_idx` ON `subscribers` (`customer_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `external_param_configs_owner_type_created_idx` ON `external_param_configs` (`owner_id`,`entity_type`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `packages_owner_created_idx` ON `packages` (`owner_id`,`created_at`,`id`);