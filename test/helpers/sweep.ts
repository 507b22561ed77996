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
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { C, O, P, S, X } from "./world";

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

/** Selects every field of a type down to a depth, skipping fields with required arguments. */
export function selectAll(schema: GraphQLSchema, type: GraphQLNamedType, depth: number): string {
  if (isScalarType(type) || isEnumType(type)) return "";
  if (isUnionType(type) || isInterfaceType(type)) {
    const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
    return `{ __typename ${members.map((m) => `... on ${m.name} ${selectAll(schema, m, depth)}`).join(" ")} }`;
  }
  if (!isObjectType(type)) return "";
  const parts: string[] = ["__typename"];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isScalarType(named) || isEnumType(named)) parts.push(field.name);
    else if (depth > 0) parts.push(`${field.name} ${selectAll(schema, named, depth - 1)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

/** The document of a baseline: each argument a variable, the whole result selected. */
export function documentOf(schema: GraphQLSchema, baseline: Baseline): string {
  const root = baseline.kind === "query" ? schema.getQueryType()! : schema.getMutationType()!;
  const field = root.getFields()[baseline.field]!;
  const used = field.args.filter((a) => a.name in baseline.args);
  const variables = used.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const args = used.map((a) => `${a.name}: $${a.name}`).join(", ");
  const selection = selectAll(schema, getNamedType(field.type), 2);
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
