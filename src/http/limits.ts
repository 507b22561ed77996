/**
 * Query limits (README "Facing the internet"): depth, aliases, cost and bulk items of one
 * operation, measured the way graphql-js executes it and refused before any resolver runs.
 *
 * The walk follows execution's own field collection: fields merge by response key, a fragment
 * counts once per selection set however often it is spread there, @skip/@include are honoured,
 * and an abstract type costs its most expensive member (a result holds one member, never all).
 * Each (type, selection sets, page size) is measured once and remembered, so a document whose
 * fragments spread other fragments many times over costs time in proportion to its size, not to
 * the size of its expansion. Arguments are read from the coerced variables, defaults included.
 *
 * Cost is the number of fields the answer can hold: each field 1, a connection's `edges` and
 * `nodes` multiplied by its `first` (10 when omitted, at most the page size limit of 100), a
 * list answered one entry per id given (`nodes(ids)`) by the number of ids, any other list by an
 * estimate (10, or the schema's real sizes for introspection lists). For an answer whose pages
 * are full and whose objects are present this is exactly the number of fields in the answer.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isInputType,
  typeFromAST,
  valueFromAST,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLObjectType,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import type { QueryLimits } from "../config";
import { MAX_LOOKUP_IDS } from "../domain/input/lookup-ids";
import { MAX_PAGE_SIZE } from "../domain/input/pagination";
import type { Context } from "../graphql/context";

/** Deepest bracket nesting a document may have: the parser recurses per level. */
export const MAX_NESTING = 100;

/**
 * Depth allowed below `__schema` and `__type`: the standard introspection query nests type
 * references (`ofType`) nine levels deep, and introspection types cannot reach data.
 */
export const INTROSPECTION_MAX_DEPTH = 16;

/** What a plain list (not a connection's page) is assumed to hold. */
export const LIST_ESTIMATE = 10;
/** A connection's page size when `first` is omitted. */
export const DEFAULT_FIRST = 10;

/** The deepest nesting of {, [ and ( in a document, outside strings and comments. */
export function nestingDepth(document: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < document.length; i++) {
    const c = document[i];
    if (c === "#") {
      // A comment runs to the end of its line; indexOf skips it without a loop per character.
      const lf = document.indexOf("\n", i);
      const cr = document.indexOf("\r", i);
      const end = Math.min(lf < 0 ? document.length : lf, cr < 0 ? document.length : cr);
      i = end;
    } else if (c === '"') {
      if (document.startsWith('"""', i)) {
        const end = document.indexOf('"""', i + 3);
        i = end < 0 ? document.length : end + 2;
      } else {
        for (i++; i < document.length && document[i] !== '"' && document[i] !== "\n"; i++) if (document[i] === "\\") i++;
      }
    } else if (c === "{" || c === "[" || c === "(") {
      max = Math.max(max, ++depth);
    } else if (c === "}" || c === "]" || c === ")") {
      depth--;
    }
  }
  return max;
}

export interface Measure {
  /** Deepest field nesting outside introspection (a leaf field under the root is depth 1). */
  depth: number;
  /** Deepest field nesting through `__schema` or `__type`. */
  introspectionDepth: number;
  /** Aliased response keys in the expanded operation (fragments counted where spread). */
  aliases: number;
  cost: number;
  /** Items of every bulk field of the operation (`input.items`), added up. */
  bulkItems: number;
  /** Root fields that carry bulk items. */
  bulkFields: number;
  /** A connection asked for a page size outside 0 to 100, with where. */
  pageSizeOutOfRange?: { field: string; first: number };
}

interface Shape {
  depth: number;
  introspectionDepth: number;
  aliases: number;
  /** Fractional where introspection's expected sizes are: rounded up once, at the end. */
  cost: number;
}

const EMPTY: Shape = { depth: 0, introspectionDepth: 0, aliases: 0, cost: 0 };

/** How many items each introspection list holds on average in this schema, computed once. */
const introspectionSizes = new WeakMap<GraphQLSchema, Record<string, number>>();

function introspectionListSizes(schema: GraphQLSchema): Record<string, number> {
  const known = introspectionSizes.get(schema);
  if (known) return known;
  const types = Object.values(schema.getTypeMap());
  const fields = types.flatMap((t) => ("getFields" in t && !("parseValue" in t) ? Object.values(t.getFields()) : []));
  const outputFields = fields.filter((f) => "args" in f) as GraphQLField<unknown, unknown>[];
  const average = (total: number, count: number) => Math.max(1, Math.ceil(total / Math.max(1, count)));
  const directives = schema.getDirectives();
  const sizes: Record<string, number> = {
    "__Schema.types": types.length,
    "__Schema.directives": directives.length,
    "__Type.fields": average(outputFields.length, types.length),
    "__Type.inputFields": average(fields.length - outputFields.length, types.length),
    "__Type.interfaces": average(types.reduce((n, t) => n + ("getInterfaces" in t ? t.getInterfaces().length : 0), 0), types.length),
    "__Type.possibleTypes": average(types.reduce((n, t) => n + (isAbstractType(t) ? schema.getPossibleTypes(t).length : 0), 0), types.length),
    "__Type.enumValues": average(types.reduce((n, t) => n + ("getValues" in t ? t.getValues().length : 0), 0), types.length),
    "__Field.args": average(outputFields.reduce((n, f) => n + f.args.length, 0), outputFields.length),
    "__Directive.args": average(directives.reduce((n, d) => n + d.args.length, 0), directives.length),
    "__Directive.locations": average(directives.reduce((n, d) => n + d.locations.length, 0), directives.length),
    "__Type.ofType": ofTypeShare([...fields, ...directives.flatMap((d) => d.args), ...outputFields.flatMap((f) => f.args)]),
  };
  introspectionSizes.set(schema, sizes);
  return sizes;
}

/**
 * How often a type in a type reference wraps another (`ofType` is not null): a reference with w
 * wrappers (`[T!]!` has three) is w + 1 type objects of which w have an `ofType`.
 */
function ofTypeShare(references: { type: GraphQLType }[]): number {
  let wrappers = 0;
  for (const { type } of references) {
    for (let t: GraphQLType = type; "ofType" in t; t = t.ofType) wrappers++;
  }
  return wrappers / Math.max(1, wrappers + references.length);
}

/** A connection type: the page of a list, with `pageInfo` and `edges`/`nodes`. */
function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && type.name.endsWith("Connection") && "pageInfo" in type.getFields();
}

/**
 * The variables as execution sees them where the limits look (`first`, `@skip`/`@include`, the
 * length of a bulk's `items`): the values sent, and each default where a variable is not sent.
 * Nothing is coerced: a 10,000-item bulk's variables would cost as much to coerce again as to
 * execute, and a value that does not coerce fails execution before any resolver anyway.
 */
function withDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode, sent: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = { ...sent };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables[name] !== undefined || !definition.defaultValue) continue;
    const type = typeFromAST(schema, definition.type);
    if (type && isInputType(type)) variables[name] = valueFromAST(definition.defaultValue, type);
  }
  return variables;
}

/**
 * Measures one operation of a parsed (not necessarily validated) document with the request's
 * variables (defaults applied where one is not sent).
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
): Measure {
  const variables = withDefaults(schema, operation, rawVariables ?? {});
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const listSizes = introspectionListSizes(schema);
  let nextId = 0;
  const ids = new WeakMap<SelectionSetNode, number>();
  const keyOf = (set: SelectionSetNode) => {
    let id = ids.get(set);
    if (id === undefined) ids.set(set, (id = nextId++));
    return id;
  };
  const memo = new Map<string, Shape>();
  let pageSizeOutOfRange: Measure["pageSizeOutOfRange"];

  const included = (node: SelectionNode): boolean => {
    if (!node.directives?.length) return true;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
    } catch {
      // An unusable directive argument fails validation or execution; count the field.
    }
    return true;
  };

  const applies = (condition: string | undefined, type: GraphQLObjectType): boolean => {
    if (!condition || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return !!conditionType && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };

  /** Execution's field collection: response key -> the field nodes merged under it. */
  function collect(type: GraphQLObjectType, sets: readonly SelectionSetNode[]): Map<string, FieldNode[]> {
    const fields = new Map<string, FieldNode[]>();
    const visited = new Set<string>();
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (!included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const group = fields.get(key);
          if (group) group.push(selection);
          else fields.set(key, [selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (applies(selection.typeCondition?.name.value, type)) visit(selection.selectionSet);
        } else {
          const name = selection.name.value;
          if (visited.has(name)) continue;
          visited.add(name);
          const fragment = fragments.get(name);
          if (fragment && applies(fragment.typeCondition.name.value, type)) visit(fragment.selectionSet);
        }
      }
    };
    for (const set of sets) visit(set);
    return fields;
  }

  function shape(type: GraphQLNamedType, sets: readonly SelectionSetNode[], pageSize: number): Shape {
    const key = `${type.name}|${pageSize}|${sets.map(keyOf).join(",")}`;
    const known = memo.get(key);
    if (known) return known;
    let result = EMPTY;
    if (isObjectType(type)) {
      result = shapeOfObject(type, sets, pageSize);
    } else if (isAbstractType(type)) {
      // One member answers: the most expensive one bounds the answer.
      for (const member of schema.getPossibleTypes(type)) {
        const s = shapeOfObject(member, sets, pageSize);
        result = {
          depth: Math.max(result.depth, s.depth),
          introspectionDepth: Math.max(result.introspectionDepth, s.introspectionDepth),
          aliases: Math.max(result.aliases, s.aliases),
          cost: Math.max(result.cost, s.cost),
        };
      }
    }
    memo.set(key, result);
    return result;
  }

  function fieldOf(type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (name === "__typename") return TypeNameMetaFieldDef;
    if (type === schema.getQueryType()) {
      if (name === "__schema") return SchemaMetaFieldDef;
      if (name === "__type") return TypeMetaFieldDef;
    }
    return type.getFields()[name];
  }

  function argumentsOf(field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    if (!field.args.length) return {};
    try {
      return getArgumentValues(field, node, variables);
    } catch {
      return {};
    }
  }

  function shapeOfObject(type: GraphQLObjectType, sets: readonly SelectionSetNode[], pageSize: number): Shape {
    let depth = 0;
    let introspectionDepth = 0;
    let aliases = 0;
    let cost = 0;
    for (const [responseKey, nodes] of collect(type, sets)) {
      const first = nodes[0]!;
      const name = first.name.value;
      if (responseKey !== name) aliases++;
      const field = fieldOf(type, name);
      if (!field) continue; // validation refuses it
      const named = getNamedType(field.type);
      let childPage = DEFAULT_FIRST;
      let multiplier = 1;
      // A field with `first` returns a page, directly or as a member of its result union. A
      // `first` over the page size limit is refused by the field itself, reading nothing.
      if (field.args.some((arg) => arg.name === "first")) {
        const given = argumentsOf(field, first).first;
        childPage = typeof given === "number" && given >= 0 ? Math.min(given, MAX_PAGE_SIZE) : DEFAULT_FIRST;
        // A connection field would fail alone and null its parents; a result union answers ValidationFailed.
        if (isConnection(named) && typeof given === "number" && (given < 0 || given > MAX_PAGE_SIZE)) {
          pageSizeOutOfRange ??= { field: `${type.name}.${name}`, first: given };
        }
      }
      if (isConnection(named)) {
        // the page size applies to its edges and nodes
      } else if (isConnection(type) && (name === "edges" || name === "nodes")) {
        multiplier = pageSize;
      } else if (isListType(getNullableType(field.type)) && field.args.some((arg) => arg.name === "ids")) {
        // One entry per id; more ids than a call takes are refused by the field, reading nothing.
        const ids = argumentsOf(field, first).ids;
        multiplier = Array.isArray(ids) ? Math.min(ids.length, MAX_LOOKUP_IDS) : LIST_ESTIMATE;
      } else {
        multiplier = listSizes[`${type.name}.${name}`] ?? (isListType(getNullableType(field.type)) ? LIST_ESTIMATE : 1);
      }
      const subSets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      const child = subSets.length && !isLeafType(named) ? shape(named, subSets, childPage) : EMPTY;
      cost += 1 + multiplier * child.cost;
      aliases += child.aliases;
      if (field === SchemaMetaFieldDef || field === TypeMetaFieldDef) {
        introspectionDepth = Math.max(introspectionDepth, 1 + Math.max(child.depth, child.introspectionDepth));
      } else {
        depth = Math.max(depth, 1 + child.depth);
        introspectionDepth = Math.max(introspectionDepth, child.introspectionDepth);
      }
    }
    return { depth, introspectionDepth, aliases, cost };
  }

  const root =
    operation.operation === "mutation"
      ? schema.getMutationType()
      : operation.operation === "subscription"
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return { ...EMPTY, bulkItems: 0, bulkFields: 0 };
  const measured = shape(root, [operation.selectionSet], DEFAULT_FIRST);

  let bulkItems = 0;
  let bulkFields = 0;
  if (operation.operation === "mutation") {
    for (const nodes of collect(root, [operation.selectionSet]).values()) {
      const field = fieldOf(root, nodes[0]!.name.value);
      if (!field) continue;
      const input = argumentsOf(field, nodes[0]!).input as { items?: unknown } | undefined;
      if (input && Array.isArray(input.items)) {
        bulkItems += input.items.length;
        bulkFields++;
      }
    }
  }
  return { ...measured, cost: Math.ceil(measured.cost), bulkItems, bulkFields, pageSizeOutOfRange };
}

function tooComplex(message: string, limit: string, value: number, max: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "QUERY_TOO_COMPLEX", limit, value, max, http: { status: 400 } },
  });
}

/** The first limit a measured operation is over, as the error to answer; null when within all. */
export function limitExceeded(m: Measure, limits: QueryLimits, bulkItemLimit: number): GraphQLError | null {
  // Refused before anything runs: the field would fail alone and, its connection being
  // non-null, take its parents (the whole `viewer`) down with it.
  if (m.pageSizeOutOfRange) {
    const { field, first } = m.pageSizeOutOfRange;
    return new GraphQLError(
      `first: ${first} on ${field} is outside 0 to ${MAX_PAGE_SIZE}: ask for at most ${MAX_PAGE_SIZE} and page on with after: pageInfo.endCursor`,
      { extensions: { code: "PAGE_SIZE_OUT_OF_RANGE", field, value: first, max: MAX_PAGE_SIZE, http: { status: 400 } } },
    );
  }
  if (m.depth > limits.maxDepth) {
    return tooComplex(`Query depth ${m.depth} is over the limit of ${limits.maxDepth}`, "depth", m.depth, limits.maxDepth);
  }
  const introspectionMax = Math.max(limits.maxDepth, INTROSPECTION_MAX_DEPTH);
  if (m.introspectionDepth > introspectionMax) {
    return tooComplex(
      `Introspection depth ${m.introspectionDepth} is over the limit of ${introspectionMax}`,
      "depth",
      m.introspectionDepth,
      introspectionMax,
    );
  }
  if (m.aliases > limits.maxAliases) {
    return tooComplex(`${m.aliases} aliases is over the limit of ${limits.maxAliases}`, "aliases", m.aliases, limits.maxAliases);
  }
  if (m.cost > limits.maxCost) {
    return tooComplex(
      `Query cost ${m.cost} is over the limit of ${limits.maxCost} (each field costs 1, multiplied by the page sizes above it): ask for smaller pages (first) at the outer levels, and page an inner list on its own, e.g. customer(id: …) { subscribers(first: 100, after: …) }`,
      "cost",
      m.cost,
      limits.maxCost,
    );
  }
  // One bulk field over the limit is refused by its own resolver as ValidationFailed; several
  // together may not carry more than one call could.
  if (m.bulkFields > 1 && m.bulkItems > bulkItemLimit) {
    return tooComplex(
      `${m.bulkItems} bulk items in one request is over the limit of ${bulkItemLimit} (all bulk fields together)`,
      "bulkItems",
      m.bulkItems,
      bulkItemLimit,
    );
  }
  return null;
}

/** Refuses an operation over a limit with a clear error, before execution. */
export function queryLimits(limits: QueryLimits, bulkItemLimit: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const error = limitExceeded(measureOperation(schema, document, operation, request.variables), limits, bulkItemLimit);
          if (error) throw error;
        },
      };
    },
  };
}
