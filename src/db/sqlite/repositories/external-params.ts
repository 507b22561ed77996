import { and, asc, count, eq, gt, or } from "drizzle-orm";
import type { EntityAnchor, EntityName, EntityType } from "../../../domain/external-params/external-params";
import type { PageRequest } from "../../../domain/input/pagination";
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
import { treeNodeColumns } from "./customers";
import { isVisibleSql } from "./visibility";

const node = treeNodeColumns;

/** The customer an entity hangs from (see EntityAnchor), or null when it does not exist. */
export function entityAnchor(ex: Executor, entity: EntityName, entityId: string): EntityAnchor {
  switch (entity) {
    case "CUSTOMER": {
      const customer = ex.select(node).from(customers).where(eq(customers.id, entityId)).get();
      return customer ? { kind: "holder", customer } : null;
    }
    case "SUBSCRIBER": {
      const found = ex
        .select({ customer: node })
        .from(subscribers)
        .innerJoin(customers, eq(customers.id, subscribers.customerId))
        .where(eq(subscribers.id, entityId))
        .get();
      return found ? { kind: "holder", customer: found.customer } : null;
    }
    case "PLAN": {
      const found = ex
        .select({ customer: node })
        .from(offers)
        .innerJoin(customers, eq(customers.id, offers.ownerId))
        .where(eq(offers.id, entityId))
        .get();
      return found ? { kind: "owner", customer: found.customer } : null;
    }
    case "PACKAGE": {
      const found = ex
        .select({ customer: node })
        .from(packages)
        .innerJoin(customers, eq(customers.id, packages.ownerId))
        .where(eq(packages.id, entityId))
        .get();
      return found ? { kind: "owner", customer: found.customer } : null;
    }
  }
}

export function getConfig(ex: Executor, id: string): ExternalParamConfigRow | undefined {
  return ex.select().from(externalParamConfigs).where(eq(externalParamConfigs.id, id)).get();
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

/** Subscribers whose customer is visible from this path (isVisibleSql) and have this value for a config, a page of them. */
export function searchSubscribers(
  ex: Executor,
  search: { configId: string; value: string; underPath: string },
  page: PageRequest,
): { rows: SubscriberRow[]; total: () => number } {
  const where = and(
    eq(externalParamValues.configId, search.configId),
    eq(externalParamValues.value, search.value),
    isVisibleSql({ path: search.underPath }),
  );
  const base = () =>
    ex
      .select({ subscriber: subscribers })
      .from(externalParamValues)
      .innerJoin(subscribers, eq(subscribers.id, externalParamValues.entityId))
      .innerJoin(customers, eq(customers.id, subscribers.customerId));
  const after = page.after
    ? or(
        gt(subscribers.createdAt, new Date(page.after.createdAt)),
        and(eq(subscribers.createdAt, new Date(page.after.createdAt)), gt(subscribers.id, page.after.id)),
      )
    : undefined;
  const rows = base()
    .where(and(where, after))
    .orderBy(asc(subscribers.createdAt), asc(subscribers.id))
    .limit(page.first + 1)
    .all()
    .map((r) => r.subscriber);
  const total = () =>
    ex
      .select({ n: count() })
      .from(externalParamValues)
      .innerJoin(subscribers, eq(subscribers.id, externalParamValues.entityId))
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(where)
      .get()!.n;
  return { rows, total };
}
