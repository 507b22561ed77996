/**
 * checkWorld (SPEC section 6) on small worlds built by hand: each rule between entities, each
 * reader's issue at its path in the file, and the normalized world it returns.
 */
import { describe, expect, it } from "vitest";
import { checkWorld, worldPath, type WorldProblem } from "../../../src/domain/world/world";

type Json = any;

/** A readable UUID: id(7) is 00000000-0000-4000-8000-000000000007. */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const OP = id(1);
const RA = id(2);
const EA1 = id(3);
const EA2 = id(4);
const DA1 = id(5);
const O1 = id(11);
const O2 = id(12);
const POOL = id(13);
const P1 = id(21);
const P2 = id(22);
const S1 = id(31);
const S2 = id(32);
const C1 = id(41);
const MISSING = id(99);

/**
 * op → ra → ea1 → da1, and ra → ea2. ra sells two regular plans and a pool plan for ea1, in
 * the package p1 (for ea1) and p2 (for ALL); ea1's and ea2's subscribers carry them.
 */
function smallWorld(): Json {
  return {
    customers: [
      { id: OP, name: "Operator", parentId: null, allowOfferDelegation: false, apiKeys: ["operator-key-0000000001"] },
      { id: RA, name: "Reseller", parentId: OP, allowOfferDelegation: true, apiKeys: [] },
      { id: EA1, name: "Enterprise 1", parentId: RA, allowOfferDelegation: true },
      { id: EA2, name: "Enterprise 2", parentId: RA },
      { id: DA1, name: "Division", parentId: EA1 },
    ],
    offers: [
      { id: O1, name: "EU 1GB", ownerId: RA, kind: "REGULAR", poolCustomerId: null },
      { id: O2, name: "US 1GB", ownerId: RA, kind: "REGULAR" },
      { id: POOL, name: "Fleet pool", ownerId: RA, kind: "POOL", poolCustomerId: EA1 },
    ],
    packages: [
      { id: P1, name: "Roaming", description: "For travel", ownerId: RA, nestedOfferIds: [O1, O2], eligibleSubAccountIds: [EA1] },
      { id: P2, name: "Basic", description: null, ownerId: RA, nestedOfferIds: [O2], eligibleSubAccountIds: "ALL" },
    ],
    subscribers: [
      { id: S1, customerId: EA1, imsi: "222013090961859", iccid: null, msisdn: null, imei: "490154203237518", imeisv: null, packageId: P1 },
      { id: S2, customerId: EA2, msisdn: "+491510000003", packageId: P2 },
    ],
    externalParamConfigs: [
      { id: C1, ownerId: RA, name: "costCenter", displayName: "Cost centre", description: null, entityType: "SUBSCRIBER", isSearchable: true },
    ],
    externalParamValues: [{ configId: C1, entityId: S1, value: "CC-4711" }],
  };
}

function problems(json: unknown): WorldProblem[] {
  const checked = checkWorld(json);
  if (checked.ok) throw new Error("expected the world to be refused");
  return checked.problems;
}

/** The world with one change made to it. */
function changed(change: (w: Json) => void): Json {
  const w = smallWorld();
  change(w);
  return w;
}

describe("worldPath", () => {
  it("names an element of a world array, and one of its fields", () => {
    expect(worldPath("packages", 2)).toBe("$.packages[2]");
    expect(worldPath("packages", 2, "nestedOfferIds")).toBe("$.packages[2].nestedOfferIds");
  });

  it("quotes a field that is not a plain name", () => {
    expect(worldPath("customers", 0, "parent id")).toBe('$.customers[0]["parent id"]');
  });
});

describe("a sound world", () => {
  it("is accepted, every entity in file order as the API's readers store it", () => {
    const w = smallWorld();
    w.customers[2].id = EA1.toUpperCase();
    w.customers[4].parentId = EA1.toUpperCase();
    w.customers[3].name = "  Enterprise 2 ";
    w.packages[0].name = " Roaming ";
    w.externalParamConfigs[0].displayName = "   ";
    const checked = checkWorld(w);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const { world } = checked;

    expect(world.customers.map((c) => c.id)).toEqual([OP, RA, EA1, EA2, DA1]);
    expect(world.customers[3]).toEqual({ id: EA2, name: "Enterprise 2", parentId: RA, allowOfferDelegation: false, apiKeys: [] });
    expect(world.customers[4]!.parentId).toBe(EA1);
    expect(world.offers[1]).toEqual({ id: O2, ownerId: RA, name: "US 1GB", kind: "REGULAR", poolCustomerId: null });
    expect(world.offers[2]).toEqual({ id: POOL, ownerId: RA, name: "Fleet pool", kind: "POOL", poolCustomerId: EA1 });
    expect(world.packages[0]).toEqual({
      id: P1,
      ownerId: RA,
      draft: { name: "Roaming", nameKey: "roaming", description: "For travel", offerIds: [O1, O2], eligibleAll: false, eligibleCustomerIds: [EA1] },
    });
    expect(world.packages[1]!.draft).toMatchObject({ eligibleAll: true, eligibleCustomerIds: [] });
    expect(world.subscribers[1]).toEqual({ id: S2, customerId: EA2, imsi: null, iccid: null, msisdn: "491510000003", imei: null, imeisv: null, packageId: P2 });
    expect(world.externalParamConfigs[0]).toMatchObject({ name: "costCenter", displayName: null, description: null });
    expect(world.externalParamValues).toEqual([{ configId: C1, entityId: S1, value: "CC-4711" }]);
  });

  it("may leave out any array", () => {
    expect(checkWorld({ customers: smallWorld().customers })).toMatchObject({ ok: true });
  });
});

describe("the JSON shape", () => {
  it("refuses a top level that is not an object", () => {
    for (const json of [null, [], "world", 3]) expect(problems(json)).toEqual([{ path: "$", message: "a world file is a JSON object" }]);
  });

  it("refuses an unknown top-level key and an entity that is not an object", () => {
    expect(problems({ customer: [] })).toEqual([
      { path: "$.customer", message: "unknown key; expected customers, offers, packages, subscribers, externalParamConfigs, externalParamValues" },
    ]);
    expect(problems({ offers: ["EU 1GB"] })).toEqual([{ path: "$.offers[0]", message: "must be an object" }]);
  });

  it("refuses an unknown field, a missing one and an id that is not a UUID, each at its path", () => {
    const paths = problems(
      changed((w) => {
        w.offers[0].owner = RA;
        delete w.offers[1].name;
        w.customers[4].id = "da1";
      }),
    ).map((p) => `${p.path}: ${p.message}`);
    expect(paths).toEqual([
      "$.customers[4].id: must be a UUID",
      "$.offers[0].owner: unknown field; expected id, name, ownerId, kind, poolCustomerId",
      "$.offers[1].name: is required",
    ]);
  });

  it("refuses an API key that is not 20 to 128 characters of A-Z, a-z, 0-9, _ and -", () => {
    const rule = "an API key is 20 to 128 characters of A-Z, a-z, 0-9, _ and -";
    for (const key of ["k".repeat(19), "k".repeat(129), "operator key 000000001"]) {
      expect(problems(changed((w) => (w.customers[0].apiKeys = [key])))).toEqual([{ path: "$.customers[0].apiKeys[0]", message: rule }]);
    }
    for (const key of ["k".repeat(20), "k".repeat(128)]) expect(checkWorld(changed((w) => (w.customers[0].apiKeys = [key])))).toMatchObject({ ok: true });
  });
});

describe("the API's readers, at the path of the file", () => {
  it("refuses a blank customer name", () => {
    expect(problems(changed((w) => (w.customers[3].name = "  ")))).toEqual([{ path: "$.customers[3].name", message: "must not be empty" }]);
  });

  it("refuses a POOL offer without a pool customer", () => {
    expect(problems(changed((w) => (w.offers[2].poolCustomerId = null)))).toEqual([
      { path: "$.offers[2].poolCustomerId", message: "a POOL offer names the sub-account it is made for" },
    ]);
  });

  it("refuses a package without offers, and an eligible id listed twice, at the file's field names", () => {
    expect(problems(changed((w) => (w.packages[0].nestedOfferIds = [])))).toEqual([
      { path: "$.packages[0].nestedOfferIds", message: "a package needs at least one offer" },
    ]);
    expect(problems(changed((w) => (w.packages[0].eligibleSubAccountIds = [EA1, EA2, EA1])))).toEqual([
      { path: "$.packages[0].eligibleSubAccountIds[2]", message: `sub-account ${EA1} is listed twice` },
    ]);
  });

  it("refuses a malformed identifier, and a subscriber without one", () => {
    expect(problems(changed((w) => (w.subscribers[0].imei = "490154203237519")))).toEqual([
      { path: "$.subscribers[0].imei", message: "IMEI check digit (Luhn) is wrong" },
    ]);
    expect(problems(changed((w) => (w.subscribers[1].msisdn = null)))).toEqual([
      { path: "$.subscribers[1]", message: "give at least one of imsi, iccid, msisdn, imei, imeisv" },
    ]);
  });

  it("refuses a config name that is not a parameter name, and an empty value", () => {
    expect(problems(changed((w) => (w.externalParamConfigs[0].name = "cost center")))).toEqual([
      { path: "$.externalParamConfigs[0].name", message: "must start with a letter and hold only letters, digits, _ . -" },
    ]);
    expect(problems(changed((w) => (w.externalParamValues[0].value = "")))).toEqual([
      { path: "$.externalParamValues[0].value", message: "must not be empty; use clearExternalParamValue to remove a value" },
    ]);
  });
});

describe("the rules between entities", () => {
  it("refuses an id used twice in one array, at the later one", () => {
    expect(problems(changed((w) => (w.offers[1].id = O1)))).toContainEqual({ path: "$.offers[1].id", message: "duplicate id: also used by $.offers[0]" });
  });

  it("refuses a parent that is not in the file, without echoes on what hangs from it", () => {
    expect(problems(changed((w) => (w.customers[1].parentId = MISSING)))).toEqual([
      { path: "$.customers[1].parentId", message: `no customer with id ${MISSING} in the file` },
    ]);
  });

  it("refuses a customer that is its own parent, and a loop, at every customer on it", () => {
    expect(problems(changed((w) => (w.customers[0].parentId = OP)))).toEqual([
      { path: "$.customers[0].parentId", message: "a customer cannot be its own parent" },
    ]);
    const loop = "the parent chain loops through $.customers[0], $.customers[1]";
    expect(problems(changed((w) => (w.customers[0].parentId = RA)))).toEqual([
      { path: "$.customers[0].parentId", message: loop },
      { path: "$.customers[1].parentId", message: loop },
    ]);
  });

  it("refuses an API key given twice, without repeating the key", () => {
    const found = problems(changed((w) => (w.customers[2].apiKeys = ["operator-key-0000000001"])));
    expect(found).toEqual([{ path: "$.customers[2].apiKeys[0]", message: "this API key is also given at $.customers[0].apiKeys[0]" }]);
  });

  it("refuses a pool plan made for a customer that is not a direct sub-account of its owner", () => {
    for (const poolCustomerId of [RA, DA1, OP]) {
      expect(problems(changed((w) => (w.offers[2].poolCustomerId = poolCustomerId)))).toEqual([
        { path: "$.offers[2].poolCustomerId", message: "a POOL offer is made for a direct sub-account of its owner" },
      ]);
    }
  });

  it("refuses a reference to a customer not in the file", () => {
    expect(problems(changed((w) => (w.offers[0].ownerId = MISSING)))).toContainEqual({
      path: "$.offers[0].ownerId",
      message: `no customer with id ${MISSING} in the file`,
    });
  });

  describe("packages", () => {
    it("refuse a nested offer not in the file, another owner's, or a pool plan", () => {
      const w = changed((w) => {
        w.offers.push({ id: id(14), name: "Ops plan", ownerId: OP, kind: "REGULAR" });
        w.packages[0].nestedOfferIds = [MISSING, id(14), POOL, O1];
      });
      expect(problems(w)).toEqual([
        { path: "$.packages[0].nestedOfferIds[0]", message: `no offer with id ${MISSING} in the file` },
        { path: "$.packages[0].nestedOfferIds[1]", message: "a package holds only offers of its own owner" },
        { path: "$.packages[0].nestedOfferIds[2]", message: "a pool plan cannot be in a package" },
      ]);
    });

    it("refuse the owner itself, a grandchild or a missing customer as eligible", () => {
      expect(problems(changed((w) => (w.packages[0].eligibleSubAccountIds = [RA, DA1, MISSING, EA1])))).toEqual([
        { path: "$.packages[0].eligibleSubAccountIds[0]", message: "the owner itself is never eligible" },
        { path: "$.packages[0].eligibleSubAccountIds[1]", message: "only a direct sub-account of the owner can be eligible" },
        { path: "$.packages[0].eligibleSubAccountIds[2]", message: `no customer with id ${MISSING} in the file` },
      ]);
    });

    it("refuse a name the owner already has, compared trimmed and case-insensitively", () => {
      expect(problems(changed((w) => (w.packages[1].name = "  ROAMING ")))).toEqual([
        { path: "$.packages[1].name", message: "the owner already has a package with this name at $.packages[0]" },
      ]);
    });

    it("accept one name for packages of different owners", () => {
      const w = changed((w) => {
        w.offers.push({ id: id(14), name: "Ops plan", ownerId: OP, kind: "REGULAR" });
        w.packages.push({ id: id(23), name: "Roaming", description: null, ownerId: OP, nestedOfferIds: [id(14)], eligibleSubAccountIds: [RA] });
      });
      expect(checkWorld(w)).toMatchObject({ ok: true });
    });
  });

  describe("subscribers", () => {
    it("refuse an identifier another subscriber has, an IMEI in either of its forms", () => {
      expect(problems(changed((w) => (w.subscribers[1].imei = "49015420323751")))).toEqual([
        { path: "$.subscribers[1].imei", message: "IMEI 49015420323751 is also used by $.subscribers[0]" },
      ]);
      const sameImsi = changed((w) => {
        w.subscribers[1].msisdn = null;
        w.subscribers[1].imsi = "222013090961859";
      });
      expect(problems(sameImsi)).toEqual([
        { path: "$.subscribers[1].imsi", message: "IMSI 222013090961859 is also used by $.subscribers[0]" },
      ]);
    });

    it("accept one value under different identifier types", () => {
      expect(checkWorld(changed((w) => (w.subscribers[1].imsi = "491510000003")))).toMatchObject({ ok: true });
    });

    it("refuse a package not in the file, one not of the customer's parent, and one the customer is not eligible for", () => {
      expect(problems(changed((w) => (w.subscribers[0].packageId = MISSING)))).toEqual([
        { path: "$.subscribers[0].packageId", message: `no package with id ${MISSING} in the file` },
      ]);
      expect(problems(changed((w) => (w.subscribers[1].customerId = DA1)))).toEqual([
        { path: "$.subscribers[1].packageId", message: "a subscriber gets only a package of its customer's parent" },
      ]);
      expect(problems(changed((w) => (w.subscribers[0].customerId = EA2)))).toEqual([
        { path: "$.subscribers[0].packageId", message: "the subscriber's customer is not eligible for this package" },
      ]);
    });
  });

  describe("external params", () => {
    const config = (n: number, name: string, entityType: string) => ({
      id: id(n),
      ownerId: RA,
      name,
      displayName: null,
      description: null,
      entityType,
      isSearchable: false,
    });

    it("refuse a name the owner already has for the entity type, and accept it for another type", () => {
      expect(problems(changed((w) => w.externalParamConfigs.push(config(42, "costCenter", "SUBSCRIBER"))))).toEqual([
        { path: "$.externalParamConfigs[1].name", message: "the owner already has a SUBSCRIBER param with this name at $.externalParamConfigs[0]" },
      ]);
      expect(checkWorld(changed((w) => w.externalParamConfigs.push(config(42, "costCenter", "CUSTOMER"))))).toMatchObject({ ok: true });
    });

    it("refuse a value of a config not in the file, and a second value for one entity", () => {
      expect(problems(changed((w) => (w.externalParamValues[0].configId = MISSING)))).toEqual([
        { path: "$.externalParamValues[0].configId", message: `no external param config with id ${MISSING} in the file` },
      ]);
      expect(problems(changed((w) => w.externalParamValues.push({ configId: C1, entityId: S1, value: "CC-2" })))).toEqual([
        { path: "$.externalParamValues[1]", message: "this entity already has a value for this config at $.externalParamValues[0]" },
      ]);
    });

    it("refuse a value on an entity not in the file", () => {
      expect(problems(changed((w) => (w.externalParamValues[0].entityId = id(39))))).toEqual([
        { path: "$.externalParamValues[0].entityId", message: `no SUBSCRIBER with id ${id(39)} in the file` },
      ]);
    });

    it("take a value only on an entity the config's owner owns", () => {
      const valueOn = (n: number, entityType: string, entityId: string) => (w: Json) => {
        w.externalParamConfigs.push(config(n, `p${n}`, entityType));
        w.externalParamValues.push({ configId: id(n), entityId, value: "v" });
      };
      // Its own and its direct sub-accounts' customers and subscribers; its own offers and packages.
      for (const [entityType, entityId] of [["CUSTOMER", RA], ["CUSTOMER", EA2], ["SUBSCRIBER", S2], ["OFFER", O1], ["PACKAGE", P2]]) {
        expect(checkWorld(changed(valueOn(50, entityType!, entityId!))), `${entityType} ${entityId}`).toMatchObject({ ok: true });
      }
      for (const [entityType, entityId] of [["CUSTOMER", OP], ["CUSTOMER", DA1]]) {
        expect(problems(changed(valueOn(50, entityType!, entityId!)))).toEqual([
          { path: "$.externalParamValues[1].entityId", message: `the config's owner does not own this ${entityType}` },
        ]);
      }
    });

    it("refuse a value on an offer or package of a sub-account", () => {
      const w = changed((w) => {
        w.offers.push({ id: id(15), name: "Own plan", ownerId: EA1, kind: "REGULAR" });
        w.externalParamConfigs.push(config(50, "planTag", "OFFER"));
        w.externalParamValues.push({ configId: id(50), entityId: id(15), value: "v" });
      });
      expect(problems(w)).toEqual([{ path: "$.externalParamValues[1].entityId", message: "the config's owner does not own this OFFER" }]);
    });
  });
});

describe("the report", () => {
  it("lists every problem, grouped by entity in file order, whatever the order they were found in", () => {
    const w = changed((w) => {
      w.externalParamValues[0].value = "";
      w.subscribers[0].packageId = MISSING;
      w.customers[3].name = "";
      w.customers[1].apiKeys = ["operator-key-0000000001"];
    });
    expect(problems(w).map((p) => p.path)).toEqual([
      "$.customers[1].apiKeys[0]",
      "$.customers[3].name",
      "$.subscribers[0].packageId",
      "$.externalParamValues[0].value",
    ]);
  });
});
