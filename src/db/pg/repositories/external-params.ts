import { and, asc, count, eq, sql } from "drizzle-orm";
import type * as Port from "../../../app/ports";
import type { SubscriberSearch } from "../../../app/ports";
import { anchorOf, ENTITY_OF, type EntityAnchor, type EntityName, type EntityType } from "../../../domain/external-params/external-params";
import { toPage, type Page, type PageRequest } from "../../../domain/input/pagination";
import type { Executor } from "../executor";
import {
  customers,
  externalParamConfigs,
  externalParamValues,
  offers,
  packages,
  subscribers,
  type ExternalParamConfigRow,
  type SubscriberRow,
} from "../schema";
import { preparedOnce } from "../statement-cache";
import { treeNodeColumns } from "./customers";
import { lockKey, lockKeys } from "./locks";
import { isVisibleSql } from "./visibility";

const node = treeNodeColumns;

const p = (name: string) => sql.placeholder(name);

/** The customer each kind of entity hangs from, one prepared statement per kind. */
function anchorStatement(ex: Executor, entity: EntityName, name: string) {
  switch (entity) {
    case "CUSTOMER":
      return ex.select({ customer: node }).from(customers).where(eq(customers.id, p("id"))).prepare(name);
    case "SUBSCRIBER":
      return ex
        .select({ customer: node })
        .from(subscribers)
        .innerJoin(customers, eq(customers.id, subscribers.customerId))
        .where(eq(subscribers.id, p("id")))
        .prepare(name);
    case "PLAN":
      return ex
        .select({ customer: node })
        .from(offers)
        .innerJoin(customers, eq(customers.id, offers.ownerId))
        .where(eq(offers.id, p("id")))
        .prepare(name);
    case "PACKAGE":
      return ex
        .select({ customer: node })
        .from(packages)
        .innerJoin(customers, eq(customers.id, packages.ownerId))
        .where(eq(packages.id, p("id")))
        .prepare(name);
  }
}

/**
 * The customer an entity hangs from (see EntityAnchor), or null when it does not exist. An
 * entity's holder or owner never changes, so no lock is needed.
 */
export async function entityAnchor(ex: Executor, entity: EntityName, entityId: string): Promise<EntityAnchor> {
  const [found] = await preparedOnce(ex, `read:entityAnchor:${entity}`, (name) => anchorStatement(ex, entity, name)).execute({ id: entityId });
  return anchorOf(ENTITY_OF[entity], found?.customer);
}

export async function getConfig(ex: Executor, id: string): Promise<ExternalParamConfigRow | undefined> {
  const [row] = await preparedOnce(ex, "read:externalParamConfig", (name) =>
    ex.select().from(externalParamConfigs).where(eq(externalParamConfigs.id, p("id"))).prepare(name),
  ).execute({ id });
  return row;
}

/**
 * The owner's config of this entity type and name. The name is locked first (until the unit
 * ends), so that two units creating the same name take turns and the second answers
 * ExternalParamNameTaken.
 */
export async function findConfigByName(ex: Executor, ownerId: string, entityType: EntityType, name: string) {
  await lockKey(ex, lockKeys.paramConfigName(ownerId, entityType, name));
  const [row] = await ex
    .select({ id: externalParamConfigs.id })
    .from(externalParamConfigs)
    .where(and(eq(externalParamConfigs.ownerId, ownerId), eq(externalParamConfigs.entityType, entityType), eq(externalParamConfigs.name, name)));
  return row;
}

export async function insertConfig(ex: Executor, config: typeof externalParamConfigs.$inferInsert): Promise<ExternalParamConfigRow> {
  const [row] = await ex.insert(externalParamConfigs).values(config).returning();
  return row!;
}

/** Sets a value; a concurrent set of the same value meets it in the upsert, not on the key. */
export async function setParamValue(ex: Executor, value: { configId: string; entityId: string; value: string; now: Date }): Promise<void> {
  await ex
    .insert(externalParamValues)
    .values({ configId: value.configId, entityId: value.entityId, value: value.value, updatedAt: value.now })
    .onConflictDoUpdate({
      target: [externalParamValues.configId, externalParamValues.entityId],
      set: { value: value.value, updatedAt: value.now },
    });
}

/** Removes a value; answers whether there was one. */
export async function clearParamValue(ex: Executor, configId: string, entityId: string): Promise<boolean> {
  const result = await ex
    .delete(externalParamValues)
    .where(and(eq(externalParamValues.configId, configId), eq(externalParamValues.entityId, entityId)));
  return (result.rowCount ?? 0) > 0;
}

/**
 * The statement of paramValues: one lookup by key (config, entity) per config asked for,
 * whatever the planner knows of the table, so that an entity holding values of thousands of
 * configs is not read whole for a page of 20.
 */
export function paramValuesQuery(ex: Executor) {
  const v = externalParamValues;
  return ex
    .select({ configId: sql<string>`wanted.config_id`, value: sql<string>`found.value` })
    .from(sql`unnest(${p("configIds")}::text[]) as wanted(config_id)`)
    .innerJoinLateral(
      ex.select({ value: v.value }).from(v).where(and(sql`${v.configId} = wanted.config_id`, eq(v.entityId, p("entityId")))).limit(1).as("found"),
      sql`true`,
    );
}

/** The values one entity has for the given configs, by config id. */
export async function paramValues(ex: Executor, entityId: string, configIds: readonly string[]): Promise<Map<string, string>> {
  if (configIds.length === 0) return new Map();
  const statement = preparedOnce(ex, "read:paramValues", (name) => paramValuesQuery(ex).prepare(name));
  const rows = await statement.execute({ entityId, configIds: [...configIds] });
  return new Map(rows.map((r) => [r.configId, r.value]));
}

/**
 * Every config of an owner for one entity type, in list order, read along the list's index
 * (owner, entity type, creation time, id): no sort.
 */
export async function configsOf(ex: Executor, ownerId: string, entityType: EntityType): Promise<ExternalParamConfigRow[]> {
  const c = externalParamConfigs;
  return preparedOnce(ex, "read:externalParamConfigs:ofOwnerType", (name) =>
    ex
      .select()
      .from(c)
      .where(and(eq(c.ownerId, p("ownerId")), eq(c.entityType, p("entityType"))))
      .orderBy(asc(c.createdAt), asc(c.id))
      .prepare(name),
  ).execute({ ownerId, entityType });
}

/**
 * The values many entities (bound as one text array) have of an owner's configs of one entity
 * type: one statement, each value found by its key (config, entity) from the owner's configs.
 */
export async function valuesOn(ex: Executor, ownerId: string, entityType: EntityType, entityIds: readonly string[]): Promise<Port.EntityParamValue[]> {
  if (entityIds.length === 0) return [];
  const c = externalParamConfigs;
  const v = externalParamValues;
  return preparedOnce(ex, "read:externalParamValues:onEntities", (name) =>
    ex
      .select({ configId: v.configId, entityId: v.entityId, value: v.value })
      .from(c)
      .innerJoin(v, eq(v.configId, c.id))
      .where(and(eq(c.ownerId, p("ownerId")), eq(c.entityType, p("entityType")), sql`${v.entityId} = any(${p("entityIds")}::text[])`))
      .prepare(name),
  ).execute({ ownerId, entityType, entityIds: [...new Set(entityIds)] });
}

/** A search's conditions: this value of the config, on a subscriber of a customer visible from the path (isVisibleSql). */
const searched = () =>
  and(
    eq(externalParamValues.configId, p("configId")),
    eq(externalParamValues.value, p("value")),
    isVisibleSql({ path: p("underPath") }),
  );

function searchStatement(ex: Executor, withCursor: boolean, name: string) {
  const cursor = withCursor
    ? sql`(${subscribers.createdAt}, ${subscribers.id}) > (${p("afterAt")}::timestamptz, ${p("afterId")}::text)`
    : undefined;
  return ex
    .select({ subscriber: subscribers })
    .from(externalParamValues)
    .innerJoin(subscribers, eq(subscribers.id, externalParamValues.entityId))
    .innerJoin(customers, eq(customers.id, subscribers.customerId))
    .where(and(searched(), cursor))
    .orderBy(asc(subscribers.createdAt), asc(subscribers.id))
    .limit(p("limit"))
    .prepare(name);
}

/** A page of the subscribers a search finds, in list order (creation time, then id). */
export async function searchSubscribers(ex: Executor, search: SubscriberSearch, page: PageRequest): Promise<Page<SubscriberRow>> {
  const withCursor = page.after !== null;
  const statement = preparedOnce(ex, `read:subscriberSearch${withCursor ? ":after" : ""}`, (name) => searchStatement(ex, withCursor, name));
  const rows = await statement.execute({
    ...search,
    limit: page.first + 1,
    ...(page.after ? { afterAt: new Date(page.after.createdAt).toISOString(), afterId: page.after.id } : {}),
  });
  return toPage(rows.map((r) => r.subscriber), page.first);
}

/** How many subscribers a search finds, over all pages. */
export async function countSearch(ex: Executor, search: SubscriberSearch): Promise<number> {
  const statement = preparedOnce(ex, "read:subscriberSearch:count", (name) =>
    ex
      .select({ n: count() })
      .from(externalParamValues)
      .innerJoin(subscribers, eq(subscribers.id, externalParamValues.entityId))
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(searched())
      .prepare(name),
  );
  const [row] = await statement.execute({ ...search });
  return row!.n;
}
