/**
 * The customers of live API keys are remembered on the reader until the next commit
 * (rememberingKeyLookup): a key revoked, or a requester renamed or changed, is seen at the next
 * request, whether the change came through this server's mutations or from another process
 * sharing the database file.
 */
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C } from "../helpers/world";

const VIEWER = "{ viewer { id name allowOfferDelegation } }";

describe("remembered API keys", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  /** A connection of its own on the file, as another server process would have. */
  function otherProcess<T>(body: (db: Database.Database) => T): T {
    const db = new Database(t.app.config.databasePath);
    try {
      return body(db);
    } finally {
      db.close();
    }
  }

  it("asks the database once for a key used again while nothing was committed", async () => {
    await t.gql("RA", VIEWER);
    const before = t.handle.statements.count;
    const res = await t.gql("RA", VIEWER);
    expect(res.body.data.viewer.id).toBe(C.RA);
    expect(t.handle.statements.count).toBe(before);
  });

  it("refuses a key revoked through the API at the next request", async () => {
    const created = await t.gql("RA", `mutation { createApiKey(input: { label: "spare" }) { ... on CreateApiKeySuccess { key apiKey { id } } } }`);
    const { key, apiKey } = created.body.data.createApiKey;
    expect((await t.gql({ key }, VIEWER)).status).toBe(200);
    expect((await t.gql({ key }, VIEWER)).status).toBe(200);
    const revoked = await t.gql("RA", `mutation { revokeApiKey(input: { apiKeyId: "${apiKey.id}" }) { __typename } }`);
    expect(revoked.body.data.revokeApiKey.__typename).toBe("RevokeApiKeySuccess");
    const res = await t.gql({ key }, VIEWER);
    expect(res.status).toBe(401);
    expect(res.body.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("shows the requester renamed through the API at once", async () => {
    expect((await t.gql("EA1", VIEWER)).body.data.viewer.name).toBe("Customer EA1");
    const renamed = await t.gql("EA1", `mutation { renameCustomer(input: { customerId: "${C.EA1}", name: "Renamed EA1" }) { __typename } }`);
    expect(renamed.body.data.renameCustomer.__typename).toBe("RenameCustomerSuccess");
    expect((await t.gql("EA1", VIEWER)).body.data.viewer.name).toBe("Renamed EA1");
  });

  it("shows the requester's flag changed by its parent through the API at once", async () => {
    expect((await t.gql("EA1", VIEWER)).body.data.viewer.allowOfferDelegation).toBe(true);
    const set = await t.gql("RA", `mutation { setOfferDelegation(input: { customerId: "${C.EA1}", allowOfferDelegation: false }) { __typename } }`);
    expect(set.body.data.setOfferDelegation.__typename).toBe("SetOfferDelegationSuccess");
    expect((await t.gql("EA1", VIEWER)).body.data.viewer.allowOfferDelegation).toBe(false);
  });

  it("sees a revocation and a rename committed by another process at the next request", async () => {
    expect((await t.gql("EA2", VIEWER)).status).toBe(200);
    otherProcess((db) => db.prepare("UPDATE customers SET name = 'Renamed elsewhere' WHERE id = ?").run(C.EA2));
    expect((await t.gql("EA2", VIEWER)).body.data.viewer.name).toBe("Renamed elsewhere");
    otherProcess((db) => db.prepare("UPDATE api_keys SET revoked_at = ? WHERE customer_id = ?").run(Date.now(), C.EA2));
    expect((await t.gql("EA2", VIEWER)).status).toBe(401);
    expect((await t.gql("RB", VIEWER)).status).toBe(200);
  });
});
