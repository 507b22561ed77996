/**
 * The database schema on PostgreSQL (SPEC section 1): the same tables, columns, constraints and
 * indexes as the SQLite schema (src/db/sqlite/schema.ts). The database enforces what it can:
 * foreign keys, unique identifiers, one package name per owner, enum and format checks. The
 * code never relies on these for the happy path; they stop a bug from corrupting data.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type * as Port from "../../app/ports";
import type { IdentifierType } from "../../domain/subscribers/identifiers";

/**
 * An id (or a path of ids) as text compared byte by byte (collation "C"), as SQLite compares
 * text: lists are ordered by (created_at, id), so both engines must order ids alike for pages
 * and cursors to agree, and a path prefix (LIKE 'prefix%') can use the btree index. Text, not
 * uuid: an id that is not a UUID names nothing, it is not a type error.
 */
const idText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const createdAt = () => at("created_at").notNull();

/** A digits-only check for an optional identifier column, with its allowed lengths. */
const digits = (column: string, lengths: string) => sql.raw(`${column} IS NULL OR ${column} ~ '^[0-9]{${lengths}}$'`);

export const customers = pgTable(
  "customers",
  {
    id: idText("id").primaryKey(),
    parentId: idText("parent_id").references((): any => customers.id),
    /** Materialised ancestry, "/root/…/self/": a customer sees every row whose path starts with its own. */
    path: idText("path").notNull(),
    name: text("name").notNull(),
    allowOfferDelegation: boolean("allow_offer_delegation").notNull().default(false),
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

export const apiKeys = pgTable(
  "api_keys",
  {
    id: idText("id").primaryKey(),
    customerId: idText("customer_id").notNull().references(() => customers.id),
    /** SHA-256 of the key, hex. The key itself is never stored. */
    keyHash: text("key_hash").notNull(),
    /** The first characters of the key, so an owner can tell its keys apart. */
    keyPrefix: text("key_prefix").notNull(),
    label: text("label"),
    createdAt: createdAt(),
    revokedAt: at("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_keys_hash_unique").on(t.keyHash),
    index("api_keys_customer_created_idx").on(t.customerId, t.createdAt, t.id),
    check("api_keys_hash_is_sha256", sql`length(${t.keyHash}) = 64`),
  ],
);

export const offers = pgTable(
  "offers",
  {
    id: idText("id").primaryKey(),
    ownerId: idText("owner_id").notNull().references(() => customers.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["REGULAR", "POOL"] }).notNull(),
    /** For a POOL plan, the one sub-account it was created for. */
    poolCustomerId: idText("pool_customer_id").references(() => customers.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("offers_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    check("offers_kind", sql`${t.kind} IN ('REGULAR', 'POOL')`),
    check("offers_pool_customer", sql`(${t.kind} = 'POOL') = (${t.poolCustomerId} IS NOT NULL)`),
    check("offers_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

export const packages = pgTable(
  "packages",
  {
    id: idText("id").primaryKey(),
    ownerId: idText("owner_id").notNull().references(() => customers.id),
    name: text("name").notNull(),
    /** The name trimmed and case-folded: the key of the per-owner uniqueness rule. */
    nameKey: text("name_key").notNull(),
    description: text("description"),
    /** Every sub-account of the owner, present and future, is eligible. */
    eligibleAll: boolean("eligible_all").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("packages_owner_name_unique").on(t.ownerId, t.nameKey),
    index("packages_owner_created_idx").on(t.ownerId, t.createdAt, t.id),
    check("packages_name_not_blank", sql`length(trim(${t.name})) > 0`),
  ],
);

export const packageOffers = pgTable(
  "package_offers",
  {
    packageId: idText("package_id").notNull().references(() => packages.id, { onDelete: "cascade" }),
    offerId: idText("offer_id").notNull().references(() => offers.id),
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

export const packageEligibleCustomers = pgTable(
  "package_eligible_customers",
  {
    packageId: idText("package_id").notNull().references(() => packages.id, { onDelete: "cascade" }),
    customerId: idText("customer_id").notNull().references(() => customers.id),
  },
  (t) => [
    primaryKey({ columns: [t.packageId, t.customerId] }),
    index("package_eligible_customer_idx").on(t.customerId),
  ],
);

export const subscribers = pgTable(
  "subscribers",
  {
    id: idText("id").primaryKey(),
    customerId: idText("customer_id").notNull().references(() => customers.id),
    imsi: text("imsi"),
    iccid: text("iccid"),
    msisdn: text("msisdn"),
    /** As given when created: 14 digits, or 15 with its check digit. */
    imei: text("imei"),
    /**
     * The IMEI without its check digit: its 14- and 15-digit forms name one device, so this is
     * what is unique and what a lookup by IMEI compares (identifierKey). Kept by the database.
     */
    imeiKey: text("imei_key").generatedAlwaysAs(sql`substr(imei, 1, 14)`),
    imeisv: text("imeisv"),
    /** The one package attached, if any. */
    packageId: idText("package_id").references(() => packages.id),
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
    check("subscribers_imsi_format", digits("imsi", "6,15")),
    check("subscribers_iccid_format", digits("iccid", "18,22")),
    check("subscribers_msisdn_format", digits("msisdn", "5,15")),
    check("subscribers_imei_format", digits("imei", "14,15")),
    check("subscribers_imeisv_format", digits("imeisv", "16")),
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

export const subscriberOffers = pgTable(
  "subscriber_offers",
  {
    id: idText("id").primaryKey(),
    subscriberId: idText("subscriber_id")
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    offerId: idText("offer_id").notNull().references(() => offers.id),
    /** Higher wins; optional. */
    priority: integer("priority"),
    /** The package this instance came with; detaching that package removes it. */
    packageId: idText("package_id").references(() => packages.id),
    /** Copied from the offer so that the database can refuse a second instance of a pool plan. */
    isPool: boolean("is_pool").notNull(),
    attachedAt: at("attached_at").notNull(),
    attachedById: idText("attached_by_id").notNull().references(() => customers.id),
  },
  (t) => [
    // (subscriber, package): detaching a package finds its instances on one subscriber directly;
    // with the package index alone the planner may scan every subscriber that has the package.
    index("subscriber_offers_subscriber_package_idx").on(t.subscriberId, t.packageId),
    index("subscriber_offers_offer_idx").on(t.offerId),
    index("subscriber_offers_package_idx").on(t.packageId),
    uniqueIndex("subscriber_offers_one_pool_instance")
      .on(t.subscriberId, t.offerId)
      .where(sql`is_pool`),
    check("subscriber_offers_priority", sql`${t.priority} IS NULL OR ${t.priority} >= 0`),
  ],
);

export const externalParamConfigs = pgTable(
  "external_param_configs",
  {
    id: idText("id").primaryKey(),
    ownerId: idText("owner_id").notNull().references(() => customers.id),
    name: text("name").notNull(),
    displayName: text("display_name"),
    description: text("description"),
    entityType: text("entity_type", { enum: ["CUSTOMER", "SUBSCRIBER", "OFFER", "PACKAGE"] }).notNull(),
    isSearchable: boolean("is_searchable").notNull(),
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

export const externalParamValues = pgTable(
  "external_param_values",
  {
    configId: idText("config_id")
      .notNull()
      .references(() => externalParamConfigs.id, { onDelete: "cascade" }),
    /** The customer, subscriber, offer or package the value belongs to (the config says which). */
    entityId: idText("entity_id").notNull(),
    value: text("value").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.configId, t.entityId] }),
    index("external_param_values_search_idx").on(t.configId, t.value),
    index("external_param_values_entity_idx").on(t.entityId),
  ],
);

export const requests = pgTable(
  "requests",
  {
    id: idText("id").primaryKey(),
    requesterId: idText("requester_id").notNull().references(() => customers.id),
    operation: text("operation").notNull(),
    status: text("status", { enum: ["IN_PROGRESS", "SUCCEEDED", "FAILED"] }).notNull(),
    /** The platform error code of a failed unit. */
    code: text("code"),
    createdAt: createdAt(),
    completedAt: at("completed_at"),
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
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    requesterId: idText("requester_id").notNull().references(() => customers.id),
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

/** True when A and B are the same shape: the schema's rows are the port's rows, no more, no less. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rowsMatch: [
  Same<CustomerRow, Port.CustomerRow>,
  Same<ApiKeyRow, Port.ApiKeyRow>,
  Same<OfferRow, Port.OfferRow>,
  Same<PackageRow, Port.PackageRow>,
  Same<SubscriberRow, Port.SubscriberRow>,
  Same<SubscriberOfferRow, Port.SubscriberOfferRow>,
  Same<ExternalParamConfigRow, Port.ExternalParamConfigRow>,
  Same<IdempotencyKeyRow, Port.IdempotencyKeyRow>,
  Same<RequestRow, Port.RequestRow>,
] = [true, true, true, true, true, true, true, true, true];
void rowsMatch;
