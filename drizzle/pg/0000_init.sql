CREATE TABLE "api_keys" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"customer_id" text COLLATE "C" NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"label" text,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_is_sha256" CHECK (length("api_keys"."key_hash") = 64)
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"parent_id" text COLLATE "C",
	"path" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"allow_offer_delegation" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customers_name_not_blank" CHECK (length(trim("customers"."name")) > 0),
	CONSTRAINT "customers_path_ends_with_id" CHECK ("customers"."path" LIKE '%/' || "customers"."id" || '/'),
	CONSTRAINT "customers_not_own_parent" CHECK ("customers"."parent_id" IS NULL OR "customers"."parent_id" <> "customers"."id")
);
--> statement-breakpoint
CREATE TABLE "external_param_configs" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"owner_id" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"display_name" text,
	"description" text,
	"entity_type" text NOT NULL,
	"is_searchable" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "external_param_configs_entity_type" CHECK ("external_param_configs"."entity_type" IN ('CUSTOMER', 'SUBSCRIBER', 'OFFER', 'PACKAGE')),
	CONSTRAINT "external_param_configs_name_not_blank" CHECK (length(trim("external_param_configs"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "external_param_values" (
	"config_id" text COLLATE "C" NOT NULL,
	"entity_id" text COLLATE "C" NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "external_param_values_config_id_entity_id_pk" PRIMARY KEY("config_id","entity_id")
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"requester_id" text COLLATE "C" NOT NULL,
	"key" text NOT NULL,
	"operation" text NOT NULL,
	"input_hash" text NOT NULL,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_requester_id_key_pk" PRIMARY KEY("requester_id","key")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"owner_id" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"pool_customer_id" text COLLATE "C",
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "offers_kind" CHECK ("offers"."kind" IN ('REGULAR', 'POOL')),
	CONSTRAINT "offers_pool_customer" CHECK (("offers"."kind" = 'POOL') = ("offers"."pool_customer_id" IS NOT NULL)),
	CONSTRAINT "offers_name_not_blank" CHECK (length(trim("offers"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "package_eligible_customers" (
	"package_id" text COLLATE "C" NOT NULL,
	"customer_id" text COLLATE "C" NOT NULL,
	CONSTRAINT "package_eligible_customers_package_id_customer_id_pk" PRIMARY KEY("package_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "package_offers" (
	"package_id" text COLLATE "C" NOT NULL,
	"offer_id" text COLLATE "C" NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "package_offers_package_id_position_pk" PRIMARY KEY("package_id","position"),
	CONSTRAINT "package_offers_position" CHECK ("package_offers"."position" >= 0)
);
--> statement-breakpoint
CREATE TABLE "packages" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"owner_id" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"description" text,
	"eligible_all" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "packages_name_not_blank" CHECK (length(trim("packages"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"requester_id" text COLLATE "C" NOT NULL,
	"operation" text NOT NULL,
	"status" text NOT NULL,
	"code" text,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "requests_status" CHECK ("requests"."status" IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
	CONSTRAINT "requests_failed_has_code" CHECK (("requests"."status" = 'FAILED') = ("requests"."code" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "subscriber_offers" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"subscriber_id" text COLLATE "C" NOT NULL,
	"offer_id" text COLLATE "C" NOT NULL,
	"priority" integer,
	"package_id" text COLLATE "C",
	"is_pool" boolean NOT NULL,
	"attached_at" timestamp with time zone NOT NULL,
	"attached_by_id" text COLLATE "C" NOT NULL,
	CONSTRAINT "subscriber_offers_priority" CHECK ("subscriber_offers"."priority" IS NULL OR "subscriber_offers"."priority" >= 0)
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"customer_id" text COLLATE "C" NOT NULL,
	"imsi" text,
	"iccid" text,
	"msisdn" text,
	"imei" text,
	"imei_key" text GENERATED ALWAYS AS (substr(imei, 1, 14)) STORED,
	"imeisv" text,
	"package_id" text COLLATE "C",
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subscribers_has_identifier" CHECK (coalesce("subscribers"."imsi", "subscribers"."iccid", "subscribers"."msisdn", "subscribers"."imei", "subscribers"."imeisv") IS NOT NULL),
	CONSTRAINT "subscribers_imsi_format" CHECK (imsi IS NULL OR imsi ~ '^[0-9]{6,15}$'),
	CONSTRAINT "subscribers_iccid_format" CHECK (iccid IS NULL OR iccid ~ '^[0-9]{18,22}$'),
	CONSTRAINT "subscribers_msisdn_format" CHECK (msisdn IS NULL OR msisdn ~ '^[0-9]{5,15}$'),
	CONSTRAINT "subscribers_imei_format" CHECK (imei IS NULL OR imei ~ '^[0-9]{14,15}$'),
	CONSTRAINT "subscribers_imeisv_format" CHECK (imeisv IS NULL OR imeisv ~ '^[0-9]{16}$')
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_parent_id_customers_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_param_configs" ADD CONSTRAINT "external_param_configs_owner_id_customers_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_param_values" ADD CONSTRAINT "external_param_values_config_id_external_param_configs_id_fk" FOREIGN KEY ("config_id") REFERENCES "public"."external_param_configs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_requester_id_customers_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_owner_id_customers_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_pool_customer_id_customers_id_fk" FOREIGN KEY ("pool_customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_eligible_customers" ADD CONSTRAINT "package_eligible_customers_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_eligible_customers" ADD CONSTRAINT "package_eligible_customers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_offers" ADD CONSTRAINT "package_offers_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_offers" ADD CONSTRAINT "package_offers_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_owner_id_customers_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_requester_id_customers_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriber_offers" ADD CONSTRAINT "subscriber_offers_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriber_offers" ADD CONSTRAINT "subscriber_offers_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriber_offers" ADD CONSTRAINT "subscriber_offers_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriber_offers" ADD CONSTRAINT "subscriber_offers_attached_by_id_customers_id_fk" FOREIGN KEY ("attached_by_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_package_id_packages_id_fk" FOREIGN KEY ("package_id") REFERENCES "public"."packages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_unique" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_customer_created_idx" ON "api_keys" USING btree ("customer_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_path_unique" ON "customers" USING btree ("path");--> statement-breakpoint
CREATE INDEX "customers_parent_created_idx" ON "customers" USING btree ("parent_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "external_param_configs_name_unique" ON "external_param_configs" USING btree ("owner_id","entity_type","name");--> statement-breakpoint
CREATE INDEX "external_param_configs_owner_type_created_idx" ON "external_param_configs" USING btree ("owner_id","entity_type","created_at","id");--> statement-breakpoint
CREATE INDEX "external_param_values_search_idx" ON "external_param_values" USING btree ("config_id","value");--> statement-breakpoint
CREATE INDEX "external_param_values_entity_idx" ON "external_param_values" USING btree ("entity_id");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "offers_owner_created_idx" ON "offers" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "package_eligible_customer_idx" ON "package_eligible_customers" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "package_offers_no_repeat" ON "package_offers" USING btree ("package_id","offer_id");--> statement-breakpoint
CREATE INDEX "package_offers_offer_idx" ON "package_offers" USING btree ("offer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "packages_owner_name_unique" ON "packages" USING btree ("owner_id","name_key");--> statement-breakpoint
CREATE INDEX "packages_owner_created_idx" ON "packages" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "requests_requester_created_idx" ON "requests" USING btree ("requester_id","created_at","id");--> statement-breakpoint
CREATE INDEX "requests_created_idx" ON "requests" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "subscriber_offers_subscriber_package_idx" ON "subscriber_offers" USING btree ("subscriber_id","package_id");--> statement-breakpoint
CREATE INDEX "subscriber_offers_offer_idx" ON "subscriber_offers" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "subscriber_offers_package_idx" ON "subscriber_offers" USING btree ("package_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscriber_offers_one_pool_instance" ON "subscriber_offers" USING btree ("subscriber_id","offer_id") WHERE is_pool;--> statement-breakpoint
CREATE INDEX "subscribers_customer_created_idx" ON "subscribers" USING btree ("customer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "subscribers_package_idx" ON "subscribers" USING btree ("package_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_imsi_unique" ON "subscribers" USING btree ("imsi");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_iccid_unique" ON "subscribers" USING btree ("iccid");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_msisdn_unique" ON "subscribers" USING btree ("msisdn");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_imei_key_unique" ON "subscribers" USING btree ("imei_key");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_imeisv_unique" ON "subscribers" USING btree ("imeisv");