/**
 * The world file (SPEC section 6): a whole tree of customers with their offers, packages,
 * subscribers and external params, loaded all or nothing by `npm run db:load`. checkWorld
 * reads the untrusted JSON and returns either the normalized world or every problem found,
 * each with its JSON path. A world file is self-contained: every reference names an entity of
 * the same file. The rules are the API's own (identifiers, packages, visibility, external
 * params), so a loaded world is one the API could have built.
 */
import { CUSTOMER_NAME_MAX, OFFER_NAME_MAX, PARAM_DESCRIPTION_MAX, PARAM_NAME_MAX, PARAM_VALUE_MAX } from "./limits";
import { ENTITY_TYPES, ownsEntity, type EntityAnchor, type EntityType } from "./external-params";
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, normalizeIdentifier, type IdentifierColumn } from "./identifiers";
import { packageNameKey, readPackageInput, type PackageDraft } from "./packages";
import { issuesOf } from "./refusals";
import { isDirectSubAccount, isEligible, type OfferFacts, type PackageFacts, type TreeNode } from "./visibility";

export interface WorldProblem {
  /** A JSON path into the file, e.g. "$.packages[2].nestedOfferIds[1]". */
  path: string;
  message: string;
}

export interface WorldCustomer {
  id: string;
  name: string;
  parentId: string | null;
  allowOfferDelegation: boolean;
  /** In clear here; the loader stores only their hashes. */
  apiKeys: string[];
}

export interface WorldOffer extends OfferFacts {
  name: string;
}

export interface WorldPackage {
  id: string;
  ownerId: string;
  draft: PackageDraft;
}

export type WorldSubscriber = { id: string; customerId: string; packageId: string | null } & Record<
  IdentifierColumn,
  string | null
>;

export interface WorldExternalParamConfig {
  id: string;
  ownerId: string;
  name: string;
  displayName: string | null;
  description: string | null;
  entityType: EntityType;
  isSearchable: boolean;
}

export interface WorldExternalParamValue {
  configId: string;
  entityId: string;
  value: string;
}

/**
 * A checked world, ids lower-cased and identifiers normalized. Each array holds the file's
 * array in file order, so element i is at worldPath(key, i).
 */
export interface World {
  customers: WorldCustomer[];
  offers: WorldOffer[];
  packages: WorldPackage[];
  subscribers: WorldSubscriber[];
  externalParamConfigs: WorldExternalParamConfig[];
  externalParamValues: WorldExternalParamValue[];
}

export const WORLD_KEYS = [
  "customers",
  "offers",
  "packages",
  "subscribers",
  "externalParamConfigs",
  "externalParamValues",
] as const satisfies readonly (keyof World)[];
export type WorldKey = (typeof WORLD_KEYS)[number];

export { CUSTOMER_NAME_MAX, OFFER_NAME_MAX, PARAM_DESCRIPTION_MAX, PARAM_NAME_MAX, PARAM_VALUE_MAX };
/** API keys are opaque bearer tokens: long enough to be unguessable, safe in a header. */
export const API_KEY_FORMAT = /^[A-Za-z0-9_-]{20,128}$/;
const UUID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The JSON path of an element of a world array, or of one of its fields. */
export function worldPath(key: WorldKey, index: number, field?: string): string {
  return `$.${key}[${index}]${field === undefined ? "" : fieldPath(field)}`;
}

function fieldPath(name: string): string {
  return PLAIN_KEY.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reads the fields of one JSON object. A reader returns undefined for a field it reported
 * (missing, wrong type, bad format), so later rules can skip what is already known to be bad.
 */
class FieldReader {
  constructor(
    private readonly object: JsonObject,
    readonly path: string,
    private readonly problems: WorldProblem[],
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) this.report(key, `unknown field; expected ${allowed.join(", ")}`);
    }
  }

  at(field: string): string {
    return this.path + fieldPath(field);
  }

  report(field: string | null, message: string): void {
    this.reportAt(field === null ? this.path : this.at(field), message);
  }

  reportAt(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  has(field: string): boolean {
    return this.object[field] !== undefined && this.object[field] !== null;
  }

  raw(field: string): unknown {
    return this.object[field];
  }

  uuid(field: string): string | undefined {
    const value = this.object[field];
    if (value === undefined) return void this.report(field, "is required");
    return checkUuid(value, this.at(field), this.problems);
  }

  /** A nullable id: missing and null both mean "none". */
  optionalUuid(field: string): string | null | undefined {
    const value = this.object[field];
    if (value === undefined || value === null) return null;
    return checkUuid(value, this.at(field), this.problems);
  }

  /** A required name: trimmed, not empty, at most max characters. */
  name(field: string, max: number): string | undefined {
    const value = this.object[field];
    if (value === undefined) return void this.report(field, "is required");
    if (typeof value !== "string") return void this.report(field, "must be a string");
    const trimmed = value.trim();
    if (trimmed.length === 0) return void this.report(field, "must not be empty");
    if (trimmed.length > max) return void this.report(field, `must be at most ${max} characters`);
    return trimmed;
  }

  /** Free text that may be missing or null, kept as given. */
  optionalText(field: string, max: number): string | null | undefined {
    const value = this.object[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== "string") return void this.report(field, "must be a string or null");
    if (value.length > max) return void this.report(field, `must be at most ${max} characters`);
    return value;
  }

  /** Required free text, kept as given. */
  text(field: string, max: number): string | undefined {
    const value = this.object[field];
    if (value === undefined) return void this.report(field, "is required");
    if (typeof value !== "string") return void this.report(field, "must be a string");
    if (value.length > max) return void this.report(field, `must be at most ${max} characters`);
    return value;
  }

  boolean(field: string, fallback?: boolean): boolean | undefined {
    const value = this.object[field];
    if (value === undefined && fallback !== undefined) return fallback;
    if (value === undefined) return void this.report(field, "is required");
    if (typeof value !== "boolean") return void this.report(field, "must be true or false");
    return value;
  }

  oneOf<T extends string>(field: string, values: readonly T[]): T | undefined {
    const value = this.object[field];
    if (value === undefined) return void this.report(field, "is required");
    if (typeof value !== "string" || !values.includes(value as T)) {
      return void this.report(field, `must be one of ${values.join(", ")}`);
    }
    return value as T;
  }

  /** An array of ids; an element that is not a UUID is reported and left out. */
  uuidList(field: string): { ids: { id: string; index: number }[] } | undefined {
    const value = this.object[field];
    if (value === undefined) return void this.report(field, "is required");
    if (!Array.isArray(value)) return void this.report(field, "must be an array of ids");
    const ids: { id: string; index: number }[] = [];
    value.forEach((element, index) => {
      const id = checkUuid(element, `${this.at(field)}[${index}]`, this.problems);
      if (id !== undefined) ids.push({ id, index });
    });
    return { ids };
  }
}

function checkUuid(value: unknown, path: string, problems: WorldProblem[]): string | undefined {
  if (typeof value !== "string" || !UUID_FORMAT.test(value)) {
    problems.push({ path, message: "must be a UUID" });
    return undefined;
  }
  return value.toLowerCase();
}

/** Entities as read, before the cross-checks; a field is undefined when it was reported. */
type Read<T> = { [K in keyof T]: T[K] | undefined } & { path: string };

interface ReadCustomer extends Read<Omit<WorldCustomer, "apiKeys">> {
  apiKeys: { key: string; index: number }[];
}
interface ReadPackage extends Read<Omit<WorldPackage, "draft">> {
  /** Undefined when any part of the package was reported. */
  draft: PackageDraft | undefined;
  nameKey: string | undefined;
  offerIds: { id: string; index: number }[];
  eligible: "ALL" | { id: string; index: number }[] | undefined;
}

/** Indexes entities by id; a repeated id is a problem at the later occurrence. */
function indexById<T extends { id: string | undefined; path: string }>(
  entities: readonly T[],
  problems: WorldProblem[],
): Map<string, T> {
  const byId = new Map<string, T>();
  for (const entity of entities) {
    if (entity.id === undefined) continue;
    const first = byId.get(entity.id);
    if (first) problems.push({ path: `${entity.path}.id`, message: `duplicate id: also used by ${first.path}` });
    else byId.set(entity.id, entity);
  }
  return byId;
}

/**
 * Checks a parsed world file (SPEC section 6) and returns the world ready to insert, or every
 * problem found, each at its JSON path.
 */
export function checkWorld(json: unknown): { ok: true; world: World } | { ok: false; problems: WorldProblem[] } {
  const problems: WorldProblem[] = [];
  if (!isObject(json)) return { ok: false, problems: [{ path: "$", message: "a world file is a JSON object" }] };
  for (const key of Object.keys(json)) {
    if (!(WORLD_KEYS as readonly string[]).includes(key)) {
      problems.push({ path: `$${fieldPath(key)}`, message: `unknown key; expected ${WORLD_KEYS.join(", ")}` });
    }
  }
  /** The objects of one top-level array, each with a reader; missing means empty. */
  const readers = (key: WorldKey, fields: readonly string[]): FieldReader[] => {
    const value = json[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.push({ path: `$.${key}`, message: "must be an array" });
      return [];
    }
    return value.flatMap((element, index) => {
      if (isObject(element)) return [new FieldReader(element, worldPath(key, index), problems, fields)];
      problems.push({ path: worldPath(key, index), message: "must be an object" });
      return [];
    });
  };

  const customers = readers("customers", ["id", "name", "parentId", "allowOfferDelegation", "apiKeys"]).map(
    readCustomer,
  );
  const offers = readers("offers", ["id", "name", "ownerId", "kind", "poolCustomerId"]).map(readOffer);
  const packages = readers("packages", [
    "id",
    "name",
    "description",
    "ownerId",
    "nestedOfferIds",
    "eligibleSubAccountIds",
  ]).map(readPackage);
  const subscribers = readers("subscribers", ["id", "customerId", ...Object.values(IDENTIFIER_COLUMNS), "packageId"]).map(
    readSubscriber,
  );
  const configs = readers("externalParamConfigs", [
    "id",
    "ownerId",
    "name",
    "displayName",
    "description",
    "entityType",
    "isSearchable",
  ]).map(readConfig);
  const values = readers("externalParamValues", ["configId", "entityId", "value"]).map(readValue);

  const customersById = indexById(customers, problems);
  const nodes = checkCustomerTree(customers, customersById, problems);
  const facts: WorldFacts = {
    problems,
    customers: customersById,
    offers: indexById(offers, problems),
    packages: indexById(packages, problems),
    subscribers: indexById(subscribers, problems),
    configs: indexById(configs, problems),
    nodes,
    customerAt: (id, path) => {
      if (id === null || id === undefined) return undefined;
      const found = customersById.get(id);
      if (!found) problems.push({ path, message: `no customer with id ${id} in the file` });
      return found;
    },
    nodeOf: (id) => (id ? nodes.get(id) : undefined),
  };
  checkApiKeys(customers, problems);
  offers.forEach((offer) => checkOfferRefs(offer, facts));
  checkPackageRefs(packages, facts);
  checkSubscriberRefs(subscribers, facts);
  checkExternalParamRefs(configs, values, facts);

  if (problems.length > 0) return { ok: false, problems: inFileOrder(problems) };
  // No problem means every field was read: the Read<> types are complete.
  return {
    ok: true,
    world: {
      customers: customers.map(({ path, apiKeys, ...c }) => ({ ...c, apiKeys: apiKeys.map((k) => k.key) }) as WorldCustomer),
      offers: offers.map(({ path, ...o }) => o as WorldOffer),
      packages: packages.map((p) => ({ id: p.id!, ownerId: p.ownerId!, draft: p.draft! })),
      subscribers: subscribers.map(({ path, ...s }) => s as WorldSubscriber),
      externalParamConfigs: configs.map(({ path, ...c }) => c as WorldExternalParamConfig),
      externalParamValues: values.map(({ path, ...v }) => v as WorldExternalParamValue),
    },
  };
}

/** What the cross-checks know about the file: entities by id and the customer tree. */
interface WorldFacts {
  problems: WorldProblem[];
  customers: ReadonlyMap<string, ReadCustomer>;
  offers: ReadonlyMap<string, Read<WorldOffer>>;
  packages: ReadonlyMap<string, ReadPackage>;
  subscribers: ReadonlyMap<string, Read<WorldSubscriber>>;
  configs: ReadonlyMap<string, Read<WorldExternalParamConfig>>;
  nodes: ReadonlyMap<string, TreeNode>;
  /** A reference to a customer of the file; reports a dangling one. */
  customerAt(id: string | null | undefined, path: string): ReadCustomer | undefined;
  /** The customer's place in the tree; undefined when its ancestry is broken (reported there). */
  nodeOf(id: string | null | undefined): TreeNode | undefined;
}

/** SPEC section 1: a POOL plan is made for one direct sub-account of its owner; a REGULAR one for none. */
function checkOfferRefs(offer: Read<WorldOffer>, facts: WorldFacts): void {
  const { problems } = facts;
  const owner = facts.customerAt(offer.ownerId, `${offer.path}.ownerId`);
  const poolPath = `${offer.path}.poolCustomerId`;
  if (offer.kind === "REGULAR" && offer.poolCustomerId) {
    problems.push({ path: poolPath, message: "only a POOL offer has a pool customer; give null" });
  } else if (offer.kind === "POOL" && offer.poolCustomerId === null) {
    problems.push({ path: poolPath, message: "a POOL offer names the sub-account it is made for" });
  } else if (offer.kind === "POOL") {
    const pool = facts.nodeOf(facts.customerAt(offer.poolCustomerId, poolPath)?.id);
    const ownerNode = facts.nodeOf(owner?.id);
    if (pool && ownerNode && !isDirectSubAccount(ownerNode, pool)) {
      problems.push({ path: poolPath, message: "a POOL offer is made for a direct sub-account of its owner" });
    }
  }
}

/**
 * SPEC sections 1 and 2 (createPackage): nested offers are the owner's own regular offers;
 * eligible ids are its direct sub-accounts, never itself; names are unique per owner.
 */
function checkPackageRefs(packages: readonly ReadPackage[], facts: WorldFacts): void {
  const { problems } = facts;
  const names = new Map<string, string>();
  for (const pkg of packages) {
    const owner = facts.customerAt(pkg.ownerId, `${pkg.path}.ownerId`);
    for (const { id, index } of pkg.offerIds) {
      const path = `${pkg.path}.nestedOfferIds[${index}]`;
      const offer = facts.offers.get(id);
      if (!offer) problems.push({ path, message: `no offer with id ${id} in the file` });
      else if (owner && offer.ownerId !== undefined && offer.ownerId !== owner.id) {
        problems.push({ path, message: "a package holds only offers of its own owner" });
      } else if (offer.kind === "POOL") {
        problems.push({ path, message: "a pool plan cannot be in a package" });
      }
    }
    if (Array.isArray(pkg.eligible)) {
      const ownerNode = facts.nodeOf(owner?.id);
      for (const { id, index } of pkg.eligible) {
        const path = `${pkg.path}.eligibleSubAccountIds[${index}]`;
        const customer = facts.nodeOf(facts.customerAt(id, path)?.id);
        if (!customer || !ownerNode) continue;
        if (customer.id === ownerNode.id) problems.push({ path, message: "the owner itself is never eligible" });
        else if (!isDirectSubAccount(ownerNode, customer)) {
          problems.push({ path, message: "only a direct sub-account of the owner can be eligible" });
        }
      }
    }
    if (owner && pkg.nameKey !== undefined) {
      const key = JSON.stringify([owner.id, pkg.nameKey]);
      const first = names.get(key);
      if (first) {
        problems.push({ path: `${pkg.path}.name`, message: `the owner already has a package with this name at ${first}` });
      } else names.set(key, pkg.path);
    }
  }
}

/**
 * SPEC sections 1 and 4: each identifier is unique; a package comes from the customer's parent
 * and the customer is eligible for it (what attaching through the API requires).
 */
function checkSubscriberRefs(subscribers: readonly Read<WorldSubscriber>[], facts: WorldFacts): void {
  const { problems } = facts;
  const identifiers = new Map<string, string>();
  for (const subscriber of subscribers) {
    for (const type of IDENTIFIER_TYPES) {
      const column = IDENTIFIER_COLUMNS[type];
      const value = subscriber[column];
      if (!value) continue;
      const first = identifiers.get(`${type}/${value}`);
      if (first) problems.push({ path: `${subscriber.path}.${column}`, message: `${type} ${value} is also used by ${first}` });
      else identifiers.set(`${type}/${value}`, subscriber.path);
    }
    const customer = facts.nodeOf(facts.customerAt(subscriber.customerId, `${subscriber.path}.customerId`)?.id);
    if (!subscriber.packageId) continue;
    const path = `${subscriber.path}.packageId`;
    const pkg = facts.packages.get(subscriber.packageId);
    if (!pkg) {
      problems.push({ path, message: `no package with id ${subscriber.packageId} in the file` });
      continue;
    }
    if (!customer || !pkg.ownerId || !facts.customers.has(pkg.ownerId) || !pkg.eligible) continue;
    const eligibility: PackageFacts = {
      id: subscriber.packageId,
      ownerId: pkg.ownerId,
      eligibleAll: pkg.eligible === "ALL",
      eligibleCustomerIds: pkg.eligible === "ALL" ? [] : pkg.eligible.map((e) => e.id),
      offerIds: pkg.offerIds.map((o) => o.id),
    };
    if (customer.parentId !== pkg.ownerId) {
      problems.push({ path, message: "a subscriber gets only a package of its customer's parent" });
    } else if (!isEligible(eligibility, customer)) {
      problems.push({ path, message: "the subscriber's customer is not eligible for this package" });
    }
  }
}

/**
 * SPEC sections 1 and 2 (externalParamsConfig): a config name is unique per owner and entity
 * type; a value sits on an entity the config's owner owns (ownsEntity), once per config.
 */
function checkExternalParamRefs(
  configs: readonly Read<WorldExternalParamConfig>[],
  values: readonly Read<WorldExternalParamValue>[],
  facts: WorldFacts,
): void {
  const { problems } = facts;
  const names = new Map<string, string>();
  for (const config of configs) {
    const owner = facts.customerAt(config.ownerId, `${config.path}.ownerId`);
    if (!owner || config.name === undefined || config.entityType === undefined) continue;
    const key = JSON.stringify([owner.id, config.entityType, config.name]);
    const first = names.get(key);
    if (first) {
      problems.push({
        path: `${config.path}.name`,
        message: `the owner already has a ${config.entityType} param with this name at ${first}`,
      });
    } else names.set(key, config.path);
  }

  /** Where an entity hangs from, as ownsEntity expects: null when it is not in the file. */
  const anchorOf = (entityType: EntityType, id: string): EntityAnchor | undefined => {
    const anchor = (kind: "holder" | "owner", customerId: string | undefined): EntityAnchor | undefined => {
      const customer = facts.nodeOf(customerId);
      return customer ? { kind, customer } : undefined;
    };
    switch (entityType) {
      case "CUSTOMER":
        return facts.customers.has(id) ? anchor("holder", id) : null;
      case "SUBSCRIBER":
        return facts.subscribers.has(id) ? anchor("holder", facts.subscribers.get(id)!.customerId) : null;
      case "OFFER":
        return facts.offers.has(id) ? anchor("owner", facts.offers.get(id)!.ownerId) : null;
      case "PACKAGE":
        return facts.packages.has(id) ? anchor("owner", facts.packages.get(id)!.ownerId) : null;
    }
  };
  const seen = new Map<string, string>();
  for (const value of values) {
    if (value.configId === undefined) continue;
    const config = facts.configs.get(value.configId);
    if (!config) {
      problems.push({
        path: `${value.path}.configId`,
        message: `no external param config with id ${value.configId} in the file`,
      });
      continue;
    }
    if (value.entityId === undefined) continue;
    const key = `${config.id}/${value.entityId}`;
    const first = seen.get(key);
    if (first) problems.push({ path: value.path, message: `this entity already has a value for this config at ${first}` });
    else seen.set(key, value.path);
    const owner = facts.nodeOf(config.ownerId);
    if (!config.entityType || !owner) continue;
    const anchor = anchorOf(config.entityType, value.entityId);
    const path = `${value.path}.entityId`;
    if (anchor === null) {
      problems.push({ path, message: `no ${config.entityType} with id ${value.entityId} in the file` });
    } else if (anchor && !ownsEntity(owner, anchor)) {
      problems.push({ path, message: `the config's owner does not own this ${config.entityType}` });
    }
  }
}

/**
 * Problems grouped by entity in file order (top-level problems first), each entity's own
 * problems in the order they were found, so that a report reads like the file.
 */
function inFileOrder(problems: WorldProblem[]): WorldProblem[] {
  const place = (path: string): [number, number] => {
    const match = /^\$\.(\w+)\[(\d+)\]/.exec(path);
    const rank = match ? (WORLD_KEYS as readonly string[]).indexOf(match[1]!) : -1;
    return rank < 0 ? [-1, 0] : [rank, Number(match![2])];
  };
  return problems
    .map((problem, found) => ({ problem, found, place: place(problem.path) }))
    .sort((a, b) => a.place[0] - b.place[0] || a.place[1] - b.place[1] || a.found - b.found)
    .map((p) => p.problem);
}

function readCustomer(r: FieldReader): ReadCustomer {
  const apiKeys: { key: string; index: number }[] = [];
  const keys = r.raw("apiKeys");
  if (keys !== undefined && !Array.isArray(keys)) r.report("apiKeys", "must be an array of API keys");
  if (Array.isArray(keys)) {
    keys.forEach((key: unknown, index) => {
      if (typeof key === "string" && API_KEY_FORMAT.test(key)) apiKeys.push({ key, index });
      else r.reportAt(`${r.at("apiKeys")}[${index}]`, "an API key is 20 to 128 characters of A-Z, a-z, 0-9, _ and -");
    });
  }
  return {
    path: r.path,
    id: r.uuid("id"),
    name: r.name("name", CUSTOMER_NAME_MAX),
    parentId: r.optionalUuid("parentId"),
    allowOfferDelegation: r.boolean("allowOfferDelegation", false),
    apiKeys,
  };
}

function readOffer(r: FieldReader): Read<WorldOffer> {
  return {
    path: r.path,
    id: r.uuid("id"),
    name: r.name("name", OFFER_NAME_MAX),
    ownerId: r.uuid("ownerId"),
    kind: r.oneOf("kind", ["REGULAR", "POOL"] as const),
    poolCustomerId: r.optionalUuid("poolCustomerId"),
  };
}

/**
 * A package's shape goes through readPackageInput, the rule createPackage applies (name,
 * description, 1 to 50 distinct offers, distinct eligible ids), so both refuse the same packages.
 */
function readPackage(r: FieldReader): ReadPackage {
  const name = r.raw("name");
  if (name === undefined) r.report("name", "is required");
  else if (typeof name !== "string") r.report("name", "must be a string");
  const description = r.raw("description");
  const descriptionOk = description === undefined || description === null || typeof description === "string";
  if (!descriptionOk) r.report("description", "must be a string or null");
  const offers = r.uuidList("nestedOfferIds");
  let eligible: ReadPackage["eligible"];
  const rawEligible = r.raw("eligibleSubAccountIds");
  if (rawEligible === undefined) r.report("eligibleSubAccountIds", "is required");
  else if (rawEligible === "ALL") eligible = "ALL";
  else if (Array.isArray(rawEligible)) eligible = r.uuidList("eligibleSubAccountIds")!.ids;
  else r.report("eligibleSubAccountIds", 'must be "ALL" or an array of ids');

  // Elements and fields already reported get stand-ins that pass, so that readPackageInput
  // reports only the rest and array indexes still match the file.
  const aligned = (list: { id: string; index: number }[], length: number) => {
    const byIndex = new Map(list.map(({ id, index }) => [index, id]));
    return Array.from({ length }, (_, index) => byIndex.get(index) ?? `reported:${index}`);
  };
  const rawOffers = r.raw("nestedOfferIds");
  const decision = readPackageInput(
    {
      name: typeof name === "string" ? name : "reported",
      description: typeof description === "string" ? description : null,
      nestedOfferIds: offers && Array.isArray(rawOffers) ? aligned(offers.ids, rawOffers.length) : ["reported"],
      eligibleSubAccounts: Array.isArray(eligible)
        ? { ids: aligned(eligible, (rawEligible as unknown[]).length) }
        : { all: true },
    },
    r.path,
  );
  const eligiblePath = `${r.path}.eligibleSubAccounts`;
  for (const issue of issuesOf(decision)) {
    const path = issue.path.startsWith(eligiblePath)
      ? `${r.path}.eligibleSubAccountIds${issue.path.slice(eligiblePath.length).replace(/^\.(ids|all)/, "")}`
      : issue.path;
    r.reportAt(path, issue.message);
  }
  const complete = typeof name === "string" && descriptionOk && offers !== undefined && eligible !== undefined;
  const nameOk = typeof name === "string" && !issuesOf(decision).some((i) => i.path === `${r.path}.name`);
  return {
    path: r.path,
    id: r.uuid("id"),
    ownerId: r.uuid("ownerId"),
    nameKey: nameOk ? packageNameKey(name) : undefined,
    draft: complete && decision.ok ? decision.value : undefined,
    offerIds: offers?.ids ?? [],
    eligible,
  };
}

function readSubscriber(r: FieldReader): Read<WorldSubscriber> {
  const identifiers = {} as Record<IdentifierColumn, string | null | undefined>;
  for (const type of IDENTIFIER_TYPES) {
    const column = IDENTIFIER_COLUMNS[type];
    const raw = r.raw(column);
    if (raw === undefined || raw === null) identifiers[column] = null;
    else if (typeof raw !== "string") {
      r.report(column, "must be a string or null");
      identifiers[column] = undefined;
    } else {
      const checked = normalizeIdentifier(type, raw);
      if (!checked.ok) r.report(column, checked.reason);
      identifiers[column] = checked.ok ? checked.value : undefined;
    }
  }
  if (Object.values(IDENTIFIER_COLUMNS).every((column) => !r.has(column))) {
    r.report(null, `a subscriber needs at least one identifier: ${Object.values(IDENTIFIER_COLUMNS).join(", ")}`);
  }
  return {
    path: r.path,
    id: r.uuid("id"),
    customerId: r.uuid("customerId"),
    ...identifiers,
    packageId: r.optionalUuid("packageId"),
  };
}

function readConfig(r: FieldReader): Read<WorldExternalParamConfig> {
  return {
    path: r.path,
    id: r.uuid("id"),
    ownerId: r.uuid("ownerId"),
    name: r.name("name", PARAM_NAME_MAX),
    displayName: r.optionalText("displayName", PARAM_NAME_MAX),
    description: r.optionalText("description", PARAM_DESCRIPTION_MAX),
    entityType: r.oneOf("entityType", ENTITY_TYPES),
    isSearchable: r.boolean("isSearchable"),
  };
}

function readValue(r: FieldReader): Read<WorldExternalParamValue> {
  return {
    path: r.path,
    configId: r.uuid("configId"),
    entityId: r.uuid("entityId"),
    value: r.text("value", PARAM_VALUE_MAX),
  };
}

/**
 * The customer tree (SPEC section 1): every parent is a customer of the file and no chain of
 * parents loops. Returns the place in the tree of each customer whose ancestry is sound.
 */
function checkCustomerTree(
  customers: readonly ReadCustomer[],
  byId: ReadonlyMap<string, ReadCustomer>,
  problems: WorldProblem[],
): Map<string, TreeNode> {
  for (const customer of customers) {
    if (customer.parentId && !byId.has(customer.parentId)) {
      problems.push({ path: `${customer.path}.parentId`, message: `no customer with id ${customer.parentId} in the file` });
    }
  }
  const nodes = new Map<string, TreeNode>();
  const broken = new Set<string>();
  for (const customer of byId.values()) {
    // Walk up to a root or to a customer already placed, then place the chain top-down.
    const chain: ReadCustomer[] = [];
    let current = customer;
    let top: { path: string } | undefined;
    for (;;) {
      const id = current.id!;
      const known = nodes.get(id);
      if (known) {
        top = known;
        break;
      }
      if (broken.has(id)) break;
      const loopStart = chain.findIndex((c) => c.id === id);
      if (loopStart >= 0) {
        const loop = chain.slice(loopStart);
        for (const member of loop) {
          problems.push({
            path: `${member.path}.parentId`,
            message:
              loop.length === 1
                ? "a customer cannot be its own parent"
                : `the parent chain loops through ${loop.map((c) => c.path).join(", ")}`,
          });
        }
        break;
      }
      chain.push(current);
      if (current.parentId === null) {
        top = { path: "/" };
        break;
      }
      const parent = current.parentId === undefined ? undefined : byId.get(current.parentId);
      if (!parent) break;
      current = parent;
    }
    if (!top) {
      for (const c of chain) broken.add(c.id!);
      continue;
    }
    // The chain runs from the customer up; its last element hangs from top.
    let parentPath = top.path;
    for (const c of [...chain].reverse()) {
      if (nodes.has(c.id!)) continue;
      const node: TreeNode = { id: c.id!, parentId: c.parentId ?? null, path: `${parentPath}${c.id}/` };
      nodes.set(node.id, node);
      parentPath = node.path;
    }
  }
  return nodes;
}

/** API keys identify one customer each: a key given twice anywhere in the file is a problem. */
function checkApiKeys(customers: readonly ReadCustomer[], problems: WorldProblem[]): void {
  const seen = new Map<string, string>();
  for (const customer of customers) {
    for (const { key, index } of customer.apiKeys) {
      const path = `${customer.path}.apiKeys[${index}]`;
      const first = seen.get(key);
      // The key itself is a secret: the message names only where else it appears.
      if (first) problems.push({ path, message: `this API key is also given at ${first}` });
      else seen.set(key, path);
    }
  }
}
