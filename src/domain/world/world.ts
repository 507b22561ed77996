/**
 * The world file (SPEC section 6): a whole tree of customers with their offers, packages,
 * subscribers and external params, loaded all or nothing by `npm run db:load`. checkWorld
 * reads the untrusted JSON and returns either the normalized world or every problem found,
 * each with its JSON path. A world file is self-contained: every reference names an entity of
 * the same file.
 *
 * A world the loader accepts is one the API could have built, so a file is read the way the
 * API reads its input, in three steps:
 * 1. the JSON shape (types, required fields, UUIDs, enums), checked with zod: what the
 *    GraphQL input types check for the API;
 * 2. every value through the input reader of the mutation that creates such an entity
 *    (readCustomerName, readOfferInput, readPackageInput, readNewSubscriber,
 *    readExternalParamConfig, readParamValue): the same rules and messages, and each value
 *    normalized as the API stores it;
 * 3. the rules between entities: references, the customer tree, ownership, uniqueness.
 * A reader runs on an entity only when every field it is given passed step 1, and the rules
 * look only at what steps 1 and 2 accepted, so each problem is reported once.
 */
import { z } from "zod";
import { readCustomerName } from "../accounts/accounts";
import {
  ENTITY_TYPES,
  ownsEntity,
  readExternalParamConfig,
  readParamValue,
  type EntityAnchor,
  type EntityType,
} from "../external-params/external-params";
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, identifierKey, type IdentifierColumn } from "../subscribers/identifiers";
import { checkPoolCustomer, OFFER_KINDS, readOfferInput, type OfferDraft } from "../catalogue/offers";
import { packageNameKey, readPackageInput, type PackageDraft } from "../catalogue/packages";
import { issuesOf, type Decision } from "../refusals";
import { readNewSubscriber } from "../subscribers/subscribers";
import { isDirectSubAccount, isEligible, type OfferFacts, type PackageFacts, type TreeNode } from "../accounts/visibility";

export interface WorldProblem {
  /** A JSON path into the file, e.g. "$.packages[2].nestedOfferIds[1]". */
  path: string;
  message: string;
}

/**
 * What loading a checked world into a database answers: every row in, or the clashes with the
 * rows already there at their JSON paths, nothing written. Each engine's loader answers it.
 */
export type LoadWorldResult = { ok: true; counts: Record<string, number> } | { ok: false; problems: WorldProblem[] };

/** The label of the API keys a world file brings. */
export const WORLD_API_KEY_LABEL = "world file";

/** The message of a clash with a row already stored, before what it clashes with. */
export const WORLD_CONFLICT = "conflicts with data already in the database";

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
 * A checked world, ids lower-cased and every value as the API's reader returned it. Each array
 * holds the file's array in file order, so element i is at worldPath(key, i).
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

/** API keys are opaque bearer tokens: long enough to be unguessable, safe in a header. */
export const API_KEY_FORMAT = /^[A-Za-z0-9_-]{20,128}$/;
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The JSON path of an element of a world array, or of one of its fields. */
export function worldPath(key: WorldKey, index: number, field?: string): string {
  return `$.${key}[${index}]${field === undefined ? "" : fieldPath(field)}`;
}

function fieldPath(name: string): string {
  return PLAIN_KEY.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** A path below `base`, as zod gives it (keys and array indexes). */
function jsonPath(base: string, path: readonly (string | number)[]): string {
  return base + path.map((step) => (typeof step === "number" ? `[${step}]` : fieldPath(step))).join("");
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// Step 1, the JSON shape. Each schema carries the messages a world file's author reads.

const REQUIRED = "is required";
const NOT_UUID = "must be a UUID";
const API_KEY_RULE = "an API key is 20 to 128 characters of A-Z, a-z, 0-9, _ and -";

const text = z.string({ required_error: REQUIRED, invalid_type_error: "must be a string" });
/** Missing and null both mean "none". */
const optionalText = z
  .string({ invalid_type_error: "must be a string or null" })
  .nullish()
  .transform((value) => value ?? null);
const uuid = z.string({ required_error: REQUIRED, invalid_type_error: NOT_UUID }).uuid(NOT_UUID);
/** Ids are kept lower-case, so that a reference finds its entity whatever the case. */
const id = uuid.transform((value) => value.toLowerCase());
/** A nullable id: missing and null both mean "none". */
const optionalId = uuid.nullish().transform((value) => value?.toLowerCase() ?? null);
const ids = z.array(id, { required_error: REQUIRED, invalid_type_error: "must be an array of ids" });
const flag = z.boolean({ required_error: REQUIRED, invalid_type_error: "must be true or false" });

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const message = `must be one of ${values.join(", ")}`;
  return z.enum(values, { errorMap: (_issue, ctx) => ({ message: ctx.data === undefined ? REQUIRED : message }) });
}

/** One element of a world array: an object with exactly these fields. */
function entity<S extends z.ZodRawShape>(shape: S) {
  return z
    .object(shape, { invalid_type_error: "must be an object" })
    .strict(`unknown field; expected ${Object.keys(shape).join(", ")}`);
}

const customerShape = entity({
  id,
  name: text,
  parentId: optionalId,
  allowOfferDelegation: flag.default(false),
  apiKeys: z
    .array(z.string({ invalid_type_error: API_KEY_RULE }).regex(API_KEY_FORMAT, API_KEY_RULE), {
      invalid_type_error: "must be an array of API keys",
    })
    .default([]),
});

const offerShape = entity({
  id,
  name: text,
  ownerId: id,
  kind: oneOf(OFFER_KINDS),
  poolCustomerId: optionalId,
});

const ALL_OR_IDS = 'must be "ALL" or an array of ids';
/** createPackage's input (name, description, nestedOfferIds, eligibility), then where it sits. */
const packageShape = entity({
  name: text,
  description: optionalText,
  nestedOfferIds: ids,
  eligibleSubAccountIds: z.union([z.literal("ALL"), ids], {
    errorMap: (issue, ctx) => ({
      message: ctx.data === undefined ? REQUIRED : issue.code === "invalid_union" ? ALL_OR_IDS : ctx.defaultError,
    }),
  }),
  id,
  ownerId: id,
});

const IDENTIFIER_COLUMN_LIST = IDENTIFIER_TYPES.map((type) => IDENTIFIER_COLUMNS[type]);
const identifierShapes = Object.fromEntries(IDENTIFIER_COLUMN_LIST.map((column) => [column, optionalText])) as Record<
  IdentifierColumn,
  typeof optionalText
>;

const subscriberShape = entity({
  id,
  customerId: id,
  ...identifierShapes,
  packageId: optionalId,
});

const configShape = entity({
  id,
  ownerId: id,
  name: text,
  displayName: optionalText,
  description: optionalText,
  entityType: oneOf(ENTITY_TYPES),
  isSearchable: flag,
});

const valueShape = entity({ configId: id, entityId: id, value: text });

/** A missing array means an empty one. */
const list = z.array(z.unknown(), { invalid_type_error: "must be an array" }).default([]);
const worldShape = z
  .object(
    {
      customers: list,
      offers: list,
      packages: list,
      subscribers: list,
      externalParamConfigs: list,
      externalParamValues: list,
    } satisfies Record<WorldKey, typeof list>,
    { invalid_type_error: "a world file is a JSON object" },
  )
  .strict(`unknown key; expected ${WORLD_KEYS.join(", ")}`);

/** The fields of an object as its schema read them; a field is undefined when it was reported. */
type Fields<S extends z.ZodRawShape> = { [K in keyof S]?: z.output<S[K]> };

/**
 * Checks one JSON object against its schema and reports each issue at its path. When the
 * object as a whole fails, each field is read on its own, so that the fields that passed can
 * still be checked by the next steps.
 */
function readShape<S extends z.ZodRawShape>(
  schema: z.ZodObject<S, "strict">,
  value: unknown,
  path: string,
  problems: WorldProblem[],
): Fields<S> | undefined {
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data as Fields<S>;
  problems.push(...problemsOf(whole.error, path));
  if (!isObject(value)) return undefined;
  const fields: Fields<S> = {};
  for (const key of Object.keys(schema.shape) as (keyof S & string)[]) {
    const field = (schema.shape[key] as z.ZodTypeAny).safeParse(value[key]);
    if (field.success) fields[key] = field.data;
  }
  return fields;
}

/**
 * zod's issues as problems: one per unknown key, each at its path. Unknown keys come first
 * within an object: a misspelt key is often why a required one is missing.
 */
function problemsOf(error: z.ZodError, base: string): WorldProblem[] {
  const issues = error.issues.flatMap(matchedBranch);
  const unknownFirst = [
    ...issues.filter((issue) => issue.code === "unrecognized_keys"),
    ...issues.filter((issue) => issue.code !== "unrecognized_keys"),
  ];
  return unknownFirst.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: jsonPath(base, [...issue.path, key]), message: issue.message }))
      : [{ path: jsonPath(base, issue.path), message: issue.message }],
  );
}

/**
 * A value that matched no branch of a union: when exactly one branch accepted its type (its
 * issues all lie inside the value, e.g. one bad id in an array), those issues say what is wrong.
 */
function matchedBranch(issue: z.ZodIssue): z.ZodIssue[] {
  if (issue.code !== "invalid_union") return [issue];
  const depth = issue.path.length;
  const matched = issue.unionErrors.filter((branch) => branch.issues.every((i) => i.path.length > depth));
  return matched.length === 1 ? matched[0]!.issues.flatMap(matchedBranch) : [issue];
}

// Step 2, the API's readers.

/**
 * What an API reader accepted; when it refuses, each of its input issues becomes a problem.
 * The readers are called with the entity's JSON path as their prefix, so an issue's path is
 * already a path into the file (`at` renames the few input fields a world file spells otherwise).
 */
function accepted<T>(
  decision: Decision<T>,
  path: string,
  problems: WorldProblem[],
  at: (issuePath: string) => string = (issuePath) => issuePath,
): T | undefined {
  if (decision.ok) return decision.value;
  const issues = issuesOf(decision);
  if (issues.length === 0) problems.push({ path, message: `refused: ${decision.refusal.type}` });
  for (const issue of issues) problems.push({ path: at(issue.path), message: issue.message });
  return undefined;
}

/** All the fields given, or undefined when one was reported by the shape. */
function all<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T | undefined {
  return Object.values(fields).every((value) => value !== undefined) ? (fields as T) : undefined;
}

/** Entities as read, before the cross-checks; a field is undefined when it was reported. */
type Read<T> = Partial<T> & { path: string };

type ReadCustomer = Read<WorldCustomer>;

interface ReadOffer extends Read<WorldOffer> {
  /** What readOfferInput accepted: name, kind and pool customer as stored. */
  draft: OfferDraft | undefined;
}

interface ReadPackage extends Read<Omit<WorldPackage, "draft">> {
  /** What readPackageInput accepted. */
  draft: PackageDraft | undefined;
  /** Set when the name passed, even if another part of the package did not. */
  nameKey: string | undefined;
  offerIds: { id: string; index: number }[];
  eligible: "ALL" | { id: string; index: number }[] | undefined;
}

/** createSubCustomer's reader on the name; the rest is the customer's place in the file. */
function readCustomer(fields: Fields<typeof customerShape.shape>, path: string, problems: WorldProblem[]): ReadCustomer {
  const { name, ...rest } = fields;
  return {
    ...rest,
    path,
    name: name === undefined ? undefined : accepted(readCustomerName(name, `${path}.name`), path, problems),
  };
}

/** createOffer's reader: name, kind, and a pool customer for a POOL offer only. */
function readOffer(fields: Fields<typeof offerShape.shape>, path: string, problems: WorldProblem[]): ReadOffer {
  const input = all({ name: fields.name, kind: fields.kind, poolCustomerId: fields.poolCustomerId });
  const draft = input && accepted(readOfferInput(input, path), path, problems);
  return { path, id: fields.id, ownerId: fields.ownerId, kind: fields.kind, poolCustomerId: fields.poolCustomerId, name: draft?.name, draft };
}

/**
 * createPackage's reader (name, description, 1 to 50 distinct offers, distinct eligible ids).
 * The file writes eligibility as "ALL" or the list of ids, which the API takes as
 * { all: true } or { ids }.
 */
function readPackage(fields: Fields<typeof packageShape.shape>, path: string, problems: WorldProblem[]): ReadPackage {
  const { name, description, nestedOfferIds, eligibleSubAccountIds: eligible } = fields;
  const input = all({ name, description, nestedOfferIds, eligible });
  let draft: PackageDraft | undefined;
  let nameKey: string | undefined;
  if (input) {
    const decision = readPackageInput(
      {
        name: input.name,
        description: input.description,
        nestedOfferIds: input.nestedOfferIds,
        eligibleSubAccounts: input.eligible === "ALL" ? { all: true } : { ids: input.eligible },
      },
      path,
    );
    const eligiblePath = `${path}.eligibleSubAccounts`;
    draft = accepted(decision, path, problems, (issuePath) =>
      issuePath.startsWith(eligiblePath)
        ? `${path}.eligibleSubAccountIds${issuePath.slice(eligiblePath.length).replace(/^\.(ids|all)/, "")}`
        : issuePath,
    );
    const nameRefused = issuesOf(decision).some((issue) => issue.path === `${path}.name`);
    nameKey = nameRefused ? undefined : packageNameKey(input.name);
  }
  const indexed = (list: readonly string[]) => list.map((id, index) => ({ id, index }));
  return {
    path,
    id: fields.id,
    ownerId: fields.ownerId,
    draft,
    nameKey,
    offerIds: indexed(nestedOfferIds ?? []),
    eligible: eligible === undefined || eligible === "ALL" ? eligible : indexed(eligible),
  };
}

/** createSubscribers' reader: at least one identifier, each valid for its type, normalized. */
function readSubscriber(fields: Fields<typeof subscriberShape.shape>, path: string, problems: WorldProblem[]): Read<WorldSubscriber> {
  const { id, customerId, packageId } = fields;
  const given = Object.fromEntries(IDENTIFIER_COLUMN_LIST.map((column) => [column, fields[column]]));
  const input = all({ customerId, ...(given as Record<IdentifierColumn, string | null | undefined>) });
  const read = input && accepted(readNewSubscriber(input, path), path, problems);
  if (!read) return { path, id, customerId, packageId };
  const identifiers = Object.fromEntries(IDENTIFIER_COLUMN_LIST.map((column) => [column, null])) as Record<IdentifierColumn, string | null>;
  for (const { type, value } of read.identifiers) identifiers[IDENTIFIER_COLUMNS[type]] = value;
  return { path, id, customerId, packageId, ...identifiers };
}

/** createExternalParamConfig's reader: the name's form and length, optional texts trimmed. */
function readConfig(
  fields: Fields<typeof configShape.shape>,
  path: string,
  problems: WorldProblem[],
): Read<WorldExternalParamConfig> {
  const { name, displayName, description, ...rest } = fields;
  const input = all({ name, displayName, description, entityType: rest.entityType, isSearchable: rest.isSearchable });
  const draft = input && accepted(readExternalParamConfig(input, path), path, problems);
  return { path, ...rest, name: draft?.name, displayName: draft?.displayName, description: draft?.description };
}

/** setExternalParamValue's reader: 1 to 1000 characters. */
function readValue(fields: Fields<typeof valueShape.shape>, path: string, problems: WorldProblem[]): Read<WorldExternalParamValue> {
  const { value, ...rest } = fields;
  return { path, ...rest, value: value === undefined ? undefined : accepted(readParamValue(value, `${path}.value`), path, problems) };
}

/** Indexes entities by id; a repeated id is a problem at the later occurrence. */
function indexById<T extends { id?: string | undefined; path: string }>(
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

/** A read entity without its path; only called once no problem was found, so every field is there. */
const complete = <T>({ path, ...entity }: Read<T>): T => entity as T;

/**
 * Checks a parsed world file (SPEC section 6) and returns the world ready to insert, or every
 * problem found, each at its JSON path.
 */
export function checkWorld(json: unknown): { ok: true; world: World } | { ok: false; problems: WorldProblem[] } {
  const problems: WorldProblem[] = [];
  const top = readShape(worldShape, json, "$", problems);
  if (!top) return { ok: false, problems };

  /** Each object of one top-level array, through its shape and then its reader. */
  const readAll = <S extends z.ZodRawShape, R>(
    key: WorldKey,
    schema: z.ZodObject<S, "strict">,
    read: (fields: Fields<S>, path: string, problems: WorldProblem[]) => R,
  ): R[] =>
    (top[key] ?? []).flatMap((element, index) => {
      const path = worldPath(key, index);
      const fields = readShape(schema, element, path, problems);
      return fields ? [read(fields, path, problems)] : [];
    });

  const customers = readAll("customers", customerShape, readCustomer);
  const offers = readAll("offers", offerShape, readOffer);
  const packages = readAll("packages", packageShape, readPackage);
  const subscribers = readAll("subscribers", subscriberShape, readSubscriber);
  const configs = readAll("externalParamConfigs", configShape, readConfig);
  const values = readAll("externalParamValues", valueShape, readValue);

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
  return {
    ok: true,
    world: {
      customers: customers.map((c) => complete<WorldCustomer>(c)),
      offers: offers.map((o) => ({ id: o.id!, ownerId: o.ownerId!, ...o.draft! })),
      packages: packages.map((p) => ({ id: p.id!, ownerId: p.ownerId!, draft: p.draft! })),
      subscribers: subscribers.map((s) => complete<WorldSubscriber>(s)),
      externalParamConfigs: configs.map((c) => complete<WorldExternalParamConfig>(c)),
      externalParamValues: values.map((v) => complete<WorldExternalParamValue>(v)),
    },
  };
}

/** What the cross-checks know about the file: entities by id and the customer tree. */
interface WorldFacts {
  problems: WorldProblem[];
  customers: ReadonlyMap<string, ReadCustomer>;
  offers: ReadonlyMap<string, ReadOffer>;
  packages: ReadonlyMap<string, ReadPackage>;
  subscribers: ReadonlyMap<string, Read<WorldSubscriber>>;
  configs: ReadonlyMap<string, Read<WorldExternalParamConfig>>;
  nodes: ReadonlyMap<string, TreeNode>;
  /** A reference to a customer of the file; reports a dangling one. */
  customerAt(id: string | null | undefined, path: string): ReadCustomer | undefined;
  /** The customer's place in the tree; undefined when its ancestry is broken (reported there). */
  nodeOf(id: string | null | undefined): TreeNode | undefined;
}

/**
 * createOffer's rule (SPEC section 1, checkPoolCustomer): a POOL plan is made for one direct
 * sub-account of its owner. Whether an offer names a pool customer at all is readOfferInput's.
 */
function checkOfferRefs(offer: ReadOffer, facts: WorldFacts): void {
  const owner = facts.customerAt(offer.ownerId, `${offer.path}.ownerId`);
  if (!offer.draft?.poolCustomerId) return;
  const path = `${offer.path}.poolCustomerId`;
  const pool = facts.nodeOf(facts.customerAt(offer.draft.poolCustomerId, path)?.id);
  const ownerNode = facts.nodeOf(owner?.id);
  if (pool && ownerNode && !checkPoolCustomer(ownerNode, offer.draft, pool).ok) {
    facts.problems.push({ path, message: "a POOL offer is made for a direct sub-account of its owner" });
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
      // An IMEI's 14- and 15-digit forms are one device: compared by key.
      const key = `${type}/${identifierKey({ type, value })}`;
      const first = identifiers.get(key);
      if (first) problems.push({ path: `${subscriber.path}.${column}`, message: `${type} ${value} is also used by ${first}` });
      else identifiers.set(key, subscriber.path);
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
    if (!isDirectSubAccount({ id: pkg.ownerId }, customer)) {
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
    for (const [index, key] of (customer.apiKeys ?? []).entries()) {
      const path = `${customer.path}.apiKeys[${index}]`;
      const first = seen.get(key);
      // The key itself is a secret: the message names only where else it appears.
      if (first) problems.push({ path, message: `this API key is also given at ${first}` });
      else seen.set(key, path);
    }
  }
}
