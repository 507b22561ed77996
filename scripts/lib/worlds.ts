/**
 * World files (SPEC section 6) for the load checks: deterministic ids, any number of
 * subscribers.
 *
 *   OP (operator)                 offers OP_O1..OP_O3, packages OP_P1 [O1, O2] and OP_P2 [O3] to ALL
 *   └── R (reseller, delegation)  offers O1..O6 (regular) and a pool plan for E1,
 *       │                         packages P1 [O1, O2], P2 [O3], P3 [O4, O1, O5], all eligible to ALL
 *       ├── E1 (delegation on)    \
 *       ├── E2 (delegation on)     > n subscribers, round-robin, each starting with P1
 *       └── E3 (delegation off)   /
 *   + a few subscribers of R itself, each starting with OP_P1 (R's myPackage items)
 *
 * P1 and P3 share O1, so a check that a detach removed "exactly that package's offers" notices
 * an instance left behind or taken from the wrong package.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ROOT } from "./server-process";

/** A UUID-shaped id: group and number in hex, version 4 and variant 8 for validators. */
export const loadId = (group: number, n: number): string =>
  `${group.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

export const LC = {
  OP: loadId(0x10, 1),
  R: loadId(0x10, 2),
  E1: loadId(0x10, 3),
  E2: loadId(0x10, 4),
  E3: loadId(0x10, 5),
} as const;
export type LoadCustomer = keyof typeof LC;

export const LOAD_KEYS: Record<LoadCustomer, string> = {
  OP: "load-key-operator-0000000001",
  R: "load-key-reseller-0000000002",
  E1: "load-key-enterprise-e1-00003",
  E2: "load-key-enterprise-e2-00004",
  E3: "load-key-enterprise-e3-00005",
};

export const ENTERPRISES = ["E1", "E2", "E3"] as const satisfies readonly LoadCustomer[];
/** Enterprises R allowed to self-serve (myPackage / myOffer on their own subscribers). */
export const DELEGATED: ReadonlySet<LoadCustomer> = new Set<LoadCustomer>(["R", "E1", "E2"]);

export const LO = {
  OP_O1: loadId(0x20, 1),
  OP_O2: loadId(0x20, 2),
  OP_O3: loadId(0x20, 3),
  O1: loadId(0x20, 11),
  O2: loadId(0x20, 12),
  O3: loadId(0x20, 13),
  O4: loadId(0x20, 14),
  O5: loadId(0x20, 15),
  O6: loadId(0x20, 16),
  POOL_E1: loadId(0x20, 21),
} as const;

export const LP = {
  OP_P1: loadId(0x30, 1),
  OP_P2: loadId(0x30, 2),
  P1: loadId(0x30, 11),
  P2: loadId(0x30, 12),
  P3: loadId(0x30, 13),
} as const;

/** Each package's nested offers in position order (position 0 = highest priority). */
export const PACKAGE_OFFERS: Record<string, readonly string[]> = {
  [LP.OP_P1]: [LO.OP_O1, LO.OP_O2],
  [LP.OP_P2]: [LO.OP_O3],
  [LP.P1]: [LO.O1, LO.O2],
  [LP.P2]: [LO.O3],
  [LP.P3]: [LO.O4, LO.O1, LO.O5],
};

/** R's packages, which R sells to its enterprises (and E1/E2 buy with myPackage). */
export const R_PACKAGES = [LP.P1, LP.P2, LP.P3] as const;
/** The operator's packages, which R buys for its own subscribers (myPackage: true). */
export const OP_PACKAGES = [LP.OP_P1, LP.OP_P2] as const;
/** R's regular offers, attachable one by one to its enterprises' subscribers. */
export const R_REGULAR_OFFERS = [LO.O1, LO.O2, LO.O3, LO.O4, LO.O5, LO.O6] as const;
/** The operator's regular offers, R's Buy plans (myOffer: true on R's own subscribers). */
export const OP_REGULAR_OFFERS = [LO.OP_O1, LO.OP_O2, LO.OP_O3] as const;

export interface LoadSubscriber {
  id: string;
  imsi: string;
  customer: LoadCustomer;
  packageId: string;
}

export interface LoadWorldOptions {
  /** Subscribers of the enterprises, spread round-robin over E1, E2, E3. */
  subscribers: number;
  /** Subscribers of R itself, with the operator's OP_P1 (default 4). */
  resellerSubscribers?: number;
}

/** A 15-digit IMSI, unique per (group, index): MCC 222, MNC 01, then the numbers. */
export const loadImsi = (group: number, index: number): string =>
  `22201${group.toString().padStart(2, "0")}${index.toString().padStart(8, "0")}`;

export interface LoadWorld {
  /** The world file itself (SPEC section 6), ready for JSON.stringify and db:load. */
  json: WorldJson;
  /** The enterprises' subscribers, in order. */
  subscribers: LoadSubscriber[];
  /** R's own subscribers. */
  resellerSubscribers: LoadSubscriber[];
}

export interface WorldJson {
  customers: { id: string; name: string; parentId: string | null; allowOfferDelegation: boolean; apiKeys: string[] }[];
  offers: { id: string; name: string; ownerId: string; kind: "REGULAR" | "POOL"; poolCustomerId: string | null }[];
  packages: {
    id: string;
    name: string;
    description: string;
    ownerId: string;
    nestedOfferIds: string[];
    eligibleSubAccountIds: string[] | "ALL";
  }[];
  subscribers: {
    id: string;
    customerId: string;
    imsi: string | null;
    iccid: string | null;
    msisdn: string | null;
    imei: string | null;
    imeisv: string | null;
    packageId: string | null;
  }[];
  externalParamConfigs: unknown[];
  externalParamValues: unknown[];
}

export function loadWorld(options: LoadWorldOptions): LoadWorld {
  const n = options.subscribers;
  const m = options.resellerSubscribers ?? 4;
  if (!Number.isInteger(n) || n < 0 || n > 99_999_999) throw new Error(`subscribers must be 0 to 99999999, got ${n}`);
  if (!Number.isInteger(m) || m < 0 || m > 99_999_999) throw new Error(`resellerSubscribers must be 0 to 99999999, got ${m}`);

  const customer = (key: LoadCustomer, parent: LoadCustomer | null, name: string) => ({
    id: LC[key],
    name,
    parentId: parent ? LC[parent] : null,
    allowOfferDelegation: DELEGATED.has(key),
    apiKeys: [LOAD_KEYS[key]],
  });
  const offer = (key: keyof typeof LO, owner: LoadCustomer, pool: LoadCustomer | null = null) => ({
    id: LO[key],
    name: `Load offer ${key}`,
    ownerId: LC[owner],
    kind: pool ? ("POOL" as const) : ("REGULAR" as const),
    poolCustomerId: pool ? LC[pool] : null,
  });
  const pkg = (key: keyof typeof LP, owner: LoadCustomer) => ({
    id: LP[key],
    name: `Load package ${key}`,
    description: `Load package ${key}`,
    ownerId: LC[owner],
    nestedOfferIds: [...PACKAGE_OFFERS[LP[key]]!],
    eligibleSubAccountIds: "ALL" as const,
  });

  const subscribers: LoadSubscriber[] = Array.from({ length: n }, (_, i) => ({
    id: loadId(0x40, i + 1),
    imsi: loadImsi(1, i + 1),
    customer: ENTERPRISES[i % ENTERPRISES.length]!,
    packageId: LP.P1,
  }));
  const resellerSubscribers: LoadSubscriber[] = Array.from({ length: m }, (_, i) => ({
    id: loadId(0x41, i + 1),
    imsi: loadImsi(2, i + 1),
    customer: "R",
    packageId: LP.OP_P1,
  }));

  const json: WorldJson = {
    customers: [
      customer("OP", null, "Load Operator"),
      customer("R", "OP", "Load Reseller"),
      customer("E1", "R", "Load Enterprise 1"),
      customer("E2", "R", "Load Enterprise 2"),
      customer("E3", "R", "Load Enterprise 3"),
    ],
    offers: [
      offer("OP_O1", "OP"),
      offer("OP_O2", "OP"),
      offer("OP_O3", "OP"),
      offer("O1", "R"),
      offer("O2", "R"),
      offer("O3", "R"),
      offer("O4", "R"),
      offer("O5", "R"),
      offer("O6", "R"),
      offer("POOL_E1", "R", "E1"),
    ],
    packages: [pkg("OP_P1", "OP"), pkg("OP_P2", "OP"), pkg("P1", "R"), pkg("P2", "R"), pkg("P3", "R")],
    subscribers: [...subscribers, ...resellerSubscribers].map((s) => ({
      id: s.id,
      customerId: LC[s.customer],
      imsi: s.imsi,
      iccid: null,
      msisdn: null,
      imei: null,
      imeisv: null,
      packageId: s.packageId,
    })),
    externalParamConfigs: [],
    externalParamValues: [],
  };
  return { json, subscribers, resellerSubscribers };
}

/**
 * Writes the world next to the database (into `fileDir` for PostgreSQL) and loads it with the
 * built CLI, as an operator would (`npm run db:load -- <file>` with DATABASE_PATH, or with
 * DATABASE_URL when `location` is a postgres:// URL); resolves with the CLI's output, rejects
 * with it when the command fails.
 */
export async function dbLoad(location: string, world: WorldJson, fileDir?: string): Promise<string> {
  const postgres = /^postgres(ql)?:\/\//.test(location);
  if (postgres && !fileDir) throw new Error("dbLoad on PostgreSQL needs a directory for the world file");
  const file = postgres ? join(fileDir!, "world.json") : join(fileDir ?? dirname(location), `world-${basename(location)}.json`);
  writeFileSync(file, JSON.stringify(world));
  const cli = resolve(ROOT, "dist/cli/db-load.js");
  const database = postgres ? { DATABASE_URL: location } : { DATABASE_PATH: location, DATABASE_URL: "" };
  return new Promise((done, fail) =>
    execFile(
      process.execPath,
      [cli, file],
      { cwd: ROOT, env: { ...process.env, ...database }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => (error ? fail(new Error(`db:load failed: ${error.message}\n${stdout}${stderr}`)) : done(stdout + stderr)),
    ),
  );
}
