/**
 * The database schema (SPEC section 1). The database enforces what it can: foreign keys,
 * unique identifiers, one package name per owner, enum and format checks. The code never
 * relies on these for the happy path; they stop a bug from corrupting data.
 */
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { IdentifierType } from "../../domain/subscribers/identifiers";

const createdAt = () => integer("created_at", { mode: "timestamp_ms" }).notNull();

/** A digits-only check for an optional identifier column, with its allowed lengths. */
const digits = (column: string, lengths: string) =>
  sql.raw(`${column} IS NULL OR (${column} NOT GLOB '*[^0-9]*' AND length(${column}) ${lengths})`);

export const customers = sqliteTable(
  "customers",
  {
    id: text("id").primaryKey(),
    parentId: text("parent_id").references((): any => customers.id),
    /** Materialised ancestry, "/root/…/self/": a customer sees every row whose path starts with its own. */
    path: text("path").notNull(),
    name: text("name").notNull(),
    allowOfferDelegation: integer("allow_offer_delegation", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("customers_path_unique").on(t.path),
    // Every list (here a parent's sub-customers) has an index (parent, created_at, id) in its
    // order, so a page reads the page; it serves lookups by the parent alone as well.
    index("customers_parent_created_idx").on(t.parentId, t.createdAt, t.id),
    check("customers_name_not_blank", sql`length(trim(${t.name})) > 0`),
    check("customers_path_ends_with_id", sql`${t.path} LIKE '%/' || ${t.id} || '/'`),
    check("customers_not_own_parent", sql`${t.parentId} IS NULL OR ${t.parentId} <> ${t.id}`),
  ],
);

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id").notNull().references(() => customers.id),
    /** SHA-256 of the key, hex. The key itself is never stored. */
    keyHash: text("key_hash").notNull(),
    /** The first characters of the key, so an owner can tell its keys apart. */
    keyPrefix: text("key_prefix").notNull(),
    label: text("label"),
    createdAt: createdAt(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("api_keys_hash_unique").on(t.keyHash),
    index("api_keys_customer_created_idx").on(t.customerId, t.createdAt, t.id),
    check("api_keys_hash_is_sha256", sql`length(${t.keyHash}) = 64`),
  ],
);

export const offers = sqliteTable(
  "offers",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull().references(() => customers.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["REGULAR", "POOL"] }).notNull(),
    /** For a POOL plan, the one sub-account it was created for. */
    poolCustomerId: text("pool_customer_id").references(() => customers.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("offers_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    check("offers_kind", sql`${t.kind} IN ('REGULAR', 'POOL')`),
    check("offers_pool_customer", sql`(${t.kind} = 'POOL') = (${t.poolCustomerId} IS NOT NULL)`),
    check("offers_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

export const packages = sqliteTable(
  "packages",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull().references(() => customers.id),
    name: text("name").notNull(),
    /** The name trimmed and case-folded: the key of the per-owner uniqueness rule. */
    nameKey: text("name_key").notNull(),
    description: text("description"),
    /** Every sub-account of the owner, present and future, is eligible. */
    eligibleAll: integer("eligible_all", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("packages_owner_name_unique").on(t.ownerId, t.nameKey),
    index("packages_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    check("packages_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

export const packageOffers = sqliteTable(
  "package_offers",
  {
    packageId: text("package_id").notNull().references(() => packages.id, { onDelete: "cascade" }),
    offerId: text("offer_id").notNull().references(() => offers.id),
    /** 0 is the highest priority. */
    position: integer("position").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.packageId, t.position] }),
    uniqueIndex("package_offers_no_repeat").on(t.packageId, t.offerId),
    index("package_offers_offer_idx").on(t.offerId),
    check("package_offers_position", sql`${t.position} >= 0`),
  ],
);

export const packageEligibleCustomers = sqliteTable(
  "package_eligible_customers",
  {
    packageId: text("package_id").notNull().references(() => packages.id, { onDelete: "cascade" }),
    customerId: text("customer_id").notNull().references(() => customers.id),
  },
  (t) => [
    primaryKey({ columns: [t.packageId, t.customerId] }),
    index("package_eligible_customer_idx").on(t.customerId),
  ],
);

export const subscribers = sqliteTable(
  "subscribers",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id").notNull().references(() => customers.id),
    imsi: text("imsi"),
    iccid: text("iccid"),
    msisdn: text("msisdn"),
    /** As given when created: 14 digits, or 15 with its check digit. */
    imei: text("imei"),
    /**
     * The IMEI without its check digit: its 14- and 15-digit forms name one device, so this is
     * what is unique and what a lookup by IMEI compares (identifierKey). Kept by the database.
     */
    imeiKey: text("imei_key").generatedAlwaysAs(sql`substr("imei", 1, 14)`, { mode: "virtual" }),
    imeisv: text("imeisv"),
    /** The one package attached, if any. */
    packageId: text("package_id").references(() => packages.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("subscribers_customer_created_idx").on(t.customerId, t.createdAt, t.id),
    // A customer's subscribers with one package (or none), in list order: the package filter.
    index("subscribers_customer_package_created_idx").on(t.customerId, t.packageId, t.createdAt, t.id),
    // A customer's subscribers by identifier: an identifier prefix filter is a range on these.
    index("subscribers_customer_imsi_idx").on(t.customerId, t.imsi).where(sql`${t.imsi} IS NOT NULL`),
    index("subscribers_customer_iccid_idx").on(t.customerId, t.iccid).where(sql`${t.iccid} IS NOT NULL`),
    index("subscribers_customer_msisdn_idx").on(t.customerId, t.msisdn).where(sql`${t.msisdn} IS NOT NULL`),
    index("subscribers_package_idx").on(t.packageId),
    uniqueIndex("subscribers_imsi_unique").on(t.imsi),
    uniqueIndex("subscribers_iccid_unique").on(t.iccid),
    uniqueIndex("subscribers_msisdn_unique").on(t.msisdn),
    uniqueIndex("subscribers_imei_key_unique").on(t.imeiKey),
    uniqueIndex("subscribers_imeisv_unique").on(t.imeisv),
    check(
      "subscribers_has_identifier",
      sql`coalesce(${t.imsi}, ${t.iccid}, ${t.msisdn}, ${t.imei}, ${t.imeisv}) IS NOT NULL`,
    ),
    check("subscribers_imsi_format", digits("imsi", "BETWEEN 6 AND 15")),
    check("subscribers_iccid_format", digits("iccid", "BETWEEN 18 AND 22")),
    check("subscribers_msisdn_format", digits("msisdn", "BETWEEN 5 AND 15")),
    check("subscribers_imei_format", digits("imei", "IN (14, 15)")),
    check("subscribers_imeisv_format", digits("imeisv", "= 16")),
  ],
);

/**
 * The column that holds each identifier type's key (identifierKey): what is unique and what a
 * lookup compares. An IMEI's is imei_key, its first 14 digits; every other identifier's is its
 * own column.
 */
export const identifierKeyColumns = {
  IMSI: subscribers.imsi,
  ICCID: subscribers.iccid,
  MSISDN: subscribers.msisdn,
  IMEI: subscribers.imeiKey,
  IMEISV: subscribers.imeisv,
} as const satisfies Record<IdentifierType, unknown>;

export const subscriberOffers = sqliteTable(
  "subscriber_offers",
  {
    id: text("id").primaryKey(),
    subscriberId: text("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    offerId: text("offer_id").notNull().references(() => offers.id),
    /** Higher wins; optional. */
    priority: integer("priority"),
    /** The package this instance came with; detaching that package removes it. */
    packageId: text("package_id").references(() => packages.id),
    /** Copied from the offer so that the database can refuse a second instance of a pool plan. */
    isPool: integer("is_pool", { mode: "boolean" }).notNull(),
    attachedAt: integer("attached_at", { mode: "timestamp_ms" }).notNull(),
    attachedById: text("attached_by_id").notNull().references(() => customers.id),
  },
  (t) => [
    // (subscriber, package): detaching a package finds its instances on one subscriber directly;
    // with the package index alone the planner may scan every subscriber that has the package.
    index("subscriber_offers_subscriber_package_idx").on(t.subscriberId, t.packageId),
    index("subscriber_offers_offer_idx").on(t.offerId),
    index("subscriber_offers_package_idx").on(t.packageId),
    uniqueIndex("subscriber_offers_one_pool_instance")
      .on(t.subscriberId, t.offerId)
      .where(sql`is_pool = 1`),
    check("subscriber_offers_priority", sql`${t.priority} IS NULL OR ${t.priority} >= 0`),
  ],
);

export const externalParamConfigs = sqliteTable(
  "external_param_configs",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id").notNull().references(() => customers.id),
    name: text("name").notNull(),
    displayName: text("display_name"),
    description: text("description"),
    entityType: text("entity_type", { enum: ["CUSTOMER", "SUBSCRIBER", "OFFER", "PACKAGE"] }).notNull(),
    isSearchable: integer("is_searchable", { mode: "boolean" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("external_param_configs_name_unique").on(t.ownerId, t.entityType, t.name),
    // Configs are only ever listed for one entity type: the type sits before the list order.
    index("external_param_configs_owner_type_created_idx").on(t.ownerId, t.entityType, t.createdAt, t.id),
    check(
      "external_param_configs_entity_type",
      sql`${t.entityType} IN ('CUSTOMER', 'SUBSCRIBER', 'OFFER', 'PACKAGE')`,
    ),
    check("external_param_configs_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

export const externalParamValues = sqliteTable(
  "external_param_values",
  {
    configId: text("config_id")
      .notNull()
      .references(() => externalParamConfigs.id, { onDelete: "cascade" }),
    /** The customer, subscriber, offer or package the value belongs to (the config says which). */
    entityId: text("entity_id").notNull(),
    value: text("value").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.configId, t.entityId] }),
    index("external_param_values_search_idx").on(t.configId, t.value),
    index("external_param_values_entity_idx").on(t.entityId),
  ],
);

export const requests = sqliteTable(
  "requests",
  {
    id: text("id").primaryKey(),
    requesterId: text("requester_id").notNull().references(() => customers.id),
    operation: text("operation").notNull(),
    status: text("status", { enum: ["IN_PROGRESS", "SUCCEEDED", "FAILED"] }).notNull(),
    /** The platform error code of a failed unit. */
    code: text("code"),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("requests_requester_created_idx").on(t.requesterId, t.createdAt, t.id),
    // A requester's Requests of one status, of one operation, or of both, in list order: the filters.
    index("requests_requester_status_created_idx").on(t.requesterId, t.status, t.createdAt, t.id),
    index("requests_requester_operation_created_idx").on(t.requesterId, t.operation, t.createdAt, t.id),
    index("requests_requester_operation_status_created_idx").on(t.requesterId, t.operation, t.status, t.createdAt, t.id),
    // The retention purge deletes the oldest Requests of every requester in small batches.
    index("requests_created_idx").on(t.createdAt),
    check("requests_status", sql`${t.status} IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')`),
    check("requests_failed_has_code", sql`(${t.status} = 'FAILED') = (${t.code} IS NOT NULL)`),
  ],
);

/** Remembered mutation outcomes, so that a retry with the same key is answered, not applied again. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    requesterId: text("requester_id").notNull().references(() => customers.id),
    key: text("key").notNull(),
    operation: text("operation").notNull(),
    /** SHA-256 of the canonical input: the same key with another input is refused. */
    inputHash: text("input_hash").notNull(),
    /** The outcome as JSON, replayed to a retry. */
    outcome: text("outcome").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.requesterId, t.key] }),
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);

export type CustomerRow = typeof customers.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;
export type PackageRow = typeof packages.$inferSelect;
export type SubscriberRow = typeof subscribers.$inferSelect;
export type SubscriberOfferRow = typeof subscriberOffers.$inferSelect;
export type ExternalParamConfigRow = typeof externalParamConfigs.$inferSelect;
export type ExternalParamValueRow = typeof externalParamValues.$inferSelect;
export type RequestRow = typeof requests.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
