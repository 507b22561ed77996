/**
 * The console client of README "For frontend teams" (examples/client/console-client.ts), printed
 * there verbatim, run against the server: pages merged by the field policies, a 401 signs out,
 * and a mutation answered GLOBAL_1001 is retried with the same idempotency key and applied once.
 */
import { gql } from "@apollo/client";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsoleClient, mutateOnce } from "../../examples/client/console-client";
import { requestsRecordedBy } from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, S } from "../helpers/world";

const ROOT = resolve(__dirname, "../..");

const SUB_CUSTOMERS = gql`
  query ConsoleSubCustomers($after: String) {
    viewer { id subCustomers(first: 1, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }
  }
`;
const SUBSCRIBERS = gql`
  query ConsoleSubscribers($id: UUID!, $after: String, $orderBy: SubscriberOrderInput, $filter: SubscriberFilterInput) {
    customer(id: $id) {
      id
      subscribers(first: 1, after: $after, orderBy: $orderBy, filter: $filter) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
    }
  }
`;
const RENAME = gql`
  mutation ConsoleRename($input: RenameCustomerInput!, $idempotencyKey: String) {
    renameCustomer(input: $input, idempotencyKey: $idempotencyKey) {
      __typename ... on RenameCustomerSuccess { requestId customer { id name } } ... on ErrorResult { code message }
    }
  }
`;

describe("the console client of the README", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("is printed in the README exactly as it runs here", () => {
    const source = readFileSync(join(ROOT, "examples/client/console-client.ts"), "utf8").trim();
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(source);
  });

  it("merges the pages of a connection into one list in the cache", async () => {
    const client = createConsoleClient({ uri: t.url, apiKey: KEYS.RA, onUnauthenticated: () => undefined });
    const first = (await client.query({ query: SUB_CUSTOMERS })) as any;
    expect(first.data!.viewer.subCustomers.edges.map((e: any) => e.node.id)).toEqual([C.EA1]);
    // What fetchMore does: the next page from the network, merged by the field policy.
    await client.query({ query: SUB_CUSTOMERS, variables: { after: first.data!.viewer.subCustomers.pageInfo.endCursor }, fetchPolicy: "network-only" });
    // Read back from the cache alone: both pages, in order, under one field.
    const cached = client.readQuery({ query: SUB_CUSTOMERS }) as any;
    expect(cached.viewer.subCustomers.edges.map((e: any) => e.node.id)).toEqual([C.EA1, C.EA2]);
    expect(cached.viewer.subCustomers.pageInfo.hasNextPage).toBe(false);
  });

  it("keeps a list of each order and filter apart in the cache, each merged page by page", async () => {
    const client = createConsoleClient({ uri: t.url, apiKey: KEYS.RA, onUnauthenticated: () => undefined });
    const ids = (data: any) => data.customer.subscribers.edges.map((e: any) => e.node.id);
    const oldest = { id: C.EA1 };
    const newest = { id: C.EA1, orderBy: { field: "CREATED_AT", direction: "DESC" } };
    const bare = { id: C.EA1, filter: { withoutPackage: true } };
    expect(ids((await client.query({ query: SUBSCRIBERS, variables: oldest })).data)).toEqual([S.EA1_1.id]);
    const first = (await client.query({ query: SUBSCRIBERS, variables: newest })).data as any;
    expect(ids(first)).toEqual([S.EA1_3.id]);
    expect(ids((await client.query({ query: SUBSCRIBERS, variables: bare })).data)).toEqual([S.EA1_3.id]);
    // What fetchMore does: the next page of the newest-first list, merged into that list only.
    await client.query({ query: SUBSCRIBERS, variables: { ...newest, after: first.customer.subscribers.pageInfo.endCursor }, fetchPolicy: "network-only" });
    expect(ids(client.readQuery({ query: SUBSCRIBERS, variables: newest }))).toEqual([S.EA1_3.id, S.EA1_2.id]);
    expect(ids(client.readQuery({ query: SUBSCRIBERS, variables: oldest }))).toEqual([S.EA1_1.id]);
    expect(ids(client.readQuery({ query: SUBSCRIBERS, variables: bare }))).toEqual([S.EA1_3.id]);
  });

  it("signs out on HTTP 401", async () => {
    let signedOut = 0;
    const client = createConsoleClient({ uri: t.url, apiKey: "demo-not-a-key-000000000000", onUnauthenticated: () => void signedOut++ });
    await expect(client.query({ query: SUB_CUSTOMERS })).rejects.toThrow();
    expect(signedOut).toBe(1);
  });

  it("retries a GLOBAL_1001 with the same idempotency key, and the change is applied once", async () => {
    const fault = await t.db.failOn("customers", "UPDATE", "injected fault");
    const client = createConsoleClient({ uri: t.url, apiKey: KEYS.RA, onUnauthenticated: () => undefined });
    const attempts: number[] = [];
    let answer: { __typename: string; customer?: { name: string } } | undefined;
    const recorded = await requestsRecordedBy(t, async () => {
      answer = await mutateOnce(client, {
        mutation: RENAME,
        variables: { input: { customerId: C.EA1, name: "Renamed by the console" } },
        // The fault is gone before the second attempt.
        beforeRetry: async (attempt) => {
          attempts.push(attempt);
          await fault.remove();
        },
      });
    });
    expect(attempts).toEqual([1]);
    expect(answer).toMatchObject({ __typename: "RenameCustomerSuccess", customer: { name: "Renamed by the console" } });
    expect(recorded.map((r) => r.status)).toEqual(["FAILED", "SUCCEEDED"]);
  });
});
