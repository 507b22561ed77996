import { Client, fetchExchange } from "@urql/core";
import { cacheExchange } from "@urql/exchange-graphcache";
import { relayPagination } from "@urql/exchange-graphcache/extras";
import schema from "./generated/urql-introspection";

/**
 * Graphcache keys: every object type without an id (connections, edges, PageInfo, ExternalParamValue,
 * the Success and error types of the result unions, InputIssue…) is kept inside the object that holds it.
 */
const roots = [schema.__schema.queryType?.name, schema.__schema.mutationType?.name];
export const embeddedTypes = Object.fromEntries(
  schema.__schema.types
    .filter((type) => type.kind === "OBJECT" && !roots.includes(type.name) && !type.fields.some((field) => field.name === "id"))
    .map((type) => [type.name, () => null]),
);

/** An urql client for a console on this API: the key on every call, a normalized cache, lists merged page by page. */
export function createUrqlClient(options: { url: string; apiKey: string }) {
  const lists = ["subCustomers", "subscribers", "offers", "packages", "requests", "apiKeys"];
  return new Client({
    url: options.url,
    // POST with content-type: application/json (urql sends queries as GET by default, which CSRF protection refuses).
    preferGetMethod: false,
    fetchOptions: { headers: { authorization: `Bearer ${options.apiKey}` } },
    exchanges: [
      cacheExchange({
        schema,
        keys: embeddedTypes,
        // fetch the next page with `after: pageInfo.endCursor`: it is appended to the list.
        resolvers: { Customer: Object.fromEntries(lists.map((list) => [list, relayPagination()])) },
      }),
      fetchExchange,
    ],
  });
}
