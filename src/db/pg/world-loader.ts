/**
 * Loads a checked world into PostgreSQL (SPEC section 6): all or nothing, in one transaction.
 * The file was checked against itself by checkWorld, with the API's own readers; what is left
 * is the data already in the database, so every id, identifier, name and key is first looked
 * up there and each clash reported at its JSON path. Rows go in many to a statement; a
 * statement that still fails (a row stored meanwhile by another process) is run again row by
 * row to name the entity at fault, and everything is rolled back.
 *
 * Loads take turns through an advisory lock, so that two processes starting at once on an
 * empty database do not both fill it (loadWorldIfEmpty).
 */
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { PoolClient } from "pg";
import { packageOfferPriorities } from "../../domain/catalogue/packages";
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, identifierKey } from "../../domain/subscribers/identifiers";
import {
  WORLD_API_KEY_LABEL,
  WORLD_CONFLICT,
  worldPath,
  type LoadWorldResult,
  type World,
  type WorldProblem,
} from "../../domain/world/world";
import type { PgHandle } from "./connection";
import type { Executor } from "./executor";
import { hashApiKey } from "./repositories/api-keys";
import { childPath } from "./repositories/customers";
import {
  apiKeys,
  customers,
  externalParamConfigs,
  externalParamValues,
  identifierKeyColumns,
  offers,
  packageEligibleCustomers,
  packageOffers,
  packages,
  subscriberOffers,
  subscribers,
} from "./schema";
import { pgCode } from "./store";

/** Rows per INSERT (and values per lookup): well under PostgreSQL's 65,535 parameters a statement. */
const CHUNK = 1000;

/** Thrown inside the transaction so that it rolls back; carries what to report. */
class WorldRejected extends Error {
  constructor(readonly problems: WorldProblem[]) {
    super("world rejected");
  }
}

/**
 * Inserts the world; the database is unchanged unless every row went in. Rows get increasing
 * timestamps in file order (now + index ms), so lists ordered by creation follow the file.
 */
export async function loadWorld(handle: PgHandle, world: World, options: { now?: Date } = {}): Promise<LoadWorldResult> {
  return (await inLoadTransaction(handle, world, options, async () => true))!;
}

/**
 * loadWorld into a database that holds no customer yet; null (nothing done) when it holds one.
 * The check and the load are one transaction behind the loaders' lock: of several processes
 * starting at once on an empty database, one fills it and the others find it filled.
 */
export async function loadWorldIfEmpty(handle: PgHandle, world: World, options: { now?: Date } = {}): Promise<LoadWorldResult | null> {
  return inLoadTransaction(handle, world, options, async (ex) => {
    const [any] = await ex.select({ id: customers.id }).from(customers).limit(1);
    return !any;
  });
}

async function inLoadTransaction(
  handle: PgHandle,
  world: World,
  options: { now?: Date },
  shouldLoad: (ex: Executor) => Promise<boolean>,
): Promise<LoadWorldResult | null> {
  const base = (options.now ?? new Date()).getTime();
  const at = (index: number) => new Date(base + index);
  const client = await handle.pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => void (broken ??= error);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    try {
      const ex = handle.on(client);
      await client.query("SELECT pg_advisory_xact_lock(hashtextextended('connectivity-graphql-api:world-load', 0))");
      if (!(await shouldLoad(ex))) {
        await client.query("ROLLBACK");
        return null;
      }
      const conflicts = await findConflicts(ex, world);
      if (conflicts.length > 0) throw new WorldRejected(conflicts);
      const counts = await insertWorld(ex, client, world, at);
      await client.query("COMMIT");
      return { ok: true, counts };
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => void (broken ??= rollbackError as Error));
      if (error instanceof WorldRejected) return { ok: false, problems: error.problems };
      throw error;
    }
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

/** The values of `column` among `values` that are stored. */
async function existing(ex: Executor, column: PgColumn, values: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < values.length; i += CHUNK) {
    const rows = await ex
      .select({ value: column })
      .from(column.table)
      .where(inArray(column, values.slice(i, i + CHUNK)));
    for (const row of rows) found.add(row.value as string);
  }
  return found;
}

/** The rows of `select` for each chunk of `values` (the values `column` is among). */
async function inChunks<R>(values: readonly string[], select: (chunk: string[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (let i = 0; i < values.length; i += CHUNK) rows.push(...(await select(values.slice(i, i + CHUNK))));
  return rows;
}

/** Every clash between the world and rows already stored (ids, identifiers, names, keys). */
async function findConflicts(ex: Executor, world: World): Promise<WorldProblem[]> {
  const problems: WorldProblem[] = [];
  const clash = (path: string, what: string) => problems.push({ path, message: `${WORLD_CONFLICT}: ${what}` });
  const ids = async <T extends { id: string }>(
    key: "customers" | "offers" | "packages" | "subscribers" | "externalParamConfigs",
    column: PgColumn,
    entities: readonly T[],
    what: string,
  ) => {
    const taken = await existing(ex, column, entities.map((e) => e.id));
    entities.forEach((e, i) => {
      if (taken.has(e.id)) clash(worldPath(key, i, "id"), `${what} with this id exists`);
    });
  };
  await ids("customers", customers.id, world.customers, "a customer");
  await ids("offers", offers.id, world.offers, "an offer");
  await ids("packages", packages.id, world.packages, "a package");
  await ids("subscribers", subscribers.id, world.subscribers, "a subscriber");
  await ids("externalParamConfigs", externalParamConfigs.id, world.externalParamConfigs, "an external param config");

  const names = new Set(
    (
      await inChunks([...new Set(world.packages.map((p) => p.ownerId))], (owners) =>
        ex.select({ ownerId: packages.ownerId, nameKey: packages.nameKey }).from(packages).where(inArray(packages.ownerId, owners)),
      )
    ).map((row) => JSON.stringify([row.ownerId, row.nameKey])),
  );
  world.packages.forEach((p, i) => {
    if (names.has(JSON.stringify([p.ownerId, p.draft.nameKey]))) {
      clash(worldPath("packages", i, "name"), "the owner already has a package with this name");
    }
  });

  for (const type of IDENTIFIER_TYPES) {
    const column = IDENTIFIER_COLUMNS[type];
    // Compared by key: an IMEI stored in one form is taken in the other too.
    const key = (value: string) => identifierKey({ type, value });
    const given = world.subscribers.map((s) => s[column]).filter((v): v is string => v !== null);
    const taken = await existing(ex, identifierKeyColumns[type], given.map(key));
    world.subscribers.forEach((s, i) => {
      const value = s[column];
      if (value !== null && taken.has(key(value))) clash(worldPath("subscribers", i, column), `another subscriber has this ${type}`);
    });
  }

  const configNames = new Set(
    (
      await inChunks([...new Set(world.externalParamConfigs.map((c) => c.ownerId))], (owners) =>
        ex
          .select({ ownerId: externalParamConfigs.ownerId, entityType: externalParamConfigs.entityType, name: externalParamConfigs.name })
          .from(externalParamConfigs)
          .where(inArray(externalParamConfigs.ownerId, owners)),
      )
    ).map((row) => JSON.stringify([row.ownerId, row.entityType, row.name])),
  );
  world.externalParamConfigs.forEach((c, i) => {
    if (configNames.has(JSON.stringify([c.ownerId, c.entityType, c.name]))) {
      clash(worldPath("externalParamConfigs", i, "name"), `the owner already has a ${c.entityType} param with this name`);
    }
  });

  const valueKeys = new Set(
    (
      await inChunks([...new Set(world.externalParamValues.map((v) => v.configId))], (configIds) =>
        ex
          .select({ configId: externalParamValues.configId, entityId: externalParamValues.entityId })
          .from(externalParamValues)
          .where(inArray(externalParamValues.configId, configIds)),
      )
    ).map((row) => `${row.configId}/${row.entityId}`),
  );
  world.externalParamValues.forEach((v, i) => {
    if (valueKeys.has(`${v.configId}/${v.entityId}`)) {
      clash(worldPath("externalParamValues", i), "this entity already has a value for this config");
    }
  });

  const keys = world.customers.flatMap((c, i) =>
    c.apiKeys.map((key, k) => ({ hash: hashApiKey(key), path: `${worldPath("customers", i)}.apiKeys[${k}]` })),
  );
  const takenKeys = await existing(ex, apiKeys.keyHash, keys.map((k) => k.hash));
  for (const key of keys) if (takenKeys.has(key.hash)) clash(key.path, "this API key is already in use");
  return problems;
}

/** Why PostgreSQL refused a row, in the words of the SQLite loader; undefined when it is no constraint. */
function refusal(error: unknown): string | undefined {
  const code = pgCode(error);
  if (!code?.startsWith("23")) return undefined;
  if (code === "23503") return "it refers to a row that does not exist";
  if (code === "23505") return "a unique value is already taken";
  return "a database check refused it";
}

/** One row to insert and the JSON path of the entity it comes from. */
interface Placed<R> {
  path: string;
  row: R;
}

/**
 * Inserts rows many to a statement. When a statement breaks a constraint, its rows are tried
 * again one by one (after a rollback to before it) to find the entity at fault, reported at
 * its path (never the SQL); the whole load is then rolled back.
 */
async function insertAll<R>(client: PoolClient, rows: readonly Placed<R>[], insert: (rows: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await client.query("SAVEPOINT world_chunk");
    try {
      await insert(chunk.map((r) => r.row));
      await client.query("RELEASE SAVEPOINT world_chunk");
      continue;
    } catch (error) {
      if (refusal(error) === undefined) throw error;
      await client.query("ROLLBACK TO SAVEPOINT world_chunk");
    }
    for (const { path, row } of chunk) {
      try {
        await insert([row]);
      } catch (error) {
        const why = refusal(error);
        if (why === undefined) throw error;
        throw new WorldRejected([{ path, message: `${WORLD_CONFLICT}: ${why}` }]);
      }
    }
  }
}

/** Customers in an order where every parent comes before its children, file order otherwise. */
function parentsFirst(world: World): number[] {
  const indexOf = new Map(world.customers.map((c, i) => [c.id, i]));
  const depth = world.customers.map((customer) => {
    let d = 0;
    for (let c = customer; c.parentId !== null && indexOf.has(c.parentId) && d <= world.customers.length; d++) {
      c = world.customers[indexOf.get(c.parentId)!]!;
    }
    return d;
  });
  return world.customers.map((_, i) => i).sort((a, b) => depth[a]! - depth[b]! || a - b);
}

async function insertWorld(ex: Executor, client: PoolClient, world: World, at: (index: number) => Date): Promise<Record<string, number>> {
  const paths = new Map<string, string>();
  const customerRows: Placed<typeof customers.$inferInsert>[] = [];
  for (const i of parentsFirst(world)) {
    const customer = world.customers[i]!;
    const path = worldPath("customers", i);
    const parentPath = customer.parentId === null ? null : paths.get(customer.parentId);
    if (parentPath === undefined) {
      throw new WorldRejected([{ path: `${path}.parentId`, message: "the parent is not a customer of the file" }]);
    }
    const ownPath = childPath(parentPath === null ? null : { path: parentPath }, customer.id);
    paths.set(customer.id, ownPath);
    customerRows.push({
      path,
      row: {
        id: customer.id,
        parentId: customer.parentId,
        path: ownPath,
        name: customer.name,
        allowOfferDelegation: customer.allowOfferDelegation,
        createdAt: at(i),
      },
    });
  }
  await insertAll(client, customerRows, (rows) => ex.insert(customers).values(rows));

  // Keys are stored hashed (README "Authentication"); created in file order after the customers.
  let apiKeyCount = 0;
  const keyRows = world.customers.flatMap((customer, i) =>
    customer.apiKeys.map((key, k) => ({
      path: `${worldPath("customers", i)}.apiKeys[${k}]`,
      row: {
        id: randomUUID(),
        customerId: customer.id,
        keyHash: hashApiKey(key),
        keyPrefix: key.slice(0, 8),
        label: WORLD_API_KEY_LABEL,
        createdAt: at(apiKeyCount++),
      },
    })),
  );
  await insertAll(client, keyRows, (rows) => ex.insert(apiKeys).values(rows));

  await insertAll(
    client,
    world.offers.map((offer, i) => ({
      path: worldPath("offers", i),
      row: { id: offer.id, ownerId: offer.ownerId, name: offer.name, kind: offer.kind, poolCustomerId: offer.poolCustomerId, createdAt: at(i) },
    })),
    (rows) => ex.insert(offers).values(rows),
  );

  await insertAll(
    client,
    world.packages.map((pkg, i) => ({
      path: worldPath("packages", i),
      row: {
        id: pkg.id,
        ownerId: pkg.ownerId,
        name: pkg.draft.name,
        nameKey: pkg.draft.nameKey,
        description: pkg.draft.description,
        eligibleAll: pkg.draft.eligibleAll,
        createdAt: at(i),
        updatedAt: at(i),
      },
    })),
    (rows) => ex.insert(packages).values(rows),
  );
  await insertAll(
    client,
    world.packages.flatMap((pkg, i) =>
      pkg.draft.offerIds.map((offerId, position) => ({ path: worldPath("packages", i), row: { packageId: pkg.id, offerId, position } })),
    ),
    (rows) => ex.insert(packageOffers).values(rows),
  );
  await insertAll(
    client,
    world.packages.flatMap((pkg, i) =>
      pkg.draft.eligibleCustomerIds.map((customerId) => ({ path: worldPath("packages", i), row: { packageId: pkg.id, customerId } })),
    ),
    (rows) => ex.insert(packageEligibleCustomers).values(rows),
  );

  // A subscriber's package is attached exactly as the API attaches one (SPEC section 6): the
  // package set on the subscriber, and an instance of each of its offers, priorities by order.
  const packagesById = new Map(world.packages.map((p) => [p.id, p]));
  const offerRows: Placed<typeof subscriberOffers.$inferInsert>[] = [];
  const subscriberRows = world.subscribers.map((subscriber, i) => {
    const path = worldPath("subscribers", i);
    if (subscriber.packageId !== null) {
      const pkg = packagesById.get(subscriber.packageId);
      if (!pkg) throw new WorldRejected([{ path: `${path}.packageId`, message: "the package is not a package of the file" }]);
      for (const { offerId, priority } of packageOfferPriorities(pkg.draft.offerIds)) {
        offerRows.push({
          path: `${path}.packageId`,
          row: {
            id: randomUUID(),
            subscriberId: subscriber.id,
            offerId,
            priority,
            packageId: pkg.id,
            isPool: false,
            attachedAt: at(i),
            attachedById: pkg.ownerId,
          },
        });
      }
    }
    return {
      path,
      row: {
        id: subscriber.id,
        customerId: subscriber.customerId,
        imsi: subscriber.imsi,
        iccid: subscriber.iccid,
        msisdn: subscriber.msisdn,
        imei: subscriber.imei,
        imeisv: subscriber.imeisv,
        packageId: subscriber.packageId,
        createdAt: at(i),
      },
    };
  });
  await insertAll(client, subscriberRows, (rows) => ex.insert(subscribers).values(rows));
  await insertAll(client, offerRows, (rows) => ex.insert(subscriberOffers).values(rows));

  await insertAll(
    client,
    world.externalParamConfigs.map((config, i) => ({ path: worldPath("externalParamConfigs", i), row: { ...config, createdAt: at(i) } })),
    (rows) => ex.insert(externalParamConfigs).values(rows),
  );
  await insertAll(
    client,
    world.externalParamValues.map((value, i) => ({ path: worldPath("externalParamValues", i), row: { ...value, updatedAt: at(i) } })),
    (rows) => ex.insert(externalParamValues).values(rows),
  );

  return {
    customers: world.customers.length,
    apiKeys: apiKeyCount,
    offers: world.offers.length,
    packages: world.packages.length,
    subscribers: world.subscribers.length,
    subscriberOffers: offerRows.length,
    externalParamConfigs: world.externalParamConfigs.length,
    externalParamValues: world.externalParamValues.length,
  };
}
