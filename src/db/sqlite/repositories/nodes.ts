/**
 * What ids name, whatever the kind (ReadStore.nodes, for node and nodes): one statement finds
 * the kind of every id through each table's primary key, then one statement per kind found
 * reads its rows with the facts its visibility rule needs. So node(id) costs two statements
 * (three for a package that lists its sub-accounts), and nodes(ids) one more per other kind it
 * meets. The ids are bound as one JSON array (as in batched.ts), so each statement, prepared
 * once per connection, serves any number of them.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { unionAll, type SQLiteColumn, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { FoundNode, NodeKind } from "../../../app/ports";
import type { Executor } from "../executor";
import {
  apiKeys,
  customers,
  externalParamConfigs,
  offers,
  packages,
  requests,
  subscriberOffers,
  subscribers,
} from "../schema";
import { preparedOnce } from "../statement-cache";
import { readCustomers, readEligibleCustomerIds, readRequests } from "./batched";
import { treeNodeColumns } from "./customers";

/** The column is one of the ids bound as `ids`. */
const inIds = (column: SQLiteColumn): SQL => sql`${column} in (select value from json_each(${sql.placeholder("ids")}))`;

const idsOf = (ids: readonly string[]) => ({ ids: JSON.stringify(ids) });

/** The ids each table holds, tagged with their kind: a primary-key lookup per table, in one statement. */
function kindsOf(ex: Executor, ids: readonly string[]): { id: string; kind: NodeKind }[] {
  return preparedOnce(ex, "nodes:kinds", () => {
    const tagged = (kind: NodeKind, id: SQLiteColumn, table: SQLiteTable) =>
      ex
        .select({ id: sql<string>`${id}`.as("id"), kind: sql<NodeKind>`${sql.raw(`'${kind}'`)}`.as("kind") })
        .from(table)
        .where(inIds(id));
    return unionAll(
      tagged("customer", customers.id, customers),
      tagged("offer", offers.id, offers),
      tagged("package", packages.id, packages),
      tagged("subscriber", subscribers.id, subscribers),
      tagged("subscriberOffer", subscriberOffers.id, subscriberOffers),
      tagged("request", requests.id, requests),
      tagged("apiKey", apiKeys.id, apiKeys),
      tagged("externalParamConfig", externalParamConfigs.id, externalParamConfigs),
    ).prepare();
  }).all(idsOf(ids));
}

function readOffers(ex: Executor, ids: readonly string[]): FoundNode[] {
  return preparedOnce(ex, "nodes:offers", () =>
    ex
      .select({ row: offers, owner: treeNodeColumns })
      .from(offers)
      .innerJoin(customers, eq(customers.id, offers.ownerId))
      .where(inIds(offers.id))
      .prepare(),
  )
    .all(idsOf(ids))
    .map((found) => ({ kind: "offer", ...found }));
}

/** Packages with their owner and the sub-accounts they list (a package for ALL lists none). */
function readPackages(ex: Executor, ids: readonly string[]): FoundNode[] {
  const found = preparedOnce(ex, "nodes:packages", () =>
    ex
      .select({ row: packages, owner: treeNodeColumns })
      .from(packages)
      .innerJoin(customers, eq(customers.id, packages.ownerId))
      .where(inIds(packages.id))
      .prepare(),
  ).all(idsOf(ids));
  const listed = found.filter((p) => !p.row.eligibleAll).map((p) => p.row.id);
  const eligible = new Map<string, string[]>();
  for (const { packageId, customerId } of readEligibleCustomerIds(ex, listed)) {
    const ids = eligible.get(packageId);
    if (ids) ids.push(customerId);
    else eligible.set(packageId, [customerId]);
  }
  return found.map((p) => ({ kind: "package", ...p, eligibleCustomerIds: eligible.get(p.row.id) ?? [] }));
}

function readSubscribers(ex: Executor, ids: readonly string[]): FoundNode[] {
  return preparedOnce(ex, "nodes:subscribers", () =>
    ex
      .select({ row: subscribers, customer: treeNodeColumns })
      .from(subscribers)
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(inIds(subscribers.id))
      .prepare(),
  )
    .all(idsOf(ids))
    .map((found) => ({ kind: "subscriber", ...found }));
}

/** Offer instances with the place in the tree of their subscriber's customer. */
function readSubscriberOffers(ex: Executor, ids: readonly string[]): FoundNode[] {
  return preparedOnce(ex, "nodes:subscriberOffers", () =>
    ex
      .select({ row: subscriberOffers, customer: treeNodeColumns })
      .from(subscriberOffers)
      .innerJoin(subscribers, eq(subscribers.id, subscriberOffers.subscriberId))
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(inIds(subscriberOffers.id))
      .prepare(),
  )
    .all(idsOf(ids))
    .map((found) => ({ kind: "subscriberOffer", ...found }));
}

function readApiKeys(ex: Executor, ids: readonly string[]): FoundNode[] {
  return preparedOnce(ex, "nodes:apiKeys", () =>
    ex
      .select({ row: apiKeys, holder: treeNodeColumns })
      .from(apiKeys)
      .innerJoin(customers, eq(customers.id, apiKeys.customerId))
      .where(inIds(apiKeys.id))
      .prepare(),
  )
    .all(idsOf(ids))
    .map((found) => ({ kind: "apiKey", ...found }));
}

function readConfigs(ex: Executor, ids: readonly string[]): FoundNode[] {
  return preparedOnce(ex, "nodes:externalParamConfigs", () =>
    ex.select().from(externalParamConfigs).where(inIds(externalParamConfigs.id)).prepare(),
  )
    .all(idsOf(ids))
    .map((row) => ({ kind: "externalParamConfig", row }));
}

const READERS: Record<NodeKind, (ex: Executor, ids: readonly string[]) => FoundNode[]> = {
  customer: (ex, ids) => readCustomers(ex, ids).map((row) => ({ kind: "customer", row })),
  offer: readOffers,
  package: readPackages,
  subscriber: readSubscribers,
  subscriberOffer: readSubscriberOffers,
  request: (ex, ids) => readRequests(ex, ids).map((row) => ({ kind: "request", row })),
  apiKey: readApiKeys,
  externalParamConfig: readConfigs,
};

/** Every object the ids name, with its visibility facts, in no particular order. */
export function readNodes(ex: Executor, ids: readonly string[]): FoundNode[] {
  if (ids.length === 0) return [];
  const byKind = new Map<NodeKind, string[]>();
  for (const { id, kind } of kindsOf(ex, ids)) {
    const found = byKind.get(kind);
    if (found) found.push(id);
    else byKind.set(kind, [id]);
  }
  return [...byKind].flatMap(([kind, found]) => READERS[kind](ex, found));
}
