/**
 * Tenant isolation sweep (issue 5, point 7): every query and mutation, each id argument in
 * turn replaced by an id from another tenant's tree (RB's) or by a random id: the answers must
 * be identical, so nothing reveals that the other tenant's object exists.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiSchema } from "../../src/graphql/schema";
import { startTestServer, type TestServer } from "../helpers/server";
import { baselines, documentOf, leavesOf, withLeaf, type Baseline, type Leaf } from "../helpers/sweep";
import { makeIds } from "../helpers/sweep-setup";
import { C, O, P, S, X } from "../helpers/world";

const schema = buildApiSchema();

type Kind = "customer" | "offer" | "package" | "subscriber" | "imsi" | "config" | "subscriberOffer" | "apiKey" | "request";

/** What an id argument names, from its name and the call. */
function kindOf(baseline: Baseline, leaf: Leaf): Kind | null {
  const name = leaf.path.filter((p) => typeof p === "string").pop() as string;
  const parent = leaf.path[leaf.path.length - 2];
  if (leaf.type.name === "String" && name === "value" && (parent === "subscriber" || parent === "identifier")) return "imsi";
  if (leaf.type.name !== "UUID") return null;
  if (name === "id") return baseline.field === "request" ? "request" : "customer";
  if (["customerId", "poolCustomerId"].includes(name) || leaf.path.includes("ids")) return "customer";
  if (name === "offerId" || leaf.path.includes("nestedOfferIds")) return "offer";
  if (["packageId", "currentPackageId", "newPackageId"].includes(name)) return "package";
  if (name === "entityId") return "subscriber"; // the sweep's calls all name subscriber entities
  if (name === "configId") return "config";
  if (name === "subscriberOfferId") return "subscriberOffer";
  if (name === "apiKeyId") return "apiKey";
  throw new Error(`no kind for ${baseline.field} ${leaf.path.join(".")}`);
}

const randomImsi = () => `22201888${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;

describe("tenant isolation sweep", () => {
  let t: TestServer;
  let cases: { baseline: Baseline; leaf: Leaf; kind: Kind }[];
  let foreign: Record<Kind, string[]>;
  beforeAll(async () => {
    t = await startTestServer();
    const made = await makeIds(t);
    foreign = {
      customer: [C.RB, C.EB1],
      offer: [O.RB_REG1],
      package: [P.RB_ALL],
      subscriber: [S.EB1_1.id, S.RB_1.id],
      imsi: [S.EB1_1.imsi, S.RB_1.imsi],
      config: [X.RB_SUBSCRIBER],
      subscriberOffer: [made.foreign.subscriberOfferId],
      apiKey: [made.foreign.apiKeyId],
      request: [made.foreign.requestId],
    };
    cases = baselines(made).flatMap((baseline) =>
      leavesOf(schema, baseline).flatMap((leaf) => {
        const kind = kindOf(baseline, leaf);
        return kind ? [{ baseline, leaf, kind }] : [];
      }),
    );
  });
  afterAll(() => t.close());

  it("covers every query and mutation that takes an id", () => {
    const swept = new Set(cases.map((c) => c.baseline.field));
    const withIds = [schema.getQueryType()!, schema.getMutationType()!]
      .flatMap((type) => Object.values(type.getFields()))
      .filter((field) => JSON.stringify(field.args.map((a) => a.type.toString())).match(/UUID|SubscriberIdentifierInput|Input!/))
      .map((field) => field.name)
      .filter((name) => !["createSubCustomer", "createExternalParamConfig", "createApiKey"].includes(name));
    expect([...swept].sort()).toEqual(withIds.sort());
    expect(cases.length).toBeGreaterThan(30);
  });

  it("answers another tenant's ids exactly like random ids, everywhere", async () => {
    const differences: string[] = [];
    for (const { baseline, leaf, kind } of cases) {
      const document = documentOf(schema, baseline);
      for (const theirs of foreign[kind]) {
        const random = kind === "imsi" ? randomImsi() : randomUUID();
        const run = async (value: string) => {
          const args = withLeaf(baseline.args, leaf.path, value);
          // A fresh idempotency key per call: a remembered refusal must not answer the next one.
          if ("idempotencyKey" in args) args.idempotencyKey = `sweep-${randomUUID()}`;
          const res = await t.gql("RA", document, args);
          return JSON.stringify({ status: res.status, body: res.body }).split(value).join("<ID>");
        };
        const [withTheirs, withRandom] = [await run(theirs), await run(random)];
        if (withTheirs !== withRandom) {
          differences.push(`${baseline.field} ${leaf.path.join(".")}=${kind}\n  theirs: ${withTheirs}\n  random: ${withRandom}`);
        }
      }
    }
    console.log(`isolation sweep: ${cases.length} id arguments, ${cases.reduce((n, c) => n + foreign[c.kind].length, 0) * 2} calls`);
    expect(differences).toEqual([]);
  });
});
