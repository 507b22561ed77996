/**
 * What ids name, whatever the kind (ReadStore.nodes, for node and nodes): one statement finds
 * the kind of every id through each table's primary key, then one statement per kind found
 * reads its rows with the facts its visibility rule needs (as the SQLite adapter does). The
 * ids are bound as one text array, so each statement, prepared once per connection, serves
 * any number of them.
 */
import { eq, sql, type SQL } from "drizzle-orm";
import { unionAll, type PgColumn, type PgTable } from "drizzle-orm/pg-core";
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
const inIds = (column: PgColumn): SQL => sql`${column} = any(${sql.placeholder("ids")}::text[])`;

const idsOf = (ids: readonly string[]) => ({ ids: [...new Set(ids)] });

/** The ids each table holds, tagged with their kind: a primary-key lookup per table, in one statement. */
async function kindsOf(ex: Executor, ids: readonly string[]): Promise<{ id: string; kind: NodeKind }[]> {
  return preparedOnce(ex, "read:nodes:kinds", (name) => {
    const tagged = (kind: NodeKind, id: PgColumn, table: PgTable) =>
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
    ).prepare(name);
  }).execute(idsOf(ids));
}

async function readOffers(ex: Executor, ids: readonly string[]): Promise<FoundNode[]> {
  const found = await preparedOnce(ex, "read:nodes:offers", (name) =>
    ex
      .select({ row: offers, owner: treeNodeColumns })
      .from(offers)
      .innerJoin(customers, eq(customers.id, offers.ownerId))
      .where(inIds(offers.id))
      .prepare(name),
  ).execute(idsOf(ids));
  return found.map((node) => ({ kind: "offer", ...node }));
}

/** Packages with their owner and the sub-accounts they list (a package for ALL lists none). */
async function readPackages(ex: Executor, ids: readonly string[]): Promise<FoundNode[]> {
  const found = await preparedOnce(ex, "read:nodes:packages", (name) =>
    ex
      .select({ row: packages, owner: treeNodeColumns })
      .from(packages)
      .innerJoin(customers, eq(customers.id, packages.ownerId))
      .where(inIds(packages.id))
      .prepare(name),
  ).execute(idsOf(ids));
  const listed = found.filter((p) => !p.row.eligibleAll).map((p) => p.row.id);
  const eligible = new Map<string, string[]>();
  for (const { packageId, customerId } of await readEligibleCustomerIds(ex, listed)) {
    const customerIds = eligible.get(packageId);
    if (customerIds) customerIds.push(customerId);
    else eligible.set(packageId, [customerId]);
  }
  return found.map((p) => ({ kind: "package", ...p, eligibleCustomerIds: eligible.get(p.row.id) ?? [] }));
}

async function readSubscribers(ex: Executor, ids: readonly string[]): Promise<FoundNode[]> {
  const found = await preparedOnce(ex, "read:nodes:subscribers", (name) =>
    ex
      .select({ row: subscribers, customer: treeNodeColumns })
      .from(subscribers)
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(inIds(subscribers.id))
      .prepare(name),
  ).execute(idsOf(ids));
  return found.map((node) => ({ kind: "subscriber", ...node }));
}

/** Offer instances with the place in the tree of their subscriber's customer. */
async function readSubscriberOffers(ex: Executor, ids: readonly string[]): Promise<FoundNode[]> {
  const found = await preparedOnce(ex, "read:nodes:subscriberOffers", (name) =>
    ex
      .select({ row: subscriberOffers, customer: treeNodeColumns })
      .from(subscriberOffers)
      .innerJoin(subscribers, eq(subscribers.id, subscriberOffers.subscriberId))
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(inIds(subscriberOffers.id))
      .prepare(name),
  ).execute(idsOf(ids));
  return found.map((node) => ({ kind: "subscriberOffer", ...node }));
}

async function readApiKeys(ex: Executor, ids: readonly string[]): Promise<FoundNode[]> {
  const found = await preparedOnce(ex, "read:nodes:apiKeys", (name) =>
    ex
      .select({ row: apiKeys, holder: treeNodeColumns })
      .from(apiKeys)
      .innerJoin(customers, eq(customers.id, apiKeys.customerId))
      .where(inIds(apiKeys.id))
      .prepare(name),
  ).execute(idsOf(ids));
  return found.map((node) => ({ kind: "apiKey", ...node }));
}

async function readConfigs(ex: Executor, ids: readonly string[]): Promise<FoundNode[]> {
  const found = await preparedOnce(ex, "read:nodes:externalParamConfigs", (name) =>
    ex.select().from(externalParamConfigs).where(inIds(externalParamConfigs.id)).prepare(name),
  ).execute(idsOf(ids));
  return found.map((row) => ({ kind: "externalParamConfig", row }));
}

const READERS: Record<NodeKind, (ex: Executor, ids: readonly string[]) => Promise<FoundNode[]>> = {
  customer: async (ex, ids) => (await readCustomers(ex, ids)).map((row) => ({ kind: "customer", row })),
  offer: readOffers,
  package: readPackages,
  subscriber: readSubscribers,
  subscriberOffer: readSubscriberOffers,
  request: async (ex, ids) => (await readRequests(ex, ids)).map((row) => ({ kind: "request", row })),
  apiKey: readApiKeys,
  externalParamConfig: readConfigs,
};

/** Every object the ids name, with its visibility facts, in no particular order. */
export async function readNodes(ex: Executor, ids: readonly string[]): Promise<FoundNode[]> {
  if (ids.length === 0) return [];
  const byKind = new Map<NodeKind, string[]>();
  for (const { id, kind } of await kindsOf(ex, ids)) {
    const found = byKind.get(kind);
    if (found) found.push(id);
    else byKind.set(kind, [id]);
  }
  const read = await Promise.all([...byKind].map(([kind, found]) => READERS[kind](ex, found)));
  return read.flat();
}
