CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "api_keys_hash_is_sha256" CHECK(length("api_keys"."key_hash") = 64)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_customer_idx` ON `api_keys` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`parent_id` text,
	`path` text NOT NULL,
	`name` text NOT NULL,
	`allow_offer_delegation` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "customers_name_not_blank" CHECK(length(trim("customers"."name")) > 0),
	CONSTRAINT "customers_path_ends_with_id" CHECK("customers"."path" LIKE '%/' || "customers"."id" || '/'),
	CONSTRAINT "customers_not_own_parent" CHECK("customers"."parent_id" IS NULL OR "customers"."parent_id" <> "customers"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_path_unique` ON `customers` (`path`);--> statement-breakpoint
CREATE INDEX `customers_parent_idx` ON `customers` (`parent_id`);--> statement-breakpoint
CREATE TABLE `external_param_configs` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`display_name` text,
	`description` text,
	`entity_type` text NOT NULL,
	`is_searchable` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "external_param_configs_entity_type" CHECK("external_param_configs"."entity_type" IN ('CUSTOMER', 'SUBSCRIBER', 'OFFER', 'PACKAGE')),
	CONSTRAINT "external_param_configs_name_not_blank" CHECK(length(trim("external_param_configs"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_param_configs_name_unique` ON `external_param_configs` (`owner_id`,`entity_type`,`name`);--> statement-breakpoint
CREATE TABLE `external_param_values` (
	`config_id` text NOT NULL,
	`entity_id` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`config_id`, `entity_id`),
	FOREIGN KEY (`config_id`) REFERENCES `external_param_configs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `external_param_values_search_idx` ON `external_param_values` (`config_id`,`value`);--> statement-breakpoint
CREATE INDEX `external_param_values_entity_idx` ON `external_param_values` (`entity_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`requester_id` text NOT NULL,
	`key` text NOT NULL,
	`operation` text NOT NULL,
	`input_hash` text NOT NULL,
	`outcome` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`requester_id`, `key`),
	FOREIGN KEY (`requester_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`pool_customer_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pool_customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "offers_kind" CHECK("offers"."kind" IN ('REGULAR', 'POOL')),
	CONSTRAINT "offers_pool_customer" CHECK(("offers"."kind" = 'POOL') = ("offers"."pool_customer_id" IS NOT NULL)),
	CONSTRAINT "offers_name_not_blank" CHECK(length(trim("offers"."name")) > 0)
);
--> statement-breakpoint
CREATE INDEX `offers_owner_idx` ON `offers` (`owner_id`);--> statement-breakpoint
CREATE TABLE `package_eligible_customers` (
	`package_id` text NOT NULL,
	`customer_id` text NOT NULL,
	PRIMARY KEY(`package_id`, `customer_id`),
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `package_eligible_customer_idx` ON `package_eligible_customers` (`customer_id`);--> statement-breakpoint
CREATE TABLE `package_offers` (
	`package_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`package_id`, `position`),
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "package_offers_position" CHECK("package_offers"."position" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `package_offers_no_repeat` ON `package_offers` (`package_id`,`offer_id`);--> statement-breakpoint
CREATE INDEX `package_offers_offer_idx` ON `package_offers` (`offer_id`);--> statement-breakpoint
CREATE TABLE `packages` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`description` text,
	`eligible_all` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "packages_name_not_blank" CHECK(length(trim("packages"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `packages_owner_name_unique` ON `packages` (`owner_id`,`name_key`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`requester_id` text NOT NULL,
	`operation` text NOT NULL,
	`status` text NOT NULL,
	`code` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`requester_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "requests_status" CHECK("requests"."status" IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
	CONSTRAINT "requests_failed_has_code" CHECK(("requests"."status" = 'FAILED') = ("requests"."code" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `requests_requester_idx` ON `requests` (`requester_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `subscriber_offers` (
	`id` text PRIMARY KEY NOT NULL,
	`subscriber_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`priority` integer,
	`package_id` text,
	`is_pool` integer NOT NULL,
	`attached_at` integer NOT NULL,
	`attached_by_id` text NOT NULL,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscribers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attached_by_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "subscriber_offers_priority" CHECK("subscriber_offers"."priority" IS NULL OR "subscriber_offers"."priority" >= 0)
);
--> statement-breakpoint
CREATE INDEX `subscriber_offers_subscriber_idx` ON `subscriber_offers` (`subscriber_id`);--> statement-breakpoint
CREATE INDEX `subscriber_offers_offer_idx` ON `subscriber_offers` (`offer_id`);--> statement-breakpoint
CREATE INDEX `subscriber_offers_package_idx` ON `subscriber_offers` (`package_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscriber_offers_one_pool_instance` ON `subscriber_offers` (`subscriber_id`,`offer_id`) WHERE is_pool = 1;--> statement-breakpoint
CREATE TABLE `subscribers` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`imsi` text,
	`iccid` text,
	`msisdn` text,
	`imei` text,
	`imeisv` text,
	`package_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "subscribers_has_identifier" CHECK(coalesce("subscribers"."imsi", "subscribers"."iccid", "subscribers"."msisdn", "subscribers"."imei", "subscribers"."imeisv") IS NOT NULL),
	CONSTRAINT "subscribers_imsi_format" CHECK(imsi IS NULL OR (imsi NOT GLOB '*[^0-9]*' AND length(imsi) BETWEEN 6 AND 15)),
	CONSTRAINT "subscribers_iccid_format" CHECK(iccid IS NULL OR (iccid NOT GLOB '*[^0-9]*' AND length(iccid) BETWEEN 18 AND 22)),
	CONSTRAINT "subscribers_msisdn_format" CHECK(msisdn IS NULL OR (msisdn NOT GLOB '*[^0-9]*' AND length(msisdn) BETWEEN 5 AND 15)),
	CONSTRAINT "subscribers_imei_format" CHECK(imei IS NULL OR (imei NOT GLOB '*[^0-9]*' AND length(imei) IN (14, 15))),
	CONSTRAINT "subscribers_imeisv_format" CHECK(imeisv IS NULL OR (imeisv NOT GLOB '*[^0-9]*' AND length(imeisv) = 16))
);
--> statement-breakpoint
CREATE INDEX `subscribers_customer_idx` ON `subscribers` (`customer_id`);--> statement-breakpoint
CREATE INDEX `subscribers_package_idx` ON `subscribers` (`package_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_imsi_unique` ON `subscribers` (`imsi`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_iccid_unique` ON `subscribers` (`iccid`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_msisdn_unique` ON `subscribers` (`msisdn`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_imei_unique` ON `subscribers` (`imei`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_imeisv_unique` ON `subscribers` (`imeisv`);