/**
 * The query analysis against brute force: random documents built from fragments, aliases and
 * variables are refused exactly when the answer they produce holds more fields than the cost
 * limit. The world has full pages everywhere the documents look (three of everything), so the
 * analysis's cost must equal the number of fields counted in the executed answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIST_ESTIMATE } from "../../src/http/limits";
import { startTestServer, type TestServer } from "../helpers/server";

const KEY = "test-key-cost-root-000001";
const uuid = (group: number, n: number) => `${group.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** A root with three sub-customers, each with three of its own; three offers and SIMs each. */
function fullWorld() {
  const customers: any[] = [{ id: uuid(1, 0), name: "Root", parentId: null, allowOfferDelegation: false, apiKeys: [KEY] }];
  const subscribers: any[] = [];
  const offers: any[] = [];
  let n = 0;
  const add = (parentId: string, name: string) => {
    const id = uuid(1, ++n);
    customers.push({ id, name, parentId, allowOfferDelegation: false, apiKeys: [] });
    return id;
  };
  for (let a = 0; a < 3; a++) {
    const child = add(uuid(1, 0), `C${a}`);
    for (let b = 0; b < 3; b++) add(child, `C${a}${b}`);
  }
  for (const [i, c] of customers.entries()) {
    for (let k = 0; k < 3; k++) {
      offers.push({ id: uuid(2, i * 3 + k + 1), name: `Plan ${i}.${k}`, ownerId: c.id, kind: "REGULAR", poolCustomerId: null });
      const s = i * 3 + k + 1;
      subscribers.push({
        id: uuid(3, s),
        customerId: c.id,
        imsi: `2220100${String(s).padStart(8, "0")}`,
        iccid: null,
        msisdn: null,
        imei: null,
        imeisv: null,
        packageId: null,
      });
    }
  }
  // As many SUBSCRIBER configs of the root as a plain list is costed at, valued on every other
  // SIM that it owns (its own and its direct sub-accounts').
  const externalParamConfigs = Array.from({ length: LIST_ESTIMATE }, (_, k) => ({
    id: uuid(4, k + 1),
    ownerId: uuid(1, 0),
    name: `param${k}`,
    displayName: null,
    description: null,
    entityType: "SUBSCRIBER",
    isSearchable: false,
  }));
  const owned = new Set(customers.filter((c) => c.id === uuid(1, 0) || c.parentId === uuid(1, 0)).map((c) => c.id));
  const externalParamValues = subscribers.filter((sub, i) => i % 2 === 0 && owned.has(sub.customerId)).map((sub) => ({ configId: uuid(4, 1), entityId: sub.id, value: sub.imsi }));
  return { customers, offers, packages: [], subscribers, externalParamConfigs, externalParamValues };
}

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds a document over the customer tree: connections with `first` as a literal, a variable
 * sent or a variable's default; named fragments spread once or several times; aliases.
 */
function generate(seed: number): { query: string; variables: Record<string, number> } {
  const rnd = random(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  let aliasN = 0;
  const alias = (field: string) => (rnd() < 0.4 ? `a${aliasN++}: ${field}` : field);
  const variableDefs: string[] = [];
  const variables: Record<string, number> = {};
  const fragments: string[] = [];
  const firstArg = () => {
    const value = 1 + Math.floor(rnd() * 3);
    const mode = rnd();
    if (mode < 0.4) return `${value}`;
    const name = `v${variableDefs.length}`;
    if (mode < 0.7) {
      variableDefs.push(`$${name}: Int`);
      variables[name] = value;
    } else {
      variableDefs.push(`$${name}: Int = ${value}`);
    }
    return `$${name}`;
  };
  // Each response key is used once per selection set, so only fragment spreads repeat.
  const connection = (field: string, node: string, aliased = false) => {
    // The node selection is always kept: it may hold fragment spreads and variables.
    const parts = [`nodes { ${node} }`];
    if (rnd() < 0.3) parts.push(`edges { cursor node { id } }`);
    if (rnd() < 0.3) parts.push("totalCount");
    if (rnd() < 0.3) parts.push("pageInfo { hasNextPage endCursor }");
    return `${aliased ? `y${aliasN++}: ${field}` : alias(field)}(first: ${firstArg()}) { ${parts.join(" ")} }`;
  };
  const subscriber = () => pick(["id imsi", "id customer { name }", "imsi __typename"]);
  const customer = (levels: number): string => {
    const parts = ["id", ...(rnd() < 0.5 ? ["name"] : [])];
    if (rnd() < 0.6) parts.push(connection("subscribers", subscriber()));
    if (rnd() < 0.5) parts.push(connection("offers", pick(["id", "name kind", "id owner { id }"])));
    if (levels > 0 && rnd() < 0.7) parts.push(connection("subCustomers", customer(levels - 1)));
    if (rnd() < 0.4) {
      const name = `F${fragments.length}`;
      fragments.push(`fragment ${name} on Customer { ${customerWithoutFragments(levels)} }`);
      const spreads = 1 + Math.floor(rnd() * 3);
      for (let i = 0; i < spreads; i++) parts.push(`...${name}`);
    }
    return parts.join(" ");
  };
  const customerWithoutFragments = (levels: number): string => {
    const parts = [`x${aliasN++}: name`];
    if (rnd() < 0.6) parts.push(connection("subscribers", subscriber(), true));
    if (levels > 0 && rnd() < 0.5) parts.push(connection("subCustomers", "id", true));
    return parts.join(" ");
  };
  const body = `{ viewer { ${customer(2)} } }`;
  const header = variableDefs.length ? `query(${variableDefs.join(", ")})` : "query";
  return { query: `${header} ${body} ${fragments.join(" ")}`, variables };
}

/** Brute force: every field of every object in the answer, each list item counted. */
function countFields(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + countFields(item), 0);
  if (value && typeof value === "object") {
    return Object.values(value).reduce((n: number, child) => n + 1 + countFields(child), 0);
  }
  return 0;
}

describe("query cost against brute force", () => {
  const LIMIT = 60;
  let open: TestServer;
  let limited: TestServer;
  beforeAll(async () => {
    const world = fullWorld();
    const roomy = { QUERY_MAX_COST: "1000000", QUERY_MAX_ALIASES: "1000", QUERY_MAX_DEPTH: "50" };
    open = await startTestServer({ world, env: roomy });
    limited = await startTestServer({ world, env: { ...roomy, QUERY_MAX_COST: String(LIMIT) } });
  });
  afterAll(async () => {
    await open.close();
    await limited.close();
  });

  it("costs an entity's externalParams as a plain list: exactly its fields when the requester has that many configs", async () => {
    // Unpaged but bounded by the requester's configs of the entity's type; the root's and its
    // direct sub-accounts' SIMs each list all ten.
    const doc = {
      query: `{ viewer { subscribers(first: 3) { nodes { id externalParams { value config { id name } } } }
                subCustomers(first: 2) { nodes { subscribers(first: 3) { nodes { externalParams { value } } } } } } }`,
      variables: {},
    };
    const answer = await open.gql({ key: KEY }, doc.query);
    expect(answer.body.errors).toBeUndefined();
    const sims = [...answer.body.data.viewer.subscribers.nodes, ...answer.body.data.viewer.subCustomers.nodes.flatMap((c: any) => c.subscribers.nodes)];
    expect(sims.map((s: any) => s.externalParams.length)).toEqual(Array(9).fill(LIST_ESTIMATE));
    const res = await limited.gql({ key: KEY }, doc.query);
    expect(res.status).toBe(400);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost", value: countFields(answer.body.data) });
  });

  it("refuses exactly the documents whose answer holds more fields than the limit", async () => {
    const send = (t: TestServer, doc: { query: string; variables: Record<string, number> }) =>
      t.gql({ key: KEY }, doc.query, doc.variables);
    let refused = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const doc = generate(seed);
      const answer = await send(open, doc);
      expect(answer.body.errors, doc.query).toBeUndefined();
      const fields = countFields(answer.body.data);
      const res = await send(limited, doc);
      if (fields > LIMIT) {
        refused++;
        expect(res.status, doc.query).toBe(400);
        expect(res.body.errors![0]!.extensions, doc.query).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "cost", value: fields });
      } else {
        expect(res.body.errors, doc.query).toBeUndefined();
        expect(countFields(res.body.data)).toBe(fields);
      }
    }
    // Both sides of the limit were exercised.
    expect(refused).toBeGreaterThan(20);
    expect(refused).toBeLessThan(140);
  });
});
