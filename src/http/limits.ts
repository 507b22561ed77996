/**
 * Query limits (README "Query limits"): depth, aliases and total cost, measured on the
 * resolved operation with its variables and refused before any resolver runs. Cost counts
 * one per field, multiplied through lists: a connection by its `first` (10 when omitted), any
 * other list by an estimate. Introspection is not counted: its shape is fixed.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { QueryLimits } from "../config";
import type { Context } from "../graphql/context";

/** Deepest bracket nesting a document may have: the parser recurses per level. */
export const MAX_NESTING = 100;

/** The deepest nesting of {, [ and ( in a document, outside strings and comments. */
export function nestingDepth(document: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < document.length; i++) {
    const c = document[i];
    if (c === "#") {
      while (i < document.length && document[i] !== "\n" && document[i] !== "\r") i++;
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

/** What introspection is assumed to cost: its shape is fixed, but it can be aliased. */
const INTROSPECTION_COST = 1000;

/** What a plain list (not a connection) is assumed to hold. */
const LIST_ESTIMATE = 10;
const DEFAULT_FIRST = 10;

export interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function argumentValue(node: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (!node) return undefined;
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

export function measure(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Measure {
  let aliases = 0;
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();

  /** Depth and cost of a selection set on a type; `seen` stops fragment cycles. */
  function walk(set: SelectionSetNode, type: GraphQLNamedType | null | undefined, seen: Set<string>): { depth: number; cost: number } {
    let depth = 0;
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (selection.alias) aliases++;
        if (name === "__typename") continue;
        if (name.startsWith("__")) {
          cost += INTROSPECTION_COST;
          continue;
        }
        const field: GraphQLField<unknown, unknown> | undefined =
          type && "getFields" in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name] : undefined;
        const fieldType = field ? getNullableType(field.type) : undefined;
        const named = field ? getNamedType(field.type) : null;
        let child = { depth: 0, cost: 0 };
        if (selection.selectionSet) child = walk(selection.selectionSet, named, seen);
        let multiplier = 1;
        if (named?.name.endsWith("Connection")) {
          const first = argumentValue(selection.arguments?.find((a) => a.name.value === "first")?.value, variables);
          multiplier = typeof first === "number" && first >= 0 ? first : DEFAULT_FIRST;
        } else if (fieldType && isListType(fieldType) && !(type?.name.endsWith("Connection") && (name === "edges" || name === "nodes"))) {
          // A connection's edges and nodes are its page, already counted by `first`.
          multiplier = LIST_ESTIMATE;
        }
        depth = Math.max(depth, 1 + child.depth);
        cost += 1 + multiplier * child.cost;
      } else {
        let inner: SelectionSetNode | undefined;
        let onType = type;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = selection.selectionSet;
          if (selection.typeCondition) onType = schema.getType(selection.typeCondition.name.value) ?? type;
        } else {
          const name = selection.name.value;
          const fragment = fragments[name];
          if (!fragment || seen.has(name)) continue;
          inner = fragment.selectionSet;
          onType = schema.getType(fragment.typeCondition.name.value) ?? type;
          seen = new Set(seen).add(name);
        }
        const child = walk(inner, onType, seen);
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      }
    }
    return { depth, cost };
  }

  const { depth, cost } = walk(operation.selectionSet, root, new Set());
  return { depth, aliases, cost };
}

function tooComplex(message: string, limit: string, value: number, max: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "QUERY_TOO_COMPLEX", limit, value, max, http: { status: 400 } },
  });
}

/** Refuses an operation over a limit with a clear error, before execution. */
export function queryLimits(limits: QueryLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const m = measure(schema, operation, fragments, request.variables ?? {});
          if (m.depth > limits.maxDepth) {
            throw tooComplex(`Query depth ${m.depth} is over the limit of ${limits.maxDepth}`, "depth", m.depth, limits.maxDepth);
          }
          if (m.aliases > limits.maxAliases) {
            throw tooComplex(`${m.aliases} aliases is over the limit of ${limits.maxAliases}`, "aliases", m.aliases, limits.maxAliases);
          }
          if (m.cost > limits.maxCost) {
            throw tooComplex(
              `Query cost ${m.cost} is over the limit of ${limits.maxCost} (each field costs 1, multiplied by list sizes: lower first)`,
              "cost",
              m.cost,
              limits.maxCost,
            );
          }
        },
      };
    },
  };
}
