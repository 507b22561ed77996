/**
 * External parameters through the API: createExternalParamConfig,
 * setExternalParamValue, clearExternalParamValue, subscribersByExternalParam.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CLEAR_EXTERNAL_PARAM_VALUE,
  CREATE_EXTERNAL_PARAM_CONFIG,
  CREATE_SUBSCRIBERS,
  SET_EXTERNAL_PARAM_VALUE,
  countRows,
  requestOf,
  requestsRecordedBy,
  run,
  without,
} from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, O, P, S, X, type CustomerName } from "../helpers/world";

const CONFIGS = `query($customerId: UUID!, $entity: ExternalParamEntity!, $entityId: UUID!) {
  externalParamsConfig(customerId: $customerId, entity: $entity, entityId: $entityId, first: 100) {
    __typename ... on ExternalParamConfigConnection { totalCount nodes { id name value } }
  }
}`;

const SEARCH = `query($configId: UUID!, $value: String!, $first: Int, $after: String) {
  subscribersByExternalParam(configId: $configId, value: $value, first: $first, after: $after) {
    __typename
    ... on SubscriberConnection { totalCount nodes { id customer { id } } pageInfo { hasNextPage endCursor } }
    ... on ErrorResult { code message }
    ... on ValidationFailed { issues { path } }
    ... on ExternalParamConfigNotFound { configId }
    ... on ExternalParamNotSearchable { configId }
    ... on ExternalParamNotForSubscribers { configId }
  }
}`;

/** The value of a config on an entity, as externalParamsConfig shows it to the config's owner. */
async function valueOf(t: TestServer, as: CustomerName, entity: string, entityId: string, configId: string) {
  const answer = (await t.gql(as, CONFIGS, { customerId: C[as], entity, entityId })).body.data.externalParamsConfig;
  expect(answer.__typename).toBe("ExternalParamConfigConnection");
  const node = answer.nodes.find((n: { id: string }) => n.id === configId);
  expect(node).toBeDefined();
  return node.value as string | null;
}

describe("createExternalParamConfig", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const create = (as: CustomerName, input: Record<string, unknown>) => run(t, as, CREATE_EXTERNAL_PARAM_CONFIG, { input });

  it("creates a config, listed by externalParamsConfig for entities of its type", async () => {
    const result = await create("RA", {
      name: "simVendor",
      displayName: " SIM vendor ",
      description: "Who made the card",
      entityType: "SUBSCRIBER",
      isSearchable: false,
    });
    expect(result).toEqual({
      __typename: "CreateExternalParamConfigSuccess",
      requestId: expect.any(String),
      config: {
        id: expect.any(String),
        name: "simVendor",
        displayName: "SIM vendor",
        description: "Who made the card",
        entityType: "SUBSCRIBER",
        isSearchable: false,
        value: null,
      },
    });
    expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "CREATE_EXTERNAL_PARAM_CONFIG", status: "SUCCEEDED" });
    const listed = (await t.gql("RA", CONFIGS, { customerId: C.RA, entity: "SUBSCRIBER", entityId: S.EA2_1.id })).body.data.externalParamsConfig;
    expect(listed.nodes).toContainEqual({ id: result.config.id, name: "simVendor", value: null });
    expect(listed.totalCount).toBe(3);
  });

  it("refuses a name the requester already has for that entity type, but not for another type or another owner", async () => {
    const configs = await countRows(t, "external_param_configs");
    const recorded = await requestsRecordedBy(t, async () => {
      expect(await create("RA", { name: "costCenter", entityType: "CUSTOMER", isSearchable: true })).toEqual({
        __typename: "ExternalParamNameTaken",
        code: "VALIDATION_FAILED",
        message: "You already have an external parameter config with this name for this entity type",
        name: "costCenter",
        configId: X.RA_CUSTOMER,
      });
    });
    expect(recorded).toEqual([{ requesterId: C.RA, operation: "createExternalParamConfig", status: "FAILED", code: "VALIDATION_FAILED" }]);
    expect(await countRows(t, "external_param_configs")).toBe(configs);
    expect((await create("RA", { name: "costCenter", entityType: "PACKAGE", isSearchable: false })).__typename).toBe(
      "CreateExternalParamConfigSuccess",
    );
    expect((await create("RB", { name: "costCenter", entityType: "CUSTOMER", isSearchable: true })).__typename).toBe(
      "CreateExternalParamConfigSuccess",
    );
  });

  it.each([
    ["an empty name", "", "input.name"],
    ["a name starting with a digit", "1stLine", "input.name"],
    ["a name with a space", "cost center", "input.name"],
    ["a name over 200 characters", "a".repeat(201), "input.name"],
    ["a description over 1000 characters", "okName", "input.description", "d".repeat(1001)],
  ])("refuses %s with ValidationFailed naming the path, changing nothing", async (_label, name, path, description?: string) => {
    const before = await t.db.digest();
    expect(await create("RA", { name, description, entityType: "CUSTOMER", isSearchable: true })).toEqual({
      __typename: "ValidationFailed",
      code: "VALIDATION_FAILED",
      message: "The input is not valid",
      issues: [{ path, message: expect.any(String) }],
    });
    expect(await t.db.digest()).toBe(before);
  });
});

describe("setExternalParamValue and clearExternalParamValue", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const set = (as: CustomerName, configId: string, entityId: string, value: string) =>
    run(t, as, SET_EXTERNAL_PARAM_VALUE, { input: { configId, entityId, value } });
  const clear = (as: CustomerName, configId: string, entityId: string) =>
    run(t, as, CLEAR_EXTERNAL_PARAM_VALUE, { input: { configId, entityId } });

  it.each([
    ["the requester itself", X.RA_CUSTOMER, "CUSTOMER", C.RA],
    ["a direct sub-account", X.RA_CUSTOMER, "CUSTOMER", C.EA2],
    ["the requester's own subscriber", X.RA_SUBSCRIBER, "SUBSCRIBER", S.RA_2.id],
    ["a sub-account's subscriber", X.RA_SUBSCRIBER, "SUBSCRIBER", S.EA2_1.id],
    ["its own offer", X.RA_OFFER, "PLAN", O.RA_POOL_EA1],
    ["its own package", X.RA_PACKAGE, "PACKAGE", P.RA_NONE],
  ])("sets and clears a value on %s, seen through externalParamsConfig", async (_label, configId, entity, entityId) => {
    expect(await valueOf(t, "RA", entity, entityId, configId)).toBeNull();
    const result = await set("RA", configId, entityId, "  value with spaces  ");
    expect(result).toMatchObject({ __typename: "SetExternalParamValueSuccess", entityId, value: "  value with spaces  ", config: { id: configId, value: "  value with spaces  " } });
    expect(await requestOf(t, "RA", result.requestId)).toMatchObject({ operation: "SET_EXTERNAL_PARAM_VALUE", status: "SUCCEEDED", code: null });
    expect(await valueOf(t, "RA", entity, entityId, configId)).toBe("  value with spaces  ");

    const cleared = await clear("RA", configId, entityId);
    expect(cleared).toMatchObject({ __typename: "ClearExternalParamValueSuccess", entityId, cleared: true, config: { id: configId, value: null } });
    expect(await requestOf(t, "RA", cleared.requestId)).toMatchObject({ operation: "CLEAR_EXTERNAL_PARAM_VALUE", status: "SUCCEEDED" });
    expect(await valueOf(t, "RA", entity, entityId, configId)).toBeNull();
    expect(await countRows(t, "external_param_values", "config_id = ? AND entity_id = ?", configId, entityId)).toBe(0);
    // Clearing again is fine and says there was nothing to clear.
    expect((await clear("RA", configId, entityId)).cleared).toBe(false);
  });

  it("replaces an existing value", async () => {
    expect(await valueOf(t, "RA", "CUSTOMER", C.EA1, X.RA_CUSTOMER)).toBe("CC-001");
    await set("RA", X.RA_CUSTOMER, C.EA1, "CC-002");
    expect(await valueOf(t, "RA", "CUSTOMER", C.EA1, X.RA_CUSTOMER)).toBe("CC-002");
    expect(await countRows(t, "external_param_values", "config_id = ? AND entity_id = ?", X.RA_CUSTOMER, C.EA1)).toBe(1);
  });

  it.each([
    ["a grandchild", X.RA_CUSTOMER, "CUSTOMER", C.DA1],
    ["the requester's parent", X.RA_CUSTOMER, "CUSTOMER", C.OP],
    ["another tenant's customer", X.RA_CUSTOMER, "CUSTOMER", C.EB1],
    ["a grandchild's subscriber", X.RA_SUBSCRIBER, "SUBSCRIBER", S.DA1_1.id],
    ["another tenant's subscriber", X.RA_SUBSCRIBER, "SUBSCRIBER", S.EB1_1.id],
    ["a sub-account's offer", X.RA_OFFER, "PLAN", O.EA1_REG1],
    ["the parent's package", X.RA_PACKAGE, "PACKAGE", P.OP_ALL],
    ["an entity of another type", X.RA_SUBSCRIBER, "SUBSCRIBER", C.EA1],
    ["an unknown id", X.RA_CUSTOMER, "CUSTOMER", MISSING],
  ])("refuses %s with EntityNotFound, setting and clearing nothing", async (_label, configId, entity, entityId) => {
    const values = await countRows(t, "external_param_values");
    const expected = {
      __typename: "EntityNotFound",
      code: "VALIDATION_FAILED",
      message: "The entity does not exist or is not yours",
      entity,
      entityId,
    };
    const recorded = await requestsRecordedBy(t, async () => {
      expect(await set("RA", configId, entityId, "x")).toEqual(expected);
      expect(await clear("RA", configId, entityId)).toEqual(expected);
    });
    expect(recorded.map((r) => [r.operation, r.status, r.code])).toEqual([
      ["setExternalParamValue", "FAILED", "VALIDATION_FAILED"],
      ["clearExternalParamValue", "FAILED", "VALIDATION_FAILED"],
    ]);
    expect(await countRows(t, "external_param_values")).toBe(values);
  });

  it("answers another tenant's entity exactly like an unknown one", async () => {
    const other = await set("RA", X.RA_SUBSCRIBER, S.EB1_1.id, "x");
    expect(without(other, "entityId")).toEqual(without(await set("RA", X.RA_SUBSCRIBER, MISSING, "x"), "entityId"));
  });

  it("refuses another customer's config with ExternalParamConfigNotFound, even on an entity it owns", async () => {
    const expected = (configId: string) => ({
      __typename: "ExternalParamConfigNotFound",
      code: "VALIDATION_FAILED",
      message: "No external parameter config of yours has this id",
      configId,
    });
    expect(await set("RA", X.RB_SUBSCRIBER, S.EA1_1.id, "x")).toEqual(expected(X.RB_SUBSCRIBER));
    // RB's config on RB's own subscriber: RB could, RA cannot.
    expect(await clear("RA", X.RB_SUBSCRIBER, S.EB1_1.id)).toEqual(expected(X.RB_SUBSCRIBER));
    // The parent's config on the requester itself.
    expect(await set("EA1", X.RA_CUSTOMER, C.EA1, "x")).toEqual(expected(X.RA_CUSTOMER));
    expect(await set("RA", MISSING, C.EA1, "x")).toEqual(expected(MISSING));
    expect(await valueOf(t, "RB", "SUBSCRIBER", S.EB1_1.id, X.RB_SUBSCRIBER)).toBe("EXT-B");
    expect(await valueOf(t, "RA", "CUSTOMER", C.EA1, X.RA_CUSTOMER)).toBe("CC-001");
  });

  it.each([
    ["an empty value", ""],
    ["a value over 1000 characters", "v".repeat(1001)],
  ])("refuses %s with ValidationFailed at input.value, changing nothing", async (_label, value) => {
    const before = await t.db.digest();
    expect(await set("RA", X.RA_CUSTOMER, C.EA2, value)).toMatchObject({ __typename: "ValidationFailed", issues: [{ path: "input.value" }] });
    expect(await t.db.digest()).toBe(before);
  });
});

describe("subscribersByExternalParam", () => {
  let t: TestServer;
  const batch: string[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    // Four subscribers of RA and its sub-accounts get the same value, one a new subscriber.
    const created = await run(t, "RA", CREATE_SUBSCRIBERS, { input: { items: [{ customerId: C.EA2, imsi: "222010000000701" }] } });
    const fresh = created.results[0].subscriber.id;
    for (const id of [S.RA_2.id, S.EA1_2.id, fresh, S.EA2_1.id]) {
      expect((await run(t, "RA", SET_EXTERNAL_PARAM_VALUE, { input: { configId: X.RA_SUBSCRIBER, entityId: id, value: "BATCH-7" } })).__typename).toBe(
        "SetExternalParamValueSuccess",
      );
      batch.push(id);
    }
    // A different value, and RB's own config with the same value on its subscriber.
    await run(t, "RA", SET_EXTERNAL_PARAM_VALUE, { input: { configId: X.RA_SUBSCRIBER, entityId: S.RA_1.id, value: "batch-7" } });
    await run(t, "RB", SET_EXTERNAL_PARAM_VALUE, { input: { configId: X.RB_SUBSCRIBER, entityId: S.RB_1.id, value: "BATCH-7" } });
  });
  afterAll(() => t.close());

  const search = async (as: CustomerName, configId: string, value: string, page: { first?: number; after?: string } = {}) =>
    (await t.gql(as, SEARCH, { configId, value, ...page })).body.data.subscribersByExternalParam;

  it("finds the subscribers with exactly that value, page by page, with the total count", async () => {
    const first = await search("RA", X.RA_SUBSCRIBER, "BATCH-7", { first: 3 });
    expect(first).toMatchObject({ __typename: "SubscriberConnection", totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(first.nodes).toHaveLength(3);
    const second = await search("RA", X.RA_SUBSCRIBER, "BATCH-7", { first: 3, after: first.pageInfo.endCursor });
    expect(second).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false } });
    expect(second.nodes).toHaveLength(1);
    const found = [...first.nodes, ...second.nodes].map((n: { id: string }) => n.id);
    expect([...found].sort()).toEqual([...batch].sort());
    expect(new Set(found).size).toBe(4);
  });

  it("finds a value set in the world file, and nothing for a value no subscriber has", async () => {
    expect(await search("RA", X.RA_SUBSCRIBER, "EXT-1")).toMatchObject({ totalCount: 1, nodes: [{ id: S.EA1_1.id, customer: { id: C.EA1 } }] });
    expect(await search("RA", X.RA_SUBSCRIBER, "EXT")).toMatchObject({ __typename: "SubscriberConnection", totalCount: 0, nodes: [] });
  });

  it("searches only the requester's own config: RB's search with its config finds only its subscriber", async () => {
    expect(await search("RB", X.RB_SUBSCRIBER, "BATCH-7")).toMatchObject({ totalCount: 1, nodes: [{ id: S.RB_1.id }] });
  });

  it("refuses a parameter that is not searchable with ExternalParamNotSearchable", async () => {
    expect(await search("RA", X.RA_SUBSCRIBER_HIDDEN, "note")).toEqual({
      __typename: "ExternalParamNotSearchable",
      code: "VALIDATION_FAILED",
      message: "This external parameter is not searchable",
      configId: X.RA_SUBSCRIBER_HIDDEN,
    });
  });

  it.each([
    ["CUSTOMER", X.RA_CUSTOMER, "CC-001"],
    ["PACKAGE (even searchable)", X.RA_PACKAGE, "gold"],
  ])("refuses a config of entity type %s with ExternalParamNotForSubscribers", async (_label, configId, value) => {
    expect(await search("RA", configId, value)).toEqual({
      __typename: "ExternalParamNotForSubscribers",
      code: "VALIDATION_FAILED",
      message: "Subscribers are searched by an external parameter of entity type SUBSCRIBER",
      configId,
    });
  });

  it("answers another customer's config exactly like an unknown one", async () => {
    const other = await search("RA", X.RB_SUBSCRIBER, "EXT-B");
    expect(other).toEqual({
      __typename: "ExternalParamConfigNotFound",
      code: "VALIDATION_FAILED",
      message: "No external parameter config of yours has this id",
      configId: X.RB_SUBSCRIBER,
    });
    expect(without(await search("RA", MISSING, "EXT-B"), "configId")).toEqual(without(other, "configId"));
    // A sub-account cannot search with its parent's config.
    expect(await search("EA1", X.RA_SUBSCRIBER, "BATCH-7")).toMatchObject({ __typename: "ExternalParamConfigNotFound" });
  });

  it("refuses a bad page size with ValidationFailed at first", async () => {
    expect(await search("RA", X.RA_SUBSCRIBER, "BATCH-7", { first: 101 })).toMatchObject({
      __typename: "ValidationFailed",
      issues: [{ path: "first" }],
    });
  });
});
