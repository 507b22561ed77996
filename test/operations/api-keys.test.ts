/** API keys through the API: createApiKey, revokeApiKey, Customer.apiKeys. */
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CREATE_API_KEY, REVOKE_API_KEY, requestOf, requestsRecordedBy, run, without } from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, MISSING } from "../helpers/world";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const API_KEYS = `query($id: UUID!) { customer(id: $id) { apiKeys(first: 100) { totalCount nodes { id keyPrefix label createdAt revokedAt } } } }`;
const VIEWER_KEYS = `{ viewer { id apiKeys(first: 100) { totalCount nodes { id keyPrefix label createdAt revokedAt } } } }`;

/** Every value stored anywhere in the database, as one string. */
async function everythingStored(t: TestServer): Promise<string> {
  return JSON.stringify(await t.db.contents());
}

describe("API keys", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const createKey = async (as: "EA1" | "RA" | "DA1" | { key: string }, label?: string) => {
    const result = await run(t, as, CREATE_API_KEY, { input: label === undefined ? {} : { label } });
    expect(result.__typename).toBe("CreateApiKeySuccess");
    return result;
  };
  const viewerWith = (key: string) => t.gql({ key }, `{ viewer { id } }`);

  it("creates a key shown once, stored only as its SHA-256, that works at once and is listed in viewer.apiKeys", async () => {
    const result = await createKey("EA1", "  CI pipeline ");
    const key: string = result.key;
    expect(key).toMatch(/^cgk_[A-Za-z0-9_-]{32}$/);
    expect(result.apiKey).toEqual({ id: expect.any(String), keyPrefix: key.slice(0, 8), label: "CI pipeline", createdAt: expect.any(String), revokedAt: null });
    expect(await requestOf(t, "EA1", result.requestId)).toMatchObject({ operation: "CREATE_API_KEY", status: "SUCCEEDED", code: null });

    const row = await t.db.row("SELECT customer_id, key_hash, key_prefix FROM api_keys WHERE id = ?", result.apiKey.id);
    expect(row).toEqual({ customer_id: C.EA1, key_hash: sha256(key), key_prefix: key.slice(0, 8) });
    expect(await everythingStored(t)).not.toContain(key);

    const viewer = await viewerWith(key);
    expect(viewer.status).toBe(200);
    expect(viewer.body.data.viewer.id).toBe(C.EA1);

    const listed = (await t.gql({ key }, VIEWER_KEYS)).body.data.viewer.apiKeys;
    expect(listed.totalCount).toBe(2);
    expect(listed.nodes[1]).toEqual(result.apiKey);
    expect(listed.nodes[0]).toMatchObject({ keyPrefix: KEYS.EA1.slice(0, 8), revokedAt: null });
  });

  it("creates a key without a label", async () => {
    expect((await createKey("RA")).apiKey.label).toBeNull();
  });

  it("refuses a label over 100 characters with ValidationFailed at input.label, creating nothing", async () => {
    const before = await t.db.digest();
    expect(await run(t, "EA1", CREATE_API_KEY, { input: { label: "l".repeat(101) } })).toMatchObject({
      __typename: "ValidationFailed",
      code: "VALIDATION_FAILED",
      issues: [{ path: "input.label" }],
    });
    expect(await t.db.digest()).toBe(before);
  });

  it("revokes a key: the very next request with it is HTTP 401 UNAUTHENTICATED; the other keys keep working", async () => {
    const { key, apiKey } = await createKey("EA1", "temp");
    expect((await viewerWith(key)).status).toBe(200);
    const result = await run(t, { key }, REVOKE_API_KEY, { input: { apiKeyId: apiKey.id } });
    expect(result).toMatchObject({
      __typename: "RevokeApiKeySuccess",
      apiKey: { id: apiKey.id, keyPrefix: apiKey.keyPrefix, label: "temp", revokedAt: expect.any(String) },
    });
    expect(await requestOf(t, "EA1", result.requestId)).toMatchObject({ operation: "REVOKE_API_KEY", status: "SUCCEEDED" });

    const refused = await viewerWith(key);
    expect(refused.status).toBe(401);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) })]);
    expect((await viewerWith(KEYS.EA1)).body.data.viewer.id).toBe(C.EA1);
    const listed = (await t.gql("EA1", VIEWER_KEYS)).body.data.viewer.apiKeys.nodes;
    expect(listed.find((k: { id: string }) => k.id === apiKey.id).revokedAt).toBe(result.apiKey.revokedAt);
  });

  it("keeps the first revocation time when a key is revoked again", async () => {
    const { apiKey } = await createKey("EA1");
    const first = await run(t, "EA1", REVOKE_API_KEY, { input: { apiKeyId: apiKey.id } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await run(t, "EA1", REVOKE_API_KEY, { input: { apiKeyId: apiKey.id } });
    expect(second.apiKey.revokedAt).toBe(first.apiKey.revokedAt);
  });

  it("refuses to revoke a key it does not manage (a grandchild's, another tenant's) exactly like an unknown id; that key keeps working", async () => {
    const { key, apiKey } = await createKey("DA1");
    const recorded = await requestsRecordedBy(t, async () => {
      const other = await run(t, "RA", REVOKE_API_KEY, { input: { apiKeyId: apiKey.id } });
      expect(other).toEqual({
        __typename: "ApiKeyNotFound",
        code: "VALIDATION_FAILED",
        message: "No API key of yours or of a direct sub-account has this id",
        apiKeyId: apiKey.id,
      });
      expect(without(await run(t, "RA", REVOKE_API_KEY, { input: { apiKeyId: MISSING } }), "apiKeyId")).toEqual(without(other, "apiKeyId"));
      expect(await run(t, "RB", REVOKE_API_KEY, { input: { apiKeyId: apiKey.id } })).toMatchObject({ __typename: "ApiKeyNotFound" });
    });
    expect(recorded.map((r) => [r.operation, r.status, r.code])).toEqual([
      ["revokeApiKey", "FAILED", "VALIDATION_FAILED"],
      ["revokeApiKey", "FAILED", "VALIDATION_FAILED"],
      ["revokeApiKey", "FAILED", "VALIDATION_FAILED"],
    ]);
    expect(await t.db.value("SELECT revoked_at FROM api_keys WHERE id = ?", apiKey.id)).toBeNull();
    expect((await viewerWith(key)).body.data.viewer.id).toBe(C.DA1);
  });

  it("shows keys only to their customer and its parent: a grandparent and the customer's view of its parent see none", async () => {
    await createKey("EA1", "secret one");
    expect((await t.gql("RA", API_KEYS, { id: C.EA1 })).body.data.customer.apiKeys.totalCount).toBe(2);
    expect((await t.gql("OP", API_KEYS, { id: C.EA1 })).body.data.customer.apiKeys).toEqual({ totalCount: 0, nodes: [] });
    const parent = (await t.gql("EA1", `{ viewer { parent { apiKeys { totalCount nodes { id } } } } }`)).body.data.viewer.parent;
    expect(parent.apiKeys).toEqual({ totalCount: 0, nodes: [] });
    expect((await t.gql("EA1", API_KEYS, { id: C.EA1 })).body.data.customer.apiKeys.totalCount).toBe(2);
  });

  it("lets a parent give a sub-account it created its first key, and revoke it", async () => {
    const created = await t.gql("RA", `mutation { createSubCustomer(input: { name: "Keyless Co" }) { ... on CreateSubCustomerSuccess { customer { id } } } }`);
    const customerId = created.body.data.createSubCustomer.customer.id;
    const issued = await run(t, "RA", CREATE_API_KEY, { input: { customerId, label: "handed over" } });
    expect(issued).toMatchObject({ __typename: "CreateApiKeySuccess", apiKey: { label: "handed over" } });
    expect((await viewerWith(issued.key)).body.data.viewer.id).toBe(customerId);
    const revoked = await run(t, "RA", REVOKE_API_KEY, { input: { apiKeyId: issued.apiKey.id } });
    expect(revoked.__typename).toBe("RevokeApiKeySuccess");
    expect((await viewerWith(issued.key)).status).toBe(401);
  });

  it("refuses a key for a grandchild or another tenant", async () => {
    expect(await run(t, "RA", CREATE_API_KEY, { input: { customerId: C.DA1 } })).toMatchObject({
      __typename: "CustomerNotDirectSubAccount",
      code: "VALIDATION_FAILED",
    });
    const other = await run(t, "RA", CREATE_API_KEY, { input: { customerId: C.RB } });
    expect(other).toMatchObject({ __typename: "CustomerNotFound", code: "CUSTOMER_1002" });
    expect(without(await run(t, "RA", CREATE_API_KEY, { input: { customerId: MISSING } }), "customerId")).toEqual(without(other, "customerId"));
  });
});
