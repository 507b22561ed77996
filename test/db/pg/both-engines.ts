/**
 * The same world in both adapters: a SQLite database and a PostgreSQL database, each filled
 * through its own storage port (WriteStore's insert methods, one unit of work), so that what
 * is compared is what each adapter wrote and reads back. Ids the adapters make themselves
 * (API keys, Requests, offer instances of a package) differ between the two: each adapter's
 * are named in the order they were made (Aliases), and answers are compared under those names.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ListName, ReadStore, Storage, WriteStore } from "../../../src/app/ports";
import { openMigratedPgDatabase, type PgHandle } from "../../../src/db/pg/connection";
import { pgReads } from "../../../src/db/pg/read-store";
import { pgStorage } from "../../../src/db/pg/store";
import { migrateDatabase, openDatabase, type DbHandle } from "../../../src/db/sqlite/connection";
import { sqliteReads } from "../../../src/db/sqlite/read-store";
import { sqliteStorage } from "../../../src/db/sqlite/store";
import { DEFAULT_ORDER, type ListOrder, type PageRequest } from "../../../src/domain/input/pagination";
import { readSubscriberFilter, type SubscriberFilterInput } from "../../../src/domain/subscribers/subscriber-filter";
import { ENTITY_TYPES } from "../../../src/domain/external-params/external-params";
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, type SubscriberIdentifier } from "../../../src/domain/subscribers/identifiers";
import { checkWorld, type World } from "../../../src/domain/world/world";
import { freshDatabase, type FreshDatabase } from "./fresh-database";

/** The ids an adapter made, each named by the order it was made in. */
export class Aliases {
  readonly names = new Map<string, string>();
  add(...ids: string[]): void {
    for (const id of ids) if (!this.names.has(id)) this.names.set(id, `made#${this.names.size}`);
  }
  get ids(): string[] {
    return [...this.names.keys()];
  }
}

export interface Engine {
  name: "sqlite" | "pg";
  storage: Storage;
  reads: ReadStore;
  aliases: Aliases;
  close(): Promise<void>;
  pg?: PgHandle;
}

export async function sqliteEngine(): Promise<Engine> {
  const handle: DbHandle = openDatabase(":memory:");
  migrateDatabase(handle);
  return {
    name: "sqlite",
    storage: sqliteStorage(handle),
    reads: sqliteReads(handle),
    aliases: new Aliases(),
    close: async () => handle.close(),
  };
}

export async function pgEngine(): Promise<Engine & { db: FreshDatabase; pg: PgHandle }> {
  const db = await freshDatabase();
  const handle = await openMigratedPgDatabase(db.url);
  return {
    name: "pg",
    storage: pgStorage(handle),
    reads: pgReads(handle),
    aliases: new Aliases(),
    pg: handle,
    db,
    async close() {
      // A test that failed half-way may leave a unit holding a connection, and pool.end()
      // waits for it: the database is dropped (its connections ended) all the same.
      await Promise.race([handle.close().catch(() => undefined), sleep(2000)]);
      await db.drop();
    },
  };
}

export function demoWorld(): World {
  const json = JSON.parse(readFileSync(resolve(__dirname, "../../../examples/demo-world.json"), "utf8"));
  const checked = checkWorld(json);
  if (!checked.ok) throw new Error(`demo world invalid: ${JSON.stringify(checked.problems)}`);
  return checked.world;
}

export const BASE = Date.UTC(2024, 0, 1);
export const at = (ms: number) => new Date(BASE + ms);

export const identifiersOf = (subscriber: World["subscribers"][number]): SubscriberIdentifier[] =>
  IDENTIFIER_TYPES.flatMap((type) => {
    const value = subscriber[IDENTIFIER_COLUMNS[type]];
    return value === null ? [] : [{ type, value }];
  });

/**
 * Loads the world through the port, in one unit of work: customers parents first, their API
 * keys, offers, packages, subscribers (a package attached as the API attaches it), an offer
 * instance of its own on a few subscribers, external params, and a Request and an idempotency
 * key per customer. Every row gets its own creation time, so list order never rests on an id
 * an adapter made.
 */
export async function loadThroughPort(engine: Engine, world: World): Promise<void> {
  await engine.storage.unitOfWork(async (store) => {
    const paths = new Map<string, string>();
    const pending = [...world.customers];
    let t = 0;
    while (pending.length) {
      const index = pending.findIndex((c) => c.parentId === null || paths.has(c.parentId));
      const [customer] = pending.splice(index, 1);
      const parent = customer!.parentId === null ? null : { id: customer!.parentId, path: paths.get(customer!.parentId)! };
      const row = await store.customers.insert({ id: customer!.id, name: customer!.name, parent, allowOfferDelegation: customer!.allowOfferDelegation, createdAt: at(t++) });
      paths.set(row.id, row.path);
    }
    for (const customer of world.customers) {
      for (const key of customer.apiKeys) {
        engine.aliases.add((await store.apiKeys.insert({ customerId: customer.id, key, label: "world file", createdAt: at(t++) })).id);
      }
    }
    for (const offer of world.offers) {
      await store.offers.insert({ id: offer.id, ownerId: offer.ownerId, name: offer.name, kind: offer.kind, poolCustomerId: offer.poolCustomerId, createdAt: at(t++) });
    }
    for (const pkg of world.packages) await store.packages.insert({ id: pkg.id, ownerId: pkg.ownerId, draft: pkg.draft, now: at(t++) });
    const packages = new Map(world.packages.map((p) => [p.id, p]));
    for (const [i, subscriber] of world.subscribers.entries()) {
      await store.subscribers.insert({ id: subscriber.id, customerId: subscriber.customerId, identifiers: identifiersOf(subscriber), createdAt: at(t++) });
      if (subscriber.packageId) {
        const pkg = packages.get(subscriber.packageId)!;
        const rows = await store.subscribers.setPackage({
          subscriberId: subscriber.id,
          detachPackageId: null,
          attach: { id: pkg.id, offerIds: pkg.draft.offerIds },
          attachedById: pkg.ownerId,
          now: at(t++),
        });
        engine.aliases.add(...rows.map((r) => r.id));
      }
      if (i % 4 === 0) {
        // An instance of its own: a regular offer of the subscriber customer's parent, no priority on every other one.
        const holder = world.customers.find((c) => c.id === subscriber.customerId)!;
        const offer = world.offers.find((o) => o.ownerId === holder.parentId && o.kind === "REGULAR");
        if (offer) {
          await store.subscribers.insertOffer({
            id: `5ab00000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
            subscriberId: subscriber.id,
            offerId: offer.id,
            priority: i % 8 === 0 ? null : 500 + i,
            packageId: null,
            isPool: false,
            attachedAt: at(t++),
            attachedById: offer.ownerId,
          });
        }
      }
    }
    for (const config of world.externalParamConfigs) await store.externalParams.insertConfig({ ...config, createdAt: at(t++) });
    for (const value of world.externalParamValues) await store.externalParams.setValue({ ...value, now: at(t++) });
    for (const [i, customer] of world.customers.entries()) {
      const startedAt = at(t++);
      engine.aliases.add(
        await store.requests.record({ requesterId: customer.id, operation: "createPackage", code: i % 3 === 0 ? "GLOBAL_1001" : null, startedAt, completedAt: at(t++) }),
      );
      await store.idempotencyKeys.insert({ requesterId: customer.id, key: `key-${i}`, operation: "createPackage", inputHash: `hash-${i}`, outcome: `{"n":${i}}`, createdAt: at(t++) });
    }
  });
}

/** Results whose order the port leaves open: compared as sets. */
export class Unordered {
  constructor(readonly items: unknown[]) {}
}
export const unordered = (items: Iterable<unknown>) => new Unordered([...items]);

/**
 * An answer with each made id replaced by its name, Maps as sorted entries, Dates as ISO
 * text, and Unordered results sorted, so that two adapters' answers compare with toEqual.
 */
export function normalize(value: unknown, aliases: Aliases): unknown {
  if (typeof value === "string") return aliases.names.get(value) ?? value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Unordered) {
    return value.items.map((item) => normalize(item, aliases)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  if (value instanceof Map) {
    return [...value].map(([k, v]) => [normalize(k, aliases), normalize(v, aliases)]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  if (Array.isArray(value)) return value.map((item) => normalize(item, aliases));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, aliases)]));
  }
  return value;
}

const UNKNOWN_ID = "00000000-0000-4000-8000-00000000dead";

/** Every page of a list under one parent, followed by cursor to its end. */
async function walk(reads: ReadStore, list: ListName, parentId: string, first: number, order: ListOrder = DEFAULT_ORDER) {
  const pages = [];
  let page: PageRequest = { first, after: null, order };
  for (;;) {
    const found = (await reads.lists.pages(list, [parentId], page)).get(parentId) ?? { rows: [], hasNextPage: false };
    pages.push(found);
    const last = found.rows.at(-1) as { createdAt: Date; id: string } | undefined;
    if (!found.hasNextPage || !last) return pages;
    page = { first, after: { createdAt: last.createdAt.getTime(), id: last.id }, order };
  }
}

/** A subscriber list narrowed by a filter as the API reads it. */
function subscribersWhere(input: SubscriberFilterInput): ListName {
  const read = readSubscriberFilter(input);
  if (!read.ok) throw new Error(JSON.stringify(read.issues));
  return { list: "subscribers", filter: read.filter };
}

export function listNames(world: World): ListName[] {
  return [
    { list: "subCustomers" },
    { list: "subscribers" },
    { list: "offers" },
    { list: "packages" },
    { list: "requests" },
    { list: "apiKeys" },
    ...world.customers.map((c): ListName => ({ list: "buyPlans", requesterId: c.id })),
    ...world.customers.map((c): ListName => ({ list: "packagesEligibleFor", customerId: c.id })),
    ...ENTITY_TYPES.map((entityType): ListName => ({ list: "paramConfigs", entityType })),
    ...[...new Set(world.subscribers.map((s) => s.packageId).filter((id) => id !== null))].map((packageId) => subscribersWhere({ packageId })),
    subscribersWhere({ withoutPackage: true }),
    subscribersWhere({ identifierPrefix: { type: "IMSI", prefix: "2220130" } }),
    subscribersWhere({ identifierPrefix: { type: "ICCID", prefix: "893571" } }),
    subscribersWhere({ identifierPrefix: { type: "MSISDN", prefix: "+49" } }),
    subscribersWhere({ withoutPackage: true, identifierPrefix: { type: "MSISDN", prefix: "3" } }),
    { list: "requests", filter: { status: "FAILED" } },
    { list: "requests", filter: { status: "SUCCEEDED" } },
    { list: "requests", filter: { operation: "createPackage" } },
    { list: "requests", filter: { operation: "createPackage", status: "FAILED" } },
    { list: "requests", filter: { operation: "attachOffer" } },
  ];
}

/** Every read of the read port over the world (and over ids that name nothing), as one record. */
export async function readEverything(engine: Engine, world: World, extra: { customerIds?: string[] } = {}): Promise<Record<string, unknown>> {
  const { reads } = engine;
  const customerIds = [...world.customers.map((c) => c.id), ...(extra.customerIds ?? []), UNKNOWN_ID, "not-a-uuid"];
  const offerIds = [...world.offers.map((o) => o.id), UNKNOWN_ID];
  const packageIds = [...world.packages.map((p) => p.id), UNKNOWN_ID];
  const subscriberIds = [...world.subscribers.map((s) => s.id), UNKNOWN_ID];
  const configIds = world.externalParamConfigs.map((c) => c.id);
  const out: Record<string, unknown> = {};
  out.customers = unordered(await reads.customers.byIds(customerIds));
  out.byApiKey = await Promise.all([...world.customers.flatMap((c) => c.apiKeys), "no-such-key-0000000000000"].map((key) => reads.customers.byApiKey(key)));
  out.offers = unordered(await reads.offers.byIds(offerIds));
  out.packages = unordered(await reads.packages.byIds(packageIds));
  out.packageOffers = await reads.packages.offers(packageIds);
  out.eligible = unordered(await reads.packages.eligibleCustomerIds(packageIds));
  out.subscribers = unordered(await reads.subscribers.byIds(subscriberIds));
  // Each subscriber's offers in port order; the order between subscribers is the adapter's.
  const instances = await reads.subscribers.offers(subscriberIds);
  out.subscriberOffers = Object.fromEntries(subscriberIds.map((id) => [id, instances.filter((i) => i.subscriberId === id)]));
  const identifiers = world.subscribers.flatMap(identifiersOf);
  const imeiShortForms = identifiers.filter((i) => i.type === "IMEI" && i.value.length === 15).map((i) => ({ type: "IMEI" as const, value: i.value.slice(0, 14) }));
  out.find = await Promise.all(
    [...identifiers, ...imeiShortForms, { type: "IMSI" as const, value: "999999999999999" }].map((identifier) => reads.subscribers.find(identifier)),
  );
  out.requests = unordered(await reads.requests.byIds([...engine.aliases.ids, UNKNOWN_ID]));
  out.configs = await Promise.all([...configIds, UNKNOWN_ID].map((id) => reads.externalParams.config(id)));
  const kinds = ["CUSTOMER", "SUBSCRIBER", "PLAN", "PACKAGE"] as const;
  const everyId = [...customerIds, ...offerIds, ...packageIds, ...subscriberIds];
  out.anchors = await Promise.all(kinds.flatMap((kind) => everyId.map(async (id) => [kind, id, await reads.externalParams.entityAnchor(kind, id)])));
  out.values = await Promise.all(everyId.map((id) => reads.externalParams.values(id, configIds)));
  // Every owner's configs of each type, and their values on every id at once (an entity's externalParams).
  const ownerIds = [...world.customers.map((c) => c.id), UNKNOWN_ID];
  out.ownerConfigs = await Promise.all(ownerIds.flatMap((ownerId) => ENTITY_TYPES.map((type) => reads.externalParams.configsOf(ownerId, type))));
  out.valuesOn = await Promise.all(ownerIds.flatMap((ownerId) => ENTITY_TYPES.map(async (type) => unordered(await reads.externalParams.valuesOn(ownerId, type, everyId)))));
  out.nodes = unordered(await reads.nodes.byIds([...everyId, ...configIds, ...engine.aliases.ids]).then((found) =>
    found.map((node) => (node.kind === "package" ? { ...node, eligibleCustomerIds: [...node.eligibleCustomerIds].sort() } : node)),
  ));
  const paths = new Map((await reads.customers.byIds(world.customers.map((c) => c.id))).map((c) => [c.id, c.path]));
  const searches = [];
  for (const config of world.externalParamConfigs.filter((c) => c.entityType === "SUBSCRIBER")) {
    const values = [...new Set(world.externalParamValues.filter((v) => v.configId === config.id).map((v) => v.value)), "no such value"];
    for (const value of values) {
      for (const customer of world.customers) {
        const search = { configId: config.id, value, underPath: paths.get(customer.id)! };
        const pages = [];
        let page: PageRequest = { first: 1, after: null };
        for (;;) {
          const found = await reads.subscribers.search(search, page);
          pages.push(found);
          const last = found.rows.at(-1);
          if (!found.hasNextPage || !last) break;
          page = { first: 1, after: { createdAt: last.createdAt.getTime(), id: last.id } };
        }
        searches.push({ search, pages, count: await reads.subscribers.searchCount(search) });
      }
    }
  }
  out.searches = searches;
  const lists = [];
  for (const list of listNames(world)) {
    const parents = customerIds;
    lists.push({
      list,
      firstPages: await reads.lists.pages(list, parents, { first: 1, after: null }),
      counts: await reads.lists.counts(list, parents),
      walks: await Promise.all(parents.map(async (parentId) => [parentId, await walk(reads, list, parentId, 2)])),
      newestFirst: await Promise.all(parents.map(async (parentId) => [parentId, await walk(reads, list, parentId, 2, { field: "CREATED_AT", direction: "DESC" })])),
    });
  }
  out.lists = lists;
  return out;
}

/**
 * Runs `read` on each item one after the other: a unit of work's statements share one
 * connection, so the port is asked one thing at a time, as the use cases do.
 */
async function inTurn<T, R>(items: readonly T[], read: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const answers: R[] = [];
  for (const [index, item] of items.entries()) answers.push(await read(item, index));
  return answers;
}

/** Every read of a unit of work over the world (WriteStore's reads), as one record. */
export async function readInUnit(store: WriteStore, world: World): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const customerIds = [...world.customers.map((c) => c.id), UNKNOWN_ID];
  out.customers = await inTurn(customerIds, (id) => store.customers.get(id));
  out.getMany = unordered(await store.customers.getMany(customerIds));
  out.offerFacts = await inTurn([...world.offers.map((o) => o.id), UNKNOWN_ID], (id) => store.offers.facts(id));
  out.factsOf = unordered(await store.offers.factsOf([...world.offers.map((o) => o.id), UNKNOWN_ID]));
  const packageFacts = [];
  for (const id of [...world.packages.map((p) => p.id), UNKNOWN_ID]) {
    const facts = await store.packages.facts(id);
    packageFacts.push({
      facts: facts && { ...facts, eligibleCustomerIds: unordered(facts.eligibleCustomerIds) },
      draft: facts && (await store.packages.draftOf(facts)).name,
      subscribers: await store.packages.subscriberCount(id),
    });
  }
  out.packageFacts = packageFacts;
  out.names = await inTurn(world.packages, async (p) => [
    await store.packages.findByNameKey(p.ownerId, p.draft.nameKey),
    await store.packages.findByNameKey(p.ownerId, p.draft.nameKey, p.id),
    await store.packages.findByNameKey(p.ownerId, "no such name"),
  ]);
  const nodes = await store.customers.getMany(world.customers.map((c) => c.id));
  out.hasAllocated = await inTurn(world.customers, async (c) => [c.id, await store.packages.hasAllocated(nodes.find((n) => n.id === c.id)!)]);
  const identifiers = world.subscribers.flatMap(identifiersOf);
  out.find = [];
  for (const identifier of [...identifiers, { type: "MSISDN" as const, value: "999999999" }]) {
    (out.find as unknown[]).push([await store.subscribers.find(identifier), await store.subscribers.identifierTaken(identifier)]);
  }
  out.subscribers = await inTurn([...world.subscribers.map((s) => s.id), UNKNOWN_ID], (id) => store.subscribers.get(id));
  const instances = [];
  for (const subscriber of world.subscribers) {
    // In an order of their own (the port leaves it open), not by the ids the adapter made.
    const offers = (await store.subscribers.offers(subscriber.id)).sort((a, b) =>
      `${a.offerId}/${a.packageId}/${a.priority}` < `${b.offerId}/${b.packageId}/${b.priority}` ? -1 : 1,
    );
    instances.push(unordered(offers));
    for (const offer of offers) instances.push(await store.subscribers.offerFacts(offer.id));
  }
  out.instances = instances;
  out.configs = await inTurn(world.externalParamConfigs, async (c) => [
    await store.externalParams.config(c.id),
    await store.externalParams.configByName(c.ownerId, c.entityType, c.name),
    await store.externalParams.configByName(c.ownerId, c.entityType, "noSuchName"),
  ]);
  out.anchors = [];
  for (const kind of ["CUSTOMER", "SUBSCRIBER", "PLAN", "PACKAGE"] as const) {
    for (const id of [world.customers[1]!.id, world.subscribers[1]!.id, world.offers[1]!.id, world.packages[1]!.id, UNKNOWN_ID]) {
      (out.anchors as unknown[]).push(await store.externalParams.entityAnchor(kind, id));
    }
  }
  out.idempotencyKeys = await inTurn(world.customers, (c, i) => store.idempotencyKeys.find(c.id, `key-${i}`));
  out.noIdempotencyKey = await store.idempotencyKeys.find(world.customers[0]!.id, "no-such-key");
  return out;
}
