/**
 * UUIDs are case-insensitive (SPEC section 4, RFC 9562): an upper- or mixed-case UUID names
 * the same object as its lower-case form everywhere (arguments, input fields, cursors, world
 * files), and the API always answers in lower case.
 *
 * The test world's ids are digits only, which no letter case changes, so this file runs on a
 * copy whose ids carry letters: written in upper case where an entity is defined and in mixed
 * case where it is referenced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkWorld } from "../../src/domain/world/world";
import { ATTACH_OFFER, BULK_REPLACE_PACKAGE, UPDATE_PACKAGE, countRows, requestOf, run, without } from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, O, P, S, testWorld } from "../helpers/world";

const UUID_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The test world's id with letters in it, lower case: the form the API answers. */
const L = (id: string) => id.replace("-0000-4000-8000-", "-abcd-4ef0-8abc-");
/** Upper case. */
const U = (id: string) => L(id).toUpperCase();
/** Every other character upper case. */
const M = (id: string) => [...L(id)].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join("");

/** The world with lettered ids: upper case in `id` fields, mixed case in references. */
function rewrite(value: unknown, key?: string): unknown {
  if (typeof value === "string" && UUID_FORM.test(value)) return key === "id" ? U(value) : M(value);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, key));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
  return value;
}

/** Every `id`-like value in an answer (fields named id or ending in Id). */
function idsIn(value: unknown, key = ""): string[] {
  if (typeof value === "string") return /(^id|Id)$/.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => idsIn(v, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => idsIn(v, k));
  return [];
}
const expectLowerCaseIds = (answer: unknown) => {
  const ids = idsIn(answer);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(id).toBe(id.toLowerCase());
};

const imsi = (value: string) => ({ type: "IMSI", value });

/** Every column that holds an id, by table. */
const ID_COLUMNS: Record<string, string[]> = {
  customers: ["id", "parent_id"],
  api_keys: ["customer_id"],
  offers: ["id", "owner_id", "pool_customer_id"],
  packages: ["id", "owner_id"],
  package_offers: ["package_id", "offer_id"],
  package_eligible_customers: ["package_id", "customer_id"],
  subscribers: ["id", "customer_id", "package_id"],
  subscriber_offers: ["id", "subscriber_id", "offer_id", "package_id", "attached_by_id"],
  external_param_configs: ["id", "owner_id"],
  external_param_values: ["config_id", "entity_id"],
};

describe("UUIDs in any letter case", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ world: rewrite(testWorld()) });
  });
  afterAll(() => t.close());

  describe("world files", () => {
    it("load ids given in upper case as lower case, with references in another case resolved", async () => {
      for (const [table, columns] of Object.entries(ID_COLUMNS)) {
        for (const column of columns) expect(await countRows(t, table, `${column} <> lower(${column})`), `${table}.${column}`).toBe(0);
      }
      expect(await countRows(t, "customers", "id = ? AND parent_id = ?", L(C.EA1), L(C.RA))).toBe(1);
      expect(await countRows(t, "offers", "id = ? AND pool_customer_id = ?", L(O.RA_POOL_EA1), L(C.EA1))).toBe(1);
      // A subscriber loaded with a package has the package's offers.
      expect(await countRows(t, "subscribers", "id = ? AND package_id = ?", L(S.EA1_1.id), L(P.RA_BASIC))).toBe(1);
      expect(await countRows(t, "subscriber_offers", "subscriber_id = ? AND package_id = ?", L(S.EA1_1.id), L(P.RA_BASIC))).toBe(2);
      expect(await countRows(t, "package_eligible_customers", "package_id = ? AND customer_id = ?", L(P.RA_PREMIUM), L(C.EA1))).toBe(1);
      // The same through the API.
      const answer = await t.gql("RA", `query($id: UUID!) { customer(id: $id) { id parent { id } subscribers(first: 10) { nodes { id package { id } } } } }`, {
        id: L(C.EA1),
      });
      expect(answer.body.data.customer).toEqual({
        id: L(C.EA1),
        parent: { id: L(C.RA) },
        subscribers: {
          nodes: [
            { id: L(S.EA1_1.id), package: { id: L(P.RA_BASIC) } },
            { id: L(S.EA1_2.id), package: { id: L(P.RA_PREMIUM) } },
            { id: L(S.EA1_3.id), package: null },
          ],
        },
      });
    });

    it("take two ids that differ only in case as one id", () => {
      const world = rewrite(testWorld()) as ReturnType<typeof testWorld>;
      world.customers.push({ ...world.customers[2]!, id: L(C.EA1), name: "Twin", apiKeys: [] });
      const checked = checkWorld(world);
      expect(checked.ok).toBe(false);
      if (checked.ok) return;
      expect(checked.problems).toContainEqual({ path: "$.customers[7].id", message: "duplicate id: also used by $.customers[2]" });
    });

    it("refuse an id already in the database in another case, changing nothing", async () => {
      const checked = checkWorld({ customers: [{ id: M(C.OP), name: "Again", parentId: null }] });
      if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
      const before = await t.db.digest();
      expect(await t.loadWorld(checked.world)).toEqual({
        ok: false,
        problems: [{ path: "$.customers[0].id", message: "conflicts with data already in the database: a customer with this id exists" }],
      });
      expect(await t.db.digest()).toBe(before);
    });
  });

  describe("queries", () => {
    const CUSTOMER = `query($id: UUID!) { customer(id: $id) { id name parent { id } subCustomers(first: 10) { nodes { id } } } }`;

    it("customer(id) answers an upper- or mixed-case id exactly like its lower-case form, in lower case", async () => {
      const lower = await t.gql("RA", CUSTOMER, { id: L(C.EA1) });
      expect(lower.body).toEqual({
        data: { customer: { id: L(C.EA1), name: "Customer EA1", parent: { id: L(C.RA) }, subCustomers: { nodes: [{ id: L(C.DA1) }] } } },
      });
      expect((await t.gql("RA", CUSTOMER, { id: U(C.EA1) })).body).toEqual(lower.body);
      expect((await t.gql("RA", CUSTOMER, { id: M(C.EA1) })).body).toEqual(lower.body);
      // An id written in the document (a literal) too.
      expect((await t.gql("RA", `{ customer(id: "${U(C.EA1)}") { id } }`)).body).toEqual({ data: { customer: { id: L(C.EA1) } } });
    });

    it("customer(id) still answers null for an invisible customer in any case", async () => {
      expect((await t.gql("RA", CUSTOMER, { id: U(C.EB1) })).body).toEqual({ data: { customer: null } });
      expect((await t.gql("RA", CUSTOMER, { id: U(C.OP) })).body).toEqual({ data: { customer: null } });
    });

    const MY_PACKAGES = `query($c: UUID!) {
      myPackages(customerId: $c, first: 10) {
        __typename
        ... on PackageConnection { totalCount nodes { id owner { id } nestedOffers { id } eligibleSubAccounts { all customers { id } } } }
        ... on ErrorResult { code }
      }
    }`;

    it.each([
      ["a direct sub-customer", "RA", C.EA1, 2],
      ["the requester itself", "EA1", C.EA1, 2],
    ] as const)("myPackages with %s's upper-case id answers its packages, not CUSTOMER_1002", async (_label, as, customerId, count) => {
      const lower = await t.gql(as, MY_PACKAGES, { c: L(customerId) });
      expect(lower.body.data.myPackages).toMatchObject({ __typename: "PackageConnection", totalCount: count });
      expectLowerCaseIds(lower.body.data);
      expect((await t.gql(as, MY_PACKAGES, { c: U(customerId) })).body).toEqual(lower.body);
      expect((await t.gql(as, MY_PACKAGES, { c: M(customerId) })).body).toEqual(lower.body);
    });

    it("a cursor naming its row's id in upper case pages on exactly like the one the API gave", async () => {
      const PAGE = `query($after: String) { viewer { offers(first: 2, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } } }`;
      const first = (await t.gql("RA", PAGE, {})).body.data.viewer.offers;
      const cursor: string = first.pageInfo.endCursor;
      const decoded = Buffer.from(cursor, "base64url").toString("utf8");
      expect(decoded).toMatch(/[a-f]/);
      const upperCursor = Buffer.from(decoded.toUpperCase(), "utf8").toString("base64url");
      expect(upperCursor).not.toBe(cursor);
      const next = await t.gql("RA", PAGE, { after: cursor });
      expect(next.body.data.viewer.offers.nodes).toHaveLength(2);
      expect((await t.gql("RA", PAGE, { after: upperCursor })).body).toEqual(next.body);
    });
  });

  describe("mutations", () => {
    it("bulkReplacePackage takes upper-case package ids as their lower-case form and echoes them in lower case", async () => {
      // Re-attaching the same package is allowed: the same item twice, in two letter cases.
      const item = (id: (id: string) => string) => ({ subscriber: imsi(S.EA1_1.imsi), currentPackageId: id(P.RA_BASIC), newPackageId: id(P.RA_BASIC) });
      const upper = await run(t, "RA", BULK_REPLACE_PACKAGE, { input: { items: [item(U)] } });
      expect(upper).toEqual({
        __typename: "BulkReplacePackageSuccess",
        succeededCount: 1,
        failedCount: 0,
        results: [
          {
            index: 0,
            requestId: expect.stringMatching(UUID_FORM),
            subscriber: imsi(S.EA1_1.imsi),
            currentPackageId: L(P.RA_BASIC),
            newPackageId: L(P.RA_BASIC),
            myPackage: false,
            error: null,
          },
        ],
      });
      expect(await requestOf(t, "RA", upper.results[0].requestId)).toMatchObject({ status: "SUCCEEDED", code: null });
      const lower = await run(t, "RA", BULK_REPLACE_PACKAGE, { input: { items: [item(L)] } });
      expect(lower.results.map((r: Record<string, unknown>) => without(r, "requestId"))).toEqual(
        upper.results.map((r: Record<string, unknown>) => without(r, "requestId")),
      );

      // A replacement by another package, ids in mixed case.
      const replaced = await run(t, "RA", BULK_REPLACE_PACKAGE, {
        input: { items: [{ subscriber: imsi(S.EA1_1.imsi), currentPackageId: M(P.RA_BASIC), newPackageId: M(P.RA_PREMIUM) }] },
      });
      expect(replaced).toMatchObject({ succeededCount: 1, results: [{ currentPackageId: L(P.RA_BASIC), newPackageId: L(P.RA_PREMIUM), error: null }] });
      expect(await countRows(t, "subscribers", "id = ? AND package_id = ?", L(S.EA1_1.id), L(P.RA_PREMIUM))).toBe(1);
    });

    it("updatePackage finds a package by its upper-case id and takes upper-case ids in its input", async () => {
      const update = (id: (id: string) => string, description: string) =>
        run(t, "RA", UPDATE_PACKAGE, {
          input: { packageId: id(P.RA_NONE), description, nestedOfferIds: [id(O.RA_REG3), id(O.RA_REG1)], eligibleSubAccounts: { ids: [id(C.EA2)] } },
        });
      const upper = await update(U, "Changed");
      expect(upper).toMatchObject({
        __typename: "UpdatePackageSuccess",
        package: {
          id: L(P.RA_NONE),
          description: "Changed",
          owner: { id: L(C.RA) },
          nestedOffers: [{ id: L(O.RA_REG3) }, { id: L(O.RA_REG1) }],
          eligibleSubAccounts: { all: false, customers: [{ id: L(C.EA2) }] },
        },
      });
      expectLowerCaseIds(upper);
      const lower = await update(L, "Changed");
      expect(without(lower, "requestId")).toEqual(without(upper, "requestId"));
    });

    it("attachOffer takes an upper-case offer id and answers in lower case", async () => {
      const result = await run(t, "RA", ATTACH_OFFER, { input: { subscriber: imsi(S.EA1_3.imsi), offerId: U(O.RA_REG3), priority: 40 } });
      expect(result).toMatchObject({ __typename: "AttachOfferSuccess", subscriberOffer: { priority: 40, offer: { id: L(O.RA_REG3) } } });
      expectLowerCaseIds(result);
    });
  });
});
