/**
 * Generated sweeps over the whole API: one valid call per query and mutation (as customer RA
 * of the test world), documents whose selections cover every field of the result (so a
 * comparison sees everything), and a walk over every leaf of the arguments.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import type { IsolationIds } from "./sweep-setup";
import { C, O, P, S, X, type CustomerName } from "./world";

export interface Baseline {
  kind: "query" | "mutation";
  field: string;
  args: Record<string, unknown>;
}

/** Ids made at run time by the sweep's setup (a request, an offer instance, a spare key). */
export interface MadeIds {
  requestId: string;
  subscriberOfferId: string;
  spareApiKeyId: string;
  packagesCursor: string;
  configsCursor: string;
  searchCursor: string;
}

/** A valid call of every query and mutation, for customer RA. */
export function baselines(made: MadeIds): Baseline[] {
  const key = { idempotencyKey: "sweep-idempotency-key" };
  const imsi = (value: string) => ({ type: "IMSI", value });
  return [
    { kind: "query", field: "customer", args: { id: C.EA1 } },
    { kind: "query", field: "subscriber", args: { identifier: imsi(S.EA1_1.imsi) } },
    { kind: "query", field: "request", args: { id: made.requestId } },
    { kind: "query", field: "node", args: { id: C.EA1 } },
    { kind: "query", field: "nodes", args: { ids: [C.EA1, O.RA_REG1, made.subscriberOfferId] } },
    { kind: "query", field: "myPackages", args: { customerId: C.EA1, first: 1, after: made.packagesCursor } },
    {
      kind: "query",
      field: "externalParamsConfig",
      args: { customerId: C.RA, entity: "SUBSCRIBER", entityId: S.EA1_1.id, first: 1, after: made.configsCursor },
    },
    { kind: "query", field: "subscribersByExternalParam", args: { configId: X.RA_SUBSCRIBER, value: "EXT-1", first: 1, after: made.searchCursor } },
    {
      kind: "mutation",
      field: "createPackage",
      args: {
        customerId: C.RA,
        input: { name: "Sweep package", description: "d", nestedOfferIds: [O.RA_REG1, O.RA_REG2], eligibleSubAccounts: { ids: [C.EA1] } },
        ...key,
      },
    },
    {
      kind: "mutation",
      field: "attachOffer",
      args: { input: { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG3, priority: 77, myOffer: false }, ...key },
    },
    {
      kind: "mutation",
      field: "bulkReplacePackage",
      args: {
        input: { items: [{ subscriber: imsi(S.EA1_1.imsi), currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM, myPackage: false }] },
        ...key,
      },
    },
    { kind: "mutation", field: "createSubCustomer", args: { input: { name: "Sweep Co", allowOfferDelegation: false }, ...key } },
    { kind: "mutation", field: "renameCustomer", args: { input: { customerId: C.EA1, name: "Renamed" }, ...key } },
    { kind: "mutation", field: "setOfferDelegation", args: { input: { customerId: C.EA2, allowOfferDelegation: true }, ...key } },
    { kind: "mutation", field: "createOffer", args: { input: { name: "Sweep offer", kind: "POOL", poolCustomerId: C.EA1 }, ...key } },
    {
      kind: "mutation",
      field: "updatePackage",
      args: {
        input: { packageId: P.RA_NONE, name: "Sweep name", description: "x", nestedOfferIds: [O.RA_REG2], eligibleSubAccounts: { all: true } },
        ...key,
      },
    },
    { kind: "mutation", field: "deletePackage", args: { input: { packageId: P.RA_NONE }, ...key } },
    {
      kind: "mutation",
      field: "createSubscribers",
      args: {
        input: {
          items: [
            {
              customerId: C.EA1,
              imsi: "222010000099001",
              iccid: "8935711001000099001",
              msisdn: "+4915100099001",
              imei: "35209900176148",
              imeisv: "3563450000099001",
            },
          ],
        },
        ...key,
      },
    },
    { kind: "mutation", field: "attachPackage", args: { input: { subscriber: imsi(S.EA1_3.imsi), packageId: P.RA_BASIC, myPackage: false }, ...key } },
    { kind: "mutation", field: "detachPackage", args: { input: { subscriber: imsi(S.EA1_1.imsi), packageId: P.RA_BASIC, myPackage: false }, ...key } },
    { kind: "mutation", field: "detachOffer", args: { input: { subscriberOfferId: made.subscriberOfferId, myOffer: false }, ...key } },
    {
      kind: "mutation",
      field: "createExternalParamConfig",
      args: { input: { name: "sweepParam", displayName: "Sweep", description: "d", entityType: "SUBSCRIBER", isSearchable: true }, ...key },
    },
    {
      kind: "mutation",
      field: "setExternalParamValue",
      args: { input: { configId: X.RA_SUBSCRIBER, entityId: S.EA1_1.id, value: "v" }, ...key },
    },
    { kind: "mutation", field: "clearExternalParamValue", args: { input: { configId: X.RA_SUBSCRIBER, entityId: S.EA1_1.id }, ...key } },
    { kind: "mutation", field: "createApiKey", args: { input: { label: "sweep" }, ...key } },
    { kind: "mutation", field: "revokeApiKey", args: { input: { apiKeyId: made.spareApiKeyId }, ...key } },
  ];
}

/**
 * Selects every field of a type down to a depth, skipping fields with required arguments. The
 * members of an abstract type may share a field name with different types (Customer.offers, a
 * connection, and Subscriber.offers, a list), which one selection cannot merge: those fields are
 * aliased after their member (`Customer_offers: offers`).
 */
export function selectAll(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, aliased: ReadonlySet<string> = new Set()): string {
  if (isScalarType(type) || isEnumType(type)) return "";
  if (isUnionType(type) || isInterfaceType(type)) {
    const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
    const typesByName = new Map<string, Set<string>>();
    for (const field of members.flatMap((m) => Object.values(m.getFields()))) {
      typesByName.set(field.name, (typesByName.get(field.name) ?? new Set()).add(field.type.toString()));
    }
    const clashing = new Set([...typesByName].filter(([, types]) => types.size > 1).map(([name]) => name));
    return `{ __typename ${members.map((m) => `... on ${m.name} ${selectAll(schema, m, depth, clashing)}`).join(" ")} }`;
  }
  if (!isObjectType(type)) return "";
  const parts: string[] = ["__typename"];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    const key = aliased.has(field.name) ? `${type.name}_${field.name}: ${field.name}` : field.name;
    if (isScalarType(named) || isEnumType(named)) parts.push(key);
    else if (depth > 0) parts.push(`${key} ${selectAll(schema, named, depth - 1)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

/** The document of a baseline: each argument a variable, the whole result selected. */
export function documentOf(schema: GraphQLSchema, baseline: Baseline, depth = 2): string {
  const root = baseline.kind === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  const field = root.getFields()[baseline.field]!;
  const used = field.args.filter((a) => a.name in baseline.args);
  const variables = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const args = used.map((a) => `${a.name}: $${a.name}`).join(", ");
  const selection = selectAll(schema, getNamedType(field.type), depth);
  return `${baseline.kind} Sweep${variables ? `(${variables})` : ""} { r: ${baseline.field}${args ? `(${args})` : ""} ${selection} }`;
}

export interface Leaf {
  /** Path into the variables, e.g. ["input", "items", 0, "subscriber", "value"]. */
  path: (string | number)[];
  type: GraphQLNamedType;
  nonNull: boolean;
  value: unknown;
}

/** Every leaf value in a baseline's variables, with its GraphQL input type. */
export function leavesOf(schema: GraphQLSchema, baseline: Baseline): Leaf[] {
  const root = baseline.kind === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  const field = root.getFields()[baseline.field]!;
  const leaves: Leaf[] = [];
  const walk = (value: unknown, type: GraphQLInputType, path: (string | number)[]) => {
    const nonNull = isNonNullType(type);
    const inner = getNullableType(type) as GraphQLInputType;
    if (isListType(inner)) {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, inner.ofType, [...path, i]));
      return;
    }
    if (isInputObjectType(inner)) {
      const fields = inner.getFields();
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) walk(v, fields[name]!.type, [...path, name]);
      return;
    }
    leaves.push({ path, type: inner as GraphQLNamedType, nonNull, value });
  };
  for (const arg of field.args) if (arg.name in baseline.args) walk(baseline.args[arg.name], arg.type, [arg.name]);
  return leaves;
}

/** A copy of the variables with one leaf replaced. */
export function withLeaf(args: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let node: any = copy;
  for (const step of path.slice(0, -1)) node = node[step];
  node[path[path.length - 1]!] = value;
  return copy;
}

/** A baseline made by a given customer of the test world. */
export interface Scenario extends Baseline {
  as: CustomerName;
  /** What the call does, e.g. "myPackage: true". */
  label: string;
}

/**
 * A valid call of every query and mutation for each kind of requester and mode the rules tell
 * apart: a reseller (RA) and a sub-account with a sub-account of its own (EA1), each with the
 * self-service flags off and on. The isolation sweep changes one id at a time from these.
 */
export function isolationScenarios(ids: IsolationIds): Scenario[] {
  const imsi = (value: string) => ({ type: "IMSI", value });
  const imei = { type: "IMEI", value: S.RA_1.imei };
  const imeisv = { type: "IMEISV", value: S.RA_2.imeisv };
  const q = (as: CustomerName, field: string, label: string, args: Record<string, unknown>): Scenario => ({ kind: "query", as, field, label, args });
  const m = (as: CustomerName, field: string, label: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}): Scenario => ({
    kind: "mutation",
    as,
    field,
    label,
    args: { ...extra, input },
  });
  const fresh = (n: number) => ({
    imsi: `2220100000880${n}0`,
    iccid: `893571100100008800${n}`,
    msisdn: `49151000880${n}0`,
    imei: `352099001880${n}0`,
    imeisv: `35634500000880${n}0`,
  });
  const packageChange = (as: CustomerName, field: string, subscriber: object, packageId: string, myPackage: boolean) =>
    m(as, field, `myPackage: ${myPackage}`, { subscriber, packageId, myPackage });
  const replace = (as: CustomerName, subscriber: object, currentPackageId: string, newPackageId: string, myPackage: boolean) =>
    m(as, "bulkReplacePackage", `myPackage: ${myPackage}`, { items: [{ subscriber, currentPackageId, newPackageId, myPackage }] });
  // An object of each type that the requester sees, for node and nodes; EA1's offer and
  // package are its parent's, sold to it (a Buy plan, a Buy package).
  const nodeIds = {
    RA: {
      customer: C.EA1,
      offer: O.RA_REG1,
      package: P.RA_BASIC,
      subscriber: S.EA1_1.id,
      "subscriber offer": ids.instances.raOnEa1,
      request: ids.requests.ra,
      "API key": ids.keys.raSpare,
      "external param config": X.RA_SUBSCRIBER,
    },
    EA1: {
      customer: C.DA1,
      "Buy plan": O.RA_POOL_EA1,
      "Buy package": P.RA_PREMIUM,
      subscriber: S.DA1_1.id,
      "subscriber offer": ids.instances.ea1OnDa1,
      request: ids.requests.ea1,
      "API key": ids.keys.ea1ForDa1,
      "external param config": ids.ea1Config,
    },
  };
  const params = (field: string) => [
    m("RA", field, "subscriber", { configId: X.RA_SUBSCRIBER, entityId: S.EA1_1.id, ...(field === "setExternalParamValue" ? { value: "v" } : {}) }),
    m("RA", field, "customer", { configId: X.RA_CUSTOMER, entityId: C.EA1, ...(field === "setExternalParamValue" ? { value: "v" } : {}) }),
    m("RA", field, "offer", { configId: X.RA_OFFER, entityId: O.RA_REG1, ...(field === "setExternalParamValue" ? { value: "v" } : {}) }),
    m("RA", field, "package", { configId: X.RA_PACKAGE, entityId: P.RA_BASIC, ...(field === "setExternalParamValue" ? { value: "v" } : {}) }),
    m("EA1", field, "subscriber", { configId: ids.ea1Config, entityId: S.DA1_1.id, ...(field === "setExternalParamValue" ? { value: "v" } : {}) }),
  ];
  return [
    q("RA", "viewer", "", {}),
    q("RA", "customer", "a sub-account", { id: C.EA1 }),
    q("EA1", "customer", "a sub-account", { id: C.DA1 }),
    q("RA", "subscriber", "a sub-account's", { identifier: imsi(S.EA1_1.imsi) }),
    q("EA1", "subscriber", "a sub-account's", { identifier: imsi(S.DA1_1.imsi) }),
    q("RA", "request", "its own", { id: ids.requests.ra }),
    q("EA1", "request", "its own", { id: ids.requests.ea1 }),
    q("RA", "myPackages", "a sub-account's", { customerId: C.EA1 }),
    q("RA", "myPackages", "its own", { customerId: C.RA }),
    q("EA1", "myPackages", "its own", { customerId: C.EA1 }),
    q("EA1", "myPackages", "a sub-account's", { customerId: C.DA1 }),
    q("RA", "externalParamsConfig", "SUBSCRIBER", { customerId: C.RA, entity: "SUBSCRIBER", entityId: S.EA1_1.id }),
    q("RA", "externalParamsConfig", "CUSTOMER", { customerId: C.RA, entity: "CUSTOMER", entityId: C.EA1 }),
    q("RA", "externalParamsConfig", "PLAN", { customerId: C.RA, entity: "PLAN", entityId: O.RA_REG1 }),
    q("RA", "externalParamsConfig", "PACKAGE", { customerId: C.RA, entity: "PACKAGE", entityId: P.RA_BASIC }),
    q("EA1", "externalParamsConfig", "SUBSCRIBER", { customerId: C.EA1, entity: "SUBSCRIBER", entityId: S.DA1_1.id }),
    q("EA1", "externalParamsConfig", "CUSTOMER", { customerId: C.EA1, entity: "CUSTOMER", entityId: C.DA1 }),
    q("EA1", "externalParamsConfig", "PLAN", { customerId: C.EA1, entity: "PLAN", entityId: O.EA1_REG1 }),
    q("EA1", "externalParamsConfig", "PACKAGE", { customerId: C.EA1, entity: "PACKAGE", entityId: ids.ea1Package }),
    q("RA", "subscribersByExternalParam", "its config", { configId: X.RA_SUBSCRIBER, value: "EXT-1" }),
    q("EA1", "subscribersByExternalParam", "its config", { configId: ids.ea1Config, value: "tag-1" }),
    ...Object.entries(nodeIds.RA).map(([what, id]) => q("RA", "node", what, { id })),
    ...Object.entries(nodeIds.EA1).map(([what, id]) => q("EA1", "node", what, { id })),
    q("RA", "nodes", "one of each type", { ids: Object.values(nodeIds.RA) }),
    q("EA1", "nodes", "one of each type", { ids: Object.values(nodeIds.EA1) }),

    { kind: "mutation", as: "RA", field: "createPackage", label: "", args: { customerId: C.RA, input: { name: "Sweep package", nestedOfferIds: [O.RA_REG1, O.RA_REG2], eligibleSubAccounts: { ids: [C.EA1] } } } },
    { kind: "mutation", as: "EA1", field: "createPackage", label: "", args: { customerId: C.EA1, input: { name: "Sweep package", nestedOfferIds: [O.EA1_REG1], eligibleSubAccounts: { ids: [C.DA1] } } } },
    m("RA", "attachOffer", "myOffer: false", { subscriber: imsi(S.EA1_1.imsi), offerId: O.RA_REG3, priority: 77, myOffer: false }),
    m("RA", "attachOffer", "myOffer: false, a pool plan", { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_POOL_EA1, myOffer: false }),
    m("RA", "attachOffer", "myOffer: true", { subscriber: imeisv, offerId: O.OP_REG2, priority: 5, myOffer: true }),
    m("EA1", "attachOffer", "myOffer: true", { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_REG2, myOffer: true }),
    m("EA1", "attachOffer", "myOffer: false", { subscriber: imsi(S.DA1_1.imsi), offerId: O.EA1_REG1, priority: 3, myOffer: false }),
    replace("RA", imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM, false),
    replace("RA", imei, P.OP_ALL, P.OP_RA, true),
    replace("EA1", imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM, true),
    replace("EA1", imsi(S.DA1_1.imsi), ids.ea1Package, ids.ea1Package, false),
    m("RA", "createSubCustomer", "", { name: "Sweep Co", allowOfferDelegation: false }),
    m("RA", "renameCustomer", "a sub-account", { customerId: C.EA1, name: "Renamed" }),
    m("EA1", "renameCustomer", "a sub-account", { customerId: C.DA1, name: "Renamed" }),
    m("RA", "setOfferDelegation", "", { customerId: C.EA2, allowOfferDelegation: true }),
    m("EA1", "setOfferDelegation", "", { customerId: C.DA1, allowOfferDelegation: true }),
    m("RA", "createOffer", "a pool plan", { name: "Sweep offer", kind: "POOL", poolCustomerId: C.EA1 }),
    m("EA1", "createOffer", "a pool plan", { name: "Sweep offer", kind: "POOL", poolCustomerId: C.DA1 }),
    m("RA", "updatePackage", "", { packageId: P.RA_NONE, name: "Sweep name", nestedOfferIds: [O.RA_REG2, O.RA_REG3], eligibleSubAccounts: { ids: [C.EA2] } }),
    m("EA1", "updatePackage", "", { packageId: ids.ea1SparePackage, nestedOfferIds: [O.EA1_REG1], eligibleSubAccounts: { ids: [C.DA1] } }),
    m("RA", "deletePackage", "", { packageId: P.RA_NONE }),
    m("EA1", "deletePackage", "", { packageId: ids.ea1SparePackage }),
    m("RA", "createSubscribers", "for a sub-account", { items: [{ customerId: C.EA1, ...fresh(1) }] }),
    m("EA1", "createSubscribers", "for a sub-account", { items: [{ customerId: C.DA1, ...fresh(2) }] }),
    packageChange("RA", "attachPackage", imsi(S.EA1_3.imsi), P.RA_BASIC, false),
    packageChange("RA", "attachPackage", imeisv, P.OP_RA, true),
    packageChange("EA1", "attachPackage", imsi(S.EA1_3.imsi), P.RA_BASIC, true),
    packageChange("EA1", "attachPackage", imsi(ids.da1New.imsi), ids.ea1Package, false),
    packageChange("RA", "detachPackage", imsi(S.EA1_1.imsi), P.RA_BASIC, false),
    packageChange("RA", "detachPackage", imei, P.OP_ALL, true),
    packageChange("EA1", "detachPackage", imsi(S.EA1_1.imsi), P.RA_BASIC, true),
    packageChange("EA1", "detachPackage", imsi(S.DA1_1.imsi), ids.ea1Package, false),
    m("RA", "detachOffer", "myOffer: false", { subscriberOfferId: ids.instances.raOnEa1, myOffer: false }),
    m("RA", "detachOffer", "myOffer: true", { subscriberOfferId: ids.instances.raOnOwn, myOffer: true }),
    m("EA1", "detachOffer", "myOffer: true", { subscriberOfferId: ids.instances.ea1OnOwn, myOffer: true }),
    m("EA1", "detachOffer", "myOffer: false", { subscriberOfferId: ids.instances.ea1OnDa1, myOffer: false }),
    m("RA", "createExternalParamConfig", "", { name: "sweepParam", entityType: "SUBSCRIBER", isSearchable: true }),
    ...params("setExternalParamValue"),
    ...params("clearExternalParamValue"),
    m("RA", "createApiKey", "for a sub-account", { label: "sweep", customerId: C.EA1 }),
    m("EA1", "createApiKey", "for a sub-account", { label: "sweep", customerId: C.DA1 }),
    m("RA", "revokeApiKey", "its own", { apiKeyId: ids.keys.raSpare }),
    m("EA1", "revokeApiKey", "a sub-account's", { apiKeyId: ids.keys.ea1ForDa1 }),
  ];
}

/** The identifier fields of a new subscriber, by name. */
const NEW_IDENTIFIER_FIELDS: Record<string, string> = { imsi: "IMSI", iccid: "ICCID", msisdn: "MSISDN", imei: "IMEI", imeisv: "IMEISV" };

/**
 * An argument that names an object: a UUID, a subscriber identifier ({ type value }, taken
 * whole), or an identifier of a new subscriber (a string that another subscriber may hold).
 */
export interface IdLeaf {
  path: (string | number)[];
  shape: "uuid" | "identifier" | "newIdentifier";
  /** The identifier type of a newIdentifier leaf. */
  identifierType?: string;
  value: unknown;
}

/** "input.items[].newPackageId" for ["input", "items", 0, "newPackageId"]. */
export const pathKey = (path: readonly (string | number)[]) =>
  path.reduce<string>((key, step) => (typeof step === "number" ? `${key}[]` : key ? `${key}.${step}` : step), "");

function walkIds(type: GraphQLInputType, path: (string | number)[], value: unknown, found: IdLeaf[], typesOnly: boolean): void {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) {
    if (typesOnly) walkIds(inner.ofType, [...path, 0], undefined, found, true);
    else if (Array.isArray(value)) value.forEach((v, i) => walkIds(inner.ofType, [...path, i], v, found, false));
    return;
  }
  if (isInputObjectType(inner)) {
    if (inner.name === "SubscriberIdentifierInput") {
      found.push({ path, shape: "identifier", value });
      return;
    }
    const fields = inner.getFields();
    const names = typesOnly ? Object.keys(fields) : Object.keys((value ?? {}) as object);
    for (const name of names) {
      walkIds(fields[name]!.type, [...path, name], typesOnly ? undefined : (value as Record<string, unknown>)[name], found, typesOnly);
    }
    return;
  }
  const name = path[path.length - 1];
  if (getNamedType(inner).name === "UUID") found.push({ path, shape: "uuid", value });
  else if (getNamedType(inner).name === "String" && typeof name === "string" && NEW_IDENTIFIER_FIELDS[name]) {
    found.push({ path, shape: "newIdentifier", identifierType: NEW_IDENTIFIER_FIELDS[name], value });
  }
}

/** The id arguments a scenario gives. */
export function idLeavesOf(schema: GraphQLSchema, baseline: Baseline): IdLeaf[] {
  const found: IdLeaf[] = [];
  for (const arg of rootField(schema, baseline).args) {
    if (arg.name in baseline.args) walkIds(arg.type, [arg.name], baseline.args[arg.name], found, false);
  }
  return found;
}

/** Every place an operation's arguments can name an object, from the schema alone. */
export function idPathsOfField(field: GraphQLField<unknown, unknown>): string[] {
  const found: IdLeaf[] = [];
  for (const arg of field.args) walkIds(arg.type, [arg.name], undefined, found, true);
  return found.map((leaf) => pathKey(leaf.path));
}

function rootField(schema: GraphQLSchema, baseline: Baseline) {
  const root = baseline.kind === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  return root.getFields()[baseline.field]!;
}
