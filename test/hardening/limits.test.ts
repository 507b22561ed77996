/**
 * Query limits: each refused with a clear GraphQL error before any
 * resolver runs; suggestions hidden without introspection; no batching; introspection and
 * GraphiQL configurable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS } from "../helpers/world";

const post = (t: TestServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(t.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.RA}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("query limits (defaults)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  /** Counts statements: a refused query must not have reached any resolver. */
  async function refusedBeforeResolvers(query: string, limit: string) {
    const before = t.db.statements();
    const res = await t.gql("RA", query);
    // At most the API-key lookup ran (none once the key is cached).
    expect(t.db.statements() - before).toBeLessThanOrEqual(1);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit });
    return res.body.errors![0]!.message;
  }

  it("has safe defaults", () => {
    expect(loadConfig({}).limits).toEqual({
      maxDepth: 12,
      maxAliases: 30,
      maxCost: 50_000,
      maxTokens: 5_000,
      maxBodyBytes: 5 * 1024 * 1024,
      maxUnauthenticatedBodyBytes: 64 * 1024,
      maxResponseBytes: 16 * 1024 * 1024,
      executionBudgetMs: 5_000,
    });
  });

  it("refuses a query deeper than the limit", async () => {
    const deep = "{ viewer { " + "parent { ".repeat(12) + "id" + " }".repeat(12) + " } }";
    expect(await refusedBeforeResolvers(deep, "depth")).toBe("Query depth 14 is over the limit of 12");
  });

  it("refuses more aliases than the limit", async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { id }`).join(" ")} }`;
    expect(await refusedBeforeResolvers(query, "aliases")).toBe("31 aliases is over the limit of 30");
  });

  it("refuses a query whose list sizes multiply over the cost limit", async () => {
    const query = `{ viewer { subCustomers(first: 100) { nodes { subscribers(first: 100) { nodes { offers { offer { name } } } } } } } }`;
    expect(await refusedBeforeResolvers(query, "cost")).toMatch(/^Query cost \d+ is over the limit of 50000/);
  });

  it("says how to page instead when the cost is over the limit", async () => {
    const query = `{ viewer { subCustomers(first: 100) { nodes { subscribers(first: 100) { nodes { offers { offer { name } } } } } } } }`;
    expect(await refusedBeforeResolvers(query, "cost")).toMatch(/ask for smaller pages \(first\) at the outer levels, and page an inner list on its own/);
  });

  it("refuses a connection's page size outside 0 to 100 before anything runs, instead of nulling the whole answer", async () => {
    for (const [query, variables, first] of [
      [`{ viewer { id subscribers(first: 101) { totalCount } } }`, undefined, 101],
      [`query($n: Int) { viewer { id subCustomers { nodes { requests(first: $n) { totalCount } } } } }`, { n: -1 }, -1],
    ] as const) {
      const before = t.db.statements();
      const res = await t.gql("RA", query, variables as Record<string, unknown> | undefined);
      expect(t.db.statements() - before).toBeLessThanOrEqual(1); // the API-key lookup at most
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors![0]!.extensions).toMatchObject({ code: "PAGE_SIZE_OUT_OF_RANGE", value: first, max: 100 });
      expect(res.body.errors![0]!.message).toMatch(/page on with after: pageInfo.endCursor$/);
    }
    // A field with a result union answers its own ValidationFailed, as documented.
    const typed = await t.gql("RA", `{ myPackages(customerId: "${C.EA1}", first: 101) { __typename } }`);
    expect(typed.status).toBe(200);
    expect(typed.body.data.myPackages.__typename).toBe("ValidationFailed");
  });

  it("counts `first` given as a variable", async () => {
    const query = `query($n: Int) { viewer { subCustomers(first: $n) { nodes { subscribers(first: $n) { nodes { offers { offer { name } } } } } } } }`;
    const small = await t.gql("RA", query, { n: 5 });
    expect(small.status).toBe(200);
    const big = await t.gql("RA", query, { n: 100 });
    expect(big.body.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost" });
  });

  it("lets a reasonable nested query and GraphiQL's introspection query through", async () => {
    const res = await t.gql("RA", `{ viewer { subCustomers(first: 50) { nodes { subscribers(first: 50) { nodes { package { nestedOffers { name } } } } } } } }`);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const { getIntrospectionQuery } = await import("graphql");
    const intro = await t.gql({ key: null }, getIntrospectionQuery());
    expect(intro.status).toBe(200);
    expect(intro.body.errors).toBeUndefined();
  });

  it("refuses a document over the token limit", async () => {
    const query = `{ viewer { ${"id ".repeat(5001)} } }`;
    const res = await t.gql("RA", query);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.message).toMatch(/more th.. 5000 tokens/);
  });

  it("refuses a body over the size limit with HTTP 413", async () => {
    const res = await post(t, { query: "{ viewer { id } }", variables: { pad: "x".repeat(5 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("refuses batched requests", async () => {
    const res = await post(t, [{ query: "{ viewer { id } }" }, { query: "{ viewer { id } }" }]);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batch/i);
  });

  it("refuses a body that is not JSON with a clear 400", async () => {
    const res = await post(t, "{ not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].message).toBe("The request body is not valid JSON");
  });

  it("suggests field names while introspection is on", async () => {
    const res = await t.gql("RA", "{ viewer { nam } }");
    expect(res.body.errors![0]!.message).toContain("Did you mean");
  });
});

describe("introspection and GraphiQL turned off (production)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { GRAPHQL_INTROSPECTION: "false", GRAPHIQL: "false" } });
  });
  afterAll(() => t.close());

  it("refuses introspection, with or without a key", async () => {
    expect((await t.gql({ key: null }, "{ __schema { queryType { name } } }")).status).toBe(401);
    const res = await t.gql("RA", "{ __schema { queryType { name } } }");
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("does not suggest field names", async () => {
    const res = await t.gql("RA", "{ viewer { nam } }");
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.message).not.toContain("Did you mean");
  });

  it("serves no GraphiQL page or assets", async () => {
    expect((await fetch(t.url, { headers: { accept: "text/html" } })).status).toBe(404);
    expect((await fetch(new URL("/graphiql/assets/graphiql.min.js", t.url))).status).toBe(404);
  });

  it("still answers authenticated queries", async () => {
    expect((await t.gql("RA", "{ viewer { name } }")).body.data.viewer.name).toBe("Customer RA");
  });
});

describe("configurable limits", () => {
  it("applies limits from the environment", async () => {
    const t = await startTestServer({ env: { QUERY_MAX_DEPTH: "3", QUERY_MAX_ALIASES: "1", QUERY_MAX_COST: "5" } });
    try {
      expect((await t.gql("RA", "{ viewer { parent { parent { id } } } }")).body.errors![0]!.extensions!.limit).toBe("depth");
      expect((await t.gql("RA", "{ a: viewer { id } b: viewer { id } }")).body.errors![0]!.extensions!.limit).toBe("aliases");
      expect((await t.gql("RA", "{ viewer { id name allowOfferDelegation parent { id name } } }")).body.errors![0]!.extensions!.limit).toBe("cost");
      expect((await t.gql("RA", "{ viewer { id name } }")).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("rejects a malformed limit at start-up", () => {
    expect(() => loadConfig({ QUERY_MAX_DEPTH: "deep" })).toThrow("QUERY_MAX_DEPTH must be an integer");
  });
});
