/**
 * Authentication (README "Authentication"): `Authorization: Bearer <api key>`. A missing or
 * unknown key is HTTP 401 with a GraphQL error whose extensions.code is UNAUTHENTICATED; only
 * an introspection query may go without a key, so that schema explorers work.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode } from "graphql";
import type { Context } from "../graphql/context";

export const UNAUTHENTICATED_MESSAGE = "Missing or invalid API key: send Authorization: Bearer <api key>";

/** The key from an Authorization header; undefined when absent, null when malformed. */
export function bearerKey(header: string | undefined): string | null | undefined {
  if (header === undefined || header === "") return undefined;
  const match = /^Bearer\s+([\x21-\x7e]{1,512})\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export function unauthenticatedBody(): string {
  return JSON.stringify({ errors: [{ message: UNAUTHENTICATED_MESSAGE, extensions: { code: "UNAUTHENTICATED" } }] });
}

/** An operation that selects nothing but __schema, __type and __typename. */
export function isIntrospectionOnly(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === "query" &&
    operation.selectionSet.selections.every(
      (s) => s.kind === Kind.FIELD && ["__schema", "__type", "__typename"].includes(s.name.value),
    )
  );
}

/**
 * A document a request without a key may send: introspection-only operations, and fragments on
 * introspection types only (so nothing in it can reach data).
 */
export function isIntrospectionDocument(document: DocumentNode): boolean {
  return document.definitions.every((definition) => {
    if (definition.kind === Kind.OPERATION_DEFINITION) return isIntrospectionOnly(definition);
    if (definition.kind === Kind.FRAGMENT_DEFINITION) return definition.typeCondition.name.value.startsWith("__");
    return false;
  });
}

/** Refuses every operation but introspection when the request carried no key. */
export const requireApiKey: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (contextValue.requester || (operation && isIntrospectionOnly(operation))) return;
        throw new GraphQLError(UNAUTHENTICATED_MESSAGE, {
          extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers: new Map([["www-authenticate", "Bearer"]]) } },
        });
      },
    };
  },
};
