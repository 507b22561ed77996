/** checkWorld (SPEC section 6): every rule of the world file, each problem at its JSON path. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { checkWorld, type WorldProblem } from "../../src/domain/world/world";
import { testWorld } from "../helpers/world";

const DEMO = JSON.parse(readFileSync(resolve(__dirname, "../../examples/demo-world.json"), "utf8"));
const MISSING = "99999999-0000-4000-8000-000000000000";

type Json = any;
/** A fresh copy of the demo world to break. */
const demo = (): Json => structuredClone(DEMO);

const indexOf = (list: { name?: string }[], name: string) => {
  const i = list.findIndex((e) => e.name === name);
  if (i < 0) throw new Error(`no ${name} in the demo world`);
  return i;
};
const customer = (w: Json, name: string) => w.customers[indexOf(w.customers, name)];
const offer = (w: Json, name: string) => w.offers[indexOf(w.offers, name)];
const pkgIndex = (w: Json, name: string) => indexOf(w.packages, name);

function problems(json: unknown): WorldProblem[] {
  const checked = checkWorld(json);
  if (checked.ok) throw new Error("expected the world to be refused");
  return checked.problems;
}
const paths = (json: unknown) => problems(json).map((p) => p.path);

describe("valid worlds", () => {
  it("accepts the shipped demo world and keeps every entity in file order", () => {
    const checked = checkWorld(demo());
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const { world } = checked;
    expect(world.customers.map((c) => c.id)).toEqual(DEMO.customers.map((c: Json) => c.id));
    expect(world.offers).toHaveLength(19);
    expect(world.packages).toHaveLength(9);
    expect(world.subscribers).toHaveLength(30);
    expect(world.externalParamConfigs).toHaveLength(12);
    expect(world.externalParamValues).toHaveLength(30);
    const roaming = world.packages[pkgIndex(DEMO, "Roaming Essentials")]!;
    expect(roaming.draft.eligibleAll).toBe(true);
    expect(roaming.draft.nameKey).toBe("roaming essentials");
  });

  it("accepts the end-to-end test world", () => {
    expect(checkWorld(testWorld())).toMatchObject({ ok: true });
  });

  it("accepts an empty object as an empty world", () => {
    expect(checkWorld({})).toEqual({
      ok: true,
      world: { customers: [], offers: [], packages: [], subscribers: [], externalParamConfigs: [], externalParamValues: [] },
    });
  });

  it("normalizes: ids lower-cased, names trimmed, MSISDN without +, defaults filled", () => {
    const w = demo();
    const root = w.customers[0];
    root.id = root.id.toUpperCase();
    root.name = "  Orbit Telecom  ";
    delete root.allowOfferDelegation;
    delete root.parentId;
    delete root.apiKeys;
    w.subscribers[4].msisdn = `+${w.subscribers[4].msisdn}`;
    const checked = checkWorld(w);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    expect(checked.world.customers[0]).toEqual({
      id: DEMO.customers[0].id,
      name: "Orbit Telecom",
      parentId: null,
      allowOfferDelegation: false,
      apiKeys: [],
    });
    expect(checked.world.subscribers[4]!.msisdn).toBe(DEMO.subscribers[4].msisdn);
  });
});

describe("each kind of bad world, at its exact path", () => {
  it("a package owner that is not a customer of the file", () => {
    const w = demo();
    const i = pkgIndex(w, "Nimbus Starter");
    w.packages[i].ownerId = MISSING;
    expect(problems(w)).toEqual([{ path: `$.packages[${i}].ownerId`, message: `no customer with id ${MISSING} in the file` }]);
  });

  it("a duplicate IMSI, also after normalization of a MSISDN", () => {
    const w = demo();
    w.subscribers[6].imsi = w.subscribers[0].imsi;
    w.subscribers[9].msisdn = `+${w.subscribers[1].msisdn}`;
    expect(problems(w)).toEqual([
      { path: "$.subscribers[6].imsi", message: expect.stringContaining("$.subscribers[0]") },
      { path: "$.subscribers[9].msisdn", message: expect.stringContaining("$.subscribers[1]") },
    ]);
  });

  it("an IMEI whose check digit is wrong", () => {
    const w = demo();
    w.subscribers[4].imei = "353257320470255";
    expect(problems(w)).toEqual([{ path: "$.subscribers[4].imei", message: "IMEI check digit (Luhn) is wrong" }]);
  });

  it("a nested offer owned by another customer", () => {
    const w = demo();
    const i = pkgIndex(w, "Nimbus Starter");
    w.packages[i].nestedOfferIds[1] = offer(w, "EU 1GB").id;
    expect(problems(w)).toEqual([
      { path: `$.packages[${i}].nestedOfferIds[1]`, message: "a package holds only offers of its own owner" },
    ]);
  });

  it("an eligible id that is not a direct sub-account, and the owner itself", () => {
    const w = demo();
    const i = pkgIndex(w, "Low-Power IoT");
    w.packages[i].eligibleSubAccountIds.push(customer(w, "Acme Logistics").id, customer(w, "Orbit Telecom").id);
    expect(problems(w)).toEqual([
      { path: `$.packages[${i}].eligibleSubAccountIds[1]`, message: "only a direct sub-account of the owner can be eligible" },
      { path: `$.packages[${i}].eligibleSubAccountIds[2]`, message: "the owner itself is never eligible" },
    ]);
  });

  it("a pool offer whose pool customer is not a direct child of its owner", () => {
    const w = demo();
    const o = indexOf(w.offers, "Nimbus Shared Pool 50GB");
    w.offers[o].poolCustomerId = customer(w, "Acme Logistics").id;
    expect(problems(w)).toEqual([
      { path: `$.offers[${o}].poolCustomerId`, message: "a POOL offer is made for a direct sub-account of its owner" },
    ]);
  });

  it("a cycle in the parents, reported at every customer on it", () => {
    const w = demo();
    customer(w, "Orbit Telecom").parentId = customer(w, "Acme Logistics - Fleet Division").id;
    const onLoop = ["Orbit Telecom", "Nimbus Connect", "Acme Logistics", "Acme Logistics - Fleet Division"];
    const found = problems(w);
    expect(found.map((p) => p.path).sort()).toEqual(
      onLoop.map((name) => `$.customers[${indexOf(w.customers, name)}].parentId`).sort(),
    );
    expect(found[0]!.message).toMatch(/^the parent chain loops through /);
  });

  it("a customer that is its own parent, without echoes on what hangs from it", () => {
    const w = demo();
    // Skyline has a pool plan, a package and SIMs with Orbit's packages: none is reported again.
    w.customers[3].parentId = w.customers[3].id;
    expect(problems(w)).toEqual([{ path: "$.customers[3].parentId", message: "a customer cannot be its own parent" }]);
  });

  it("a value on an entity that the config's owner does not own", () => {
    const w = demo();
    const crm = w.externalParamConfigs.findIndex((c: Json) => c.name === "crmAccountId");
    const assetTag = w.externalParamConfigs.findIndex((c: Json) => c.name === "assetTag");
    w.externalParamValues.push(
      // Nimbus's CUSTOMER param on its sibling Vertex.
      { configId: w.externalParamConfigs[crm].id, entityId: customer(w, "Vertex IoT Solutions").id, value: "x" },
      // Nimbus's SUBSCRIBER param on a SIM of a grandchild (Fleet Division).
      { configId: w.externalParamConfigs[assetTag].id, entityId: w.subscribers[10].id, value: "y" },
      // An offer id given to a CUSTOMER param.
      { configId: w.externalParamConfigs[crm].id, entityId: offer(w, "Nimbus EU 1GB").id, value: "z" },
    );
    const n = DEMO.externalParamValues.length;
    expect(problems(w)).toEqual([
      { path: `$.externalParamValues[${n}].entityId`, message: "the config's owner does not own this CUSTOMER" },
      { path: `$.externalParamValues[${n + 1}].entityId`, message: "the config's owner does not own this SUBSCRIBER" },
      { path: `$.externalParamValues[${n + 2}].entityId`, message: expect.stringMatching(/^no CUSTOMER with id /) },
    ]);
  });
});

describe("shape", () => {
  it("refuses a top level that is not an object", () => {
    expect(problems([])).toEqual([{ path: "$", message: "a world file is a JSON object" }]);
    expect(paths(null)).toEqual(["$"]);
  });

  it("refuses unknown keys, non-arrays and non-objects", () => {
    expect(problems({ extra: 1, "odd key": 2, offers: {}, packages: [{}, "package"] })).toEqual([
      { path: "$.extra", message: expect.stringMatching(/^unknown key/) },
      { path: '$["odd key"]', message: expect.stringMatching(/^unknown key/) },
      { path: "$.offers", message: "must be an array" },
      { path: "$.packages[0].name", message: "is required" },
      { path: "$.packages[0].nestedOfferIds", message: "is required" },
      { path: "$.packages[0].eligibleSubAccountIds", message: "is required" },
      { path: "$.packages[0].id", message: "is required" },
      { path: "$.packages[0].ownerId", message: "is required" },
      { path: "$.packages[1]", message: "must be an object" },
    ]);
  });

  it("refuses unknown fields, missing fields and wrong types", () => {
    const w = demo();
    w.customers[1].colour = "blue";
    delete w.offers[0].kind;
    w.offers[1].kind = "regular";
    w.customers[2].allowOfferDelegation = "yes";
    w.externalParamConfigs[0].isSearchable = 1;
    w.externalParamConfigs[1].entityType = "PLAN";
    w.subscribers[2].iccid = 89357118360589824502;
    w.packages[0].description = 5;
    expect(problems(w)).toEqual([
      { path: "$.customers[1].colour", message: expect.stringMatching(/^unknown field/) },
      { path: "$.customers[2].allowOfferDelegation", message: "must be true or false" },
      { path: "$.offers[0].kind", message: "is required" },
      { path: "$.offers[1].kind", message: "must be one of REGULAR, POOL" },
      { path: "$.packages[0].description", message: "must be a string or null" },
      { path: "$.subscribers[2].iccid", message: "must be a string or null" },
      { path: "$.externalParamConfigs[0].isSearchable", message: "must be true or false" },
      { path: "$.externalParamConfigs[1].entityType", message: "must be one of CUSTOMER, SUBSCRIBER, OFFER, PACKAGE" },
    ]);
  });

  it("refuses ids that are not UUIDs and ids repeated within one array", () => {
    const w = demo();
    w.offers[2].id = "offer-2";
    w.offers[3].id = w.offers[0].id.toUpperCase();
    w.packages[1].nestedOfferIds[0] = "not-a-uuid";
    expect(problems(w)).toEqual([
      { path: "$.offers[2].id", message: "must be a UUID" },
      { path: "$.offers[3].id", message: "duplicate id: also used by $.offers[0]" },
      { path: "$.packages[1].nestedOfferIds[0]", message: "must be a UUID" },
      // Americas Expansion names North America 2GB, whose id is gone from the file.
      { path: "$.packages[2].nestedOfferIds[0]", message: `no offer with id ${DEMO.offers[3].id} in the file` },
    ]);
  });

  it("refuses blank or long names", () => {
    const w = demo();
    w.customers[0].name = "   ";
    w.customers[1].name = "x".repeat(201);
    w.packages[0].name = "p".repeat(101);
    w.offers[0].name = "";
    expect(problems(w)).toEqual([
      { path: "$.customers[0].name", message: "must not be empty" },
      { path: "$.customers[1].name", message: "must be at most 200 characters" },
      { path: "$.offers[0].name", message: "must not be empty" },
      { path: "$.packages[0].name", message: "name must be at most 100 characters" },
    ]);
  });
});

describe("rules", () => {
  it("API keys: format, and unique across the whole file", () => {
    const w = demo();
    w.customers[0].apiKeys = ["short", 42, "has space in it but is long enough"];
    w.customers[5].apiKeys.push(w.customers[1].apiKeys[0]);
    w.customers[6].apiKeys = "one-key-given-as-a-string";
    expect(paths(w)).toEqual([
      "$.customers[0].apiKeys[0]",
      "$.customers[0].apiKeys[1]",
      "$.customers[0].apiKeys[2]",
      "$.customers[5].apiKeys[1]",
      "$.customers[6].apiKeys",
    ]);
    expect(problems(w).map((p) => p.message).join("\n")).not.toContain(w.customers[1].apiKeys[0]);
  });

  it("offers: a REGULAR offer has no pool customer; a POOL offer has one", () => {
    const w = demo();
    w.offers[0].poolCustomerId = customer(w, "Nimbus Connect").id;
    w.offers[4].poolCustomerId = null;
    expect(problems(w)).toEqual([
      { path: "$.offers[0].poolCustomerId", message: "only a POOL offer names a sub-account" },
      { path: "$.offers[4].poolCustomerId", message: "a POOL offer names the sub-account it is made for" },
    ]);
  });

  it("packages: no pool plan, no repeat, at least one offer, a unique name per owner", () => {
    const w = demo();
    const starter = pkgIndex(w, "Nimbus Starter");
    const sensors = pkgIndex(w, "Nimbus Sensors");
    const roaming = pkgIndex(w, "Roaming Essentials");
    w.packages[starter].nestedOfferIds.push(offer(w, "Acme Logistics Pool 10GB").id, w.packages[starter].nestedOfferIds[0]);
    w.packages[sensors].name = "  nimbus STARTER ";
    w.packages[roaming].nestedOfferIds = [];
    w.packages[1].eligibleSubAccountIds = "all";
    expect(problems(w)).toEqual([
      { path: `$.packages[${roaming}].nestedOfferIds`, message: "a package needs at least one offer" },
      { path: `$.packages[1].eligibleSubAccountIds`, message: 'must be "ALL" or an array of ids' },
      { path: `$.packages[${starter}].nestedOfferIds[3]`, message: expect.stringMatching(/is listed twice$/) },
      { path: `$.packages[${starter}].nestedOfferIds[2]`, message: "a pool plan cannot be in a package" },
      { path: `$.packages[${sensors}].name`, message: `the owner already has a package with this name at $.packages[${starter}]` },
    ]);
  });

  it("subscribers: at least one identifier; a package of the parent the customer is eligible for", () => {
    const w = demo();
    for (const field of ["imsi", "iccid", "msisdn", "imei", "imeisv"]) w.subscribers[2][field] = null;
    // Greenfield (a child of Nimbus) with a package of Vertex.
    w.subscribers[15].packageId = w.packages[pkgIndex(w, "Cold Chain Bundle")].id;
    // Helix, a child of Nimbus that Nimbus Sensors does not list.
    w.subscribers[18].packageId = w.packages[pkgIndex(w, "Nimbus Sensors")].id;
    // Fleet Division (grandchild of Nimbus) with a Nimbus package.
    w.subscribers[12].packageId = w.packages[pkgIndex(w, "Nimbus Starter")].id;
    w.subscribers[13].packageId = MISSING;
    expect(problems(w)).toEqual([
      { path: "$.subscribers[2]", message: "give at least one of imsi, iccid, msisdn, imei, imeisv" },
      { path: "$.subscribers[12].packageId", message: "a subscriber gets only a package of its customer's parent" },
      { path: "$.subscribers[13].packageId", message: `no package with id ${MISSING} in the file` },
      { path: "$.subscribers[15].packageId", message: "a subscriber gets only a package of its customer's parent" },
      { path: "$.subscribers[18].packageId", message: "the subscriber's customer is not eligible for this package" },
    ]);
  });

  it("external params: a unique name per owner and entity type, one value per entity", () => {
    const w = demo();
    w.externalParamConfigs[1].name = w.externalParamConfigs[0].name;
    w.externalParamConfigs[2].name = w.externalParamConfigs[0].name; // another entity type: fine
    w.externalParamValues.push({ ...w.externalParamValues[0], value: "again" });
    w.externalParamValues.push({ configId: MISSING, entityId: MISSING, value: "v" });
    w.externalParamValues[3].value = "v".repeat(1001);
    const n = DEMO.externalParamValues.length;
    expect(problems(w)).toEqual([
      { path: "$.externalParamConfigs[1].name", message: "the owner already has a CUSTOMER param with this name at $.externalParamConfigs[0]" },
      { path: "$.externalParamValues[3].value", message: "must be at most 1000 characters" },
      { path: `$.externalParamValues[${n}]`, message: "this entity already has a value for this config at $.externalParamValues[0]" },
      { path: `$.externalParamValues[${n + 1}].configId`, message: `no external param config with id ${MISSING} in the file` },
    ]);
  });

  it("reports every problem of a file, not only the first", () => {
    const w = demo();
    w.packages[pkgIndex(w, "Nimbus Starter")].ownerId = MISSING;
    w.subscribers[6].imsi = w.subscribers[0].imsi;
    w.subscribers[4].imei = "353257320470255";
    w.customers[3].parentId = w.customers[3].id;
    w.offers[4].poolCustomerId = customer(w, "Acme Logistics").id;
    w.customers[1].name = "";
    expect(paths(w).sort()).toEqual(
      [
        `$.packages[${pkgIndex(w, "Nimbus Starter")}].ownerId`,
        "$.subscribers[6].imsi",
        "$.subscribers[4].imei",
        "$.customers[3].parentId",
        "$.offers[4].poolCustomerId",
        "$.customers[1].name",
      ].sort(),
    );
  });
});
