/**
 * A bulk call decides and writes its items in batches (runBulkMutation's applyBatch): facts
 * read at once, decisions in memory, writes set-based, and a batch whose write fails run again
 * item by item. Whatever the batch size, and on either engine, a call answers exactly as items
 * run one at a time would, and leaves the same state. Each bulk operation mixes successes,
 * items that depend on earlier ones across batch boundaries (a subscriber replaced twice, an
 * identifier taken by an earlier item), malformed items and every refusal it has, and runs
 * with batches of 1, 3 and the engine's own size, and with every set write refused (so that
 * each batch falls back to one savepoint per item).
 */
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Storage, SubscriberRow, WriteStore } from "../../../src/app/ports";
import { bulkReplacePackage } from "../../../src/app/subscribers/bulk-replace-package";
import { createSubscribers } from "../../../src/app/subscribers/subscribers";
import type { Requester } from "../../../src/domain/accounts/requester";
import { checkWorld } from "../../../src/domain/world/world";
import { C, MISSING, O, P, S, testWorld, type CustomerName } from "../../helpers/world";
import { loadThroughPort, pgEngine, sqliteEngine, type Engine } from "./both-engines";

const imsi = (value: string) => ({ type: "IMSI" as const, value });
const item = (subscriber: { type: "IMSI" | "ICCID" | "IMEI" | "MSISDN"; value: string }, currentPackageId: string, newPackageId: string, myPackage?: boolean) => ({
  subscriber,
  currentPackageId,
  newPackageId,
  myPackage,
});

/** RA's call: every outcome a bulkReplacePackage item can have, in an order that crosses batches. */
const RA_ITEMS = [
  item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_PREMIUM), // succeeds
  item(imsi("abc"), P.RA_BASIC, P.RA_PREMIUM), // malformed: ValidationFailed, not recorded
  item({ type: "ICCID", value: S.EA1_2.iccid }, P.RA_PREMIUM, P.RA_NONE), // SubAccountNotEligible
  item(imsi(S.EA1_1.imsi), P.RA_PREMIUM, P.RA_BASIC), // chains on item 0
  item(imsi(S.EA1_1.imsi), P.RA_PREMIUM, P.RA_BASIC), // CurrentPackageMismatch after item 3
  item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.OP_ALL), // PackageNotSellPackage
  item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RB_ALL), // another tenant's package: PackageNotFound
  item(imsi(S.EA1_1.imsi), P.RA_BASIC, MISSING), // PackageNotFound
  item(imsi(S.EB1_1.imsi), P.RB_ALL, P.RA_BASIC), // another tenant's subscriber: SubscriberNotFound
  item(imsi("222019999999999"), P.RA_BASIC, P.RA_BASIC), // SubscriberNotFound
  item(imsi(S.DA1_1.imsi), P.RA_BASIC, P.RA_BASIC), // SubscriberNotInSubAccount
  item({ type: "IMEI", value: S.RA_1.imei }, P.OP_ALL, P.OP_RA, true), // self-service succeeds
  item({ type: "IMEI", value: S.RA_1.imei.slice(0, 14) }, P.OP_RA, P.OP_RB, true), // the other IMEI form, chained: SelfServiceNotEligible
  item({ type: "IMEI", value: S.RA_1.imei }, P.OP_RA, P.RA_BASIC, true), // PackageNotBuyPackage
  item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.OP_ALL, true), // SubscriberNotOwn
  item(imsi(S.EA1_3.imsi), P.RA_BASIC, P.RA_BASIC), // no package attached: CurrentPackageMismatch
  item({ type: "ICCID", value: S.EA1_2.iccid }, P.RA_PREMIUM, P.RA_BASIC), // succeeds
  item(imsi(S.EA1_1.imsi), P.RA_BASIC, P.RA_BASIC), // re-attaches after the chain
  item({ type: "IMEI", value: S.RA_1.imei }, P.OP_RA, P.OP_ALL, true), // self-service, chained again
];

/** RB's call: no delegation from its parent, so self-service is refused (SelfServiceNotEligible). */
const RB_ITEMS = [item(imsi(S.RB_1.imsi), P.OP_ALL, P.OP_RB, true), item(imsi(S.EB1_1.imsi), P.RB_ALL, P.RB_ALL)];

type Variant = { batchItems?: number; setWritesFail?: boolean };

/** The engine's storage with its batch size changed, or with every set write refused. */
function storageFor(engine: Engine, variant: Variant): Storage {
  return {
    ...engine.storage,
    unitOfWork: (body) =>
      engine.storage.unitOfWork((store) => {
        const changed: WriteStore = { ...store, batchItems: variant.batchItems ?? store.batchItems };
        if (variant.setWritesFail) {
          // Written first, then refused: the batch's savepoint must undo what was written.
          changed.subscribers = {
            ...store.subscribers,
            replacePackages: async (changes) => {
              await store.subscribers.replacePackages(changes);
              throw new Error("set write refused");
            },
            insertMany: async (rows) => {
              await store.subscribers.insertMany(rows);
              throw new Error("set write refused");
            },
          };
        }
        return body(changed);
      }),
  };
}

const logged: string[] = [];
const log = pino({ level: "warn" }, { write: (line: string) => void logged.push(JSON.parse(line).msg) });

type Calls = (storage: Storage, requester: (name: CustomerName) => Promise<Requester>) => Promise<unknown[]>;

/**
 * What a run of the calls answers and leaves: outcomes (a requestId only as present or not,
 * a created subscriber by its identifiers), every subscriber's package and offers, Requests.
 */
async function run(engine: Engine, variant: Variant, calls: Calls) {
  const world = checkWorld(testWorld());
  if (!world.ok) throw new Error("test world invalid");
  await loadThroughPort(engine, world.world);
  const requester = async (name: CustomerName): Promise<Requester> => {
    const [row] = await engine.reads.customers.byIds([C[name]]);
    return { id: row!.id, parentId: row!.parentId, path: row!.path, allowOfferDelegation: row!.allowOfferDelegation };
  };
  const answers = await calls(storageFor(engine, variant), requester);
  const customerIds = Object.values(C);
  const pages = await engine.reads.lists.pages({ list: "subscribers" }, customerIds, { first: 100, after: null });
  const rows = customerIds.flatMap((id) => pages.get(id)?.rows ?? []);
  const offers = await engine.reads.subscribers.offers(rows.map((r) => r.id));
  const subscribers = rows
    .map((r) => ({
      ...identifiersOf(r),
      packageId: r.packageId,
      offers: offers.filter((o) => o.subscriberId === r.id).map((o) => [o.offerId, o.packageId, o.priority, o.isPool].join(" ")).sort(),
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { answers, subscribers, requests: await requestsOf(engine) };
}

const identifiersOf = (row: SubscriberRow) => ({ customerId: row.customerId, imsi: row.imsi, iccid: row.iccid, msisdn: row.msisdn, imei: row.imei, imeisv: row.imeisv });

/** bulkReplacePackage by RA, then by RB. */
const replaceCalls: Calls = async (storage, requester) => {
  const answers = [];
  for (const [name, items] of [["RA", RA_ITEMS], ["RB", RB_ITEMS]] as const) {
    const outcome = await bulkReplacePackage({ storage, requester: await requester(name), log, bulkItemLimit: 100 }, { input: { items } });
    if (!outcome.ok) throw new Error(`call refused: ${JSON.stringify(outcome)}`);
    answers.push(outcome.value.map((o) => ({ ...o, requestId: o.requestId === null ? null : "recorded" })));
  }
  return answers;
};

/** RA's createSubscribers: every outcome an item can have, in an order that crosses batches. */
const NEW_SUBSCRIBERS = [
  { customerId: C.EA1, imsi: "222010000001001", iccid: "8935711001000001001" }, // created
  { customerId: C.EA1, imsi: S.EA1_1.imsi }, // taken before the call
  { customerId: C.EA2, imsi: "222010000001002", msisdn: "491510000100" }, // created
  { customerId: C.EA1, iccid: "8935711001000001001" }, // taken by item 0
  { customerId: C.DA1, imsi: "222010000001003" }, // a grandchild: CustomerNotDirectSubAccount
  { customerId: C.EB1, imsi: "222010000001004" }, // another tenant's: CustomerNotFound
  { customerId: MISSING, imsi: "222010000001005" }, // CustomerNotFound
  { customerId: C.RA, imei: "35345678901234" }, // the requester's own, an IMEI of 14 digits: created
  { customerId: C.EA1, imei: "353456789012348" }, // the same device, 15 digits: taken by item 7
  { customerId: C.EA1, imsi: "12" }, // malformed
  { customerId: C.EA2, imsi: "222010000001003" }, // free again: item 4 created nothing
  { customerId: C.EA1, msisdn: "+491510000100" }, // taken by item 2 (the same number)
  { customerId: C.EA1, imeisv: "3563450000000520" }, // taken before the call
];

const createCalls: Calls = async (storage, requester) => {
  const outcome = await createSubscribers({ storage, requester: await requester("RA"), log, bulkItemLimit: 100 }, { input: { items: NEW_SUBSCRIBERS } });
  if (!outcome.ok) throw new Error(`call refused: ${JSON.stringify(outcome)}`);
  return outcome.value.map((o) => ({ ...o, requestId: o.requestId === null ? null : "recorded", value: o.value && identifiersOf(o.value) }));
};

/**
 * Every Request of RA and RB: operation, status, code, sorted (items of one batch may share a
 * millisecond, and Requests of one millisecond are listed in the order of their random ids).
 */
async function requestsOf(engine: Engine) {
  const pages = await engine.reads.lists.pages({ list: "requests" }, [C.RA, C.RB], { first: 100, after: null });
  return [C.RA, C.RB].map((id) => (pages.get(id)?.rows ?? []).map((r) => [r.operation, r.status, r.code].join(" ")).sort());
}

const open: Engine[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

async function engine(name: "sqlite" | "pg"): Promise<Engine> {
  const e = name === "sqlite" ? await sqliteEngine() : await pgEngine();
  open.push(e);
  return e;
}

const variants: [string, Variant][] = [
  ["its own batch size", {}],
  ["batches of one", { batchItems: 1 }],
  ["batches of three", { batchItems: 3 }],
  ["every set write refused (one savepoint per item)", { batchItems: 4, setWritesFail: true }],
];

/** The calls on both engines in every variant answer and leave what SQLite's own batches do. */
async function expectSameEverywhere(calls: Calls) {
  const reference = await run(await engine("sqlite"), {}, calls);
  for (const name of ["sqlite", "pg"] as const) {
    for (const [label, variant] of variants) {
      expect(await run(await engine(name), variant, calls), `${name}, ${label}`).toEqual(reference);
    }
  }
  expect(logged).toContain("bulk batch failed, its items run one by one");
  return reference;
}

const errorsOf = (answer: unknown) => (answer as { error: { type: string } | null }[]).map((o) => o.error?.type ?? null);

describe("bulk batches", () => {
  it("bulkReplacePackage: answer and write alike on both engines, whatever the batches", async () => {
    const reference = await expectSameEverywhere(replaceCalls);
    // The reference is what the rules say, item by item (test/operations/bulk-replace-package.test.ts).
    expect(errorsOf(reference.answers[0])).toEqual([
      null,
      "ValidationFailed",
      "SubAccountNotEligible",
      null,
      "CurrentPackageMismatch",
      "PackageNotSellPackage",
      "PackageNotFound",
      "PackageNotFound",
      "SubscriberNotFound",
      "SubscriberNotFound",
      "SubscriberNotInSubAccount",
      null,
      "SelfServiceNotEligible",
      "PackageNotBuyPackage",
      "SubscriberNotOwn",
      "CurrentPackageMismatch",
      null,
      null,
      null,
    ]);
    expect(errorsOf(reference.answers[1])).toEqual(["SelfServiceNotEligible", null]);
    const ea1 = reference.subscribers.find((s) => s.imsi === S.EA1_1.imsi)!;
    expect(ea1.packageId).toBe(P.RA_BASIC);
    expect(ea1.offers.filter((o) => o.includes(P.RA_BASIC))).toEqual([`${O.RA_REG1} ${P.RA_BASIC} 2 false`, `${O.RA_REG2} ${P.RA_BASIC} 1 false`]);
    expect(reference.subscribers.find((s) => s.iccid === S.EA1_2.iccid)!.packageId).toBe(P.RA_BASIC);
    expect(reference.subscribers.find((s) => s.imei === S.RA_1.imei)!.packageId).toBe(P.OP_ALL);
    // One Request per well-formed item; the malformed one is not recorded.
    expect(reference.requests[0]!.filter((r) => r.startsWith("bulkReplacePackage"))).toHaveLength(RA_ITEMS.length - 1);
  }, 120_000);

  it("createSubscribers: answer and write alike on both engines, whatever the batches", async () => {
    const reference = await expectSameEverywhere(createCalls);
    expect(errorsOf(reference.answers)).toEqual([
      null,
      "SubscriberIdentifierTaken",
      null,
      "SubscriberIdentifierTaken",
      "CustomerNotDirectSubAccount",
      "CustomerNotFound",
      "CustomerNotFound",
      null,
      "SubscriberIdentifierTaken",
      "ValidationFailed",
      null,
      "SubscriberIdentifierTaken",
      "SubscriberIdentifierTaken",
    ]);
    expect(reference.subscribers.filter((s) => s.imsi?.startsWith("22201000000100"))).toHaveLength(3);
    expect(reference.requests[0]!.filter((r) => r.startsWith("createSubscribers"))).toHaveLength(NEW_SUBSCRIBERS.length - 1);
  }, 120_000);
});
