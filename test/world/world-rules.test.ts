/**
 * A world file is checked by the API's own input readers (STYLE "One source per fact": a world
 * the loader accepts is one the API could have built). Each input rule of the API is broken
 * once in the demo world: the API's reader must refuse that value, and the loader must refuse
 * the file with the reader's own message at the value's JSON path, both through checkWorld and
 * through `npm run db:load`. The readers are found in src/domain, so a new one cannot be
 * forgotten here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDbLoad } from "../../src/cli/db-load";
import { readCustomerName } from "../../src/domain/accounts/accounts";
import { readExternalParamConfig, readParamValue } from "../../src/domain/external-params/external-params";
import { IDENTIFIER_COLUMNS, IDENTIFIER_TYPES, normalizeIdentifier } from "../../src/domain/subscribers/identifiers";
import { readOfferInput } from "../../src/domain/catalogue/offers";
import { readPackageInput } from "../../src/domain/catalogue/packages";
import { issuesOf, type Decision } from "../../src/domain/refusals";
import { readNewSubscriber } from "../../src/domain/subscribers/subscribers";
import { checkWorld, worldPath, WORLD_KEYS, type WorldKey } from "../../src/domain/world/world";

type Json = any;
const ROOT = resolve(__dirname, "../..");
const DEMO = JSON.parse(readFileSync(join(ROOT, "examples/demo-world.json"), "utf8"));
const demo = (): Json => structuredClone(DEMO);

/**
 * The API reader each world entity goes through, called as the mutation that creates such an
 * entity calls it, on the element exactly as the file gives it.
 */
const API_READERS: Record<WorldKey, { reader: (...args: never[]) => Decision<unknown>; read(element: Json, path: string): Decision<any> }> = {
  customers: { reader: readCustomerName, read: (e, path) => readCustomerName(e.name, `${path}.name`) },
  offers: { reader: readOfferInput, read: (e, path) => readOfferInput(e, path) },
  packages: {
    reader: readPackageInput,
    read: (e, path) =>
      readPackageInput(
        {
          name: e.name,
          description: e.description,
          nestedOfferIds: e.nestedOfferIds,
          eligibleSubAccounts: e.eligibleSubAccountIds === "ALL" ? { all: true } : { ids: e.eligibleSubAccountIds },
        },
        path,
      ),
  },
  subscribers: { reader: readNewSubscriber, read: (e, path) => readNewSubscriber(e, path) },
  externalParamConfigs: { reader: readExternalParamConfig, read: (e, path) => readExternalParamConfig(e, path) },
  externalParamValues: { reader: readParamValue, read: (e, path) => readParamValue(e.value, `${path}.value`) },
};

/**
 * The domain's read* functions that no world value goes through, and why. Every other one must
 * be in API_READERS: a new reader fails "every API input reader is accounted for" until it is
 * placed in one or the other.
 */
const NOT_WORLD_INPUT: Record<string, string> = {
  "input/limits.readName": "the name rule inside readCustomerName, readOfferInput and readExternalParamConfig",
  "input/limits.readOptionalText": "the optional text rule inside readExternalParamConfig and readApiKeyLabel",
  "accounts/api-keys.readApiKeyLabel": "a world file gives no key labels: the loader labels its keys",
  "input/pagination.readPage": "paging arguments of queries",
  "input/pagination.readOrder": "the orderBy argument of a list",
  "requests/request-filter.readRequestFilter": "the filter argument of a list of Requests",
  "subscribers/subscriber-filter.readSubscriberFilter": "the filter argument of a list of subscribers",
  "input/lookup-ids.readLookupIds": "the ids of a nodes(ids) lookup",
  "subscribers/attach-offer.readAttachOfferInput": "attachOffer: a world attaches offers only through a subscriber's package",
  "subscribers/attach-offer.readIdentifier": "looks a subscriber up; a world's identifiers go through readNewSubscriber",
  "catalogue/packages.readPackageUpdate": "updatePackage: a world file only creates packages",
  "catalogue/packages.readPackageUpdateShape": "updatePackage: a world file only creates packages",
  "subscribers/subscriber-package.readPackageChange": "attachPackage names the subscriber by identifier; a world gives packageId on the subscriber",
  "subscribers/subscriber-package.readReplacePackageItem": "bulkReplacePackage: a world file attaches, it never replaces",
};

/** A rule of an API reader, broken once in the demo world. */
interface RuleCase {
  key: WorldKey;
  rule: string;
  /** Breaks the rule in a copy of the demo world: the element broken and the path of the problem. */
  breakIt(w: Json): { index: number; path: string };
}

const uuid = (group: number, n: number) =>
  `${group.toString(16).padStart(8, "0")}-aaaa-4aaa-8aaa-${n.toString(16).padStart(12, "0")}`;

/** Sets one field of one element; the problem is expected at that field. */
const setField = (key: WorldKey, index: number, field: string, value: unknown, rule: string): RuleCase => ({
  key,
  rule,
  breakIt: (w) => {
    w[key][index][field] = value;
    return { index, path: worldPath(key, index, field) };
  },
});

/** Packages[0] of the demo world and its owner, to which the bigger cases add offers or sub-accounts. */
const PKG = 0;

/** An identifier value refused for every identifier type, and what it breaks. */
const BAD_IDENTIFIERS: [string, string][] = [
  ["digits only", "1234567890123a"],
  ["too short", "1234"],
  ["too long", "1".repeat(23)],
];

const CASES: RuleCase[] = [
  setField("customers", 1, "name", "   ", "customer name: not blank"),
  setField("customers", 1, "name", "c".repeat(201), "customer name: at most 200 characters"),

  setField("offers", 0, "name", "", "offer name: not blank"),
  setField("offers", 0, "name", "o".repeat(201), "offer name: at most 200 characters"),
  {
    key: "offers",
    rule: "a POOL offer names its sub-account",
    breakIt: (w) => {
      const index = w.offers.findIndex((o: Json) => o.kind === "POOL");
      w.offers[index].poolCustomerId = null;
      return { index, path: worldPath("offers", index, "poolCustomerId") };
    },
  },
  {
    key: "offers",
    rule: "a REGULAR offer names no sub-account",
    breakIt: (w) => {
      const index = w.offers.findIndex((o: Json) => o.kind === "REGULAR");
      w.offers[index].poolCustomerId = w.customers[1].id;
      return { index, path: worldPath("offers", index, "poolCustomerId") };
    },
  },

  setField("packages", PKG, "name", " ", "package name: not blank"),
  setField("packages", PKG, "name", "p".repeat(101), "package name: at most 100 characters"),
  setField("packages", PKG, "description", "d".repeat(1001), "package description: at most 1000 characters"),
  setField("packages", PKG, "nestedOfferIds", [], "package: at least one offer"),
  {
    key: "packages",
    rule: "package: at most 50 offers",
    breakIt: (w) => {
      const ownerId = w.packages[PKG].ownerId;
      const offers = Array.from({ length: 51 }, (_, n) => ({
        id: uuid(0xa1, n),
        name: `Extra ${n}`,
        ownerId,
        kind: "REGULAR",
        poolCustomerId: null,
      }));
      w.offers.push(...offers);
      w.packages[PKG].nestedOfferIds = offers.map((o) => o.id);
      return { index: PKG, path: worldPath("packages", PKG, "nestedOfferIds") };
    },
  },
  {
    key: "packages",
    rule: "package: an offer listed once",
    breakIt: (w) => {
      const ids = w.packages[PKG].nestedOfferIds;
      ids.push(ids[0]);
      return { index: PKG, path: `${worldPath("packages", PKG, "nestedOfferIds")}[${ids.length - 1}]` };
    },
  },
  {
    key: "packages",
    rule: "package: at most 1000 eligible sub-accounts",
    breakIt: (w) => {
      // The owner's sub-accounts of the file stay eligible (their subscribers may have the package).
      const parentId = w.packages[PKG].ownerId;
      const existing = w.customers.filter((c: Json) => c.parentId === parentId).map((c: Json) => c.id);
      const children = Array.from({ length: 1001 - existing.length }, (_, n) => ({
        id: uuid(0xc1, n),
        name: `Sub-account ${n}`,
        parentId,
      }));
      w.customers.push(...children);
      w.packages[PKG].eligibleSubAccountIds = [...existing, ...children.map((c) => c.id)];
      return { index: PKG, path: worldPath("packages", PKG, "eligibleSubAccountIds") };
    },
  },
  {
    key: "packages",
    rule: "package: an eligible sub-account listed once",
    breakIt: (w) => {
      const index = w.packages.findIndex((p: Json) => Array.isArray(p.eligibleSubAccountIds) && p.eligibleSubAccountIds.length > 0);
      const ids = w.packages[index].eligibleSubAccountIds;
      ids.push(ids[0]);
      return { index, path: `${worldPath("packages", index, "eligibleSubAccountIds")}[${ids.length - 1}]` };
    },
  },

  // Every identifier type, derived from the list of types, against each format rule.
  ...IDENTIFIER_TYPES.flatMap((type) =>
    BAD_IDENTIFIERS.map(([rule, value]) => setField("subscribers", 0, IDENTIFIER_COLUMNS[type], value, `${type}: ${rule}`)),
  ),
  setField("subscribers", 0, "imei", "353257320470255", "IMEI: Luhn check digit"),
  {
    key: "subscribers",
    rule: "a subscriber has at least one identifier",
    breakIt: (w) => {
      for (const type of IDENTIFIER_TYPES) w.subscribers[0][IDENTIFIER_COLUMNS[type]] = null;
      return { index: 0, path: worldPath("subscribers", 0) };
    },
  },

  setField("externalParamConfigs", 0, "name", "  ", "config name: not blank"),
  setField("externalParamConfigs", 0, "name", `n${"a".repeat(200)}`, "config name: at most 200 characters"),
  setField("externalParamConfigs", 0, "name", "1 bad name!", "config name: a letter, then letters, digits, _ . -"),
  setField("externalParamConfigs", 0, "displayName", "D".repeat(201), "config displayName: at most 200 characters"),
  setField("externalParamConfigs", 0, "description", "d".repeat(1001), "config description: at most 1000 characters"),

  setField("externalParamValues", 0, "value", "", "value: not empty"),
  setField("externalParamValues", 0, "value", "v".repeat(1001), "value: at most 1000 characters"),
];

/** Each case applied: the broken file, the API reader's one issue, and where the world reports it. */
function broken(c: RuleCase) {
  const w = demo();
  const { index, path } = c.breakIt(w);
  const decision = API_READERS[c.key].read(w[c.key][index], worldPath(c.key, index));
  return { w, path, decision };
}

describe("each API input rule, broken in a world file", () => {
  it("the demo world that every case breaks is accepted", () => {
    expect(checkWorld(demo())).toMatchObject({ ok: true });
  });

  it.each(CASES.map((c) => [`${c.key}: ${c.rule}`, c] as const))("%s", (_, c) => {
    const { w, path, decision } = broken(c);
    // The API refuses the value, for this one rule only...
    const issues = issuesOf(decision);
    expect(decision.ok).toBe(false);
    expect(issues).toHaveLength(1);
    // ...at the same place (the file writes the API's eligibleSubAccounts.ids as eligibleSubAccountIds)...
    expect(issues[0]!.path.replace(".eligibleSubAccounts.ids", ".eligibleSubAccountIds")).toBe(path);
    // ...and the loader refuses the file with the API's message, and nothing else.
    expect(checkWorld(w)).toEqual({ ok: false, problems: [{ path, message: issues[0]!.message }] });
  });

  it("covers every reader a world goes through, and every identifier type", () => {
    expect(new Set(CASES.map((c) => c.key))).toEqual(new Set(WORLD_KEYS));
    for (const type of IDENTIFIER_TYPES) {
      expect(CASES.filter((c) => c.rule.startsWith(`${type}:`)).length).toBeGreaterThanOrEqual(BAD_IDENTIFIERS.length);
      for (const [, value] of BAD_IDENTIFIERS) expect(normalizeIdentifier(type, value).ok).toBe(false);
    }
  });
});

describe("npm run db:load refuses each broken rule", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "world-rules-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES.map((c) => [`${c.key}: ${c.rule}`, c] as const))("%s", async (_, c) => {
    const { w, path, decision } = broken(c);
    const file = join(dir, "world.json");
    const dbPath = join(dir, "world.db");
    writeFileSync(file, JSON.stringify(w));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDbLoad(["node", "db-load.js", file], { DATABASE_PATH: dbPath }, {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    expect({ code, out }).toEqual({ code: 1, out: [] });
    expect(err).toEqual([`${path}: ${issuesOf(decision)[0]!.message}`, `${file}: 1 problem; nothing was loaded`]);
    expect(existsSync(dbPath)).toBe(false);
  });
});

describe("values are stored as the API's readers return them", () => {
  it("trims names and texts, turns a blank displayName or description into none, drops a MSISDN's +", () => {
    const w = demo();
    w.customers[1].name = "  Nimbus  ";
    w.offers[0].name = " EU 1GB ";
    w.packages[PKG].name = "  Roaming  ";
    w.packages[PKG].description = "   ";
    const msisdn = w.subscribers.findIndex((s: Json) => s.msisdn);
    w.subscribers[msisdn].msisdn = `+${w.subscribers[msisdn].msisdn}`;
    w.externalParamConfigs[0].name = " externalCustomerId ";
    w.externalParamConfigs[0].displayName = "   ";
    w.externalParamConfigs[1].description = `${"d".repeat(1000)}   `;
    w.externalParamValues[0].value = "  kept as given  ";
    const checked = checkWorld(w);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const { world } = checked;
    const api = (key: WorldKey, index: number) => {
      const decision = API_READERS[key].read(w[key][index], worldPath(key, index));
      if (!decision.ok) throw new Error(`the API refused ${worldPath(key, index)}`);
      return decision.value;
    };
    expect(world.customers[1]!.name).toBe(api("customers", 1));
    expect(world.offers[0]).toMatchObject(api("offers", 0));
    expect(world.packages[PKG]!.draft).toEqual(api("packages", PKG));
    expect(world.packages[PKG]!.draft.description).toBeNull();
    const identifiers = api("subscribers", msisdn).identifiers as { type: string; value: string }[];
    expect(world.subscribers[msisdn]!.msisdn).toBe(identifiers.find((i) => i.type === "MSISDN")!.value);
    expect(world.subscribers[msisdn]!.msisdn).toBe(DEMO.subscribers[msisdn].msisdn);
    for (const i of [0, 1]) expect(world.externalParamConfigs[i]).toMatchObject(api("externalParamConfigs", i));
    expect(world.externalParamConfigs[0]).toMatchObject({ name: "externalCustomerId", displayName: null });
    expect(world.externalParamConfigs[1]!.description).toBe("d".repeat(1000));
    expect(world.externalParamValues[0]!.value).toBe(api("externalParamValues", 0));
  });
});

describe("the readers are the API's", () => {
  /** Every read* function exported by a module of src/domain, as "<module>.<name>". */
  async function domainReaders(): Promise<Map<string, unknown>> {
    const found = new Map<string, unknown>();
    const walk = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const full = join(folder, name);
        return statSync(full).isDirectory() ? walk(full) : name.endsWith(".ts") ? [full] : [];
      });
    for (const file of walk(join(ROOT, "src/domain"))) {
      const module = (await import(file)) as Record<string, unknown>;
      const name = relative(join(ROOT, "src/domain"), file).replace(/\.ts$/, "");
      for (const [exported, value] of Object.entries(module)) {
        if (/^read[A-Z]/.test(exported) && typeof value === "function") found.set(`${name}.${exported}`, value);
      }
    }
    return found;
  }

  it("every API input reader is accounted for: a world value goes through it, or it reads no world value", async () => {
    const readers = await domainReaders();
    const used = new Set<unknown>(Object.values(API_READERS).map((r) => r.reader));
    const unplaced = [...readers].filter(([name, fn]) => !used.has(fn) && !(name in NOT_WORLD_INPUT)).map(([name]) => name);
    expect(unplaced).toEqual([]);
    // Nothing listed twice, and nothing listed that is gone.
    for (const [name, fn] of readers) if (used.has(fn)) expect(NOT_WORLD_INPUT).not.toHaveProperty(name);
    expect(Object.keys(NOT_WORLD_INPUT).filter((name) => !readers.has(name))).toEqual([]);
    for (const fn of used) expect([...readers.values()]).toContain(fn);
  });

  it("each reader a world goes through is the one the API's mutations call", () => {
    const walk = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => {
        const full = join(folder, name);
        return statSync(full).isDirectory() ? walk(full) : name.endsWith(".ts") ? [full] : [];
      });
    // The API: everything outside the domain, except the world loader and its command.
    const api = walk(join(ROOT, "src"))
      .filter((file) => !file.startsWith(join(ROOT, "src/domain")) && !/world-loader|db-load/.test(file))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    for (const { reader } of Object.values(API_READERS)) expect(api).toMatch(new RegExp(`\\b${reader.name}\\b`));
  });
});
