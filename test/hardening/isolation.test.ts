/**
 * Tenant isolation sweep (SPEC section 2: anything not visible answers exactly like something
 * that does not exist). For every query and mutation of the schema, from valid calls made by a
 * reseller (RA) and by a sub-account that has a sub-account of its own (EA1), in every
 * self-service mode, each id argument in turn is replaced by
 *   (a) the id of every object that requester cannot see: the other tenant's, a sibling's, the
 *       parent's own or not sold to the requester (a pool plan made for a sibling, a package
 *       it is not eligible for), the grandparent's; also in upper case (UUIDs are
 *       case-insensitive), and for subscribers each of their identifiers;
 *   (b) an id that names nothing (a random UUID, a random identifier of the same shape).
 * Both answers must be identical once the echoed id, requestIds and timestamps are set aside:
 * the same HTTP status, __typename, code, message and every other field. Neither may change
 * the database beyond its request records, and both must record the same requests.
 *
 * New subscribers' identifiers are unique across the platform, so a taken one must be refused
 * whoever holds it: there (a) is compared with an identifier of a subscriber the requester
 * can see, which must answer the same (the refusal says that the identifier is taken, never
 * by whom).
 *
 * Every answer of a valid call is also read for the external params it shows: an entity's
 * externalParams lists all of the requester's configs of its type with that entity's values
 * where the requester owns the entity (itself or a direct sub-account, their subscribers, its
 * own offers and packages), and nothing on any other entity the answer holds.
 *
 * Each valid call is first run on its own and must succeed, so that a refusal in the sweep
 * comes from the replaced id and from nothing else. Whatever a call changed is then undone
 * from a copy of the database taken after the setup, so each call starts from the same state.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { GraphQLInterfaceType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiSchema } from "../../src/graphql/schema";
import { startTestServer, type TestServer } from "../helpers/server";
import {
  documentOf,
  idLeavesOf,
  idPathsOfField,
  isolationScenarios,
  pathKey,
  withLeaf,
  type IdLeaf,
  type Scenario,
} from "../helpers/sweep";
import { makeIsolationIds } from "../helpers/sweep-setup";
import { C } from "../helpers/world";

const schema = buildApiSchema();
const roots = { query: schema.getQueryType()!, mutation: schema.getMutationType()! };
/** The types an object looked up by id may have (node, nodes, customer, subscriber, request). */
const NODE_TYPES = new Set(schema.getPossibleTypes(schema.getType("Node") as GraphQLInterfaceType).map((type) => type.name));
const OPERATIONS = (["query", "mutation"] as const).flatMap((kind) =>
  Object.values(roots[kind].getFields()).map((field) => ({ kind, field })),
);

type Kind = "customer" | "offer" | "package" | "subscriber" | "config" | "subscriberOffer" | "apiKey" | "request";

/** Everything the database holds that an id can name, read straight from its tables. */
interface World {
  customers: Map<string, { id: string; parentId: string | null; path: string }>;
  offers: { id: string; ownerId: string; kind: string; poolCustomerId: string | null }[];
  packages: { id: string; ownerId: string; eligibleAll: boolean; eligible: string[] }[];
  subscribers: { id: string; customerId: string; identifiers: { type: string; value: string }[] }[];
  configs: { id: string; ownerId: string; entityType: string }[];
  values: { configId: string; entityId: string; value: string }[];
  subscriberOffers: { id: string; subscriberId: string }[];
  apiKeys: { id: string; customerId: string }[];
  requests: { id: string; requesterId: string }[];
}

async function readWorld(t: TestServer): Promise<World> {
  const all = (sql: string) => t.db.rows<any>(sql);
  const eligible = await all("SELECT package_id, customer_id FROM package_eligible_customers");
  const columns = ["imsi", "iccid", "msisdn", "imei", "imeisv"];
  return {
    customers: new Map((await all(`SELECT id, parent_id AS "parentId", path FROM customers`)).map((c) => [c.id, c])),
    offers: await all(`SELECT id, owner_id AS "ownerId", kind, pool_customer_id AS "poolCustomerId" FROM offers`),
    packages: (await all(`SELECT id, owner_id AS "ownerId", eligible_all AS "eligibleAll" FROM packages`)).map((p) => ({
      ...p,
      eligible: eligible.filter((e) => e.package_id === p.id).map((e) => e.customer_id),
    })),
    subscribers: (await all(`SELECT id, customer_id AS "customerId", ${columns.join(", ")} FROM subscribers`)).map((s) => ({
      id: s.id,
      customerId: s.customerId,
      identifiers: columns.filter((c) => s[c] !== null).map((c) => ({ type: c.toUpperCase(), value: s[c] as string })),
    })),
    configs: await all(`SELECT id, owner_id AS "ownerId", entity_type AS "entityType" FROM external_param_configs`),
    values: await all(`SELECT config_id AS "configId", entity_id AS "entityId", value FROM external_param_values`),
    subscriberOffers: await all(`SELECT id, subscriber_id AS "subscriberId" FROM subscriber_offers`),
    apiKeys: await all(`SELECT id, customer_id AS "customerId" FROM api_keys`),
    requests: await all(`SELECT id, requester_id AS "requesterId" FROM requests ORDER BY ${t.db.insertionOrder}`),
  };
}

/**
 * What a requester can see, written out from SPEC section 2 and the README's Rules rather
 * than taken from the code under test: itself and its descendants and all they hold; of its
 * parent, only what is sold to it (regular plans, pool plans made for it, packages it is
 * eligible for); its own API keys and its direct sub-accounts'; its own requests.
 */
function sightOf(world: World, requesterId: string) {
  const me = world.customers.get(requesterId)!;
  const below = (customerId: string) => world.customers.get(customerId)!.path.startsWith(me.path);
  const subscriber = new Map(world.subscribers.map((s) => [s.id, s]));
  return {
    customer: (id: string) => below(id),
    offer: (o: World["offers"][number]) =>
      below(o.ownerId) || (o.ownerId === me.parentId && (o.kind === "REGULAR" || o.poolCustomerId === me.id)),
    package: (p: World["packages"][number]) =>
      below(p.ownerId) || (p.ownerId === me.parentId && (p.eligibleAll || p.eligible.includes(me.id))),
    subscriber: (s: World["subscribers"][number]) => below(s.customerId),
    config: (x: World["configs"][number]) => below(x.ownerId),
    subscriberOffer: (i: World["subscriberOffers"][number]) => below(subscriber.get(i.subscriberId)!.customerId),
    apiKey: (k: World["apiKeys"][number]) => k.customerId === me.id || world.customers.get(k.customerId)!.parentId === me.id,
    request: (r: World["requests"][number]) => r.requesterId === me.id,
  };
}

/**
 * Which entities a requester owns, written out from SPEC section 2 (externalParamsConfig): itself
 * and its direct sub-accounts, their subscribers, its own offers and packages. Undefined for an
 * object of another type or one the world does not hold.
 */
function ownsEntity(world: World, requesterId: string, typename: string, id: string): boolean | undefined {
  const me = world.customers.get(requesterId)!;
  const heldBy = (customerId: string) => {
    const customer = world.customers.get(customerId);
    return !!customer && customer.path.startsWith(me.path) && (customer.id === me.id || customer.parentId === me.id);
  };
  switch (typename) {
    case "Customer":
      return world.customers.has(id) ? heldBy(id) : undefined;
    case "Subscriber": {
      const subscriber = world.subscribers.find((s) => s.id === id);
      return subscriber ? heldBy(subscriber.customerId) : undefined;
    }
    case "Offer": {
      const offer = world.offers.find((o) => o.id === id);
      return offer ? offer.ownerId === me.id : undefined;
    }
    case "Package": {
      const pkg = world.packages.find((p) => p.id === id);
      return pkg ? pkg.ownerId === me.id : undefined;
    }
  }
  return undefined;
}

const ENTITY_TYPE_OF: Record<string, string> = { Customer: "CUSTOMER", Subscriber: "SUBSCRIBER", Offer: "OFFER", Package: "PACKAGE" };

interface ShownParams {
  /** Lists checked on entities the requester owns, and on entities it does not. */
  owned: number;
  notOwned: number;
  problems: string[];
}

/**
 * Every externalParams list of an answer: on an entity the requester owns, one entry per config of
 * the requester for the entity's type, each (where the answer holds it) that config with the
 * entity's value; on any other entity, none.
 */
function checkShownParams(world: World, requesterId: string, answer: unknown, shown: ShownParams, where: string): void {
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== "object") return;
    const object = value as Record<string, unknown>;
    const list = object.externalParams as { value?: string | null; config?: { id?: string } }[] | undefined;
    if (list) {
      const label = `${where}: ${object.__typename} ${object.id}`;
      const owned = ownsEntity(world, requesterId, object.__typename as string, object.id as string);
      if (owned === undefined) shown.problems.push(`${label}: externalParams on an object the sweep does not know`);
      else if (!owned) {
        shown.notOwned++;
        if (list.length) shown.problems.push(`${label}: not the requester's, yet shows ${JSON.stringify(list)}`);
      } else {
        shown.owned++;
        const configs = world.configs.filter((c) => c.ownerId === requesterId && c.entityType === ENTITY_TYPE_OF[object.__typename as string]);
        if (list.length !== configs.length) shown.problems.push(`${label}: ${list.length} entries for ${configs.length} configs`);
        for (const entry of list) {
          const configId = entry.config?.id;
          if (!configId) continue;
          if (!configs.some((c) => c.id === configId)) shown.problems.push(`${label}: shows config ${configId}, not one of the requester's of this type`);
          const stored = world.values.find((v) => v.configId === configId && v.entityId === object.id)?.value ?? null;
          if ("value" in entry && entry.value !== stored) shown.problems.push(`${label}: value ${entry.value} of ${configId}, stored ${stored}`);
        }
      }
    }
    Object.values(object).forEach(visit);
  };
  visit(answer);
}

/** The ids of every object of a kind that a requester cannot see. */
function invisibleIds(world: World, requesterId: string, kind: Kind): string[] {
  const sees = sightOf(world, requesterId);
  switch (kind) {
    case "customer":
      return [...world.customers.keys()].filter((id) => !sees.customer(id));
    case "offer":
      return world.offers.filter((o) => !sees.offer(o)).map((o) => o.id);
    case "package":
      return world.packages.filter((p) => !sees.package(p)).map((p) => p.id);
    case "subscriber":
      return world.subscribers.filter((s) => !sees.subscriber(s)).map((s) => s.id);
    case "config":
      return world.configs.filter((x) => !sees.config(x)).map((x) => x.id);
    case "subscriberOffer":
      return world.subscriberOffers.filter((i) => !sees.subscriberOffer(i)).map((i) => i.id);
    case "apiKey":
      return world.apiKeys.filter((k) => !sees.apiKey(k)).map((k) => k.id);
    case "request": {
      // One request of each other requester is enough: they are all alike.
      const byRequester = new Map<string, string>();
      for (const r of world.requests) if (!sees.request(r) && !byRequester.has(r.requesterId)) byRequester.set(r.requesterId, r.id);
      return [...byRequester.values()];
    }
  }
}

/** Identifiers of subscribers a requester cannot (or can) see, as stored. */
function identifiersOf(world: World, requesterId: string, visible: boolean): { type: string; value: string }[] {
  const sees = sightOf(world, requesterId);
  return world.subscribers.filter((s) => sees.subscriber(s) === visible).flatMap((s) => s.identifiers);
}

/** A 15-digit IMEI also names its device by its first 14 digits (SPEC section 4). */
const withShortImei = (identifiers: { type: string; value: string }[]) =>
  identifiers.flatMap((i) => (i.type === "IMEI" && i.value.length === 15 ? [i, { type: "IMEI", value: i.value.slice(0, 14) }] : [i]));

/** The kind of object an id names in the world (node and nodes take any kind). */
function kindNamed(world: World, id: string): Kind | undefined {
  if (world.customers.has(id)) return "customer";
  const tables: [Kind, { id: string }[]][] = [
    ["offer", world.offers],
    ["package", world.packages],
    ["subscriber", world.subscribers],
    ["config", world.configs],
    ["subscriberOffer", world.subscriberOffers],
    ["apiKey", world.apiKeys],
    ["request", world.requests],
  ];
  return tables.find(([, rows]) => rows.some((row) => row.id === id))?.[0];
}

const ENTITY_KIND: Record<string, Kind> = { CUSTOMER: "customer", SUBSCRIBER: "subscriber", PLAN: "offer", OFFER: "offer", PACKAGE: "package" };

/** What a UUID argument names, from its name and the call; an unknown one fails the sweep. */
function kindOf(world: World, scenario: Scenario, leaf: IdLeaf): Kind {
  const name = leaf.path.filter((p) => typeof p === "string").pop() as string;
  const input = (scenario.args.input ?? {}) as Record<string, unknown>;
  // node and nodes take an id of any kind: each is swept with the ids of its own kind.
  if (scenario.field === "node" || scenario.field === "nodes") {
    const kind = kindNamed(world, leaf.value as string);
    if (kind) return kind;
  }
  if (name === "id" && scenario.field === "customer") return "customer";
  if (name === "id" && scenario.field === "request") return "request";
  if (name === "customerId" || name === "poolCustomerId" || (name === "ids" && leaf.path.includes("eligibleSubAccounts"))) return "customer";
  if (name === "offerId" || name === "nestedOfferIds") return "offer";
  if (name === "packageId" || name === "currentPackageId" || name === "newPackageId") return "package";
  if (name === "configId") return "config";
  if (name === "subscriberOfferId") return "subscriberOffer";
  if (name === "apiKeyId") return "apiKey";
  if (name === "entityId") {
    const entity = (scenario.args.entity as string | undefined) ?? world.configs.find((x) => x.id === input.configId)?.entityType;
    if (entity && ENTITY_KIND[entity]) return ENTITY_KIND[entity];
  }
  throw new Error(`${scenario.field}: the sweep does not know what ${pathKey(leaf.path)} names`);
}

/** A random identifier of the same type and length that no subscriber has. */
function randomIdentifier(type: string, length: number): string {
  let digits = "9";
  while (digits.length < length) digits += String(randomInt(10));
  if (type === "IMEI" && length === 15) {
    // The last digit of a 15-digit IMEI is its Luhn check digit.
    const body = digits.slice(0, 14);
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let d = Number(body[13 - i]);
      if (i % 2 === 0) d *= 2;
      sum += d > 9 ? d - 9 : d;
    }
    digits = body + String((10 - (sum % 10)) % 10);
  }
  return digits;
}

/** One replacement of an id argument: the value of an invisible object, and what it is compared with. */
interface Probe {
  label: string;
  /** The leaf's new value. */
  theirs: unknown;
  /** The value it must answer like, and the key under which that answer is kept. */
  reference: () => { key: string; value: unknown };
}

function probesOf(world: World, scenario: Scenario, leaf: IdLeaf): Probe[] {
  const requester = C[scenario.as];
  if (leaf.shape === "identifier") {
    return withShortImei(identifiersOf(world, requester, false)).map((identifier) => ({
      label: `${identifier.type} ${identifier.value}`,
      theirs: identifier,
      reference: () => ({
        key: `${identifier.type}:${identifier.value.length}`,
        value: { type: identifier.type, value: randomIdentifier(identifier.type, identifier.value.length) },
      }),
    }));
  }
  if (leaf.shape === "newIdentifier") {
    const visible = identifiersOf(world, requester, true).find((i) => i.type === leaf.identifierType);
    if (!visible) throw new Error(`${scenario.as} sees no subscriber with an ${leaf.identifierType}`);
    return identifiersOf(world, requester, false)
      .filter((i) => i.type === leaf.identifierType)
      .map((identifier) => ({
        label: `taken ${identifier.type} ${identifier.value}`,
        theirs: identifier.value,
        reference: () => ({ key: "visible", value: visible.value }),
      }));
  }
  const kind = kindOf(world, scenario, leaf);
  const reference = () => ({ key: "uuid", value: randomUUID() });
  const ids = invisibleIds(world, requester, kind);
  return [
    ...ids.map((id) => ({ label: `${kind} ${id}`, theirs: id, reference })),
    ...ids.slice(0, 1).map((id) => ({ label: `${kind} ${id.toUpperCase()}`, theirs: id.toUpperCase(), reference })),
  ];
}

/**
 * The strings an answer may echo for a value given as an argument. node and nodes never echo
 * an id they answer null for, while another object in the answer may show it (a parent's id as
 * Customer.parent), alike in both answers: nothing is set aside there.
 */
function echoesOf(scenario: Scenario, value: unknown): string[] {
  if (scenario.field === "node" || scenario.field === "nodes") return [];
  if (typeof value === "string") return [value];
  if (value && typeof value === "object" && "value" in value) return [String((value as { value: unknown }).value)];
  return [];
}

/**
 * An answer with what legitimately differs set aside: the echoed value (in any letter case),
 * requestIds and timestamps. Everything else stays as it is.
 */
function normalise(value: unknown, echoes: readonly string[], key?: string): unknown {
  if (typeof value === "string") {
    let text = value;
    for (const echo of echoes) text = text.replace(new RegExp(echo.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "<ID>");
    if (key === "requestId") return "<REQUEST_ID>";
    if (key && /At$/.test(key)) return "<TIME>";
    return text;
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, echoes));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v, echoes, k)]));
  }
  return value;
}

interface Observation {
  answer: unknown;
  /** The request records the call wrote. */
  recorded: { requester: string; operation: string; status: string; code: string | null }[];
  /** Whether anything but the request records changed. */
  changed: boolean;
}

/** Whether a scenario's own call succeeds. */
function succeeded(scenario: Scenario, body: { data?: any; errors?: unknown[] }): boolean {
  const result = body.data?.r;
  if (body.errors || !result) return false;
  if (scenario.kind === "mutation") return /Success$/.test(result.__typename) && !(result.failedCount > 0);
  // nodes: every position answers its object.
  if (Array.isArray(result)) return result.length > 0 && result.every((r) => r && NODE_TYPES.has(r.__typename));
  return NODE_TYPES.has(result.__typename) || /Connection$/.test(result.__typename);
}

describe("tenant isolation sweep", () => {
  let t: TestServer;
  let world: World;
  let scenarios: Scenario[];

  let start: string;

  beforeAll(async () => {
    t = await startTestServer();
    scenarios = isolationScenarios(await makeIsolationIds(t));
    world = await readWorld(t);
    await t.db.snapshot();
    start = await t.db.digest();
  });
  afterAll(() => t.close());

  const documentFor = (scenario: Scenario) => documentOf(schema, scenario, 3);

  /** Whatever a call changed, the next one starts from the database as the setup left it. */
  async function restore(): Promise<void> {
    await t.db.restore();
    if ((await t.db.digest()) !== start) throw new Error("the database was not restored");
  }

  async function observe(scenario: Scenario, args: Record<string, unknown>, echoes: readonly string[]): Promise<Observation> {
    const before = await t.db.digest({ except: ["requests"] });
    const last = await t.db.count("requests");
    const res = await t.gql(scenario.as, documentFor(scenario), args);
    const recorded = (
      await t.db.rows<Observation["recorded"][number]>(
        `SELECT requester_id AS requester, operation, status, code FROM requests ORDER BY ${t.db.insertionOrder}`,
      )
    ).slice(last);
    const changed = (await t.db.digest({ except: ["requests"] })) !== before;
    if (changed) await restore();
    return { answer: normalise({ status: res.status, body: res.body }, echoes), recorded, changed };
  }

  /** A scenario's own call must succeed: so a refusal in the sweep comes from the replaced id. */
  async function control(scenario: Scenario): Promise<string | null> {
    const { body } = await t.gql(scenario.as, documentFor(scenario), scenario.args);
    await restore();
    return succeeded(scenario, body) ? null : `the valid call is refused: ${JSON.stringify(body)}`;
  }

  it("has a sweep case for every query and mutation, naming every id it can take", () => {
    const problems: string[] = [];
    for (const { kind, field } of OPERATIONS) {
      const own = scenarios.filter((s) => s.kind === kind && s.field === field.name);
      if (own.length === 0) {
        problems.push(`${kind} ${field.name}: no sweep case`);
        continue;
      }
      const given = new Set(own.flatMap((s) => idLeavesOf(schema, s).map((leaf) => pathKey(leaf.path))));
      for (const path of idPathsOfField(field)) if (!given.has(path)) problems.push(`${field.name}: no sweep case gives ${path}`);
      for (const scenario of own) {
        for (const leaf of idLeavesOf(schema, scenario)) {
          try {
            if (probesOf(world, scenario, leaf).length === 0) problems.push(`${field.name} as ${scenario.as}: nothing invisible for ${pathKey(leaf.path)}`);
          } catch (error) {
            problems.push((error as Error).message);
          }
        }
      }
    }
    for (const scenario of scenarios) {
      if (!OPERATIONS.some((o) => o.kind === scenario.kind && o.field.name === scenario.field)) problems.push(`${scenario.field}: not in the schema`);
    }
    expect(problems).toEqual([]);
    const probes = scenarios.reduce((n, s) => n + idLeavesOf(schema, s).reduce((m, leaf) => m + probesOf(world, s, leaf).length, 0), 0);
    console.log(`isolation sweep: ${scenarios.length} valid calls, ${probes} ids replaced by one the requester cannot see`);
    expect(probes).toBeGreaterThan(500);
    // Both kinds of requester, both modes of each self-service flag.
    const modes = (field: string) => new Set(scenarios.filter((s) => s.field === field).map((s) => `${s.as} ${s.label}`));
    expect(modes("attachPackage")).toEqual(new Set(["RA myPackage: false", "RA myPackage: true", "EA1 myPackage: false", "EA1 myPackage: true"]));
    expect(modes("bulkReplacePackage")).toEqual(new Set(["RA myPackage: false", "RA myPackage: true", "EA1 myPackage: false", "EA1 myPackage: true"]));
    expect(modes("detachOffer")).toEqual(new Set(["RA myOffer: false", "RA myOffer: true", "EA1 myOffer: false", "EA1 myOffer: true"]));
  });

  it("shows external params in every answer of every valid call only on entities the requester owns", async () => {
    const shown: ShownParams = { owned: 0, notOwned: 0, problems: [] };
    for (const scenario of scenarios) {
      const { body } = await t.gql(scenario.as, documentFor(scenario), scenario.args);
      // Read before the call is undone: the answer may hold what it created.
      checkShownParams(await readWorld(t), C[scenario.as], body.data, shown, `${scenario.field} as ${scenario.as} (${scenario.label})`);
      if (scenario.kind === "mutation") await restore();
    }
    expect(shown.problems).toEqual([]);
    // Both sides of the rule were met.
    expect(shown.owned).toBeGreaterThan(50);
    expect(shown.notOwned).toBeGreaterThan(50);
  });

  it.each(OPERATIONS.map(({ kind, field }) => [`${kind} ${field.name}`, field.name] as const))(
    "%s answers every id it cannot see exactly like an unknown one",
    async (_label, field) => {
      const differences: string[] = [];
      for (const scenario of scenarios.filter((s) => s.field === field)) {
        const name = `${field} as ${scenario.as}${scenario.label ? ` (${scenario.label})` : ""}`;
        const refused = await control(scenario);
        if (refused) {
          differences.push(`${name}: ${refused}`);
          continue;
        }
        for (const leaf of idLeavesOf(schema, scenario)) {
          const references = new Map<string, Observation>();
          for (const probe of probesOf(world, scenario, leaf)) {
            const where = `${name} ${pathKey(leaf.path)} = ${probe.label}`;
            const reference = probe.reference();
            if (!references.has(reference.key)) {
              references.set(reference.key, await observe(scenario, withLeaf(scenario.args, leaf.path, reference.value), echoesOf(scenario, reference.value)));
            }
            const unknown = references.get(reference.key)!;
            const theirs = await observe(scenario, withLeaf(scenario.args, leaf.path, probe.theirs), echoesOf(scenario, probe.theirs));
            if (JSON.stringify(theirs.answer) !== JSON.stringify(unknown.answer)) {
              differences.push(`${where}\n  theirs:  ${JSON.stringify(theirs.answer)}\n  unknown: ${JSON.stringify(unknown.answer)}`);
            }
            if (JSON.stringify(theirs.recorded) !== JSON.stringify(unknown.recorded)) {
              differences.push(`${where}: records ${JSON.stringify(theirs.recorded)}, an unknown id ${JSON.stringify(unknown.recorded)}`);
            }
            if (theirs.changed || unknown.changed) differences.push(`${where}: the database changed beyond the request records`);
            if (theirs.recorded.some((r) => r.status !== "FAILED")) differences.push(`${where}: recorded ${JSON.stringify(theirs.recorded)}`);
          }
        }
      }
      expect(differences).toEqual([]);
    },
  );

});
