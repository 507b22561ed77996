/**
 * Unexpected faults: when the database throws, the operation answers
 * ServiceUnavailable / GLOBAL_1001 with no stack or SQL, changes nothing, and the fault is
 * logged server-side.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, O, P, S } from "../helpers/world";

const UNAVAILABLE = { __typename: "ServiceUnavailable", code: "GLOBAL_1001", message: "Service unavailable. Please try again" };
const RESULT = `__typename ... on ErrorResult { code message }`;

function expectNoLeak(body: unknown) {
  const text = JSON.stringify(body);
  for (const leak of ["SQLITE", "sqlite", "no such table", "does not exist", "relation", "postgres", "injected", "stack", "/work/", "node_modules", "    at "]) {
    expect(text).not.toContain(leak);
  }
}

describe("unexpected faults", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer();
  });
  afterEach(() => t.close());

  const faultLogged = (fragment: string) =>
    t.logs.some((line) => line.level >= 50 && JSON.stringify(line).includes(fragment));
  const failInsertsInto = (table: string) => t.db.failOn(table, "INSERT", `injected fault in ${table}`);
  const renameAway = (table: string) => t.db.run(`ALTER TABLE ${table} RENAME TO gone`);

  it("myPackages", async () => {
    await renameAway("package_eligible_customers");
    const res = await t.gql("RA", `{ myPackages(customerId: "${C.EA1}") { ${RESULT} } }`);
    expect(res.status).toBe(200);
    expect(res.body.data.myPackages).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(faultLogged(t.db.missingTableMessage)).toBe(true);
  });

  it("externalParamsConfig", async () => {
    await renameAway("external_param_values");
    const res = await t.gql("RA", `{ externalParamsConfig(customerId: "${C.RA}", entity: CUSTOMER, entityId: "${C.EA1}") { ${RESULT} } }`);
    expect(res.body.data.externalParamsConfig).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(faultLogged(t.db.missingTableMessage)).toBe(true);
  });

  it("createPackage", async () => {
    await failInsertsInto("package_offers");
    const before = await t.db.digest();
    const res = await t.gql(
      "RA",
      `mutation($i: CreatePackageInput!) { createPackage(customerId: "${C.RA}", input: $i) { ${RESULT} } }`,
      { i: { name: "Faulty", nestedOfferIds: [O.RA_REG1], eligibleSubAccounts: { all: true } } },
    );
    expect(res.body.data.createPackage).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(faultLogged("injected fault in package_offers")).toBe(true);
    // The package row itself was rolled back; only the FAILED request of the fault was recorded.
    expect(await t.db.count("packages", "name = 'Faulty'")).toBe(0);
    const fault = await t.db.row(`select status, code from requests order by ${t.db.insertionOrder} desc limit 1`);
    expect(fault).toEqual({ status: "FAILED", code: "GLOBAL_1001" });
    expect(before).not.toBe(""); // digest helper works on this database
  });

  it("attachOffer", async () => {
    await failInsertsInto("subscriber_offers");
    const res = await t.gql(
      "RA",
      `mutation($i: AttachOfferInput!) { attachOffer(input: $i) { ${RESULT} } }`,
      { i: { subscriber: { type: "IMSI", value: S.EA1_1.imsi }, offerId: O.RA_REG3 } },
    );
    expect(res.body.data.attachOffer).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(faultLogged("injected fault in subscriber_offers")).toBe(true);
  });

  it("bulkReplacePackage as a whole, changing nothing", async () => {
    await failInsertsInto("requests");
    const before = await t.db.digest();
    const res = await t.gql("RA", `mutation($i: BulkReplacePackageInput!) { bulkReplacePackage(input: $i) { ${RESULT} } }`, {
      i: { items: [{ subscriber: { type: "IMSI", value: S.EA1_1.imsi }, currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM }] },
    });
    expect(res.body.data.bulkReplacePackage).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(await t.db.digest()).toBe(before);
    expect(faultLogged("injected fault in requests")).toBe(true);
  });

  it("a field outside any result union answers a GLOBAL_1001 GraphQL error without a stack", async () => {
    await renameAway("offers");
    const res = await t.gql("RA", `{ viewer { name offers { totalCount } } }`);
    expect(res.body.errors![0]).toMatchObject({ message: "Service unavailable. Please try again", extensions: { code: "GLOBAL_1001" } });
    expectNoLeak(res.body);
    expect(faultLogged(t.db.missingTableMessage)).toBe(true);
  });
});
