/**
 * Loads a checked world into the database (SPEC section 6): all or nothing, in one IMMEDIATE
 * transaction. The file was checked against itself by checkWorld; what is left is the data
 * already in the database, so every id, identifier, name and key is first looked up there and
 * each clash reported at its JSON path. Any insert that still fails rolls everything back.
 */
import { inArray } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, identifierKey } from "../../domain/subscribers/identifiers";
import {
  WORLD_API_KEY_LABEL,
  WORLD_CONFLICT as CONFLICT,
  worldPath,
  type LoadWorldResult,
  type World,
  type WorldProblem,
} from "../../domain/world/world";
import type { DbHandle } from "./connection";
import type { Executor } from "./executor";
import { hashApiKey, insertApiKey } from "./repositories/api-keys";
import { insertCustomer } from "./repositories/customers";
import { insertPackage, setSubscriberPackage } from "./repositories/packages";
import {
  apiKeys,
  customers,
  externalParamConfigs,
  externalParamValues,
  identifierKeyColumns,
  offers,
  packages,
  subscribers,
} from "./schema";

export { WORLD_API_KEY_LABEL, type LoadWorldResult };

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
export function loadWorld(handle: DbHandle, world: World, options: { now?: Date } = {}): LoadWorldResult {
  const base = (options.now ?? new Date()).getTime();
  const at = (index: number) => new Date(base + index);
  try {
    const counts = handle.db.transaction(
      (tx) => {
        const conflicts = findConflicts(tx, world);
        if (conflicts.length > 0) throw new WorldRejected(conflicts);
        return insertWorld(tx, world, at);
      },
      { behavior: "immediate" },
    );
    return { ok: true, counts };
  } catch (error) {
    if (error instanceof WorldRejected) return { ok: false, problems: error.problems };
    throw error;
  }
}

/**
 * loadWorld into a database that holds no customer yet; null (nothing done) when it holds one.
 * One IMMEDIATE transaction from the emptiness check to the load (loadWorld's own becomes a
 * savepoint): two processes starting at once on a new file must not both load the world.
 */
export function loadWorldIfEmpty(handle: DbHandle, world: World, options: { now?: Date } = {}): LoadWorldResult | null {
  return handle.sqlite
    .transaction(() => {
      if (handle.db.select({ id: customers.id }).from(customers).limit(1).get()) return null;
      return loadWorld(handle, world, options);
    })
    .immediate();
}

/** The rows of `column` among `values`, in chunks that stay under SQLite's variable limit. */
function existing(ex: Executor, column: SQLiteColumn, values: readonly string[]): Set<string> {
  const found = new Set<string>();
  const table = column.table;
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500);
    const rows = ex.select({ value: column }).from(table).where(inArray(column, chunk)).all();
    for (const row of rows) found.add(row.value as string);
  }
  return found;
}

/** Every clash between the world and rows already stored (ids, identifiers, names, keys). */
function findConflicts(ex: Executor, world: World): WorldProblem[] {
  const problems: WorldProblem[] = [];
  const clash = (path: string, what: string) => problems.push({ path, message: `${CONFLICT}: ${what}` });
  const ids = <T extends { id: string }>(
    key: "customers" | "offers" | "packages" | "subscribers" | "externalParamConfigs",
    column: SQLiteColumn,
    entities: readonly T[],
    what: string,
  ) => {
    const taken = existing(ex, column, entities.map((e) => e.id));
    entities.forEach((e, i) => {
      if (taken.has(e.id)) clash(worldPath(key, i, "id"), `${what} with this id exists`);
    });
  };
  ids("customers", customers.id, world.customers, "a customer");
  ids("offers", offers.id, world.offers, "an offer");
  ids("packages", packages.id, world.packages, "a package");
  ids("subscribers", subscribers.id, world.subscribers, "a subscriber");
  ids("externalParamConfigs", externalParamConfigs.id, world.externalParamConfigs, "an external param config");

  const owners = [...new Set(world.packages.map((p) => p.ownerId))];
  const names = new Set<string>();
  for (let i = 0; i < owners.length; i += 500) {
    const rows = ex
      .select({ ownerId: packages.ownerId, nameKey: packages.nameKey })
      .from(packages)
      .where(inArray(packages.ownerId, owners.slice(i, i + 500)))
      .all();
    for (const row of rows) names.add(JSON.stringify([row.ownerId, row.nameKey]));
  }
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
    const taken = existing(ex, identifierKeyColumns[type], given.map(key));
    world.subscribers.forEach((s, i) => {
      const value = s[column];
      if (value !== null && taken.has(key(value))) clash(worldPath("subscribers", i, column), `another subscriber has this ${type}`);
    });
  }

  const configOwners = [...new Set(world.externalParamConfigs.map((c) => c.ownerId))];
  const configNames = new Set<string>();
  for (let i = 0; i < configOwners.length; i += 500) {
    const rows = ex
      .select({ ownerId: externalParamConfigs.ownerId, entityType: externalParamConfigs.entityType, name: externalParamConfigs.name })
      .from(externalParamConfigs)
      .where(inArray(externalParamConfigs.ownerId, configOwners.slice(i, i + 500)))
      .all();
    for (const row of rows) configNames.add(JSON.stringify([row.ownerId, row.entityType, row.name]));
  }
  world.externalParamConfigs.forEach((c, i) => {
    if (configNames.has(JSON.stringify([c.ownerId, c.entityType, c.name]))) {
      clash(worldPath("externalParamConfigs", i, "name"), `the owner already has a ${c.entityType} param with this name`);
    }
  });

  const configIds = [...new Set(world.externalParamValues.map((v) => v.configId))];
  const valueKeys = new Set<string>();
  for (let i = 0; i < configIds.length; i += 500) {
    const rows = ex
      .select({ configId: externalParamValues.configId, entityId: externalParamValues.entityId })
      .from(externalParamValues)
      .where(inArray(externalParamValues.configId, configIds.slice(i, i + 500)))
      .all();
    for (const row of rows) valueKeys.add(`${row.configId}/${row.entityId}`);
  }
  world.externalParamValues.forEach((v, i) => {
    if (valueKeys.has(`${v.configId}/${v.entityId}`)) {
      clash(worldPath("externalParamValues", i), "this entity already has a value for this config");
    }
  });

  const keys = world.customers.flatMap((c, i) =>
    c.apiKeys.map((key, k) => ({ hash: hashApiKey(key), path: `${worldPath("customers", i)}.apiKeys[${k}]` })),
  );
  const takenKeys = existing(ex, apiKeys.keyHash, keys.map((k) => k.hash));
  for (const key of keys) if (takenKeys.has(key.hash)) clash(key.path, "this API key is already in use");
  return problems;
}

/** The SQLite error code of a failed statement; Drizzle wraps the driver's error as its cause. */
function sqliteCode(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  }
  return undefined;
}

/**
 * Runs one entity's inserts; a constraint failure becomes a problem at the entity's path
 * (never the SQL) and rolls the whole load back.
 */
function atPath<T>(path: string, insert: () => T): T {
  try {
    return insert();
  } catch (error) {
    const code = sqliteCode(error);
    if (!code?.startsWith("SQLITE_CONSTRAINT")) throw error;
    const why =
      code === "SQLITE_CONSTRAINT_FOREIGNKEY"
        ? "it refers to a row that does not exist"
        : code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY"
          ? "a unique value is already taken"
          : "a database check refused it";
    throw new WorldRejected([{ path, message: `${CONFLICT}: ${why}` }]);
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

function insertWorld(tx: Executor, world: World, at: (index: number) => Date): Record<string, number> {
  const paths = new Map<string, string>();
  let apiKeyCount = 0;
  for (const i of parentsFirst(world)) {
    const customer = world.customers[i]!;
    const path = worldPath("customers", i);
    const parentPath = customer.parentId === null ? null : paths.get(customer.parentId);
    if (parentPath === undefined) {
      throw new WorldRejected([{ path: `${path}.parentId`, message: "the parent is not a customer of the file" }]);
    }
    const row = atPath(path, () =>
      insertCustomer(tx, {
        id: customer.id,
        name: customer.name,
        parent: parentPath === null ? null : { id: customer.parentId!, path: parentPath },
        allowOfferDelegation: customer.allowOfferDelegation,
        createdAt: at(i),
      }),
    );
    paths.set(row.id, row.path);
  }
  // Keys are stored hashed (README "Authentication"); created in file order after the customers.
  world.customers.forEach((customer, i) =>
    customer.apiKeys.forEach((key, k) => {
      atPath(`${worldPath("customers", i)}.apiKeys[${k}]`, () =>
        insertApiKey(tx, { customerId: customer.id, key, label: WORLD_API_KEY_LABEL, createdAt: at(apiKeyCount) }),
      );
      apiKeyCount++;
    }),
  );

  world.offers.forEach((offer, i) =>
    atPath(worldPath("offers", i), () =>
      tx
        .insert(offers)
        .values({
          id: offer.id,
          ownerId: offer.ownerId,
          name: offer.name,
          kind: offer.kind,
          poolCustomerId: offer.poolCustomerId,
          createdAt: at(i),
        })
        .run(),
    ),
  );

  world.packages.forEach((pkg, i) =>
    atPath(worldPath("packages", i), () => insertPackage(tx, { id: pkg.id, ownerId: pkg.ownerId, draft: pkg.draft, now: at(i) })),
  );

  const packagesById = new Map(world.packages.map((p) => [p.id, p]));
  let subscriberOfferCount = 0;
  world.subscribers.forEach((subscriber, i) => {
    const path = worldPath("subscribers", i);
    atPath(path, () =>
      tx
        .insert(subscribers)
        .values({
          id: subscriber.id,
          customerId: subscriber.customerId,
          imsi: subscriber.imsi,
          iccid: subscriber.iccid,
          msisdn: subscriber.msisdn,
          imei: subscriber.imei,
          imeisv: subscriber.imeisv,
          packageId: null,
          createdAt: at(i),
        })
        .run(),
    );
    if (subscriber.packageId === null) return;
    // Attached exactly as the API attaches a package (SPEC section 6): its offers come with it.
    const pkg = packagesById.get(subscriber.packageId);
    if (!pkg) throw new WorldRejected([{ path: `${path}.packageId`, message: "the package is not a package of the file" }]);
    const attached = atPath(`${path}.packageId`, () =>
      setSubscriberPackage(tx, {
        subscriberId: subscriber.id,
        detachPackageId: null,
        attach: { id: pkg.id, offerIds: pkg.draft.offerIds },
        attachedById: pkg.ownerId,
        now: at(i),
      }),
    );
    subscriberOfferCount += attached.length;
  });

  world.externalParamConfigs.forEach((config, i) =>
    atPath(worldPath("externalParamConfigs", i), () =>
      tx
        .insert(externalParamConfigs)
        .values({ ...config, createdAt: at(i) })
        .run(),
    ),
  );
  world.externalParamValues.forEach((value, i) =>
    atPath(worldPath("externalParamValues", i), () =>
      tx
        .insert(externalParamValues)
        .values({ ...value, updatedAt: at(i) })
        .run(),
    ),
  );

  return {
    customers: world.customers.length,
    apiKeys: apiKeyCount,
    offers: world.offers.length,
    packages: world.packages.length,
    subscribers: world.subscribers.length,
    subscriberOffers: subscriberOfferCount,
    externalParamConfigs: world.externalParamConfigs.length,
    externalParamValues: world.externalParamValues.length,
  };
}
