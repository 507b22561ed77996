import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { SubscriberSearch } from "../../../app/ports";
import type { EntityAnchor, EntityName, EntityType } from "../../../domain/external-params/external-params";
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
  if (!found) return null;
  // A customer or a subscriber is held by its customer; a plan or a package is owned by it.
  return { kind: entity === "CUSTOMER" || entity === "SUBSCRIBER" ? "holder" : "owner", customer: found.customer };
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
