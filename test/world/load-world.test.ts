/**
 * The world loader and `npm run db:load` (SPEC section 6): all or nothing, every problem at its
 * JSON path, API keys stored hashed, packages attached exactly as the API attaches them.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDbLoad } from "../../src/cli/db-load";
import { migrateDatabase, openDatabase, type DbHandle } from "../../src/db/sqlite/connection";
import { loadWorld } from "../../src/db/sqlite/world-loader";
import { checkWorld, type World } from "../../src/domain/world/world";
import { databaseDigest } from "../helpers/db-digest";
import { testWorld } from "../helpers/world";

const DEMO_FILE = resolve(__dirname, "../../examples/demo-world.json");
const DEMO = JSON.parse(readFileSync(DEMO_FILE, "utf8"));
const MISSING = "99999999-0000-4000-8000-000000000000";
type Json = any;
const demo = (): Json => structuredClone(DEMO);

let dir: string;
let dbPath: string;
const handles: DbHandle[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "world-load-"));
  dbPath = join(dir, "world.db");
});
afterEach(() => {
  for (const handle of handles.splice(0)) handle.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): DbHandle {
  const handle = openDatabase(dbPath);
  migrateDatabase(handle);
  handles.push(handle);
  return handle;
}

function checked(json: unknown): World {
  const result = checkWorld(json);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.world;
}

/** Runs the command as `npm run db:load -- <file>` would, capturing its output. */
async function cli(file?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const argv = ["node", "db-load.js", ...(file === undefined ? [] : [file])];
  const code = await runDbLoad(argv, { DATABASE_PATH: dbPath }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function writeWorld(json: unknown, name = "world.json"): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}

const count = (handle: DbHandle, table: string) =>
  (handle.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("the demo world", () => {
  it("loads, with every count", () => {
    const handle = open();
    const result = loadWorld(handle, checked(demo()));
    expect(result).toEqual({
      ok: true,
      counts: {
        customers: 12,
        apiKeys: 12,
        offers: 19,
        packages: 9,
        subscribers: 30,
        subscriberOffers: 29,
        externalParamConfigs: 12,
        externalParamValues: 30,
      },
    });
    const tables = {
      customers: 12,
      api_keys: 12,
      offers: 19,
      packages: 9,
      package_offers: 17,
      package_eligible_customers: 6,
      subscribers: 30,
      subscriber_offers: 29,
      external_param_configs: 12,
      external_param_values: 30,
      requests: 0,
    };
    for (const [table, n] of Object.entries(tables)) expect([table, count(handle, table)]).toEqual([table, n]);
  });

  it("attaches each subscriber's package with exactly its offers, priorities n..1 in nestedOffers order", () => {
    const handle = open();
    const now = new Date("2024-05-01T00:00:00.000Z");
    expect(loadWorld(handle, checked(demo()), { now }).ok).toBe(true);
    const packages = new Map<string, Json>(DEMO.packages.map((p: Json) => [p.id, p]));
    const withPackage = DEMO.subscribers.filter((s: Json) => s.packageId);
    expect(withPackage.length).toBeGreaterThan(0);
    for (const subscriber of withPackage) {
      const pkg = packages.get(subscriber.packageId)!;
      const row = handle.sqlite.prepare("SELECT package_id FROM subscribers WHERE id = ?").get(subscriber.id) as Json;
      expect(row.package_id).toBe(pkg.id);
      const offers = handle.sqlite
        .prepare(
          "SELECT offer_id, priority, package_id, is_pool, attached_by_id FROM subscriber_offers WHERE subscriber_id = ? ORDER BY priority DESC",
        )
        .all(subscriber.id) as Json[];
      const n = pkg.nestedOfferIds.length;
      expect(offers).toEqual(
        pkg.nestedOfferIds.map((offerId: string, position: number) => ({
          offer_id: offerId,
          priority: n - position,
          package_id: pkg.id,
          is_pool: 0,
          attached_by_id: pkg.ownerId,
        })),
      );
    }
    const withoutPackage = DEMO.subscribers.filter((s: Json) => !s.packageId).map((s: Json) => s.id);
    const stray = handle.sqlite
      .prepare(`SELECT count(*) AS n FROM subscriber_offers WHERE subscriber_id IN (${withoutPackage.map(() => "?").join(",")})`)
      .get(...withoutPackage) as Json;
    expect(stray.n).toBe(0);
  });

  it("stores API keys hashed, never in clear", () => {
    const handle = open();
    loadWorld(handle, checked(demo()));
    const rows = handle.sqlite.prepare("SELECT * FROM api_keys").all() as Json[];
    const keys: { key: string; customerId: string }[] = DEMO.customers.flatMap((c: Json) =>
      c.apiKeys.map((key: string) => ({ key, customerId: c.id })),
    );
    expect(rows).toHaveLength(keys.length);
    const everything = JSON.stringify(handle.sqlite.prepare("SELECT * FROM api_keys").raw().all());
    for (const { key, customerId } of keys) {
      expect(everything).not.toContain(key);
      const hash = createHash("sha256").update(key).digest("hex");
      expect(rows.find((r) => r.key_hash === hash)).toMatchObject({
        customer_id: customerId,
        key_prefix: key.slice(0, 8),
        label: "world file",
        revoked_at: null,
      });
    }
  });

  it("builds the tree paths and gives rows increasing timestamps in file order", () => {
    const handle = open();
    const now = new Date("2024-05-01T00:00:00.000Z");
    loadWorld(handle, checked(demo()), { now });
    const fleet = DEMO.customers.find((c: Json) => c.name === "Acme Logistics - Fleet Division");
    const chain = ["Orbit Telecom", "Nimbus Connect", "Acme Logistics", "Acme Logistics - Fleet Division"].map(
      (name) => DEMO.customers.find((c: Json) => c.name === name).id,
    );
    const row = handle.sqlite.prepare("SELECT path FROM customers WHERE id = ?").get(fleet.id) as Json;
    expect(row.path).toBe(`/${chain.join("/")}/`);
    for (const [table, key] of [
      ["customers", "customers"],
      ["offers", "offers"],
      ["packages", "packages"],
      ["subscribers", "subscribers"],
      ["external_param_configs", "externalParamConfigs"],
    ] as const) {
      const rows = handle.sqlite.prepare(`SELECT id, created_at FROM ${table} ORDER BY created_at, id`).all() as Json[];
      expect(rows.map((r) => r.id)).toEqual(DEMO[key].map((e: Json) => e.id));
      expect(rows[0].created_at).toBe(now.getTime());
    }
  });
});

describe("all or nothing", () => {
  it("loading the same world twice fails the second time, at every clash, and changes nothing", () => {
    const handle = open();
    expect(loadWorld(handle, checked(demo())).ok).toBe(true);
    const before = databaseDigest(handle.sqlite);
    const second = loadWorld(handle, checked(demo()));
    if (second.ok) throw new Error("the second load succeeded");
    const paths = second.problems.map((p) => p.path);
    expect(paths).toContain("$.customers[0].id");
    expect(paths).toContain("$.customers[0].apiKeys[0]");
    expect(paths).toContain("$.offers[18].id");
    expect(paths).toContain("$.packages[0].id");
    expect(paths).toContain("$.packages[0].name");
    expect(paths).toContain("$.subscribers[0].imsi");
    expect(paths).toContain("$.subscribers[29].imeisv");
    expect(paths).toContain("$.externalParamConfigs[11].name");
    expect(paths).toContain("$.externalParamValues[29]");
    for (const problem of second.problems) {
      expect(problem.message).toMatch(/^conflicts with data already in the database: /);
      expect(problem.message).not.toMatch(/insert|select|sqlite/i);
    }
    expect(databaseDigest(handle.sqlite)).toBe(before);
  });

  it("a new world that reuses one IMSI already stored is refused at that path only", () => {
    const handle = open();
    expect(loadWorld(handle, checked(testWorld())).ok).toBe(true);
    const before = databaseDigest(handle.sqlite);
    const w = demo();
    w.subscribers[6].imsi = testWorld().subscribers[0]!.imsi;
    expect(loadWorld(handle, checked(w))).toEqual({
      ok: false,
      problems: [
        { path: "$.subscribers[6].imsi", message: "conflicts with data already in the database: another subscriber has this IMSI" },
      ],
    });
    expect(databaseDigest(handle.sqlite)).toBe(before);
  });

  it("an insert that fails half-way rolls back everything inserted before it", () => {
    const handle = open();
    expect(loadWorld(handle, checked(testWorld())).ok).toBe(true);
    const before = databaseDigest(handle.sqlite);
    // Not a world checkWorld would pass: the subscriber's customer exists nowhere, so the
    // foreign key refuses it after customers, offers and packages went in.
    const world = checked(demo());
    world.subscribers[5]!.customerId = MISSING;
    const result = loadWorld(handle, world);
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: "$.subscribers[5]",
          message: "conflicts with data already in the database: it refers to a row that does not exist",
        },
      ],
    });
    expect(databaseDigest(handle.sqlite)).toBe(before);
  });
});

/** Each kind of bad world, with the path of its one problem. */
const BAD_WORLDS: [string, (w: Json) => void, string][] = [
  ["a package owner that is not a customer", (w) => void (w.packages[3].ownerId = MISSING), "$.packages[3].ownerId"],
  ["a duplicate IMSI", (w) => void (w.subscribers[6].imsi = w.subscribers[0].imsi), "$.subscribers[6].imsi"],
  ["a bad IMEI check digit", (w) => void (w.subscribers[4].imei = "353257320470255"), "$.subscribers[4].imei"],
  [
    "a package offer owned by another customer",
    (w) => void (w.packages[3].nestedOfferIds[1] = w.offers[0].id),
    "$.packages[3].nestedOfferIds[1]",
  ],
  [
    "an eligible id that is not a direct sub-account",
    (w) => void w.packages[1].eligibleSubAccountIds.push(w.customers[4].id),
    "$.packages[1].eligibleSubAccountIds[1]",
  ],
  [
    "a pool offer whose pool customer is not a direct child",
    (w) => void (w.offers[4].poolCustomerId = w.customers[4].id),
    "$.offers[4].poolCustomerId",
  ],
  ["a cycle in parents", (w) => void (w.customers[3].parentId = w.customers[3].id), "$.customers[3].parentId"],
  [
    "a value on an entity the config owner does not own",
    (w) => void (w.externalParamValues[16].entityId = w.customers[2].id),
    "$.externalParamValues[16].entityId",
  ],
];

describe("npm run db:load", () => {
  it("loads the demo world and exits 0", async () => {
    const { code, out, err } = await cli(DEMO_FILE);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out[0]).toBe(`loaded ${DEMO_FILE} into ${dbPath}`);
    expect(out).toContain("  customers: 12");
    expect(out).toContain("  subscriberOffers: 29");
    const handle = open();
    expect(count(handle, "subscribers")).toBe(30);
  });

  it.each(BAD_WORLDS)("refuses %s at its JSON path and changes nothing", async (_, breakIt, path) => {
    const handle = open();
    expect(loadWorld(handle, checked(testWorld())).ok).toBe(true);
    const before = databaseDigest(handle.sqlite);
    const w = demo();
    breakIt(w);
    const { code, out, err } = await cli(writeWorld(w));
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err.slice(0, -1)).toEqual([expect.stringMatching(new RegExp(`^${path.replace(/[$[\].]/g, "\\$&")}: .+`))]);
    expect(err.at(-1)).toMatch(/1 problem; nothing was loaded$/);
    expect(databaseDigest(handle.sqlite)).toBe(before);
  });

  it("prints every problem of a file with several", async () => {
    const w = demo();
    for (const [, breakIt] of BAD_WORLDS.slice(1, 6)) breakIt(w);
    const { code, err } = await cli(writeWorld(w));
    expect(code).toBe(1);
    expect(err.map((line) => line.split(": ")[0])).toEqual([
      "$.offers[4].poolCustomerId",
      "$.packages[1].eligibleSubAccountIds[1]",
      "$.packages[3].nestedOfferIds[1]",
      "$.subscribers[4].imei",
      "$.subscribers[6].imsi",
      join(dir, "world.json"),
    ]);
    expect(existsSync(dbPath)).toBe(false);
  });

  it("a second load of the same file exits 1 with paths and leaves the first load as it was", async () => {
    expect((await cli(DEMO_FILE)).code).toBe(0);
    const handle = open();
    const before = databaseDigest(handle.sqlite);
    const { code, err } = await cli(DEMO_FILE);
    expect(code).toBe(1);
    expect(err).toContain("$.customers[0].id: conflicts with data already in the database: a customer with this id exists");
    expect(databaseDigest(handle.sqlite)).toBe(before);
  });

  it("exits 2 without a file, with a missing file, and with a file that is not JSON", async () => {
    expect(await cli()).toMatchObject({ code: 2, err: ["usage: npm run db:load -- <world.json>"] });
    const missing = join(dir, `${randomUUID()}.json`);
    const notFound = await cli(missing);
    expect(notFound.code).toBe(2);
    expect(notFound.err[0]).toMatch(new RegExp(`^cannot read ${missing}: `));
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{\n  "customers": [\n    { "id": 1, }\n  ]\n}\n');
    const notJson = await cli(broken);
    expect(notJson.code).toBe(2);
    expect(notJson.err[0]).toMatch(new RegExp(`^${broken} is not valid JSON: line 3, column 16 \\(position 34\\): `));
    writeFileSync(broken, '{ "customers": [');
    expect((await cli(broken)).err[0]).toContain("line 1, column 17 (position 16)");
    expect(existsSync(dbPath)).toBe(false);
  });
});
