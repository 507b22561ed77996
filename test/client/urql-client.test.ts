/**
 * The urql client of README "For frontend teams" (examples/client/urql-client.ts), printed there
 * verbatim: Graphcache with the generated schema and `keys` that embed every type without an id
 * stores every answer without a warning, reads it back from the cache alone, and merges pages.
 */
import { gql } from "@urql/core";
import { buildSchema, isObjectType } from "graphql";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, fetchExchange } from "@urql/core";
import { cacheExchange } from "@urql/exchange-graphcache";
import { createUrqlClient, embeddedTypes } from "../../examples/client/urql-client";
import schema from "../../examples/client/generated/urql-introspection";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, S } from "../helpers/world";

const ROOT = resolve(__dirname, "../..");

const CONSOLE = gql`
  query UrqlConsole($after: String) {
    viewer {
      id
      name
      subCustomers(first: 1, after: $after) {
        edges { cursor node { id name subscribers(first: 2) { totalCount nodes { id imsi package { id name } externalParams { value config { id name } } } } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;
const ATTACH = gql`
  mutation UrqlAttach($input: AttachOfferInput!) {
    attachOffer(input: $input) {
      __typename
      ... on AttachOfferSuccess { requestId subscriberOffer { id priority } }
      ... on ValidationFailed { issues { path message } }
      ... on ErrorResult { code message }
    }
  }
`;

/** Types without an id that Graphcache does not know to be keyless: an entity's external params and a refusal. */
const KEYLESS = gql`
  query UrqlKeyless($other: UUID!) {
    viewer { id externalParams { value config { id name } } }
    myPackages(customerId: $other) { __typename ... on ErrorResult { code message } }
  }
`;

describe("the urql client of the README", () => {
  let t: TestServer;
  const warnings: string[] = [];
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());
  afterEach(() => {
    warnings.length = 0;
    vi.restoreAllMocks();
  });
  const watchWarnings = () => vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(" ")));

  it("is printed in the README exactly as it runs here", () => {
    const source = readFileSync(join(ROOT, "examples/client/urql-client.ts"), "utf8").trim();
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(source);
  });

  it("embeds exactly the object types of schema.graphql that have no id", () => {
    const sdl = buildSchema(readFileSync(join(ROOT, "schema.graphql"), "utf8"));
    const withoutId = Object.values(sdl.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith("__") && type !== sdl.getQueryType() && type !== sdl.getMutationType())
      .filter((type) => isObjectType(type) && !("id" in type.getFields()))
      .map((type) => type.name);
    expect(Object.keys(embeddedTypes).sort()).toEqual(withoutId.sort());
    expect(withoutId).toEqual(expect.arrayContaining(["PageInfo", "SubscriberConnection", "ExternalParamValue", "ValidationFailed", "InputIssue"]));
  });

  it("stores answers and refusals without a warning, reads them back from the cache and merges pages", async () => {
    watchWarnings();
    const client = createUrqlClient({ url: t.url, apiKey: KEYS.RA });
    const first = await client.query(CONSOLE, {}).toPromise();
    expect(first.error).toBeUndefined();
    const page = first.data.viewer.subCustomers;
    expect(page.edges.map((e: any) => e.node.id)).toEqual([C.EA1]);
    expect(page.edges[0].node.subscribers.nodes[0].id).toBe(S.EA1_1.id);

    // A refusal with its issues (ValidationFailed, InputIssue), stored like any answer.
    const refused = await client.mutation(ATTACH, { input: { subscriber: { type: "IMSI", value: S.EA1_1.imsi }, offerId: C.EA1, priority: -5 } }).toPromise();
    expect(refused.data.attachOffer.__typename).toBe("ValidationFailed");
    expect(refused.data.attachOffer.issues.length).toBeGreaterThan(0);

    // The next page from the network, appended by relayPagination; then the whole list from the cache alone.
    await client.query(CONSOLE, { after: page.pageInfo.endCursor }, { requestPolicy: "network-only" }).toPromise();
    const cached = await client.query(CONSOLE, {}, { requestPolicy: "cache-only" }).toPromise();
    expect(cached.data.viewer.subCustomers.edges.map((e: any) => e.node.id)).toEqual([C.EA1, C.EA2]);
    expect(cached.data.viewer.subCustomers.edges[0].node).toEqual(page.edges[0].node);

    // Keyless types Graphcache would warn about (see the next test), from the cache alone too.
    const keyless = await client.query(KEYLESS, { other: C.EB1 }).toPromise();
    expect(keyless.data.viewer.externalParams.length).toBeGreaterThan(0);
    expect(keyless.data.myPackages.__typename).toBe("CustomerNotFound");
    expect((await client.query(KEYLESS, { other: C.EB1 }, { requestPolicy: "cache-only" }).toPromise()).data).toEqual(keyless.data);
    expect(warnings).toEqual([]);
  });

  it("without those keys Graphcache warns about the types without an id", async () => {
    watchWarnings();
    const bare = new Client({
      url: t.url,
      preferGetMethod: false,
      fetchOptions: { headers: { authorization: `Bearer ${KEYS.RA}` } },
      exchanges: [cacheExchange({ schema }), fetchExchange],
    });
    const answer = await bare.query(KEYLESS, { other: C.EB1 }).toPromise();
    expect(answer.data.viewer.externalParams.length).toBeGreaterThan(0);
    expect(answer.data.myPackages.__typename).toBe("CustomerNotFound");
    // Graphcache itself lets *Connection, *Edge and PageInfo go keyless; not the others.
    const keyless = warnings.filter((w) => w.startsWith("Invalid key")).map((w) => /`(\w+)` that always returns null/.exec(w)?.[1]);
    expect(keyless.sort()).toEqual(["CustomerNotFound", "ExternalParamValue"]);
  });
});
