import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, ServerError, type DocumentNode } from "@apollo/client";
import { ErrorLink } from "@apollo/client/link/error";
import { relayStylePagination } from "@apollo/client/utilities";
import introspection from "./generated/possible-types";

/** An Apollo Client for a console on this API: the key on every call, pages merged, 401 handled. */
export function createConsoleClient(options: { uri: string; apiKey: string; onUnauthenticated: () => void }) {
  // HTTP 401: the key is missing, unknown or revoked. Ask the user to sign in again.
  const signOutOn401 = new ErrorLink(({ error }) => {
    if (ServerError.is(error) && error.statusCode === 401) options.onUnauthenticated();
  });
  const http = new HttpLink({ uri: options.uri, headers: { authorization: `Bearer ${options.apiKey}` } });
  // Each list is one growing list per customer, and per order and filter where it takes them
  // (keyArgs): fetchMore({ variables: { after } }) appends a page to the list it was asked for.
  const lists: Record<string, string[] | false> = {
    subCustomers: false,
    subscribers: ["orderBy", "filter"],
    offers: false,
    packages: false,
    requests: ["orderBy", "filter"],
    apiKeys: false,
  };
  return new ApolloClient({
    link: ApolloLink.from([signOutOn401, http]),
    cache: new InMemoryCache({
      possibleTypes: introspection.possibleTypes,
      typePolicies: {
        Customer: { fields: Object.fromEntries(Object.entries(lists).map(([list, keyArgs]) => [list, relayStylePagination(keyArgs)])) },
      },
    }),
  });
}

/**
 * Runs a mutation once, however often it must be sent: one idempotency key for the intent, the
 * same key on every retry. Retries after a network error, an HTTP 503 or a ServiceUnavailable
 * answer (GLOBAL_1001); any other answer (the success type or a refusal) is final.
 */
export async function mutateOnce<T extends { __typename: string }>(
  client: ApolloClient,
  options: { mutation: DocumentNode; variables: Record<string, unknown>; attempts?: number; beforeRetry?: (attempt: number) => Promise<void> },
): Promise<T> {
  const idempotencyKey = crypto.randomUUID();
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await client.mutate({ mutation: options.mutation, variables: { ...options.variables, idempotencyKey } });
      const answer = Object.values(data as Record<string, T>)[0]!;
      if (answer.__typename !== "ServiceUnavailable" || attempt === attempts) return answer;
    } catch (error) {
      const transient = !ServerError.is(error) || error.statusCode === 503;
      if (!transient || attempt === attempts) throw error;
    }
    await (options.beforeRetry ?? ((n) => new Promise((r) => setTimeout(r, 200 * 2 ** n))))(attempt);
  }
}
