/**
 * Unexpected faults: when the database throws, the operation answers
 * ServiceUnavailable / GLOBAL_1001 with no stack or SQL, changes nothing, and the fault is
 * logged server-side.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseDigest } from "../helpers/db-digest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, O, P, S } from "../helpers/world";

const UNAVAILABLE = { __typename: "ServiceUnavailable", code: "GLOBAL_1001", message: "Service unavailable. Please try again" };
const RESULT = `__typename ... on ErrorResult { code message }`;

function expectNoLeak(body: unknown) {
  const text = JSON.stringify(body);
  for (const leak of ["SQLITE", "sqlite", "no such table", "injected", "stack", "/work/", "node_modules", "    at "]) {
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
  const failInsertsInto = (table: string) =>
    t.handle.sqlite.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected fault in ${table}'); END`);

  it("myPackages", async () => {
    t.handle.sqlite.exec("ALTER TABLE package_eligible_customers RENAME TO gone");
    const res = await t.gql("RA", `{ myPackages(customerId: "${C.EA1}") { ${RESULT} } }`);
    expect(res.status).toBe(200);
    expect(res.body.data.myPackages).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(faultLogged("no such table")).toBe(true);
  });

  it("externalParamsConfig", async () => {
    t.handle.sqlite.exec("ALTER TABLE external_param_values RENAME TO gone");
    const res = await t.gql("RA", `{ externalParamsConfig(customerId: "${C.RA}", entity: CUSTOMER, entityId: "${C.EA1}") { ${RESULT} } }`);
    expect(res.body.data.externalParamsConfig).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(faultLogged("no such table")).toBe(true);
  });

  it("createPackage", async () => {
    failInsertsInto("package_offers");
    const before = databaseDigest(t.handle.sqlite);
    const res = await t.gql(
      "RA",
      `mutation($i: CreatePackageInput!) { createPackage(customerId: "${C.RA}", input: $i) { ${RESULT} } }`,
      { i: { name: "Faulty", nestedOfferIds: [O.RA_REG1], eligibleSubAccounts: { all: true } } },
    );
    expect(res.body.data.createPackage).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(faultLogged("injected fault in package_offers")).toBe(true);
    // The package row itself was rolled back; only the FAILED request of the fault was recorded.
    const after = t.handle.sqlite.prepare("select count(*) n from packages where name = 'Faulty'").get() as { n: number };
    expect(after.n).toBe(0);
    const fault = t.handle.sqlite.prepare("select status, code from requests order by created_at desc limit 1").get();
    expect(fault).toEqual({ status: "FAILED", code: "GLOBAL_1001" });
    expect(before).not.toBe(""); // digest helper works on this database
  });

  it("attachOffer", async () => {
    failInsertsInto("subscriber_offers");
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
    failInsertsInto("requests");
    const before = databaseDigest(t.handle.sqlite);
    const res = await t.gql("RA", `mutation($i: BulkReplacePackageInput!) { bulkReplacePackage(input: $i) { ${RESULT} } }`, {
      i: { items: [{ subscriber: { type: "IMSI", value: S.EA1_1.imsi }, currentPackageId: P.RA_BASIC, newPackageId: P.RA_PREMIUM }] },
    });
    expect(res.body.data.bulkReplacePackage).toEqual(UNAVAILABLE);
    expectNoLeak(res.body);
    expect(databaseDigest(t.handle.sqlite)).toBe(before);
    expect(faultLogged("injected fault in requests")).toBe(true);
  });

  it("a field outside any result union answers a GLOBAL_1001 GraphQL error without a stack", async () => {
    t.handle.sqlite.exec("ALTER TABLE offers RENAME TO gone");
    const res = await t.gql("RA", `{ viewer { name offers { totalCount } } }`);
    expect(res.body.errors![0]).toMatchObject({ message: "Service unavailable. Please try again", extensions: { code: "GLOBAL_1001" } });
    expectNoLeak(res.body);
    expect(faultLogged("no such table")).toBe(true);
  });
});
