/**
 * A real client: @apollo/client (core, no React) drives the running server
 * with the generated documents and possibleTypes; the normalized cache holds entities by id.
 */
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AttachOfferDocument,
  BulkReplacePackageDocument,
  CreateSubCustomerDocument,
  MyPackagesDocument,
  ViewerDocument,
} from "../../examples/client/generated/graphql";
import introspection from "../../examples/client/generated/possible-types";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, MISSING, O, P, S } from "../helpers/world";

describe("Apollo Client against the running server", () => {
  let t: TestServer;
  let client: ApolloClient;
  beforeAll(async () => {
    t = await startTestServer();
    client = new ApolloClient({
      link: new HttpLink({ uri: t.url, headers: { authorization: `Bearer ${KEYS.RA}` } }),
      cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
    });
  });
  afterAll(() => t.close());

  it("pages through a connection and normalizes the customers by id", async () => {
    const first = await client.query({ query: ViewerDocument, variables: { first: 1 } });
    const page1 = first.data!.viewer.subCustomers;
    expect(page1.totalCount).toBe(2);
    expect(page1.nodes.map((n) => n.id)).toEqual([C.EA1]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await client.query({ query: ViewerDocument, variables: { first: 1, after: page1.pageInfo.endCursor } });
    const page2 = second.data!.viewer.subCustomers;
    expect(page2.nodes.map((n) => n.id)).toEqual([C.EA2]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const cache = client.cache.extract() as Record<string, { name?: string }>;
    expect(cache[`Customer:${C.RA}`]?.name).toBe("Customer RA");
    expect(cache[`Customer:${C.EA1}`]?.name).toBe("Customer EA1");
    expect(cache[`Customer:${C.EA2}`]?.name).toBe("Customer EA2");
  });

  it("reads a union result through possibleTypes (PackageConnection)", async () => {
    const { data } = await client.query({ query: MyPackagesDocument, variables: { customerId: C.EA1 } });
    const result = data!.myPackages;
    if (result.__typename !== "PackageConnection") throw new Error(`unexpected ${result.__typename}`);
    expect(result.nodes.map((n) => n.id)).toEqual([P.RA_BASIC, P.RA_PREMIUM]);
    const cache = client.cache.extract() as Record<string, unknown>;
    expect(cache[`Package:${P.RA_PREMIUM}`]).toBeDefined();
    expect(cache[`Offer:${O.RA_REG3}`]).toBeDefined();
  });

  it("runs a mutation whose result is a success", async () => {
    const { data } = await client.mutate({ mutation: CreateSubCustomerDocument, variables: { input: { name: "Client-made Enterprise" } } });
    const result = data!.createSubCustomer;
    if (result.__typename !== "CreateSubCustomerSuccess") throw new Error(`unexpected ${result.__typename}`);
    expect(result.customer.name).toBe("Client-made Enterprise");
    const cached = client.cache.extract() as Record<string, { name?: string }>;
    expect(cached[`Customer:${result.customer.id}`]?.name).toBe("Client-made Enterprise");
  });

  it("reads an error result through `... on ErrorResult`", async () => {
    const { data } = await client.mutate({
      mutation: AttachOfferDocument,
      variables: { input: { subscriber: { type: "IMSI", value: S.EA1_1.imsi }, offerId: MISSING } },
    });
    const result = data!.attachOffer;
    expect(result.__typename).toBe("OfferNotFound");
    // Fields selected with `... on ErrorResult { ...ErrorFields }` arrive on the concrete type.
    expect(result).toMatchObject({ code: "SUBSCRIBER_1010", message: "Failed to attach offer" });
  });

  it("runs a bulk call and reads per-item results", async () => {
    const { data } = await client.mutate({
      mutation: BulkReplacePackageDocument,
      variables: {
        input: {
          items: [
            { subscriber: { type: "IMSI", value: S.EA1_1.imsi }, currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM },
            { subscriber: { type: "IMSI", value: S.EA1_1.imsi }, currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM },
          ],
        },
      },
    });
    const result = data!.bulkReplacePackage;
    if (result.__typename !== "BulkReplacePackageSuccess") throw new Error(`unexpected ${result.__typename}`);
    expect(result.succeededCount).toBe(1);
    expect(result.failedCount).toBe(1);
    expect(result.results[0]!.error).toBeNull();
    const error = result.results[1]!.error!;
    expect(error.__typename).toBe("CurrentPackageMismatch");
    expect(error).toMatchObject({ code: "SUBSCRIBER_1060", attachedPackageId: P.RA_PREMIUM });
  });
});
