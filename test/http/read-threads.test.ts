/**
 * Queries run on the read threads (READ_THREADS), each on connections of its own, while the
 * main thread serves HTTP, checks keys and sends each query on: the answers are those of the
 * main thread, byte for byte; a write is seen by the next query; a revoked key is refused at
 * once; a persisted query's hash alone finds its text; and a read thread that dies costs no
 * answer and is replaced.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { endReadThread } from "../../src/http/write-thread";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, P, S } from "../helpers/world";

const QUERIES = [
  `{ viewer { id name allowOfferDelegation subCustomers(first: 5) { totalCount nodes { id name subscribers(first: 3) { nodes { imsi iccid package { name } } } } } } }`,
  `{ myPackages(customerId: "${C.EA1}", first: 10) { __typename ... on PackageConnection { nodes { id name nestedOffers { id name } } } } }`,
  `{ subscriber(identifier: { type: IMSI, value: "${S.EA1_1.imsi}" }) { id offers { offer { name } priority } } }`,
  `{ node(id: "${P.RA_BASIC}") { __typename ... on Package { name } } }`,
  `{ nope }`,
];

const RENAME = `mutation($input: RenameCustomerInput!) { renameCustomer(input: $input) { __typename } }`;

describe("read threads", () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const raw = async (server: TestServer, body: unknown, key = KEYS.RA) => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  };

  it("answer what the main thread answers, running the queries themselves", async () => {
    const here = await startTestServer({ config: { readThreads: 0 } });
    try {
      t = await startTestServer({ config: { readThreads: 2 } });
      const statementsBefore = t.db.statements();
      for (const query of QUERIES) {
        for (let i = 0; i < 3; i++) expect(await raw(t, { query }), query).toEqual(await raw(here, { query }));
      }
      // The main thread looked up the key and ran nothing else: the queries ran elsewhere.
      expect(t.db.statements() - statementsBefore).toBeLessThan(QUERIES.length * 3);
      expect(here.db.statements()).toBeGreaterThan(QUERIES.length * 3);
    } finally {
      await here.close();
    }
  });

  it("see a write at the next query, and refuse a revoked key at once", async () => {
    t = await startTestServer({ config: { readThreads: 2 } });
    const name = `{ customer(id: "${C.EA1}") { name } }`;
    for (let i = 0; i < 4; i++) {
      const renamed = await t.gql("RA", RENAME, { input: { customerId: C.EA1, name: `Renamed ${i}` } });
      expect(renamed.body.data.renameCustomer.__typename).toBe("RenameCustomerSuccess");
      // Two queries at once, so that both threads answer one.
      const answers = await Promise.all([t.gql("RA", name), t.gql("RA", name)]);
      for (const answer of answers) expect(answer.body.data.customer.name).toBe(`Renamed ${i}`);
    }
    const created = await t.gql("EA1", `mutation { createApiKey(input: { label: "short-lived" }) { __typename ... on CreateApiKeySuccess { apiKey { id } key } } }`);
    const { apiKey, key } = created.body.data.createApiKey;
    expect((await raw(t, { query: "{ viewer { name } }" }, key)).status).toBe(200);
    await t.gql("EA1", `mutation($id: UUID!) { revokeApiKey(input: { apiKeyId: $id }) { __typename } }`, { id: apiKey.id });
    expect((await raw(t, { query: "{ viewer { name } }" }, key)).status).toBe(401);
  });

  it("find a persisted query's text by its hash alone, whichever thread is asked", async () => {
    t = await startTestServer({ config: { readThreads: 2 }, env: { PERSISTED_QUERIES: "true" } });
    const query = `{ viewer { name } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") } };
    const first = await raw(t, { query, extensions });
    expect(JSON.parse(first.text).data.viewer.name).toBe("Customer RA");
    // At once, so that were they spread by load they would reach both threads.
    const byHash = await Promise.all(Array.from({ length: 8 }, () => raw(t!, { extensions })));
    for (const answer of byHash) expect(JSON.parse(answer.text)).toEqual(JSON.parse(first.text));
  });

  it("answer while a read thread dies, and start it again", async () => {
    t = await startTestServer({ config: { readThreads: 2 } });
    const query = `{ viewer { id name } }`;
    const expected = (await raw(t, { query })).text;
    const answers = Array.from({ length: 40 }, () => raw(t!, { query }));
    await endReadThread(0);
    for (const answer of await Promise.all(answers)) expect(answer).toEqual({ status: 200, text: expected });
    await expect.poll(() => t!.logs.some((line) => line.level >= 50 && /read thread 1 ended unexpectedly/.test(line.msg))).toBe(true);
    await expect.poll(async () => (await fetch(new URL("/readyz", t!.url))).status).toBe(200);
    for (let i = 0; i < 10; i++) expect(await raw(t, { query })).toEqual({ status: 200, text: expected });
  });
});
