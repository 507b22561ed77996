/**
 * The world of the READS benchmark (`npm run bench`): two trees of the same shape in one
 * database, a "big" one and a "twin" whose lists are a hundredth of the size, so that a page
 * read from each tells whether a page's cost grows with the table behind it.
 *
 *   OP (operator)
 *   └── R (reseller)            offers, packages (each nesting 3 offers, each eligible to one
 *       │                       enterprise), CUSTOMER external param configs with a value on R
 *       └── E01..E20            delegation on; each with its SIMs, every SIM with a package
 *                               (one of those its enterprise is eligible for)
 *
 *                        big     twin
 *   SIMs per enterprise  2,000   20
 *   offers of R          2,000   20
 *   packages of R        200     20     (10 per enterprise in the big tree: myPackages' page)
 *   param configs of R   2,000   20
 *
 * Each twin list holds at least a page (20 items), so that both trees answer full pages of
 * the same size. Requests cannot be written in a world file: seedRequests records them through
 * the API, one bulkReplacePackage per enterprise re-attaching each SIM's own package.
 */
import { graphql } from "./server-process";
import { loadId, loadImsi, type WorldJson } from "./worlds";

export type TreeName = "big" | "twin";

export interface TreeSize {
  enterprises: number;
  subscribersPerEnterprise: number;
  offers: number;
  packages: number;
  configs: number;
}

export const TREE_SIZES: Record<TreeName, TreeSize> = {
  big: { enterprises: 20, subscribersPerEnterprise: 2_000, offers: 2_000, packages: 200, configs: 2_000 },
  twin: { enterprises: 20, subscribersPerEnterprise: 20, offers: 20, packages: 20, configs: 20 },
};

/** Offers nested in each package; packages take consecutive offers, wrapping round. */
const OFFERS_PER_PACKAGE = 3;

export interface ReadTree {
  name: TreeName;
  size: TreeSize;
  operatorId: string;
  resellerId: string;
  resellerKey: string;
  enterprises: { id: string; key: string; subscribers: { imsi: string; packageId: string }[] }[];
}

export interface ReadWorld {
  json: WorldJson;
  trees: Record<TreeName, ReadTree>;
}

const pad = (n: number, width = 4) => String(n).padStart(width, "0");

/** The id groups of a tree: the twin's are the big tree's plus one. */
function groups(t: number) {
  return { customer: 0x50 + 2 * t, offer: 0x60 + 2 * t, pkg: 0x70 + 2 * t, subscriber: 0x80 + 2 * t, config: 0x90 + 2 * t, imsi: 11 + t };
}

function buildTree(name: TreeName, t: number, size: TreeSize, json: WorldJson): ReadTree {
  const g = groups(t);
  const label = name === "big" ? "Big" : "Twin";
  const operatorId = loadId(g.customer, 1);
  const resellerId = loadId(g.customer, 2);
  const resellerKey = `read-key-${name}-reseller-000002`;
  json.customers.push(
    { id: operatorId, name: `${label} Operator`, parentId: null, allowOfferDelegation: false, apiKeys: [`read-key-${name}-operator-000001`] },
    { id: resellerId, name: `${label} Reseller`, parentId: operatorId, allowOfferDelegation: true, apiKeys: [resellerKey] },
  );

  const offerIds = Array.from({ length: size.offers }, (_, i) => loadId(g.offer, i + 1));
  offerIds.forEach((id, i) =>
    json.offers.push({ id, name: `${label} offer ${pad(i + 1)}`, ownerId: resellerId, kind: "REGULAR", poolCustomerId: null }),
  );

  const enterpriseIds = Array.from({ length: size.enterprises }, (_, e) => loadId(g.customer, 3 + e));
  const packageIds = Array.from({ length: size.packages }, (_, i) => loadId(g.pkg, i + 1));
  /** The packages each enterprise is eligible for (package i goes to enterprise i mod n). */
  const eligible: string[][] = enterpriseIds.map(() => []);
  packageIds.forEach((id, i) => {
    const e = i % size.enterprises;
    eligible[e]!.push(id);
    json.packages.push({
      id,
      name: `${label} package ${pad(i + 1)}`,
      description: `${label} package ${i + 1}, sold to enterprise ${e + 1}`,
      ownerId: resellerId,
      nestedOfferIds: Array.from({ length: OFFERS_PER_PACKAGE }, (_, k) => offerIds[(i * OFFERS_PER_PACKAGE + k) % offerIds.length]!),
      eligibleSubAccountIds: [enterpriseIds[e]!],
    });
  });

  const enterprises: ReadTree["enterprises"] = enterpriseIds.map((id, e) => {
    const key = `read-key-${name}-enterprise-${pad(e + 1, 6)}`;
    json.customers.push({ id, name: `${label} Enterprise ${pad(e + 1, 2)}`, parentId: resellerId, allowOfferDelegation: true, apiKeys: [key] });
    const own = eligible[e]!;
    if (own.length === 0) throw new Error(`${name}: enterprise ${e + 1} is eligible for no package`);
    const subscribers = Array.from({ length: size.subscribersPerEnterprise }, (_, s) => {
      const n = e * size.subscribersPerEnterprise + s + 1;
      const sim = { id: loadId(g.subscriber, n), imsi: loadImsi(g.imsi, n), packageId: own[s % own.length]! };
      json.subscribers.push({ id: sim.id, customerId: id, imsi: sim.imsi, iccid: null, msisdn: null, imei: null, imeisv: null, packageId: sim.packageId });
      return { imsi: sim.imsi, packageId: sim.packageId };
    });
    return { id, key, subscribers };
  });

  for (let i = 0; i < size.configs; i++) {
    const id = loadId(g.config, i + 1);
    json.externalParamConfigs.push({
      id,
      ownerId: resellerId,
      name: `param_${pad(i + 1)}`,
      displayName: `Param ${i + 1}`,
      description: null,
      entityType: "CUSTOMER",
      isSearchable: false,
    });
    json.externalParamValues.push({ configId: id, entityId: resellerId, value: `value ${i + 1}` });
  }
  return { name, size, operatorId, resellerId, resellerKey, enterprises };
}

export function readWorld(sizes: Record<TreeName, TreeSize> = TREE_SIZES): ReadWorld {
  const json: WorldJson = { customers: [], offers: [], packages: [], subscribers: [], externalParamConfigs: [], externalParamValues: [] };
  const trees = { big: buildTree("big", 0, sizes.big, json), twin: buildTree("twin", 1, sizes.twin, json) };
  return { json, trees };
}

const REPLACE = `mutation($input: BulkReplacePackageInput!) {
  bulkReplacePackage(input: $input) {
    __typename ... on BulkReplacePackageSuccess { succeededCount failedCount } ... on ErrorResult { code } } }`;

/**
 * One Request per SIM, recorded by its enterprise (a customer's requests are those it caused):
 * each enterprise re-attaches its SIMs' own packages with myPackage, which changes nothing
 * else. Answers how many Requests were recorded.
 */
export async function seedRequests(url: string, tree: ReadTree): Promise<number> {
  let recorded = 0;
  for (const enterprise of tree.enterprises) {
    const items = enterprise.subscribers.map((s) => ({
      subscriber: { type: "IMSI", value: s.imsi },
      currentPackageId: s.packageId,
      newPackageId: s.packageId,
      myPackage: true,
    }));
    const res = await graphql(url, enterprise.key, REPLACE, { input: { items } });
    const result = res.body?.data?.bulkReplacePackage;
    if (!result || result.succeededCount !== items.length) {
      throw new Error(`seeding ${tree.name} requests failed: ${res.text.slice(0, 300)}`);
    }
    recorded += result.succeededCount;
  }
  return recorded;
}
