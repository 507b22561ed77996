/**
 * Facing the public internet: a request without a key costs almost nothing and leaves nothing
 * behind; the query analysis counts what execution does (fragments, variables and their
 * defaults, aliases everywhere, unions, bulk items of every field); answers are bounded on the
 * way out; the production profile; security headers.
 */
import { getIntrospectionQuery } from "graphql";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, O, P, S } from "../helpers/world";

const post = (t: TestServer, body: unknown, key: string | null = KEYS.RA) =>
  fetch(t.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });

/** Fragments that each spread two others, `levels` deep: tiny to send, 2^levels to expand. */
function fanOut(levels: number, onType: string, field: string, leaf: string, root: string): string {
  const fragments: string[] = [];
  for (let i = 0; i < levels; i++) {
    const next = i + 1 < levels ? `...A${i + 1} ...B${i + 1}` : leaf;
    fragments.push(`fragment A${i} on ${onType} { ${field} { ${next} } }`, `fragment B${i} on ${onType} { ${field} { ${next} } }`);
  }
  return `${root} ${fragments.join(" ")}`;
}

/** CPU this process spent (user + system), in milliseconds: the test server runs in it. */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * Sends headers announcing `declared` bytes but only `sent` of them, and resolves with the
 * status the server answers: it must answer without waiting for the rest.
 */
function partialUpload(url: string, declared: number, sent: number, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(declared), ...headers },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.write('{"query":"# ' + "x".repeat(sent));
  });
}

describe("before the key", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("refuses a fragment fan-out without a key cheaply, while another client is answered", async () => {
    const document = fanOut(20, "Customer", "parent", "id", "{ viewer { ...A0 ...B0 } }");
    expect(document.length).toBeLessThan(2500);
    const before = process.cpuUsage();
    const attacks = Array.from({ length: 5 }, () => post(t, { query: document }, null));
    const tiny = t.gql("RA", "{ viewer { name } }");
    const answers = await Promise.all(attacks);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    }
    expect((await tiny).body.data.viewer.name).toBe("Customer RA");
    expect(cpuMs(before) / 6).toBeLessThan(100);
  });

  it("measures an introspection fan-out without a key in time proportional to its size", async () => {
    const document = fanOut(24, "__Type", "ofType", "name", "{ __schema { types { ...A0 ...B0 } } }");
    const before = process.cpuUsage();
    const res = await post(t, { query: document }, null);
    expect(cpuMs(before)).toBeLessThan(100);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth" });
  });

  it("caps a keyless body before reading it whole, and never waits for the rest", async () => {
    const before = process.cpuUsage();
    // 4 MB announced, 200 KB sent: the server answers past its 64 KB cap without the rest.
    expect(await partialUpload(t.url, 4 * 1024 * 1024, 200 * 1024)).toBe(401);
    expect(cpuMs(before)).toBeLessThan(100);
    const tiny = await t.gql("RA", "{ viewer { id } }");
    expect(tiny.status).toBe(200);
  });

  it("reads no body for a wrong key", async () => {
    expect(await partialUpload(t.url, 4 * 1024 * 1024, 1024, { authorization: "Bearer not-a-key" })).toBe(401);
  });

  it("lets a keyless client introspect, with the standard query", async () => {
    const res = await post(t, { query: getIntrospectionQuery() }, null);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.__schema.queryType.name).toBe("Query");
  });

  it("refuses anything but introspection without a key, fragments on data types included", async () => {
    for (const query of [
      "{ viewer { id } }",
      "{ __typename ...Q } fragment Q on Query { viewer { id } }",
      "{ __schema { queryType { name } } } query Other { viewer { id } }",
      "{ ... on Query { viewer { id } } }",
    ]) {
      const res = await post(t, { query }, null);
      expect(res.status, query).toBe(401);
    }
  });

  it("keeps nothing a keyless request sends", async () => {
    const cache = t.app.documentCache!;
    const size = cache.size;
    for (let i = 0; i < 5; i++) {
      expect((await post(t, { query: `{ __typename __schema { queryType { name } } } # ${i}` }, null)).status).toBe(200);
    }
    expect(cache.size).toBe(size);
    // An automatic persisted query registered without a key is not remembered.
    const query = "{ __typename }";
    const { createHash } = await import("node:crypto");
    const sha256Hash = createHash("sha256").update(query).digest("hex");
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    await post(t, { query, extensions: persisted }, null);
    const replay = (await (await post(t, { extensions: persisted })).json()) as any;
    expect(replay.errors[0].extensions.code).toMatch(/^PERSISTED_QUERY_NOT_(FOUND|SUPPORTED)$/);
    // A document sent with a key is kept for reuse.
    await t.gql("RA", "{ viewer { id } } # kept");
    expect(cache.size).toBe(size + 1);
  });
});

describe("memory", () => {
  it("keeps at most a bounded share of large distinct documents", async () => {
    const t = await startTestServer();
    try {
      const cache = t.app.documentCache!;
      // One 4 MB comment, sent as bytes, with a distinct document after it each time.
      const prefix = Buffer.from('{"query":"#' + "x".repeat(4 * 1024 * 1024));
      const send = (suffix: string) =>
        fetch(t.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.RA}` },
          body: Buffer.concat([prefix, Buffer.from(`\\n{ viewer { id } } # ${suffix}"}`)]),
        });
      for (let i = 0; i < 5; i++) expect((await send(`warm-up ${i}`)).status).toBe(200);
      // Global GC is not exposed under the test runner: sample RSS after a warm-up, then send 1,000.
      const start = process.memoryUsage().rss;
      let peak = start;
      for (let i = 0; i < 1000; i++) {
        const res = await send(`distinct ${i}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        if (i % 50 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      expect(cache.bytes).toBeLessThanOrEqual(t.app.config.documentCacheBytes);
      expect(peak - start).toBeLessThan(150 * 1024 * 1024);
    } finally {
      await t.close();
    }
  }, 240_000);
});

describe("one honest analysis", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const limitOf = (res: { body: { errors?: { extensions?: Record<string, any> }[] } }) => res.body.errors?.[0]?.extensions;

  it("counts every spread of a fragment, not only the first", async () => {
    const fragment = "fragment Page on Customer { subCustomers(first: 100) { nodes { subscribers(first: 100) { nodes { id imsi } } } } }";
    const aliases = Array.from({ length: 20 }, (_, i) => `v${i}: viewer { ...Page }`).join(" ");
    const res = await t.gql("RA", `{ ${aliases} } ${fragment}`);
    // Per alias: viewer 1 + subCustomers 1 + nodes (1 + 100 x (subscribers 1 + nodes (1 + 100 x 2))) = 20,203.
    expect(limitOf(res)).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost", value: 20 * 20_203 });
  });

  it("counts a variable's default when the variable is not sent", async () => {
    const query = `query($f: Int = 100) { viewer { subCustomers(first: $f) { nodes { subCustomers(first: $f) { nodes { subscribers(first: $f) { nodes { id } } } } } } } }`;
    const res = await t.gql("RA", query);
    expect(limitOf(res)).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost" });
    expect(limitOf(res)!.value).toBeGreaterThan(1_000_000);
    const small = await t.gql("RA", query, { f: 2 });
    expect(small.status).toBe(200);
  });

  it("counts the depth of a fragment where it is spread, however deep", async () => {
    const query = `{ viewer { ...Up parent { parent { parent { ...Up } } } } } fragment Up on Customer { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } }`;
    const res = await t.gql("RA", query);
    expect(limitOf(res)).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth", value: 13 });
  });

  it("counts aliases inside introspection, and its real size", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `s${i}: __schema { queryType { name } }`).join(" ");
    const res = await post(t, { query: `{ ${aliases} }` }, null);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "aliases" });
    // The standard introspection query costs about 15,000: four at once are over 50,000.
    const standard = getIntrospectionQuery();
    const fragments = standard.slice(standard.indexOf("fragment FullType"));
    const four = Array.from({ length: 4 }, (_, i) => `s${i}: __schema { types { ...FullType } }`).join(" ");
    const big = await post(t, { query: `{ ${four} } ${fragments}` }, null);
    expect(((await big.json()) as any).errors[0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost" });
  });

  it("costs a union by its most expensive member, not by all of them", async () => {
    const members = ["CustomerNotFound", "ServiceUnavailable", "ValidationFailed"].map((m) => `... on ${m} { code message }`).join(" ");
    const query = `query($id: UUID!) { myPackages(customerId: $id, first: 5) { ... on PackageConnection { nodes { id name } } ${members} } }`;
    const limited = await startTestServer({ env: { QUERY_MAX_COST: "12" } });
    try {
      // myPackages 1 + max(nodes 1 + 5 x 2 = 11, code + message = 2) = 12: within the limit.
      const res = await limited.gql("RA", query, { id: "00000001-0000-4000-8000-000000000002" });
      expect(res.status).toBe(200);
      const over = await limited.gql("RA", query.replace("first: 5", "first: 6"), { id: "00000001-0000-4000-8000-000000000002" });
      expect(limitOf(over)).toMatchObject({ limit: "cost", value: 14 });
    } finally {
      await limited.close();
    }
  });

  it("adds up the bulk items of every field of a request, and changes nothing when over", async () => {
    const item = { subscriber: { type: "IMSI", value: S.EA1_1.imsi }, currentPackageId: P.RA_BASIC, newPackageId: P.RA_BASIC };
    const items = Array.from({ length: 6_000 }, () => item);
    const fields = Array.from({ length: 2 }, (_, i) => `b${i}: bulkReplacePackage(input: { items: $items }) { __typename }`).join(" ");
    const requestsBefore = t.handle.sqlite.prepare("select count(*) as n from requests").get() as { n: number };
    const res = await t.gql("RA", `mutation($items: [BulkReplacePackageItemInput!]!) { ${fields} }`, { items });
    expect(res.status).toBe(400);
    expect(limitOf(res)).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "bulkItems", value: 12_000, max: 10_000 });
    expect(t.handle.sqlite.prepare("select count(*) as n from requests").get()).toEqual(requestsBefore);
  });
});

describe("bounded work on the way out", () => {
  it("refuses an answer over the size cap with a clear error", async () => {
    const t = await startTestServer({ env: { RESPONSE_MAX_BYTES: "2048" } });
    try {
      const small = await t.gql("RA", "{ viewer { id } }");
      expect(small.status).toBe(200);
      const big = await t.gql("RA", "{ __schema { types { name description } } }");
      expect(big.status).toBe(400);
      expect(big.body.errors![0]!.extensions!.code).toBe("RESPONSE_TOO_LARGE");
      expect(big.body.errors![0]!.message).toMatch(/over 2048 bytes/);
      expect((await t.gql("RA", "{ viewer { name } }")).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("stops a query past its time budget, and still applies a mutation", async () => {
    const t = await startTestServer({ config: { limits: { ...loadConfig({}).limits, executionBudgetMs: 0 } } });
    try {
      const res = await t.gql("RA", "{ viewer { subCustomers { nodes { subscribers { nodes { id } } } } } }");
      expect(res.status).toBe(503);
      expect(res.body.errors![0]!.extensions!.code).toBe("QUERY_TIME_BUDGET_EXCEEDED");
      const attach = await t.gql(
        "RA",
        `mutation($input: AttachOfferInput!) { attachOffer(input: $input) { __typename } }`,
        { input: { subscriber: { type: "IMSI", value: S.EA1_1.imsi }, offerId: O.RA_REG2 } },
      );
      expect(attach.status).toBe(200);
      expect(attach.body.data.attachOffer.__typename).toBe("AttachOfferSuccess");
    } finally {
      await t.close();
    }
  });
});

describe("production profile", () => {
  it("turns introspection, GraphiQL and persisted queries off unless switched on", async () => {
    const t = await startTestServer({ env: { NODE_ENV: "production" } });
    try {
      expect((await post(t, { query: "{ __schema { queryType { name } } }" }, null)).status).toBe(401);
      const keyed = await t.gql("RA", "{ __schema { queryType { name } } }");
      expect(keyed.body.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect((await t.gql("RA", "{ viewer { nam } }")).body.errors![0]!.message).not.toContain("Did you mean");
      expect((await fetch(t.url, { headers: { accept: "text/html" } })).status).toBe(404);
      const apq = (await (await post(t, { query: "{ viewer { id } }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } })).json()) as any;
      expect(apq.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
    } finally {
      await t.close();
    }
    const on = await startTestServer({ env: { NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true", GRAPHIQL: "true", PERSISTED_QUERIES: "true" } });
    try {
      expect((await post(on, { query: "{ __schema { queryType { name } } }" }, null)).status).toBe(200);
      expect((await fetch(on.url, { headers: { accept: "text/html" } })).status).toBe(200);
      const { createHash } = await import("node:crypto");
      const query = "{ viewer { name } }";
      const persisted = { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") } };
      await post(on, { query, extensions: persisted });
      const replay = (await (await post(on, { extensions: persisted })).json()) as any;
      expect(replay.data.viewer.name).toBe("Customer RA");
    } finally {
      await on.close();
    }
  });
});

describe("security headers", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("sends nosniff on every answer and forbids framing", async () => {
    const base = new URL(t.url);
    const answers = [
      await fetch(new URL("/healthz", base)),
      await fetch(new URL("/nowhere", base)),
      await fetch(t.url, { headers: { accept: "text/html" } }),
      await fetch(new URL("/graphiql/assets/graphiql.min.css", base)),
      await post(t, { query: "{ viewer { id } }" }),
      await post(t, { query: "{ viewer { id } }" }, "wrong"),
      await post(t, { query: "{ viewer { id" }),
    ];
    for (const answer of answers) {
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(answer.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("forbids caching every GraphQL answer: each depends on the key that asked", async () => {
    const answers = [
      await post(t, { query: "{ viewer { id } }" }),
      await post(t, { query: `mutation { renameCustomer(input: { customerId: "${C.RA}", name: "Customer RA" }) { __typename } }` }),
      await post(t, { query: "{ viewer { id } }" }, "wrong"),
      await post(t, { query: "{ viewer { id" }),
    ];
    for (const answer of answers) expect(answer.headers.get("cache-control")).toBe("no-store");
  });
});
