import { gql, type TypedDocumentNode } from "@apollo/client";
import { ApolloProvider, useQuery } from "@apollo/client/react";
import { useMemo } from "react";
import { createConsoleClient } from "./console-client";

interface SubscriberPage {
  customer: {
    id: string;
    name: string;
    subscribers: {
      edges: { cursor: string; node: { id: string; imsi: string | null; package: { id: string; name: string } | null } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

const SUBSCRIBERS: TypedDocumentNode<SubscriberPage, { id: string; first: number; after?: string | null }> = gql`
  query CustomerSubscribers($id: UUID!, $first: Int!, $after: String) {
    customer(id: $id) {
      id
      name
      subscribers(first: $first, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
        edges { cursor node { id imsi package { id name } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

/** A customer's SIMs, newest first: "More" fetches the next page, which the cache appends (relayStylePagination). */
export function SubscriberList({ customerId, pageSize = 20 }: { customerId: string; pageSize?: number }) {
  const { data, error, fetchMore } = useQuery(SUBSCRIBERS, { variables: { id: customerId, first: pageSize } });
  if (error) return <p role="alert">Could not load the SIMs: {error.message}</p>;
  if (!data) return <p>Loading…</p>;
  // An id you cannot see answers null, exactly as an unknown one.
  if (!data.customer) return <p>No such customer.</p>;
  const { edges, pageInfo } = data.customer.subscribers;
  return (
    <section>
      <h2>{data.customer.name}</h2>
      <ul>
        {edges.map(({ node }) => (
          <li key={node.id}>
            {node.imsi ?? "no IMSI"} · {node.package?.name ?? "no package"}
          </li>
        ))}
      </ul>
      {pageInfo.hasNextPage && <button onClick={() => fetchMore({ variables: { after: pageInfo.endCursor } })}>More</button>}
    </section>
  );
}

/** The console: one client per key, HTTP 401 sends the user back to sign in. */
export function ConsoleApp(props: { uri: string; apiKey: string; customerId: string; pageSize?: number; onSignOut: () => void }) {
  const { uri, apiKey, onSignOut } = props;
  const client = useMemo(() => createConsoleClient({ uri, apiKey, onUnauthenticated: onSignOut }), [uri, apiKey, onSignOut]);
  return (
    <ApolloProvider client={client}>
      <SubscriberList customerId={props.customerId} pageSize={props.pageSize} />
    </ApolloProvider>
  );
}
