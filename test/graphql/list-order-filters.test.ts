/**
 * Ordering and filters on the lists of subscribers and Requests, end to end: `orderBy` newest
 * (latest) first pages backwards through the same list, each filter narrows the list and its
 * totalCount, a cursor pages on only in the order it was made in, and a bad filter value is a
 * typed VALIDATION_FAILED error that names it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTACH_OFFER, RENAME_CUSTOMER, run } from "../helpers/management";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, MISSING, P, S, testWorld, type CustomerName } from "../helpers/world";

const id = (n: number) => `0000000f-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

interface Sim {
  id: string;
  imsi: string | null;
  iccid: string | null;
  msisdn: string | null;
  packageId: string | null;
}

const sim = (n: number, packageId: string | null, identifiers: Partial<Pick<Sim, "imsi" | "iccid" | "msisdn">>): Sim => ({
  id: id(n),
  imsi: null,
  iccid: null,
  msisdn: null,
  ...identifiers,
  packageId,
});

/** EA1's subscribers added to the test world, after its own three. */
const MORE: Sim[] = [
  sim(1, P.RA_BASIC, { imsi: "222020000000101", iccid: "8936000000000000101", msisdn: "4915000000101" }),
  sim(2, null, { imsi: "222020000000102", msisdn: "33600000102" }),
  sim(3, P.RA_PREMIUM, { imsi: "222010000000103", iccid: "8935000000000000103" }),
  sim(4, P.RA_BASIC, { iccid: "8936000000000000104", msisdn: "4930000000104" }),
  sim(5, null, { imsi: "222020000000105" }),
  sim(6, P.RA_BASIC, { msisdn: "4915000000106" }),
  sim(7, null, { imsi: "999990000000107" }),
  sim(8, P.RA_BASIC, { imsi: "222010000000108", iccid: "8935000000000000108", msisdn: "4915000000108" }),
];

/** Every subscriber of EA1, oldest first: the world file's order. */
const EA1_SIMS: Sim[] = [
  sim(0, P.RA_BASIC, { imsi: S.EA1_1.imsi }),
  sim(0, P.RA_PREMIUM, { iccid: S.EA1_2.iccid }),
  sim(0, null, { imsi: S.EA1_3.imsi }),
  ...MORE,
].map((s, i) => (i < 3 ? { ...s, id: [S.EA1_1.id, S.EA1_2.id, S.EA1_3.id][i]! } : s));

const ids = (sims: Sim[]) => sims.map((s) => s.id);
const startsWith = (key: "imsi" | "iccid" | "msisdn", prefix: string) => (s: Sim) => s[key]?.startsWith(prefix) ?? false;

function world() {
  const w = testWorld();
  return { ...w, subscribers: [...w.subscribers, ...MORE.map((s) => ({ ...s, imei: null, imeisv: null, customerId: C.EA1 }))] };
}

const SUBSCRIBERS = `query($id: UUID!, $first: Int, $after: String, $orderBy: SubscriberOrderInput, $filter: SubscriberFilterInput) {
  customer(id: $id) {
    subscribers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
      totalCount nodes { id } edges { cursor } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}`;

const REQUESTS = `query($first: Int, $after: String, $orderBy: RequestOrderInput, $filter: RequestFilterInput) {
  viewer {
    requests(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
      totalCount nodes { id operation status code createdAt } pageInfo { hasNextPage endCursor }
    }
  }
}`;

const NEWEST_FIRST = { field: "CREATED_AT", direction: "DESC" };
const OLDEST_FIRST = { field: "CREATED_AT", direction: "ASC" };

describe("orderBy and filter on lists", () => {
  let t: TestServer;
  /** RA's Requests made here, in the order they were made; the successes' requestIds. */
  const made: { operation: string; status: string; requestId?: string }[] = [];

  beforeAll(async () => {
    t = await startTestServer({ world: world() });
    const rename = async (customerId: string, name: string) => {
      const answer = await run(t, "RA", RENAME_CUSTOMER, { input: { customerId, name } });
      made.push({ operation: "RENAME_CUSTOMER", status: answer.__typename === "RenameCustomerSuccess" ? "SUCCEEDED" : "FAILED", requestId: answer.requestId });
    };
    const attachToNobody = async () => {
      const answer = await run(t, "RA", ATTACH_OFFER, { input: { subscriber: { type: "IMSI", value: "222019999999999" }, offerId: MISSING } });
      expect(answer.code).toBe("SUBSCRIBER_1010");
      made.push({ operation: "ATTACH_OFFER", status: "FAILED" });
    };
    // A few milliseconds apart, so that each Request has a time of its own.
    for (const step of [
      () => rename(C.EA1, "Enterprise A1, renamed"),
      () => rename(MISSING, "Nobody"),
      attachToNobody,
      () => rename(C.EA2, "Enterprise A2, renamed"),
      attachToNobody,
      () => rename(C.EA1, "Enterprise A1, renamed again"),
    ]) {
      await step();
      await sleep(5);
    }
    expect(made.map((m) => m.status)).toEqual(["SUCCEEDED", "FAILED", "FAILED", "SUCCEEDED", "FAILED", "SUCCEEDED"]);
  });
  afterAll(() => t.close());

  const subscribers = async (variables: Record<string, unknown>, as: CustomerName = "RA") => {
    const res = await t.gql(as, SUBSCRIBERS, { id: C.EA1, ...variables });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data.customer.subscribers;
  };
  const requests = async (variables: Record<string, unknown>) => {
    const res = await t.gql("RA", REQUESTS, variables);
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    return res.body.data.viewer.requests;
  };

  /** Every id of a list, page by page through endCursor, with the totalCount each page reported. */
  async function walk(list: (variables: Record<string, unknown>) => Promise<any>, variables: Record<string, unknown>, first: number) {
    const seen: string[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      if (pages > 20) throw new Error("the walk does not end");
      const page: any = await list({ ...variables, first, after });
      seen.push(...page.nodes.map((n: { id: string }) => n.id));
      totals.add(page.totalCount);
      if (!page.pageInfo.hasNextPage) return { ids: seen, totals: [...totals] };
      after = page.pageInfo.endCursor;
    }
  }

  describe("Requests", () => {
    it("lists the latest Request first with direction DESC, oldest first by default and with ASC", async () => {
      const latest = await requests({ first: 1, orderBy: NEWEST_FIRST });
      expect(latest.nodes).toHaveLength(1);
      expect(latest.nodes[0]).toMatchObject({ id: made.at(-1)!.requestId, operation: "RENAME_CUSTOMER", status: "SUCCEEDED" });
      expect(latest.totalCount).toBe(made.length);
      const oldest = await requests({ first: 100 });
      expect(oldest.nodes.map((n: any) => [n.operation, n.status])).toEqual(made.map((m) => [m.operation, m.status]));
      expect(oldest.nodes[0].id).toBe(made[0]!.requestId);
      expect((await requests({ first: 100, orderBy: OLDEST_FIRST })).nodes).toEqual(oldest.nodes);
      const newest = await requests({ first: 100, orderBy: NEWEST_FIRST });
      expect(newest.nodes).toEqual([...oldest.nodes].reverse());
    });

    it("pages newest first across pages with after: each page older than the one before, each Request once", async () => {
      const all = (await requests({ first: 100 })).nodes.map((n: any) => n.id).reverse();
      const walked = await walk(requests, { orderBy: NEWEST_FIRST }, 2);
      expect(walked.ids).toEqual(all);
      expect(walked.totals).toEqual([made.length]);
      // after a cursor, only the Requests strictly before it.
      const firstPage = await requests({ first: 3, orderBy: NEWEST_FIRST });
      const next = await requests({ first: 100, after: firstPage.pageInfo.endCursor, orderBy: NEWEST_FIRST });
      expect(next.nodes.map((n: any) => n.id)).toEqual(all.slice(3));
      for (const node of next.nodes) expect(node.createdAt <= firstPage.nodes[2].createdAt).toBe(true);
    });

    it("filters by status, by operation and by both, totalCount counting the filtered list", async () => {
      const oldest = (await requests({ first: 100 })).nodes;
      const expected = (keep: (n: any) => boolean) => oldest.filter(keep).map((n: any) => n.id);
      for (const filter of [
        { status: "FAILED" },
        { status: "SUCCEEDED" },
        { status: "IN_PROGRESS" },
        { operation: "ATTACH_OFFER" },
        { operation: "RENAME_CUSTOMER" },
        { operation: "CREATE_PACKAGE" },
        { operation: "RENAME_CUSTOMER", status: "FAILED" },
        { operation: "ATTACH_OFFER", status: "SUCCEEDED" },
        {},
      ]) {
        const keep = (n: any) => Object.entries(filter).every(([key, value]) => n[key] === value);
        const page = await requests({ first: 100, filter });
        expect(page.nodes.map((n: any) => n.id), JSON.stringify(filter)).toEqual(expected(keep));
        expect(page.totalCount, JSON.stringify(filter)).toBe(expected(keep).length);
      }
      expect((await requests({ filter: { status: "FAILED" } })).totalCount).toBe(3);
      expect((await requests({ filter: { operation: "RENAME_CUSTOMER", status: "FAILED" } })).nodes).toEqual([
        expect.objectContaining({ operation: "RENAME_CUSTOMER", status: "FAILED", code: "CUSTOMER_1002" }),
      ]);
    });

    it("pages a filtered list newest first", async () => {
      const failed = (await requests({ first: 100, filter: { status: "FAILED" } })).nodes.map((n: any) => n.id);
      const walked = await walk(requests, { orderBy: NEWEST_FIRST, filter: { status: "FAILED" } }, 1);
      expect(walked.ids).toEqual([...failed].reverse());
      expect(walked.totals).toEqual([3]);
    });

    it("lists no other customer's Requests, whatever the filter", async () => {
      const res = await t.gql("RA", `query($id: UUID!) { customer(id: $id) { requests(orderBy: { field: CREATED_AT, direction: DESC }, filter: { status: FAILED }) { totalCount nodes { id } } } }`, {
        id: C.EA1,
      });
      expect(res.body).toEqual({ data: { customer: { requests: { totalCount: 0, nodes: [] } } } });
      const own = await t.gql("EA1", REQUESTS, { orderBy: NEWEST_FIRST, filter: { operation: "RENAME_CUSTOMER" } });
      expect(own.body.data.viewer.requests).toMatchObject({ totalCount: 0, nodes: [] });
    });
  });

  describe("subscribers", () => {
    it("lists the newest subscriber first with direction DESC, the exact reverse of the default order", async () => {
      expect((await subscribers({ first: 100 })).nodes.map((n: any) => n.id)).toEqual(ids(EA1_SIMS));
      expect((await subscribers({ first: 100, orderBy: OLDEST_FIRST })).nodes.map((n: any) => n.id)).toEqual(ids(EA1_SIMS));
      const newest = await subscribers({ first: 100, orderBy: NEWEST_FIRST });
      expect(newest.nodes.map((n: any) => n.id)).toEqual(ids(EA1_SIMS).reverse());
      expect(newest.totalCount).toBe(EA1_SIMS.length);
    });

    it("pages newest first across pages with after, each page after the cursor's subscriber", async () => {
      const walked = await walk(subscribers, { orderBy: NEWEST_FIRST }, 3);
      expect(walked.ids).toEqual(ids(EA1_SIMS).reverse());
      const second = await subscribers({ first: 3, orderBy: NEWEST_FIRST, after: (await subscribers({ first: 3, orderBy: NEWEST_FIRST })).pageInfo.endCursor });
      expect(second.nodes.map((n: any) => n.id)).toEqual(ids(EA1_SIMS).reverse().slice(3, 6));
      expect(second.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true, startCursor: second.edges[0].cursor, endCursor: second.edges[2].cursor });
    });

    it.each([
      ["a package", { packageId: P.RA_BASIC }, (s: Sim) => s.packageId === P.RA_BASIC],
      ["a package named in upper case", { packageId: P.RA_PREMIUM.toUpperCase() }, (s: Sim) => s.packageId === P.RA_PREMIUM],
      ["no package", { withoutPackage: true }, (s: Sim) => s.packageId === null],
      ["withoutPackage: false, which keeps every subscriber", { withoutPackage: false }, () => true],
      ["a package that is on none of them", { packageId: P.RA_NONE }, () => false],
      ["another tenant's package", { packageId: P.RB_ALL }, () => false],
      ["an IMSI prefix", { identifierPrefix: { type: "IMSI", prefix: "22202" } }, startsWith("imsi", "22202")],
      ["a whole IMSI", { identifierPrefix: { type: "IMSI", prefix: S.EA1_3.imsi } }, startsWith("imsi", S.EA1_3.imsi)],
      ["an IMSI prefix of nines", { identifierPrefix: { type: "IMSI", prefix: "9999" } }, startsWith("imsi", "9999")],
      ["an ICCID prefix", { identifierPrefix: { type: "ICCID", prefix: "8935" } }, startsWith("iccid", "8935")],
      ["an MSISDN prefix with its +", { identifierPrefix: { type: "MSISDN", prefix: "+4915" } }, startsWith("msisdn", "4915")],
      ["an MSISDN prefix", { identifierPrefix: { type: "MSISDN", prefix: "49" } }, startsWith("msisdn", "49")],
      [
        "a package and an MSISDN prefix",
        { packageId: P.RA_BASIC, identifierPrefix: { type: "MSISDN", prefix: "4915" } },
        (s: Sim) => s.packageId === P.RA_BASIC && startsWith("msisdn", "4915")(s),
      ],
      [
        "no package and an IMSI prefix",
        { withoutPackage: true, identifierPrefix: { type: "IMSI", prefix: "2220" } },
        (s: Sim) => s.packageId === null && startsWith("imsi", "2220")(s),
      ],
    ] as const)("filters by %s, totalCount counting the filtered list, in either order", async (_what, filter, keep) => {
      const expected = ids(EA1_SIMS.filter(keep));
      const oldest = await subscribers({ first: 100, filter });
      expect(oldest.nodes.map((n: any) => n.id)).toEqual(expected);
      expect(oldest.totalCount).toBe(expected.length);
      const newest = await subscribers({ first: 100, filter, orderBy: NEWEST_FIRST });
      expect(newest.nodes.map((n: any) => n.id)).toEqual([...expected].reverse());
      expect(newest.totalCount).toBe(expected.length);
    });

    it("has a filter case that keeps some but not all subscribers for each kind of filter", () => {
      expect(EA1_SIMS.filter((s) => s.packageId === P.RA_BASIC).length).toBeGreaterThan(1);
      expect(EA1_SIMS.filter(startsWith("msisdn", "4915")).length).toBeGreaterThan(1);
      expect(EA1_SIMS.filter(startsWith("imsi", "22202")).length).toBeLessThan(EA1_SIMS.length);
    });

    it("pages a filtered list in either order, the cursor valid under its filter", async () => {
      const filter = { packageId: P.RA_BASIC };
      const expected = ids(EA1_SIMS.filter((s) => s.packageId === P.RA_BASIC));
      for (const [orderBy, order] of [[NEWEST_FIRST, [...expected].reverse()], [OLDEST_FIRST, expected]] as const) {
        const walked = await walk(subscribers, { orderBy, filter }, 2);
        expect(walked.ids).toEqual(order);
        expect(walked.totals).toEqual([expected.length]);
      }
    });

    it("pages on with a cursor under another filter: the subscribers past its place that the new filter keeps", async () => {
      const first = await subscribers({ first: 4, orderBy: NEWEST_FIRST });
      const after = first.pageInfo.endCursor;
      const rest = await subscribers({ first: 100, orderBy: NEWEST_FIRST, after, filter: { withoutPackage: true } });
      const past = ids(EA1_SIMS).reverse().slice(4);
      expect(rest.nodes.map((n: any) => n.id)).toEqual(past.filter((id) => EA1_SIMS.find((s) => s.id === id)!.packageId === null));
    });

    it("shows another tenant's subscribers to no filter", async () => {
      const res = await t.gql("RB", SUBSCRIBERS, { id: C.EA1, orderBy: NEWEST_FIRST, filter: { packageId: P.RA_BASIC } });
      expect(res.body).toEqual({ data: { customer: null } });
      expect(res.body).toEqual((await t.gql("RB", SUBSCRIBERS, { id: MISSING, orderBy: NEWEST_FIRST, filter: { packageId: P.RA_BASIC } })).body);
    });
  });

  describe("cursors and orders", () => {
    const refusal = (res: { status: number; body: any }) => {
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ customer: null });
      const [error] = res.body.errors;
      expect(JSON.stringify(res.body)).not.toMatch(/select|sqlite|stack|at \//i);
      return error;
    };

    it("refuses a cursor made oldest first when asked newest first, and the other way round, naming after", async () => {
      const ascending = await subscribers({ first: 2 });
      const descending = await subscribers({ first: 2, orderBy: NEWEST_FIRST });
      const wrongWay = refusal(await t.gql("RA", SUBSCRIBERS, { id: C.EA1, after: ascending.pageInfo.endCursor, orderBy: NEWEST_FIRST }));
      expect(wrongWay.extensions).toEqual({
        code: "VALIDATION_FAILED",
        issues: [
          {
            path: "after",
            message:
              "after is a cursor of the list ordered by { field: CREATED_AT, direction: ASC }, not { field: CREATED_AT, direction: DESC }: page on with the orderBy it came from, or start again without after",
          },
        ],
      });
      expect(wrongWay.path).toEqual(["customer", "subscribers"]);
      const otherWay = refusal(await t.gql("RA", SUBSCRIBERS, { id: C.EA1, after: descending.pageInfo.endCursor }));
      expect(otherWay.extensions).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "after", message: expect.stringContaining("direction: DESC }, not") }] });
      expect(refusal(await t.gql("RA", SUBSCRIBERS, { id: C.EA1, after: descending.pageInfo.endCursor, orderBy: OLDEST_FIRST })).extensions.code).toBe("VALIDATION_FAILED");
    });

    it("refuses a Request cursor of the other order too", async () => {
      const descending = await requests({ first: 1, orderBy: NEWEST_FIRST });
      const res = await t.gql("RA", REQUESTS, { after: descending.pageInfo.endCursor });
      // viewer is never null: the error takes the whole answer.
      expect(res.body.data).toBeNull();
      expect(res.body.errors![0]!.extensions).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "after" }] });
    });

    it("refuses a newest-first cursor on a list that has no orderBy", async () => {
      const descending = await subscribers({ first: 2, orderBy: NEWEST_FIRST });
      const res = await t.gql("RA", `query($after: String) { viewer { offers(after: $after) { totalCount } } }`, { after: descending.pageInfo.endCursor });
      expect(res.body.errors![0]!.extensions).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "after" }] });
    });

    it("pages on from a cursor made before lists had an order (createdAt:id) in the default order", async () => {
      const first = await subscribers({ first: 3 });
      const decoded = Buffer.from(first.pageInfo.endCursor, "base64url").toString("utf8");
      const legacy = Buffer.from(decoded.split(":").slice(-2).join(":"), "utf8").toString("base64url");
      expect(legacy).not.toBe(first.pageInfo.endCursor);
      const next = await subscribers({ first: 3, after: legacy });
      expect(next.nodes.map((n: any) => n.id)).toEqual(ids(EA1_SIMS).slice(3, 6));
      expect(next).toEqual(await subscribers({ first: 3, after: first.pageInfo.endCursor }));
      refusal(await t.gql("RA", SUBSCRIBERS, { id: C.EA1, after: legacy, orderBy: NEWEST_FIRST }));
    });
  });

  describe("bad values", () => {
    it.each([
      ["an IMSI prefix with a letter", { identifierPrefix: { type: "IMSI", prefix: "2220a" } }, "filter.identifierPrefix.prefix", "IMSI prefix must contain digits only"],
      ["a LIKE wildcard", { identifierPrefix: { type: "MSISDN", prefix: "49%" } }, "filter.identifierPrefix.prefix", "MSISDN prefix must contain digits only"],
      ["an empty prefix", { identifierPrefix: { type: "ICCID", prefix: "" } }, "filter.identifierPrefix.prefix", "ICCID prefix must be 1 to 22 digits"],
      ["a prefix longer than any IMSI", { identifierPrefix: { type: "IMSI", prefix: "1234567890123456" } }, "filter.identifierPrefix.prefix", "IMSI prefix must be 1 to 15 digits"],
      ["packageId with withoutPackage: true", { packageId: P.RA_BASIC, withoutPackage: true }, "filter.withoutPackage", "give packageId or withoutPackage: true, not both"],
    ])("refuses %s with VALIDATION_FAILED naming the path, and nothing else", async (_what, filter, path, message) => {
      const res = await t.gql("RA", SUBSCRIBERS, { id: C.EA1, filter, orderBy: NEWEST_FIRST });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ customer: null });
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0]).toMatchObject({ message: `${path}: ${message}`, extensions: { code: "VALIDATION_FAILED", issues: [{ path, message }] } });
      expect(Object.keys(res.body.errors![0]!.extensions!).sort()).toEqual(["code", "issues"]);
    });

    it("names every bad argument at once", async () => {
      const res = await t.gql("RA", SUBSCRIBERS, { id: C.EA1, first: 101, after: "bm90LWEtY3Vyc29y", filter: { withoutPackage: true, packageId: P.RA_BASIC, identifierPrefix: { type: "IMSI", prefix: "x" } } });
      // first over 100 is refused before anything runs.
      expect(res.status).toBe(400);
      const fine = await t.gql("RA", SUBSCRIBERS, { id: C.EA1, after: "bm90LWEtY3Vyc29y", filter: { withoutPackage: true, packageId: P.RA_BASIC, identifierPrefix: { type: "IMSI", prefix: "x" } } });
      expect(fine.body.errors![0]!.extensions!.issues.map((i: { path: string }) => i.path)).toEqual(["after", "filter.withoutPackage", "filter.identifierPrefix.prefix"]);
    });

    it.each([
      ["a package id that is not a UUID", { filter: { packageId: "not-a-uuid" } }],
      ["an identifier type without a prefix filter", { filter: { identifierPrefix: { type: "IMEI", prefix: "35" } } }],
      ["an order field that does not exist", { orderBy: { field: "NAME", direction: "ASC" } }],
      ["an order without a direction", { orderBy: { field: "CREATED_AT" } }],
    ])("refuses %s as a bad variable, before anything runs", async (_what, variables) => {
      const res = await t.gql("RA", SUBSCRIBERS, { id: C.EA1, ...variables });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(/select|sqlite/i);
    });

    it("refuses a Request status or operation that does not exist as a bad variable", async () => {
      expect((await t.gql("RA", REQUESTS, { filter: { status: "DONE" } })).status).toBe(400);
      expect((await t.gql("RA", REQUESTS, { filter: { operation: "attachOffer" } })).status).toBe(400);
    });
  });
});
