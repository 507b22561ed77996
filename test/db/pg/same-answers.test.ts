/**
 * The PostgreSQL adapter answers as the SQLite adapter does: the demo world is loaded into
 * both through their own ports, then every read of the read port (by id, pages of every list
 * followed by cursor, counts, searches, nodes) and of a unit of work is compared; then the
 * same writes go through both, their answers are compared, and everything is read again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WriteStore } from "../../../src/app/ports";
import { packageNameKey } from "../../../src/domain/catalogue/packages";
import type { World } from "../../../src/domain/world/world";
import {
  at,
  demoWorld,
  loadThroughPort,
  normalize,
  pgEngine,
  readEverything,
  readInUnit,
  sqliteEngine,
  unordered,
  type Engine,
} from "./both-engines";

let world: World;
let sqlite: Engine;
let pg: Engine;

beforeAll(async () => {
  world = demoWorld();
  sqlite = await sqliteEngine();
  pg = await pgEngine();
  await loadThroughPort(sqlite, world);
  await loadThroughPort(pg, world);
}, 60_000);

afterAll(async () => {
  await sqlite?.close();
  await pg?.close();
});

/** Runs `read` on both engines and expects the same answer under made-id names. */
async function expectSame(read: (engine: Engine) => Promise<unknown>) {
  const fromSqlite = normalize(await read(sqlite), sqlite.aliases);
  const fromPg = normalize(await read(pg), pg.aliases);
  expect(fromPg).toEqual(fromSqlite);
  return fromPg;
}

const NEW_CUSTOMER = "c0ffee00-0000-4000-8000-000000000001";
const KEPT_CUSTOMER = "c0ffee00-0000-4000-8000-000000000002";
const UNDONE_CUSTOMER = "c0ffee00-0000-4000-8000-000000000003";
const THROWN_CUSTOMER = "c0ffee00-0000-4000-8000-000000000004";
const FAILED_UNIT_CUSTOMER = "c0ffee00-0000-4000-8000-000000000005";
const NEW_OFFER = "c0ffee00-0000-4000-8000-000000000010";
const NEW_PACKAGE = "c0ffee00-0000-4000-8000-000000000020";
const NEW_SUBSCRIBER = "c0ffee00-0000-4000-8000-000000000030";
const NEW_INSTANCE = "c0ffee00-0000-4000-8000-000000000040";
const NEW_CONFIG = "c0ffee00-0000-4000-8000-000000000050";
const NEW_KEY = "new-key-for-the-new-customer-0001";

/**
 * The same writes, as the use cases make them, each unit's answers logged: customers, API
 * keys, offers, packages (create, change, attach, replace, detach, delete), offer instances,
 * external params, Requests, idempotency keys, savepoints kept, undone and thrown through, and
 * a unit that fails.
 */
async function writeEverything(engine: Engine): Promise<unknown[]> {
  const log: unknown[] = [];
  const unit = async <T>(label: string, body: (store: WriteStore) => Promise<T>) => {
    const answer = await engine.storage.unitOfWork(body);
    log.push([label, answer]);
    return answer;
  };
  const nimbus = world.customers.find((c) => c.name === "Nimbus Connect")!;
  const nimbusNode = (await engine.reads.customers.byIds([nimbus.id]))[0]!;
  const nimbusOffers = world.offers.filter((o) => o.ownerId === nimbus.id && o.kind === "REGULAR");
  const starter = world.packages.find((p) => p.ownerId === nimbus.id && p.draft.eligibleAll)!;

  const child = await unit("customers", async (store) => {
    const created = await store.customers.insert({ id: NEW_CUSTOMER, name: "Delta Drones", parent: nimbusNode, allowOfferDelegation: false, createdAt: at(1_000_000) });
    const renamed = await store.customers.update(NEW_CUSTOMER, { name: "Delta Drones Ltd" });
    const delegated = await store.customers.update(NEW_CUSTOMER, { allowOfferDelegation: true });
    return { created, renamed, delegated, read: await store.customers.get(NEW_CUSTOMER) };
  });

  const key = await unit("apiKeys", async (store) => {
    const made = await store.apiKeys.insert({ customerId: NEW_CUSTOMER, key: NEW_KEY, label: "ci", createdAt: at(1_000_001) });
    engine.aliases.add(made.id);
    return { made, read: await store.apiKeys.get(made.id) };
  });
  log.push(["byNewKey", await engine.reads.customers.byApiKey(NEW_KEY)]);
  await unit("revoke", async (store) => ({
    first: await store.apiKeys.revoke(key.made.id, at(1_000_002)),
    again: await store.apiKeys.revoke(key.made.id, at(1_000_003)),
  }));
  log.push(["byRevokedKey", await engine.reads.customers.byApiKey(NEW_KEY)]);

  await unit("offers", async (store) => ({
    made: await store.offers.insert({ id: NEW_OFFER, ownerId: nimbus.id, name: "Delta pool", kind: "POOL", poolCustomerId: child.created.id, createdAt: at(1_000_004) }),
    facts: await store.offers.facts(NEW_OFFER),
    factsOf: unordered(await store.offers.factsOf([NEW_OFFER, nimbusOffers[0]!.id])),
  }));

  const draft = {
    name: "  Delta Bundle ",
    nameKey: packageNameKey("  Delta Bundle "),
    description: "for drones",
    offerIds: [nimbusOffers[0]!.id, nimbusOffers[1]!.id],
    eligibleAll: false,
    eligibleCustomerIds: [NEW_CUSTOMER],
  };
  await unit("createPackage", async (store) => ({
    taken: await store.packages.findByNameKey(nimbus.id, starter.draft.nameKey),
    free: await store.packages.findByNameKey(nimbus.id, draft.nameKey),
    made: await store.packages.insert({ id: NEW_PACKAGE, ownerId: nimbus.id, draft, now: at(1_000_005) }),
    facts: await store.packages.facts(NEW_PACKAGE),
    count: await store.packages.subscriberCount(NEW_PACKAGE),
  }));
  await unit("updatePackage", async (store) => {
    const facts = (await store.packages.facts(NEW_PACKAGE))!;
    const before = await store.packages.draftOf(facts);
    const changed = await store.packages.update(NEW_PACKAGE, { ...before, offerIds: [...before.offerIds].reverse(), eligibleAll: true, eligibleCustomerIds: [] }, at(1_000_006));
    return { before, changed, after: await store.packages.facts(NEW_PACKAGE), sameName: await store.packages.findByNameKey(nimbus.id, draft.nameKey, NEW_PACKAGE) };
  });

  await unit("createSubscriber", async (store) => {
    const imei = { type: "IMEI" as const, value: "490154203237518" };
    const before = await store.subscribers.identifierTaken({ type: "IMEI", value: "49015420323751" });
    const made = await store.subscribers.insert({ id: NEW_SUBSCRIBER, customerId: NEW_CUSTOMER, identifiers: [{ type: "IMSI", value: "001010123456789" }, imei], createdAt: at(1_000_007) });
    return {
      before,
      made,
      after: await store.subscribers.identifierTaken({ type: "IMEI", value: "49015420323751" }),
      byShortImei: await store.subscribers.find({ type: "IMEI", value: "49015420323751" }),
    };
  });

  const attached = await unit("attachPackage", async (store) => {
    const subscriber = await store.subscribers.find({ type: "IMSI", value: "001010123456789" });
    const pkg = (await store.packages.facts(NEW_PACKAGE))!;
    const rows = await store.subscribers.setPackage({ subscriberId: subscriber!.id, detachPackageId: null, attach: pkg, attachedById: nimbus.id, now: at(1_000_008) });
    engine.aliases.add(...rows.map((r) => r.id));
    return { rows, offers: unordered(await store.subscribers.offers(NEW_SUBSCRIBER)), count: await store.packages.subscriberCount(NEW_PACKAGE) };
  });
  void attached;

  await unit("offerInstance", async (store) => {
    const made = await store.subscribers.insertOffer({
      id: NEW_INSTANCE,
      subscriberId: NEW_SUBSCRIBER,
      offerId: NEW_OFFER,
      priority: null,
      packageId: null,
      isPool: true,
      attachedAt: at(1_000_009),
      attachedById: nimbus.id,
    });
    const facts = await store.subscribers.offerFacts(NEW_INSTANCE);
    await store.subscribers.deleteOffer(NEW_INSTANCE);
    return { made, facts, gone: await store.subscribers.offerFacts(NEW_INSTANCE), subscriber: await store.subscribers.get(NEW_SUBSCRIBER) };
  });

  await unit("replacePackage", async (store) => {
    const pkg = (await store.packages.facts(starter.id))!;
    const rows = await store.subscribers.setPackage({ subscriberId: NEW_SUBSCRIBER, detachPackageId: NEW_PACKAGE, attach: pkg, attachedById: nimbus.id, now: at(1_000_010) });
    engine.aliases.add(...rows.map((r) => r.id));
    return { rows, offers: unordered(await store.subscribers.offers(NEW_SUBSCRIBER)), newCount: await store.packages.subscriberCount(NEW_PACKAGE) };
  });
  await unit("detachPackage", async (store) => ({
    rows: await store.subscribers.setPackage({ subscriberId: NEW_SUBSCRIBER, detachPackageId: starter.id, attach: null, attachedById: nimbus.id, now: at(1_000_011) }),
    offers: await store.subscribers.offers(NEW_SUBSCRIBER),
    subscriber: await store.subscribers.get(NEW_SUBSCRIBER),
  }));

  await unit("externalParams", async (store) => {
    const config = await store.externalParams.insertConfig({ id: NEW_CONFIG, ownerId: nimbus.id, name: "droneClass", entityType: "PACKAGE", isSearchable: false, createdAt: at(1_000_012) });
    await store.externalParams.setValue({ configId: NEW_CONFIG, entityId: NEW_PACKAGE, value: "A", now: at(1_000_013) });
    await store.externalParams.setValue({ configId: NEW_CONFIG, entityId: NEW_PACKAGE, value: "B", now: at(1_000_014) });
    const worldValue = world.externalParamValues[0]!;
    return {
      config,
      read: await store.externalParams.config(NEW_CONFIG),
      byName: await store.externalParams.configByName(nimbus.id, "PACKAGE", "droneClass"),
      anchor: await store.externalParams.entityAnchor("PACKAGE", NEW_PACKAGE),
      cleared: await store.externalParams.clearValue(worldValue.configId, worldValue.entityId),
      clearedAgain: await store.externalParams.clearValue(worldValue.configId, worldValue.entityId),
    };
  });
  log.push(["valueBeforeDelete", await engine.reads.externalParams.values(NEW_PACKAGE, [NEW_CONFIG])]);
  await unit("deletePackage", async (store) => {
    const count = await store.packages.subscriberCount(NEW_PACKAGE);
    await store.packages.delete(NEW_PACKAGE);
    return { count, gone: await store.packages.facts(NEW_PACKAGE) };
  });
  log.push(["valueAfterDelete", await engine.reads.externalParams.values(NEW_PACKAGE, [NEW_CONFIG])]);

  await unit("requests", async (store) => {
    const ids = [
      await store.requests.record({ requesterId: NEW_CUSTOMER, operation: "attachPackage", code: null, startedAt: at(1_000_015), completedAt: at(1_000_016) }),
      await store.requests.record({ requesterId: NEW_CUSTOMER, operation: "attachPackage", code: "GLOBAL_1001", startedAt: at(1_000_017), completedAt: at(1_000_018) }),
    ];
    engine.aliases.add(...ids);
    await store.idempotencyKeys.insert({ requesterId: NEW_CUSTOMER, key: "k1", operation: "attachPackage", inputHash: "h", outcome: "{}", createdAt: at(1_000_019) });
    return { ids, key: await store.idempotencyKeys.find(NEW_CUSTOMER, "k1") };
  });

  await unit("savepoints", async (store) => {
    const make = (id: string, n: number) => store.customers.insert({ id, name: `Part ${n}`, parent: nimbusNode, allowOfferDelegation: false, createdAt: at(1_000_020 + n) });
    const kept = await store.savepoint(() => make(KEPT_CUSTOMER, 1), () => true);
    const undone = await store.savepoint(() => make(UNDONE_CUSTOMER, 2), () => false);
    const thrown = await store.savepoint(async () => {
      await make(THROWN_CUSTOMER, 3);
      throw new Error("part fails");
    }, () => true).catch((error: Error) => error.message);
    // A part whose statement fails is undone alone; the unit goes on.
    const refused = await store.savepoint(() => make(KEPT_CUSTOMER, 4), () => true).catch(() => "refused by the database");
    return {
      kept: kept.id,
      undone: undone.id,
      thrown,
      refused,
      after: [await store.customers.get(KEPT_CUSTOMER), await store.customers.get(UNDONE_CUSTOMER), await store.customers.get(THROWN_CUSTOMER)],
    };
  });

  const failed = await engine.storage
    .unitOfWork(async (store) => {
      await store.customers.insert({ id: FAILED_UNIT_CUSTOMER, name: "Never", parent: nimbusNode, allowOfferDelegation: false, createdAt: at(1_000_030) });
      throw new Error("the unit fails");
    })
    .catch((error: Error) => error.message);
  log.push(["failedUnit", failed, await engine.reads.customers.byIds([FAILED_UNIT_CUSTOMER])]);
  await engine.storage.recordOutside({ requesterId: NEW_CUSTOMER, operation: "attachPackage", code: "GLOBAL_1001", startedAt: at(1_000_031), completedAt: at(1_000_031) });
  const outside = await engine.reads.lists.pages({ list: "requests" }, [NEW_CUSTOMER], { first: 10, after: null });
  engine.aliases.add(...(outside.get(NEW_CUSTOMER)?.rows.map((r) => r.id) ?? []));
  log.push(["recordedOutside", outside]);
  return log;
}

describe("the PostgreSQL adapter answers as the SQLite adapter", () => {
  it("to every read of the read port on the same world", async () => {
    const answers = (await expectSame((engine) => readEverything(engine, world))) as Record<string, unknown[]>;
    // The comparison saw rows, not two empty answers.
    expect(answers.subscribers!.length).toBe(world.subscribers.length);
    expect(answers.searches!.length).toBeGreaterThan(10);
  }, 120_000);

  it("to every read of a unit of work on the same world", async () => {
    await expectSame((engine) => engine.storage.unitOfWork((store) => readInUnit(store, world)));
  }, 60_000);

  it("to the same writes, and reads the same world after them", async () => {
    const fromSqlite = normalize(await writeEverything(sqlite), sqlite.aliases);
    const fromPg = normalize(await writeEverything(pg), pg.aliases);
    expect(fromPg).toEqual(fromSqlite);
    await expectSame((engine) => readEverything(engine, world, { customerIds: [NEW_CUSTOMER, KEPT_CUSTOMER, UNDONE_CUSTOMER] }));
    await expectSame((engine) => engine.storage.unitOfWork((store) => readInUnit(store, world)));
  }, 120_000);
});
