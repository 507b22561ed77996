import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type * as Port from "../../../app/ports";
import type { SubscriberSearch } from "../../../app/ports";
import { anchorOf, ENTITY_OF, type EntityAnchor, type EntityName, type EntityType } from "../../../domain/external-params/external-params";
import { toPage, type Page, type PageRequest } from "../../../domain/input/pagination";
import type { Executor } from "../executor";
import { rawStatementOnce } from "../raw-statements";
import { columnsOf, externalParamConfigRow } from "../rows";
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
import { isVisibleSql } from "./visibility";

const node = treeNodeColumns;

const p = (name: string) => sql.placeholder(name);

/** The customer each kind of entity hangs from, one prepared statement per kind. */
function anchorStatement(ex: Executor, entity: EntityName) {
  switch (entity) {
    case "CUSTOMER":
      return ex.select({ customer: node }).from(customers).where(eq(customers.id, p("id"))).prepare();
    case "SUBSCRIBER":
      return ex
        .select({ customer: node })
        .from(subscribers)
        .innerJoin(customers, eq(customers.id, subscribers.customerId))
        .where(eq(subscribers.id, p("id")))
        .prepare();
    case "PLAN":
      return ex
        .select({ customer: node })
        .from(offers)
        .innerJoin(customers, eq(customers.id, offers.ownerId))
        .where(eq(offers.id, p("id")))
        .prepare();
    case "PACKAGE":
      return ex
        .select({ customer: node })
        .from(packages)
        .innerJoin(customers, eq(customers.id, packages.ownerId))
        .where(eq(packages.id, p("id")))
        .prepare();
  }
}

/** The customer an entity hangs from (see EntityAnchor), or null when it does not exist. */
export function entityAnchor(ex: Executor, entity: EntityName, entityId: string): EntityAnchor {
  const found = preparedOnce(ex, `entityAnchor:${entity}`, () => anchorStatement(ex, entity)).get({ id: entityId });
  return anchorOf(ENTITY_OF[entity], found?.customer);
}

export function getConfig(ex: Executor, id: string): ExternalParamConfigRow | undefined {
  return preparedOnce(ex, "externalParamConfig", () =>
    ex.select().from(externalParamConfigs).where(eq(externalParamConfigs.id, p("id"))).prepare(),
  ).get({ id });
}

export function findConfigByName(ex: Executor, ownerId: string, entityType: EntityType, name: string) {
  return ex
    .select({ id: externalParamConfigs.id })
    .from(externalParamConfigs)
    .where(and(eq(externalParamConfigs.ownerId, ownerId), eq(externalParamConfigs.entityType, entityType), eq(externalParamConfigs.name, name)))
    .get();
}

export function insertConfig(ex: Executor, config: typeof externalParamConfigs.$inferInsert): ExternalParamConfigRow {
  return ex.insert(externalParamConfigs).values(config).returning().get();
}

export function setParamValue(ex: Executor, value: { configId: string; entityId: string; value: string; now: Date }): void {
  ex.insert(externalParamValues)
    .values({ configId: value.configId, entityId: value.entityId, value: value.value, updatedAt: value.now })
    .onConflictDoUpdate({
      target: [externalParamValues.configId, externalParamValues.entityId],
      set: { value: value.value, updatedAt: value.now },
    })
    .run();
}

/** Removes a value; answers whether there was one. */
export function clearParamValue(ex: Executor, configId: string, entityId: string): boolean {
  return (
    ex
      .delete(externalParamValues)
      .where(and(eq(externalParamValues.configId, configId), eq(externalParamValues.entityId, entityId)))
      .run().changes > 0
  );
}

/** The values one entity has for the given configs, by config id. */
export function paramValues(ex: Executor, entityId: string, configIds: readonly string[]): Map<string, string> {
  if (configIds.length === 0) return new Map();
  const statement = preparedOnce(ex, "paramValues", () =>
    ex
      .select({ configId: externalParamValues.configId, value: externalParamValues.value })
      .from(externalParamValues)
      .where(
        and(
          eq(externalParamValues.entityId, p("entityId")),
          inArray(externalParamValues.configId, sql`(select value from json_each(${p("configIds")}))`),
        ),
      )
      .prepare(),
  );
  const rows = statement.all({ entityId, configIds: JSON.stringify(configIds) });
  return new Map(rows.map((r) => [r.configId, r.value]));
}

/**
 * Every config of an owner for one entity type, in list order, read along the list's index
 * (owner, entity type, creation time, id): no sort.
 */
function configsOfStatement(ex: Executor) {
  const c = externalParamConfigs;
  return rawStatementOnce(ex, "externalParamConfigs:ofOwnerType", () => ({
    sql: sql`select ${columnsOf(externalParamConfigRow, c)} from ${c} where ${c.ownerId} = ${p("ownerId")} and ${c.entityType} = ${p("entityType")} order by ${c.createdAt} asc, ${c.id} asc`,
    read: (values) => externalParamConfigRow.read(values, 0),
  }));
}

export function configsOf(ex: Executor, ownerId: string, entityType: EntityType): Port.ExternalParamConfigRow[] {
  return configsOfStatement(ex).all({ ownerId, entityType });
}

/**
 * The values many entities (bound as one JSON array) have of an owner's configs of one entity
 * type: one statement, each value found by its key (config, entity) from the owner's configs.
 */
function valuesOnStatement(ex: Executor) {
  const c = externalParamConfigs;
  const v = externalParamValues;
  return rawStatementOnce(ex, "externalParamValues:onEntities", () => ({
    sql: sql`select ${v.configId}, ${v.entityId}, ${v.value} from ${c} inner join ${v} on ${v.configId} = ${c.id} where ${c.ownerId} = ${p("ownerId")} and ${c.entityType} = ${p("entityType")} and ${v.entityId} in (select value from json_each(${p("entityIds")}))`,
    read: (values): Port.EntityParamValue => ({ configId: values[0] as string, entityId: values[1] as string, value: values[2] as string }),
  }));
}

export function valuesOn(ex: Executor, ownerId: string, entityType: EntityType, entityIds: readonly string[]): Port.EntityParamValue[] {
  if (entityIds.length === 0) return [];
  return valuesOnStatement(ex).all({ ownerId, entityType, entityIds: JSON.stringify(entityIds) });
}

/** The text and values of one run of configsOf and of valuesOn, for the tests that read their plans. */
export function entityParamQueries(ex: Executor, ownerId: string, entityType: EntityType, entityIds: readonly string[]) {
  return {
    configs: configsOfStatement(ex).query({ ownerId, entityType }),
    values: valuesOnStatement(ex).query({ ownerId, entityType, entityIds: JSON.stringify(entityIds) }),
  };
}

/** A search's conditions: this value of the config, on a subscriber of a customer visible from the path (isVisibleSql). */
const searched = () =>
  and(
    eq(externalParamValues.configId, p("configId")),
    eq(externalParamValues.value, p("value")),
    isVisibleSql({ path: p("underPath") }),
  );

function searchStatement(ex: Executor, withCursor: boolean) {
  const cursor = withCursor ? sql`(${subscribers.createdAt}, ${subscribers.id}) > (${p("afterAt")}, ${p("afterId")})` : undefined;
  return ex
    .select({ subscriber: subscribers })
    .from(externalParamValues)
    .innerJoin(subscribers, eq(subscribers.id, externalParamValues.entityId))
    .innerJoin(customers, eq(customers.id, subscribers.customerId))
    .where(and(searched(), cursor))
    .orderBy(asc(subscribers.createdAt), asc(subscribers.id))
    .limit(p("limit"))
    .prepare();
}

/** A page of the subscribers a search finds, in list order (creation time, then id). */
export function searchSubscribers(ex: Executor, search: SubscriberSearch, page: PageRequest): Page<SubscriberRow> {
  const withCursor = page.after !== null;
  const statement = preparedOnce(ex, `subscriberSearch${withCursor ? ":after" : ""}`, () => searchStatement(ex, withCursor));
  const rows = statement.all({
    ...search,
    limit: page.first + 1,
    ...(page.after ? { afterAt: page.after.createdAt, afterId: page.after.id } : {}),
  });
  return toPage(rows.map((r) => r.subscriber), page.first);
}

/** How many subscribers a search finds, over all pages. */
export function countSearch(ex: Executor, search: SubscriberSearch): number {
  const statement = preparedOnce(ex, "subscriberSearch:count", () =>
    ex
      .select({ n: count() })
      .from(externalParamValues)
      .innerJoin(subscribers, eq(subscribers.id, externalParamValues.entityId))
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(searched())
      .prepare(),
  );
  return statement.get({ ...search })!.n;
}
