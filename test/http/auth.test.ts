/** Authentication: bearer keys, 401 with UNAUTHENTICATED, hashes only. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS } from "../helpers/world";

describe("authentication", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it("answers the key's customer as viewer", async () => {
    const res = await t.gql("RA", "{ viewer { id name } }");
    expect(res.status).toBe(200);
    expect(res.body.data.viewer).toEqual({ id: C.RA, name: "Customer RA" });
  });

  it.each([
    ["no key", null],
    ["an unknown key", "test-key-that-does-not-exist"],
    ["a key differing in one character", KEYS.RA.slice(0, -1) + "X"],
  ])("refuses %s with HTTP 401 and UNAUTHENTICATED", async (_label, key) => {
    const res = await t.gql({ key }, "{ viewer { id } }");
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  it("refuses a malformed Authorization header with 401", async () => {
    const res = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Basic ${KEYS.RA}` },
      body: JSON.stringify({ query: "{ viewer { id } }" }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a mutation without a key with 401 and changes nothing", async () => {
    const res = await t.gql(
      { key: null },
      `mutation { createPackage(customerId: "${C.RA}", input: { name: "x", nestedOfferIds: [], eligibleSubAccounts: { all: true } }) { __typename } }`,
    );
    expect(res.status).toBe(401);
    expect(res.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("lets introspection through without a key, so schema explorers and codegen work", async () => {
    const res = await t.gql({ key: null }, "{ __schema { queryType { name } } }");
    expect(res.status).toBe(200);
    expect(res.body.data.__schema.queryType.name).toBe("Query");
  });

  it("does not let a query mix introspection with data without a key", async () => {
    const res = await t.gql({ key: null }, "{ __typename viewer { id } }");
    expect(res.status).toBe(401);
  });

  it("stores only hashes of keys", async () => {
    const rows = await t.db.rows<{ key_hash: string }>("SELECT * FROM api_keys");
    expect(rows.length).toBeGreaterThanOrEqual(Object.keys(KEYS).length);
    const stored = JSON.stringify(rows);
    for (const key of Object.values(KEYS)) expect(stored).not.toContain(key);
    for (const row of rows) expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
