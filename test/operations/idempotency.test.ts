/**
 * Safe retries and Requests (README "Safe retries" and "Rules: Requests"): every
 * mutation takes an idempotencyKey; every unit of work is a Request.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { boundEcho, ECHO_TEXT_MAX, truncateText } from "../../src/app/mutation";
import { PURGE_BATCH_SIZE } from "../../src/db/retention";
import {
  ATTACH_OFFER,
  ATTACH_PACKAGE,
  BULK_REPLACE_PACKAGE,
  CLEAR_EXTERNAL_PARAM_VALUE,
  CREATE_API_KEY,
  CREATE_EXTERNAL_PARAM_CONFIG,
  CREATE_OFFER,
  CREATE_PACKAGE,
  CREATE_SUB_CUSTOMER,
  CREATE_SUBSCRIBERS,
  DELETE_PACKAGE,
  DETACH_OFFER,
  DETACH_PACKAGE,
  RENAME_CUSTOMER,
  REVOKE_API_KEY,
  SET_EXTERNAL_PARAM_VALUE,
  SET_OFFER_DELEGATION,
  UPDATE_PACKAGE,
  countRows,
  requestOf,
  requestsRecordedBy,
  run,
} from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, X, type CustomerName } from "../helpers/world";

type Vars = Record<string, unknown>;
const imsi = (value: string) => ({ type: "IMSI", value });
const HOUR = 3600_000;

/** The requestIds an answer carries: one, or one per successful bulk item. */
function requestIdsOf(answer: any): string[] {
  if (answer.results) return answer.results.map((r: { requestId: string | null }) => r.requestId).filter(Boolean);
  return answer.requestId ? [answer.requestId] : [];
}

const reused = (idempotencyKey: string) => ({
  __typename: "IdempotencyKeyReused",
  code: "VALIDATION_FAILED",
  message: "This idempotency key was already used with a different input",
  idempotencyKey,
});

/**
 * The mutations the issue names, each with an input for two requesters, a changed input, and
 * what one application adds (its requests and its rows).
 */
interface Core {
  name: string;
  operation: string;
  document: string;
  as: CustomerName;
  variables: Vars;
  changed: Vars;
  other: CustomerName;
  otherVariables: Vars;
  /** Rows one application adds (of the table the mutation writes). */
  rows: (t: TestServer) => Promise<number>;
  /** How a replayed answer differs from the first (createApiKey hides the key). */
  replayOf?: (first: any) => any;
}

const CORE: Core[] = [
  {
    name: "createPackage",
    operation: "createPackage",
    document: CREATE_PACKAGE,
    as: "RA",
    variables: { customerId: C.RA, input: { name: "Retry pack", nestedOfferIds: [O.RA_REG1, O.RA_REG2], eligibleSubAccounts: { all: true } } },
    changed: { customerId: C.RA, input: { name: "Retry pack", nestedOfferIds: [O.RA_REG2, O.RA_REG1], eligibleSubAccounts: { all: true } } },
    other: "RB",
    otherVariables: { customerId: C.RB, input: { name: "Retry pack", nestedOfferIds: [O.RB_REG1], eligibleSubAccounts: { all: true } } },
    rows: (t) => countRows(t, "packages"),
  },
  {
    name: "attachOffer",
    operation: "attachOffer",
    document: ATTACH_OFFER,
    as: "RA",
    // No priority: applying it twice would attach a second instance.
    variables: { input: { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_REG3 } },
    changed: { input: { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_REG3, priority: 5 } },
    other: "RB",
    otherVariables: { input: { subscriber: imsi(S.EB1_1.imsi), offerId: O.RB_REG1 } },
    rows: (t) => countRows(t, "subscriber_offers"),
  },
  {
    name: "bulkReplacePackage",
    operation: "bulkReplacePackage",
    document: BULK_REPLACE_PACKAGE,
    as: "RA",
    variables: { input: { items: [{ subscriber: imsi(S.EA1_1.imsi), currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM }] } },
    changed: { input: { items: [{ subscriber: imsi(S.EA1_1.imsi), currentPackageId: P.RA_BASIC, newPackageId: P.RA_BASIC }] } },
    other: "RB",
    otherVariables: { input: { items: [{ subscriber: imsi(S.EB1_1.imsi), currentPackageId: P.RB_ALL, newPackageId: P.RB_ALL }] } },
    rows: (t) => countRows(t, "requests", "operation = 'bulkReplacePackage' AND status = 'SUCCEEDED'"),
  },
  {
    name: "createSubscribers",
    operation: "createSubscribers",
    document: CREATE_SUBSCRIBERS,
    as: "RA",
    variables: { input: { items: [{ customerId: C.EA2, imsi: "222010000000801" }] } },
    changed: { input: { items: [{ customerId: C.EA2, imsi: "222010000000802" }] } },
    other: "RB",
    otherVariables: { input: { items: [{ customerId: C.EB1, imsi: "222010000000803" }] } },
    rows: (t) => countRows(t, "subscribers"),
  },
  {
    name: "createSubCustomer",
    operation: "createSubCustomer",
    document: CREATE_SUB_CUSTOMER,
    as: "RA",
    variables: { input: { name: "Retry Co" } },
    changed: { input: { name: "Retry Co", allowOfferDelegation: true } },
    other: "RB",
    otherVariables: { input: { name: "Retry Co" } },
    rows: (t) => countRows(t, "customers"),
  },
  {
    name: "createApiKey",
    operation: "createApiKey",
    document: CREATE_API_KEY,
    as: "RA",
    variables: { input: { label: "deploy" } },
    changed: { input: { label: "deploy 2" } },
    other: "RB",
    otherVariables: { input: { label: "deploy" } },
    rows: (t) => countRows(t, "api_keys"),
    replayOf: (first) => ({ ...first, key: null }),
  },
];

describe("safe retries with an idempotency key", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const requestsOf = (operation: string) => countRows(t, "requests", "operation = ?", operation);

  it.each(CORE.map((c) => [c.name, c] as const))("%s: a repeat answers the first result and changes nothing", async (_name, c) => {
    const rows = await c.rows(t);
    const first = await run(t, c.as, c.document, { ...c.variables, key: "retry-1" });
    expect(first.__typename).not.toMatch(/Failed|Reused|Unavailable/);
    expect(requestIdsOf(first)).toHaveLength(1);
    expect(await c.rows(t)).toBe(rows + 1);
    const digest = await t.db.digest();

    const again = await run(t, c.as, c.document, { ...c.variables, key: "retry-1" });
    expect(again).toEqual(c.replayOf ? c.replayOf(first) : first);
    expect(await t.db.digest()).toBe(digest);
    // Without the key the same input applies again.
    const unkeyed = await run(t, c.as, c.document, c.variables);
    expect(requestIdsOf(unkeyed)).not.toEqual(requestIdsOf(first));
  });

  it.each(CORE.map((c) => [c.name, c] as const))("%s: the same key with a different input is IdempotencyKeyReused and changes nothing", async (_name, c) => {
    await run(t, c.as, c.document, { ...c.variables, key: "retry-2" });
    const digest = await t.db.digest();
    expect(await run(t, c.as, c.document, { ...c.changed, key: "retry-2" })).toEqual(reused("retry-2"));
    expect(await t.db.digest()).toBe(digest);
  });

  it.each(CORE.map((c) => [c.name, c] as const))("%s: the same key used by another requester is theirs alone", async (_name, c) => {
    const mine = await run(t, c.as, c.document, { ...c.variables, key: "shared-key" });
    const rows = await c.rows(t);
    const theirs = await run(t, c.other, c.document, { ...c.otherVariables, key: "shared-key" });
    expect(theirs.__typename).toBe(mine.__typename);
    expect(requestIdsOf(theirs)).toHaveLength(1);
    expect(requestIdsOf(theirs)).not.toEqual(requestIdsOf(mine));
    expect(await c.rows(t)).toBe(rows + 1);
    expect((await requestOf(t, c.other, requestIdsOf(theirs)[0])).status).toBe("SUCCEEDED");
    // Each requester's key still replays its own answer.
    expect(await run(t, c.as, c.document, { ...c.variables, key: "shared-key" })).toEqual(c.replayOf ? c.replayOf(mine) : mine);
    expect(await run(t, c.other, c.document, { ...c.otherVariables, key: "shared-key" })).toEqual(c.replayOf ? c.replayOf(theirs) : theirs);
  });

  it.each(CORE.map((c) => [c.name, c] as const))("%s: two concurrent calls with one key apply once", async (_name, c) => {
    const rows = await c.rows(t);
    const requests = await requestsOf(c.operation);
    const [a, b] = await Promise.all([
      run(t, c.as, c.document, { ...c.variables, key: "concurrent" }),
      run(t, c.as, c.document, { ...c.variables, key: "concurrent" }),
    ]);
    expect(await c.rows(t)).toBe(rows + 1);
    expect(await requestsOf(c.operation)).toBe(requests + 1);
    expect(requestIdsOf(a)).toEqual(requestIdsOf(b));
    if (c.replayOf) {
      // Exactly one of the two answers shows the key.
      expect([a.key, b.key].filter(Boolean)).toHaveLength(1);
      expect({ ...a, key: null }).toEqual({ ...b, key: null });
    } else {
      expect(a).toEqual(b);
    }
  });

  it("createApiKey: a replay shows the same key record but not the key itself", async () => {
    const first = await run(t, "EA1", CREATE_API_KEY, { input: { label: "once" }, key: "key-once" });
    expect(first.key).toMatch(/^cgk_/);
    const again = await run(t, "EA1", CREATE_API_KEY, { input: { label: "once" }, key: "key-once" });
    expect(again).toMatchObject({ __typename: "CreateApiKeySuccess", key: null, requestId: first.requestId });
    expect(again.apiKey).toEqual(first.apiKey);
    expect(await countRows(t, "api_keys", "customer_id = ?", C.EA1)).toBe(2);
    // The remembered answer holds no key either.
    expect(await countRows(t, "idempotency_keys", "outcome LIKE '%' || ? || '%'", first.key)).toBe(0);
    expect((await t.gql({ key: first.key }, `{ viewer { id } }`)).body.data.viewer.id).toBe(C.EA1);
  });

  it("a key is bound to its mutation: the same key on another mutation is IdempotencyKeyReused", async () => {
    await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Keyed" }, key: "one-key" });
    const digest = await t.db.digest();
    expect(await run(t, "RA", CREATE_OFFER, { input: { name: "Keyed", kind: "REGULAR" }, key: "one-key" })).toEqual(reused("one-key"));
    expect(await t.db.digest()).toBe(digest);
  });

  it("a refusal is remembered too: its repeat answers it again without recording another request", async () => {
    const first = await run(t, "RA", RENAME_CUSTOMER, { input: { customerId: C.EB1, name: "x" }, key: "refused" });
    expect(first).toMatchObject({ __typename: "CustomerNotFound", code: "CUSTOMER_1002" });
    const digest = await t.db.digest();
    expect(await run(t, "RA", RENAME_CUSTOMER, { input: { customerId: C.EB1, name: "x" }, key: "refused" })).toEqual(first);
    expect(await t.db.digest()).toBe(digest);
  });

  it("a call that failed validation is not remembered: a corrected retry with the same key applies", async () => {
    const customers = await countRows(t, "customers");
    const invalid = await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: " " }, key: "fix-and-retry" });
    expect(invalid).toMatchObject({ __typename: "ValidationFailed", issues: [{ path: "input.name" }] });
    expect(await countRows(t, "idempotency_keys")).toBe(0);
    const corrected = await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Fixed" }, key: "fix-and-retry" });
    expect(corrected).toMatchObject({ __typename: "CreateSubCustomerSuccess", customer: { name: "Fixed" } });
    expect(await countRows(t, "customers")).toBe(customers + 1);
    expect(await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Fixed" }, key: "fix-and-retry" })).toEqual(corrected);
    expect(await countRows(t, "customers")).toBe(customers + 1);
  });

  it("a bulk call refused as a whole is not remembered either", async () => {
    const many = { input: { items: [] } };
    expect(await run(t, "RA", CREATE_SUBSCRIBERS, { ...many, key: "bulk-fix" })).toMatchObject({ __typename: "ValidationFailed" });
    const fixed = await run(t, "RA", CREATE_SUBSCRIBERS, { input: { items: [{ customerId: C.EA2, imsi: "222010000000901" }] }, key: "bulk-fix" });
    expect(fixed).toMatchObject({ __typename: "CreateSubscribersSuccess", succeededCount: 1 });
  });

  it.each([
    ["an empty key", ""],
    ["a key with a space", "my key"],
    ["a key over 200 characters", "k".repeat(201)],
    ["a key with a non-ASCII character", "clé"],
  ])("refuses %s with ValidationFailed at idempotencyKey, changing nothing", async (_label, key) => {
    const digest = await t.db.digest();
    expect(await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Bad key" }, key })).toMatchObject({
      __typename: "ValidationFailed",
      issues: [{ path: "idempotencyKey" }],
    });
    expect(await run(t, "RA", CREATE_SUBSCRIBERS, { input: { items: [{ customerId: C.EA2, imsi: "222010000000902" }] }, key })).toMatchObject({
      __typename: "ValidationFailed",
      issues: [{ path: "idempotencyKey" }],
    });
    expect(await t.db.digest()).toBe(digest);
  });

  it("accepts a key of 200 printable ASCII characters", async () => {
    const key = "A~!".repeat(66) + "zz";
    expect(key).toHaveLength(200);
    const first = await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Long key" }, key });
    expect(first.__typename).toBe("CreateSubCustomerSuccess");
    expect(await run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Long key" }, key })).toEqual(first);
  });

  it("keeps keys at least 24 hours, and forgets them after the retention period", async () => {
    const call = () => run(t, "RA", CREATE_SUB_CUSTOMER, { input: { name: "Kept" }, key: "kept" });
    const first = await call();
    const customers = await countRows(t, "customers");

    const purge = (olderThan: Date) => t.purger.idempotencyKeysBatch(olderThan, PURGE_BATCH_SIZE);
    /** Makes the key older by `ms`. */
    const age = async (ms: number) => {
      const createdAt = (await t.db.value<number>("SELECT created_at FROM idempotency_keys WHERE key = 'kept'"))!;
      await t.db.run("UPDATE idempotency_keys SET created_at = ? WHERE key = 'kept'", new Date(createdAt - ms));
    };

    // A purge of everything older than 24 hours keeps a key created now.
    expect(await purge(new Date(Date.now() - 24 * HOUR))).toBe(0);
    expect(await call()).toEqual(first);

    // 47 hours old: still inside the 48-hour retention.
    await age(47 * HOUR);
    expect(await purge(new Date(Date.now() - 48 * HOUR))).toBe(0);
    expect(await call()).toEqual(first);
    expect(await countRows(t, "customers")).toBe(customers);

    // 49 hours old: purged, and the same call applies again.
    await age(2 * HOUR);
    expect(await purge(new Date(Date.now() - 48 * HOUR))).toBe(1);
    expect(await countRows(t, "idempotency_keys")).toBe(0);
    const applied = await call();
    expect(applied).toMatchObject({ __typename: "CreateSubCustomerSuccess", customer: { name: "Kept" } });
    expect(applied.requestId).not.toBe(first.requestId);
    expect(applied.customer.id).not.toBe(first.customer.id);
    expect(await countRows(t, "customers")).toBe(customers + 1);
  });
});

/**
 * Every issue-4 mutation: a success records SUCCEEDED requests readable by request(id); a
 * business refusal records one FAILED request with its code; invalid input records nothing;
 * a repeat with the same key answers the first result and changes nothing.
 */
interface Unit {
  name: string;
  operation: string;
  document: string;
  as: CustomerName;
  /** The success input (a setup may prepare the database first). */
  variables: (t: TestServer) => Promise<Vars> | Vars;
  success: string;
  refused: { variables: (t: TestServer) => Promise<Vars> | Vars; check: (answer: any) => void; code: string | null };
  replayOf?: (first: any) => any;
}

const type = (name: string) => (answer: any) => expect(answer.__typename).toBe(name);
const itemError = (name: string) => (answer: any) => expect(answer.results[0].error.__typename).toBe(name);

const UNITS: Unit[] = [
  {
    name: "createSubCustomer",
    operation: "CREATE_SUB_CUSTOMER",
    document: CREATE_SUB_CUSTOMER,
    as: "RA",
    variables: () => ({ input: { name: "Req Co" } }),
    success: "CreateSubCustomerSuccess",
    refused: { variables: () => ({ input: { name: "" } }), check: type("ValidationFailed"), code: null },
  },
  {
    name: "renameCustomer",
    operation: "RENAME_CUSTOMER",
    document: RENAME_CUSTOMER,
    as: "RA",
    variables: () => ({ input: { customerId: C.EA1, name: "Renamed" } }),
    success: "RenameCustomerSuccess",
    refused: { variables: () => ({ input: { customerId: C.EB1, name: "Renamed" } }), check: type("CustomerNotFound"), code: "CUSTOMER_1002" },
  },
  {
    name: "setOfferDelegation",
    operation: "SET_OFFER_DELEGATION",
    document: SET_OFFER_DELEGATION,
    as: "RA",
    variables: () => ({ input: { customerId: C.EA2, allowOfferDelegation: true } }),
    success: "SetOfferDelegationSuccess",
    refused: {
      variables: () => ({ input: { customerId: C.DA1, allowOfferDelegation: true } }),
      check: type("CustomerNotDirectSubAccount"),
      code: "VALIDATION_FAILED",
    },
  },
  {
    name: "createOffer",
    operation: "CREATE_OFFER",
    document: CREATE_OFFER,
    as: "RA",
    variables: () => ({ input: { name: "Req offer", kind: "POOL", poolCustomerId: C.EA2 } }),
    success: "CreateOfferSuccess",
    refused: {
      variables: () => ({ input: { name: "Req offer", kind: "POOL", poolCustomerId: C.DA1 } }),
      check: type("PoolCustomerNotSubAccount"),
      code: "VALIDATION_FAILED",
    },
  },
  {
    name: "updatePackage",
    operation: "UPDATE_PACKAGE",
    document: UPDATE_PACKAGE,
    as: "RA",
    variables: () => ({ input: { packageId: P.RA_NONE, name: "Req pack", eligibleSubAccounts: { all: true } } }),
    success: "UpdatePackageSuccess",
    refused: { variables: () => ({ input: { packageId: P.RA_BASIC, nestedOfferIds: [O.RA_REG3] } }), check: type("PackageInUse"), code: "VALIDATION_FAILED" },
  },
  {
    name: "deletePackage",
    operation: "DELETE_PACKAGE",
    document: DELETE_PACKAGE,
    as: "RA",
    variables: () => ({ input: { packageId: P.RA_NONE } }),
    success: "DeletePackageSuccess",
    refused: { variables: () => ({ input: { packageId: P.OP_ALL } }), check: type("PackageNotSellPackage"), code: "VALIDATION_FAILED" },
  },
  {
    name: "createSubscribers",
    operation: "CREATE_SUBSCRIBERS",
    document: CREATE_SUBSCRIBERS,
    as: "RA",
    variables: () => ({ input: { items: [{ customerId: C.RA, imsi: "222010000001001" }, { customerId: C.EA2, msisdn: "+4915100001002" }] } }),
    success: "CreateSubscribersSuccess",
    refused: {
      variables: () => ({ input: { items: [{ customerId: C.EB1, imsi: "222010000001003" }] } }),
      check: itemError("CustomerNotFound"),
      code: "CUSTOMER_1002",
    },
  },
  {
    name: "attachPackage",
    operation: "ATTACH_PACKAGE",
    document: ATTACH_PACKAGE,
    as: "RA",
    variables: () => ({ input: { subscriber: imsi(S.EA1_3.imsi), packageId: P.RA_PREMIUM } }),
    success: "AttachPackageSuccess",
    refused: {
      variables: () => ({ input: { subscriber: imsi(S.EA1_1.imsi), packageId: P.RA_PREMIUM } }),
      check: type("PackageAlreadyAttached"),
      code: "SUBSCRIBER_1060",
    },
  },
  {
    name: "detachPackage",
    operation: "DETACH_PACKAGE",
    document: DETACH_PACKAGE,
    as: "RA",
    variables: () => ({ input: { subscriber: { type: "ICCID", value: S.EA1_2.iccid }, packageId: P.RA_PREMIUM } }),
    success: "DetachPackageSuccess",
    refused: {
      variables: () => ({ input: { subscriber: { type: "ICCID", value: S.EA1_2.iccid }, packageId: P.RA_BASIC } }),
      check: type("CurrentPackageMismatch"),
      code: "SUBSCRIBER_1060",
    },
  },
  {
    name: "detachOffer",
    operation: "DETACH_OFFER",
    document: DETACH_OFFER,
    as: "EA1",
    variables: async (t) => {
      const attached = await run(t, "EA1", ATTACH_OFFER, { input: { subscriber: imsi(S.EA1_3.imsi), offerId: O.RA_REG2, myOffer: true } });
      return { input: { subscriberOfferId: attached.subscriberOffer.id, myOffer: true } };
    },
    success: "DetachOfferSuccess",
    refused: {
      variables: async (t) => ({
        input: {
          subscriberOfferId: await t.db.value("SELECT id FROM subscriber_offers WHERE subscriber_id = ?", S.EA1_1.id),
          myOffer: true,
        },
      }),
      check: type("OfferCameWithPackage"),
      code: "SUBSCRIBER_1010",
    },
  },
  {
    name: "createExternalParamConfig",
    operation: "CREATE_EXTERNAL_PARAM_CONFIG",
    document: CREATE_EXTERNAL_PARAM_CONFIG,
    as: "RA",
    variables: () => ({ input: { name: "reqParam", entityType: "OFFER", isSearchable: false } }),
    success: "CreateExternalParamConfigSuccess",
    refused: {
      variables: () => ({ input: { name: "tier", entityType: "PACKAGE", isSearchable: false } }),
      check: type("ExternalParamNameTaken"),
      code: "VALIDATION_FAILED",
    },
  },
  {
    name: "setExternalParamValue",
    operation: "SET_EXTERNAL_PARAM_VALUE",
    document: SET_EXTERNAL_PARAM_VALUE,
    as: "RA",
    variables: () => ({ input: { configId: X.RA_SUBSCRIBER, entityId: S.EA2_1.id, value: "EXT-9" } }),
    success: "SetExternalParamValueSuccess",
    refused: {
      variables: () => ({ input: { configId: X.RA_SUBSCRIBER, entityId: S.DA1_1.id, value: "EXT-9" } }),
      check: type("EntityNotFound"),
      code: "VALIDATION_FAILED",
    },
  },
  {
    name: "clearExternalParamValue",
    operation: "CLEAR_EXTERNAL_PARAM_VALUE",
    document: CLEAR_EXTERNAL_PARAM_VALUE,
    as: "RA",
    variables: () => ({ input: { configId: X.RA_OFFER, entityId: O.RA_REG1 } }),
    success: "ClearExternalParamValueSuccess",
    refused: {
      variables: () => ({ input: { configId: X.RB_SUBSCRIBER, entityId: S.EB1_1.id } }),
      check: type("ExternalParamConfigNotFound"),
      code: "VALIDATION_FAILED",
    },
  },
  {
    name: "createApiKey",
    operation: "CREATE_API_KEY",
    document: CREATE_API_KEY,
    as: "RA",
    variables: () => ({ input: { label: "req" } }),
    success: "CreateApiKeySuccess",
    refused: { variables: () => ({ input: { label: "x".repeat(101) } }), check: type("ValidationFailed"), code: null },
    replayOf: (first) => ({ ...first, key: null }),
  },
  {
    name: "revokeApiKey",
    operation: "REVOKE_API_KEY",
    document: REVOKE_API_KEY,
    as: "RA",
    variables: async (t) => {
      const created = await run(t, "RA", CREATE_API_KEY, { input: {} });
      return { input: { apiKeyId: created.apiKey.id } };
    },
    success: "RevokeApiKeySuccess",
    refused: { variables: () => ({ input: { apiKeyId: MISSING } }), check: type("ApiKeyNotFound"), code: "VALIDATION_FAILED" },
  },
];

describe("Requests of every issue-4 mutation", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  it.each(UNITS.map((u) => [u.name, u] as const))("%s: records its requests, and replays with a key", async (_name, u) => {
    const variables = await u.variables(t);
    let first: any;
    const recorded = await requestsRecordedBy(t, async () => {
      first = await run(t, u.as, u.document, { ...variables, key: `unit-${u.name}` });
    });
    expect(first.__typename).toBe(u.success);
    const ids = requestIdsOf(first);
    expect(ids.length).toBeGreaterThan(0);
    expect(recorded).toHaveLength(ids.length);
    for (const id of ids) {
      expect(await requestOf(t, u.as, id)).toEqual({
        id,
        operation: u.operation,
        status: "SUCCEEDED",
        code: null,
        createdAt: expect.any(String),
        completedAt: expect.any(String),
      });
      // Only the requester that caused it can read it.
      expect(await requestOf(t, u.as === "RA" ? "OP" : "RA", id)).toBeNull();
    }

    const digest = await t.db.digest();
    expect(await run(t, u.as, u.document, { ...variables, key: `unit-${u.name}` })).toEqual(u.replayOf ? u.replayOf(first) : first);
    expect(await t.db.digest()).toBe(digest);

    const refusedRequests = await requestsRecordedBy(t, async () => {
      u.refused.check(await run(t, u.as, u.document, await u.refused.variables(t)));
    });
    if (u.refused.code === null) {
      expect(refusedRequests).toEqual([]);
    } else {
      const operation = u.name;
      expect(refusedRequests).toEqual([{ requesterId: C[u.as], operation, status: "FAILED", code: u.refused.code }]);
    }
  });
});

/**
 * What a key keeps (README "Safe retries"): the echo of a malformed bulk item is cut to 64
 * characters, the stored outcome is under IDEMPOTENCY_OUTCOME_MAX_BYTES, and a call whose
 * outcome would be over it is refused without changing anything.
 */
describe("the size of a remembered outcome", () => {
  const storedOutcomeBytes = (t: TestServer, key: string): Promise<number | undefined> =>
    t.db.value<number>("SELECT octet_length(outcome) FROM idempotency_keys WHERE key = ?", key);

  it("cuts an over-long text to 64 characters that say it was cut, and leaves shorter ones alone", () => {
    expect(truncateText("7".repeat(64))).toBe("7".repeat(64));
    const cut = truncateText("7".repeat(65));
    expect(cut).toBe(`${"7".repeat(48)}…(65 characters)`);
    expect(cut).toHaveLength(ECHO_TEXT_MAX);
    expect(truncateText("8".repeat(5_000_000))).toBe(`${"8".repeat(43)}…(5000000 characters)`);
    // A character outside the BMP is never split in half.
    const emoji = truncateText("a" + "😀".repeat(40));
    expect(emoji.length).toBeLessThanOrEqual(ECHO_TEXT_MAX);
    expect(emoji).toMatch(/^a(😀)+…\(81 characters\)$/u);
    expect(boundEcho({ subscriber: { type: "IMSI", value: "1".repeat(100) }, myPackage: false, n: null })).toEqual({
      subscriber: { type: "IMSI", value: `${"1".repeat(47)}…(100 characters)` },
      myPackage: false,
      n: null,
    });
  });

  describe("with the default limit", () => {
    let t: TestServer;
    beforeEach(async () => {
      t = await startTestServer();
    });
    afterEach(() => t.close());

    it("a 5 MB bulkReplacePackage with malformed items stores a small outcome, and a replay answers the same", async () => {
      const malformed = Array.from({ length: 1000 }, (_, i) => ({
        subscriber: imsi(String(i % 10).repeat(5000)),
        currentPackageId: P.RA_BASIC,
        newPackageId: P.RA_PREMIUM,
      }));
      const valid = { subscriber: imsi(S.EA1_1.imsi), currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM };
      const variables = { input: { items: [valid, ...malformed] }, key: "big-malformed" };
      const body = Buffer.byteLength(JSON.stringify({ query: BULK_REPLACE_PACKAGE, variables }));
      expect(body).toBeGreaterThan(5_000_000);
      expect(body).toBeLessThanOrEqual(loadConfig({}).limits.maxBodyBytes);

      const first = await run(t, "RA", BULK_REPLACE_PACKAGE, variables);
      expect(first).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 1, failedCount: 1000 });
      expect(first.results[0]).toMatchObject({ requestId: expect.any(String), subscriber: imsi(S.EA1_1.imsi), error: null });
      // Each malformed item echoes the start of its value and the value's length.
      first.results.slice(1).forEach((result: any, i: number) => {
        expect(result.subscriber).toEqual({ type: "IMSI", value: `${String(i % 10).repeat(46)}…(5000 characters)` });
        expect(result.error).toMatchObject({ __typename: "ValidationFailed", code: "VALIDATION_FAILED" });
        expect(result).toMatchObject({ requestId: null, currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM, myPackage: false });
      });

      const stored = (await storedOutcomeBytes(t, "big-malformed"))!;
      expect(stored).toBeLessThan(loadConfig({}).idempotencyOutcomeMaxBytes);
      // Bounded per item, whatever the items carried: a tiny fraction of the 5 MB sent.
      expect(stored).toBeLessThan(1001 * 500);

      const digest = await t.db.digest();
      expect(await run(t, "RA", BULK_REPLACE_PACKAGE, variables)).toEqual(first);
      expect(await t.db.digest()).toBe(digest);
    });

    it(
      "a full createSubscribers bulk of BULK_ITEM_LIMIT well-formed items, every identifier at its longest, fits and replays",
      async () => {
        const limit = loadConfig({}).bulkItemLimit;
        const digits = (prefix: string, n: number, length: number) => prefix + String(n).padStart(length - prefix.length, "0");
        const items = Array.from({ length: limit }, (_, n) => ({
          customerId: C.EA2,
          imsi: digits("999", n, 15),
          iccid: digits("8999", n, 22),
          msisdn: `+${digits("999", n, 15)}`,
          imei: withLuhn(digits("99", n, 14)),
          imeisv: digits("99", n, 16),
        }));
        const document = `mutation($input: CreateSubscribersInput!, $key: String) {
          r: createSubscribers(input: $input, idempotencyKey: $key) {
            __typename ... on CreateSubscribersSuccess { succeededCount failedCount results { index requestId } } } }`;
        const first = await run(t, "RA", document, { input: { items }, key: "full-bulk" });
        expect(first).toMatchObject({ __typename: "CreateSubscribersSuccess", succeededCount: limit, failedCount: 0 });

        const stored = (await storedOutcomeBytes(t, "full-bulk"))!;
        console.log(`stored outcome of ${limit} created subscribers: ${stored} bytes`);
        expect(stored).toBeGreaterThan(limit * 400);
        expect(stored).toBeLessThanOrEqual(loadConfig({}).idempotencyOutcomeMaxBytes);

        const subscribers = await countRows(t, "subscribers");
        expect(await run(t, "RA", document, { input: { items }, key: "full-bulk" })).toEqual(first);
        expect(await countRows(t, "subscribers")).toBe(subscribers);
      },
      120_000,
    );
  });

  describe("with a small limit", () => {
    let t: TestServer;
    beforeEach(async () => {
      t = await startTestServer({ config: { idempotencyOutcomeMaxBytes: 2000 } });
    });
    afterEach(() => t.close());

    const unknown = Array.from({ length: 10 }, (_, i) => ({
      subscriber: imsi(`22209000000${String(i).padStart(4, "0")}`),
      currentPackageId: P.RA_BASIC,
      newPackageId: P.RA_PREMIUM,
    }));

    it("a call whose outcome would be over the limit is refused at idempotencyKey and changes nothing", async () => {
      const digest = await t.db.digest();
      const refused = await run(t, "RA", BULK_REPLACE_PACKAGE, { input: { items: unknown }, key: "too-big" });
      expect(refused).toMatchObject({
        __typename: "ValidationFailed",
        code: "VALIDATION_FAILED",
        issues: [{ path: "idempotencyKey", message: expect.stringMatching(/larger than the 2000 bytes .* nothing was changed/) }],
      });
      expect(await t.db.digest()).toBe(digest);
      expect(await countRows(t, "idempotency_keys")).toBe(0);

      // The key is free: the same call with it is refused the same way, not as a reused key.
      expect(await run(t, "RA", BULK_REPLACE_PACKAGE, { input: { items: unknown }, key: "too-big" })).toEqual(refused);
      expect(await t.db.digest()).toBe(digest);

      // Without a key nothing is remembered, so the same call runs.
      const unkeyed = await run(t, "RA", BULK_REPLACE_PACKAGE, { input: { items: unknown } });
      expect(unkeyed).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 0, failedCount: 10 });
      expect(await countRows(t, "requests", "operation = 'bulkReplacePackage' AND status = 'FAILED'")).toBe(10);
    });

    it("a call whose outcome fits is remembered and replayed as before", async () => {
      const variables = { input: { items: unknown.slice(0, 2) }, key: "fits" };
      const first = await run(t, "RA", BULK_REPLACE_PACKAGE, variables);
      expect(first).toMatchObject({ __typename: "BulkReplacePackageSuccess", failedCount: 2 });
      expect(await storedOutcomeBytes(t, "fits")).toBeLessThanOrEqual(2000);
      const digest = await t.db.digest();
      expect(await run(t, "RA", BULK_REPLACE_PACKAGE, variables)).toEqual(first);
      expect(await t.db.digest()).toBe(digest);
    });
  });
});

/** Appends the Luhn check digit to a string of digits. */
function withLuhn(digits: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = digits + d;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let n = candidate.charCodeAt(candidate.length - 1 - i) - 48;
      if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
      sum += n;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable");
}
