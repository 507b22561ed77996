/**
 * Fuzzing: sends thousands of random or mutated documents, variable sets,
 * bodies and headers to a running server and checks every answer: no crash, no 5xx except
 * the documented ServiceUnavailable (GLOBAL_1001), no stack trace or internals in a body, and
 * string messages in every GraphQL error. A seed reproduces a run exactly: case `i` is built
 * from (seed, i) alone, so a run of N cases is the prefix of a longer run with the same seed.
 *
 *   npm run fuzz -- --count 5000 --seed 1      # own server on a temp database (demo world)
 *   node dist-scripts/fuzz.js --seed 1 --only 1234,1240   # replays single cases, verbose
 *
 * Only 127.0.0.1 is targeted; the run stops by itself after `count` requests.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT, startServerProcess } from "./lib/server-process";

// ---------------------------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------------------------

export interface FuzzOptions {
  /** The server's /graphql URL (127.0.0.1 only). */
  url: string;
  /** API keys to authenticate most requests with. */
  keys: string[];
  /** How many requests to send. */
  count: number;
  seed: number;
  log?: (line: string) => void;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Whether the server process is still alive (a spawned process); checked after every answer. */
  alive?: () => boolean;
  /** Per-request time limit (default 20 s): a slower answer is a problem. */
  timeoutMs?: number;
  /** Run only these case indices (to replay problems); `count` is then ignored. */
  only?: number[];
}

export interface FuzzProblem {
  /** The case index: `fuzz({ seed, only: [index] })` replays it. */
  index: number;
  kind: string;
  reason: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  document: string | null;
  variables: unknown;
  status: number;
  body: string;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  /** Requests by HTTP status (0: the connection failed). */
  byStatus: Record<string, number>;
  /** Top-level GraphQL errors by extensions.code ("(none)" without one). */
  byErrorCode: Record<string, number>;
  /** Error results inside data (union members implementing ErrorResult) by __typename. */
  byUnionError: Record<string, number>;
  /** Requests by generator. */
  byKind: Record<string, number>;
  /** The status of each case, in case order (0: no answer, -1: not sent). */
  statuses: number[];
  /** Answers with an unexpected fault (GLOBAL_1001 error or ServiceUnavailable result). */
  faults: number;
  /** The first such answers (allowed by the contract, but worth a look). */
  faultSamples: FuzzProblem[];
  elapsedMs: number;
  requestsPerSecond: number;
  /** Answer times in ms. */
  latencyMs: { p50: number; p95: number; max: number };
  /** The slowest cases. */
  slowest: { index: number; kind: string; status: number; ms: number }[];
  /** How many violations there were in all. */
  problemCount: number;
  /** The first ~20 violations. */
  problems: FuzzProblem[];
  /** A normal query (`{ viewer { id name } }`) and /healthz answered after the run. */
  healthyAfter: boolean;
  /** Why the run stopped before sending every case (the server died), else null. */
  stoppedEarly: string | null;
}

/**
 * Statuses a request may get. 406 is Apollo's answer to an Accept header it cannot satisfy;
 * 431 is Node's own answer to a header block over 16 KB.
 */
export const ALLOWED_STATUSES = new Set([200, 400, 401, 404, 405, 406, 413, 415, 431]);
const MAX_PROBLEMS = 20;

/** Text that must never appear in a response body: stack frames, paths, SQL, JS error names. */
export const LEAK_PATTERNS: { name: string; re: RegExp }[] = [
  { name: "stack frame", re: /\bat .{0,200}\(.{0,300}:\d+:\d+\)/ },
  { name: "stack frame", re: /\bat (?:[\w$.<>[\]]+ )?\(?(?:\/|[A-Za-z]:\\|node:|file:)[^\s()"']*:\d+:\d+\)?/ },
  { name: "node_modules", re: /node_modules/ },
  { name: "file path", re: /\/work\// },
  { name: "sqlite", re: /SqliteError|SQLITE_|sqlite/i },
  { name: "source line", re: /\.ts:\d+/ },
  { name: "JS error", re: /TypeError|ReferenceError|RangeError|Maximum call stack/ },
  { name: "stacktrace", re: /"stacktrace"|"exception"\s*:/ },
  { name: "source path", re: /\/(?:dist|src)\/[\w/.-]+\.(?:js|ts)\b/ },
];

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed gives the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** 0 <= n < max */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  /** min <= n <= max */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** Picks by weight: [[weight, value], ...]. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of items) {
      if ((r -= w) < 0) return v;
    }
    return items[items.length - 1]![1];
  }
  /** Usually small, sometimes big: a log-uniform size in [1, max]. */
  size(max: number): number {
    return Math.max(1, Math.floor(Math.exp(this.next() * Math.log(max))));
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(16)];
    return s;
  }
  digits(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
}

// ---------------------------------------------------------------------------------------------
// What the keys can see (found once before the run, so the cases do not depend on answers)
// ---------------------------------------------------------------------------------------------

interface SubscriberRef {
  id: string;
  identifiers: { type: string; value: string }[];
  offerIds: string[];
  packageId: string | null;
}

export interface Pools {
  customers: string[];
  offers: string[];
  packages: string[];
  subscribers: SubscriberRef[];
  subscriberOffers: string[];
  configs: string[];
}

const DISCOVER = `query FuzzDiscover {
  viewer { id
    parent { id offers(first: 50) { nodes { id } } packages(first: 50) { nodes { id } } }
    offers(first: 50) { nodes { id } }
    packages(first: 50) { nodes { id } }
    subscribers(first: 50) { nodes { ...S } }
    subCustomers(first: 30) { nodes { id offers(first: 20) { nodes { id } } packages(first: 20) { nodes { id } } subscribers(first: 20) { nodes { ...S } } } }
  }
}
fragment S on Subscriber { id imsi iccid msisdn imei imeisv offers { id } package { id } }`;

const DISCOVER_CONFIGS = `query FuzzConfigs($c: UUID!, $s: UUID!, $o: UUID!, $p: UUID!) {
  a: externalParamsConfig(customerId: $c, entity: CUSTOMER, entityId: $c, first: 100) { ... on ExternalParamConfigConnection { nodes { id } } }
  b: externalParamsConfig(customerId: $c, entity: SUBSCRIBER, entityId: $s, first: 100) { ... on ExternalParamConfigConnection { nodes { id } } }
  c: externalParamsConfig(customerId: $c, entity: PLAN, entityId: $o, first: 100) { ... on ExternalParamConfigConnection { nodes { id } } }
  d: externalParamsConfig(customerId: $c, entity: PACKAGE, entityId: $p, first: 100) { ... on ExternalParamConfigConnection { nodes { id } } }
}`;

const NIL = "00000000-0000-0000-0000-000000000000";
const MISSING_IDS = ["99999999-0000-4000-8000-000000000000", "7b0e0a5c-1f0e-4d7e-9a53-2f1f3c9f0c11"];

async function discover(url: string, keys: string[], timeoutMs: number): Promise<Pools> {
  const sets = {
    customers: new Set<string>(),
    offers: new Set<string>(),
    packages: new Set<string>(),
    subscribers: new Map<string, SubscriberRef>(),
    subscriberOffers: new Set<string>(),
    configs: new Set<string>(),
  };
  const post = async (key: string, query: string, variables?: unknown) => {
    const body = Buffer.from(JSON.stringify({ query, variables }));
    const r = await send(url, { method: "POST", path: "", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body }, timeoutMs);
    try {
      return JSON.parse(r.body.toString("utf8")) as { data?: any };
    } catch {
      return {};
    }
  };
  const addSubscriber = (s: any) => {
    if (!s?.id) return;
    const identifiers = (["imsi", "iccid", "msisdn", "imei", "imeisv"] as const)
      .filter((k) => typeof s[k] === "string")
      .map((k) => ({ type: k.toUpperCase(), value: s[k] as string }));
    const offerIds = ((s.offers ?? []) as { id: string }[]).map((o) => o.id);
    offerIds.forEach((id) => sets.subscriberOffers.add(id));
    sets.subscribers.set(s.id, { id: s.id, identifiers, offerIds, packageId: s.package?.id ?? null });
  };
  for (const key of keys) {
    const viewer = (await post(key, DISCOVER)).data?.viewer;
    if (!viewer) continue;
    sets.customers.add(viewer.id);
    if (viewer.parent) sets.customers.add(viewer.parent.id);
    const nodes = (c: any) => (c?.nodes ?? []) as any[];
    for (const o of [...nodes(viewer.offers), ...nodes(viewer.parent?.offers)]) sets.offers.add(o.id);
    for (const p of [...nodes(viewer.packages), ...nodes(viewer.parent?.packages)]) sets.packages.add(p.id);
    nodes(viewer.subscribers).forEach(addSubscriber);
    for (const c of nodes(viewer.subCustomers)) {
      sets.customers.add(c.id);
      nodes(c.offers).forEach((o) => sets.offers.add(o.id));
      nodes(c.packages).forEach((p) => sets.packages.add(p.id));
      nodes(c.subscribers).forEach(addSubscriber);
    }
    const firstSub = nodes(viewer.subscribers)[0]?.id ?? nodes(viewer.subCustomers)[0]?.subscribers?.nodes?.[0]?.id ?? NIL;
    const vars = { c: viewer.id, s: firstSub, o: nodes(viewer.offers)[0]?.id ?? NIL, p: nodes(viewer.packages)[0]?.id ?? NIL };
    const configs = (await post(key, DISCOVER_CONFIGS, vars)).data ?? {};
    for (const alias of ["a", "b", "c", "d"]) for (const n of nodes(configs[alias])) sets.configs.add(n.id);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    customers: sorted(sets.customers),
    offers: sorted(sets.offers),
    packages: sorted(sets.packages),
    subscribers: [...sets.subscribers.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    subscriberOffers: sorted(sets.subscriberOffers),
    configs: sorted(sets.configs),
  };
}

// ---------------------------------------------------------------------------------------------
// Nasty values
// ---------------------------------------------------------------------------------------------

/** Removes from generated text anything a leak check would flag, so only the server can leak. */
function scrub(text: string): string {
  let out = text.replace(/:(\d+):(\d+)\)/g, ":$1;$2]").replace(/\bat\b/g, "a t");
  for (const { re } of LEAK_PATTERNS) {
    const global = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
    out = out.replace(global, (m) => "x".repeat(Math.min(m.length, 3)));
  }
  return out;
}

const WEIRD_CHARS = [
  "\u0000", "\u0001", "\u0007", "\b", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u00a0", "\u00ad",
  "\u200b", "\u200d", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff", "\ud800", "\udfff",
  "😀", "👨‍👩‍👧‍👦", "🇫🇷", "é", "é", "ß", "İ", "ﬃ", "Ω", "Å", "ǅ", "\u0301", "中文", "العربية", "עברית", "٣", "७", "１",
  "'", '"', "\\", "`", "$", "{", "}", "%s", "%n", "${x}", "<script>", "' OR 1=1 --", "; DROP TABLE customers; --", "../../", "\\u0000",
];

function weirdString(rng: Rng, maxLen = 64): string {
  const n = rng.range(1, maxLen);
  let s = "";
  while (s.length < n) s += rng.chance(0.5) ? rng.pick(WEIRD_CHARS) : String.fromCharCode(rng.range(0x20, 0x7e));
  return scrub(s);
}

function longString(rng: Rng): string {
  const size = rng.weighted([
    [6, () => rng.range(101, 1_100)],
    [3, () => rng.range(1_000, 20_000)],
    [1, () => rng.range(20_000, 200_000)],
  ] as const)();
  const unit = rng.pick(["a", "A1", "😀", "é", " ", "\u0000", "0", "-", "x".repeat(7) + "\n", "\u202e"]);
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

function malformedUuid(rng: Rng): string {
  const good = randomUuid(rng);
  return rng.pick([
    () => good.slice(0, 35),
    () => good + "0",
    () => good.replace(/-/g, ""),
    () => good.toUpperCase(),
    () => `{${good}}`,
    () => `urn:uuid:${good}`,
    () => ` ${good}`,
    () => `${good}\n`,
    () => good.replace(/[0-9a-f]/, "g"),
    () => good.slice(0, 8) + "_" + good.slice(9),
    () => "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
    () => NIL,
    () => "ffffffff-ffff-ffff-ffff-ffffffffffff",
    () => "00000000-0000-4000-8000-00000000000",
    () => good + "\u0000",
    () => good.replace(/-/g, "\u2010"),
    () => "١" + good.slice(1),
    () => "",
  ])();
}

function randomUuid(rng: Rng): string {
  return `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${rng.pick(["8", "9", "a", "b"])}${rng.hex(3)}-${rng.hex(12)}`;
}

function deepValue(rng: Rng): unknown {
  const depth = rng.weighted([
    [5, () => rng.range(2, 60)],
    [3, () => rng.range(60, 1_000)],
    [1, () => rng.range(1_000, 4_000)],
  ] as const)();
  const asArray = rng.chance(0.5);
  let value: unknown = rng.pick([1, "x", null, true, {}]);
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { [rng.pick(["a", "value", "type", "id", "items"])]: value };
  return value;
}

function wideValue(rng: Rng): unknown {
  const n = rng.size(5_000);
  if (rng.chance(0.5)) return Array.from({ length: n }, (_, i) => (rng.chance(0.8) ? i : randomUuid(rng)));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) o[`k${i}`] = i;
  return o;
}

function identifierish(rng: Rng): string {
  return rng.pick([
    () => rng.digits(rng.range(0, 30)),
    () => "+" + rng.digits(rng.range(0, 20)),
    () => "++" + rng.digits(10),
    () => rng.digits(7) + " " + rng.digits(7),
    () => rng.digits(14) + rng.pick(["a", "٣", "\u0000", "-", ".", "e"]),
    () => "-" + rng.digits(15),
    () => rng.digits(15) + "0".repeat(rng.range(1, 40)),
    () => "١٢٣٤٥٦٧٨٩٠١٢٣٤٥",
    () => "１２３４５６７８９０１２３４５",
    () => rng.digits(14) + "9", // likely a wrong Luhn digit for IMEI
    () => "0x" + rng.hex(14),
    () => "1e15",
  ])();
}

/** A value of any shape, for replacing an input anywhere. */
function nastyValue(rng: Rng): unknown {
  return rng.weighted<() => unknown>([
    [4, () => null],
    [2, () => rng.pick([true, false])],
    [6, () => rng.pick([0, -1, 1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE, 1e-300, 1.5, -0.5, 1_000_001, 100, 101, -100])],
    [3, () => rng.pick(["NaN", "Infinity", "-Infinity", "-1", "1e999", "0x10", "1_000", "١٠", "true", "null", "undefined", "[]", "{}"])],
    [4, () => rng.pick(["", " ", "\t\n", "\u0000", "\u200b", "   padded   "])],
    [3, () => longString(rng)],
    [6, () => malformedUuid(rng)],
    [3, () => randomUuid(rng)],
    [3, () => rng.pick(["imsi", "Imsi", "IMSI ", "IMSI\u0000", "FOO", "ALL", "REGULAR", "POOL", "CUSTOMER", "OFFER", "", "__proto__", "constructor", "NaN"])],
    [3, () => deepValue(rng)],
    [2, () => wideValue(rng)],
    [4, () => weirdString(rng, rng.pick([8, 64, 400]))],
    [5, () => identifierish(rng)],
    [2, () => rng.pick([{}, [], [null], [[]], [{}], { type: "IMSI" }, { value: "1" }, { all: true, ids: [] }, { all: false }, { ids: null }])],
    [1, () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}')],
  ])();
}

/** A string that names a thing of the kind but is probably wrong or odd. */
function oddName(rng: Rng): string {
  return rng.pick([
    () => `Fuzz ${rng.hex(6)}`,
    () => `  Fuzz ${rng.hex(3)}  `,
    () => weirdString(rng, 40),
    () => "",
    () => " ",
    () => "x".repeat(rng.pick([99, 100, 101, 199, 200, 201, 1000, 1001])),
    () => "Fuzz " + rng.pick(["😀", "İstanbul", "STRASSE", "straße", "ǅ", "\u0000", "\u202eevil"]),
    () => `Package ${rng.pick(["OP_ALL", "RA_BASIC", "op_all", "Ra_Basic"])}`,
  ])();
}

// ---------------------------------------------------------------------------------------------
// The corpus: real operations of this API, with valid variables built from the pools
// ---------------------------------------------------------------------------------------------

const ERR = "... on ErrorResult { code message } ... on ValidationFailed { issues { path message } }";

interface CorpusEntry {
  name: string;
  mutation: boolean;
  document: string;
  variables(rng: Rng, pools: Pools): Record<string, unknown>;
}

const pickOr = <T>(rng: Rng, items: T[], fallback: () => T, pFallback = 0.1): T =>
  items.length && !rng.chance(pFallback) ? rng.pick(items) : fallback();

const anyId = (rng: Rng, pools: Pools) =>
  rng.weighted<() => string>([
    [3, () => pickOr(rng, pools.customers, () => randomUuid(rng))],
    [2, () => pickOr(rng, pools.offers, () => randomUuid(rng))],
    [2, () => pickOr(rng, pools.packages, () => randomUuid(rng))],
    [1, () => pickOr(rng, pools.subscribers.map((s) => s.id), () => randomUuid(rng))],
    [1, () => rng.pick(MISSING_IDS)],
    [1, () => randomUuid(rng)],
  ])();
const customerId = (rng: Rng, p: Pools) => pickOr(rng, p.customers, () => randomUuid(rng));
const offerId = (rng: Rng, p: Pools) => pickOr(rng, p.offers, () => randomUuid(rng));
const packageId = (rng: Rng, p: Pools) => pickOr(rng, p.packages, () => randomUuid(rng));
const configId = (rng: Rng, p: Pools) => pickOr(rng, p.configs, () => randomUuid(rng), 0.15);

function validIdentifier(rng: Rng): { type: string; value: string } {
  return rng.pick([
    () => ({ type: "IMSI", value: "2220" + rng.digits(11) }),
    () => ({ type: "ICCID", value: "8935" + rng.digits(rng.range(14, 18)) }),
    () => ({ type: "MSISDN", value: (rng.chance(0.3) ? "+" : "") + "49" + rng.digits(rng.range(3, 13)) }),
    () => ({ type: "IMEI", value: rng.digits(14) }),
    () => ({ type: "IMEISV", value: rng.digits(16) }),
  ])();
}

function subscriberInput(rng: Rng, p: Pools): { type: string; value: string } {
  const s = p.subscribers.length && !rng.chance(0.15) ? rng.pick(p.subscribers) : null;
  if (s && s.identifiers.length) return { ...rng.pick(s.identifiers) };
  return validIdentifier(rng);
}

const first = (rng: Rng) => rng.weighted<number | undefined>([[4, undefined], [3, rng.range(0, 20)], [1, 100]]);

function idempotency(rng: Rng): Record<string, unknown> {
  if (!rng.chance(0.3)) return {};
  return { idempotencyKey: rng.pick(["fuzz-key-1", "fuzz-key-2", "fuzz-key-3", `fuzz-${rng.hex(8)}`]) };
}

const IDEM = "$idempotencyKey: String";

export const CORPUS: CorpusEntry[] = [
  {
    name: "viewer",
    mutation: false,
    document: `query Viewer($first: Int, $after: String, $inner: Int) {
  viewer {
    id name allowOfferDelegation
    parent { id name allowOfferDelegation offers(first: $inner) { totalCount nodes { id name kind } } packages { nodes { id name } } }
    subCustomers(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name subscribers(first: $inner) { nodes { id imsi iccid msisdn imei imeisv package { id name } offers { id priority attachedAt offer { id name kind } package { id } attachedBy { id name } } } } } }
    }
    offers(first: $first) { nodes { id name kind owner { id } poolCustomer { id name } } }
    packages(first: $first) { nodes { id name description nestedOffers { id name } eligibleSubAccounts { all customers { id name } } owner { id } } }
    subscribers(first: $first) { totalCount nodes { id imsi customer { id } } }
    requests(first: $inner) { nodes { id operation status code createdAt completedAt } }
    apiKeys { totalCount nodes { keyPrefix label createdAt revokedAt } }
  }
}`,
    variables: (rng) => ({ first: first(rng), inner: rng.weighted<number | undefined>([[3, undefined], [3, rng.range(0, 5)]]), ...(rng.chance(0.2) ? { after: rng.pick(["", "abc", "MA==", "eyJpZCI6MX0="]) } : {}) }),
  },
  {
    name: "customer",
    mutation: false,
    document: `query Customer($id: UUID!, $first: Int) {
  customer(id: $id) {
    id name allowOfferDelegation
    parent { id name }
    subCustomers(first: $first) { totalCount nodes { id name } }
    offers(first: $first) { nodes { id name kind } }
    packages(first: $first) { nodes { id name nestedOffers { id } } }
    subscribers(first: $first) { nodes { id imsi msisdn } }
  }
}`,
    variables: (rng, p) => ({ id: rng.chance(0.8) ? customerId(rng, p) : anyId(rng, p), first: first(rng) }),
  },
  {
    name: "subscriber",
    mutation: false,
    document: `query Subscriber($identifier: SubscriberIdentifierInput!) {
  subscriber(identifier: $identifier) {
    id imsi iccid msisdn imei imeisv
    customer { id name }
    package { id name nestedOffers { id name } }
    offers { id priority attachedAt offer { id name kind } package { id } attachedBy { id } subscriber { id } }
  }
}`,
    variables: (rng, p) => ({ identifier: subscriberInput(rng, p) }),
  },
  {
    name: "request",
    mutation: false,
    document: `query Request($id: UUID!) { request(id: $id) { id operation status code createdAt completedAt } }`,
    variables: (rng, p) => ({ id: anyId(rng, p) }),
  },
  {
    name: "myPackages",
    mutation: false,
    document: `query MyPackages($customerId: UUID!, $first: Int, $after: String) {
  myPackages(customerId: $customerId, first: $first, after: $after) {
    __typename
    ... on PackageConnection { totalCount pageInfo { endCursor hasNextPage } nodes { id name description nestedOffers { id name } } }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ customerId: customerId(rng, p), first: first(rng) }),
  },
  {
    name: "externalParamsConfig",
    mutation: false,
    document: `query Configs($customerId: UUID!, $entity: ExternalParamEntity!, $entityId: UUID!, $first: Int, $after: String) {
  externalParamsConfig(customerId: $customerId, entity: $entity, entityId: $entityId, first: $first, after: $after) {
    __typename
    ... on ExternalParamConfigConnection { totalCount nodes { id name displayName description entityType isSearchable value } }
    ... on EntityNotFound { entity entityId }
    ${ERR}
  }
}`,
    variables: (rng, p) => {
      const entity = rng.pick(["CUSTOMER", "SUBSCRIBER", "PLAN", "PACKAGE"]);
      const entityId =
        entity === "CUSTOMER" ? customerId(rng, p)
        : entity === "SUBSCRIBER" ? pickOr(rng, p.subscribers.map((s) => s.id), () => randomUuid(rng))
        : entity === "PLAN" ? offerId(rng, p)
        : packageId(rng, p);
      return { customerId: customerId(rng, p), entity, entityId, first: first(rng) };
    },
  },
  {
    name: "subscribersByExternalParam",
    mutation: false,
    document: `query ByParam($configId: UUID!, $value: String!, $first: Int, $after: String) {
  subscribersByExternalParam(configId: $configId, value: $value, first: $first, after: $after) {
    __typename
    ... on SubscriberConnection { totalCount nodes { id imsi customer { id } } }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ configId: configId(rng, p), value: rng.pick(["EXT-1", "EXT-B", "CC-001", "note", "", "x"]), first: first(rng) }),
  },
  {
    name: "createPackage",
    mutation: true,
    document: `mutation CreatePackage($customerId: UUID!, $input: CreatePackageInput!, ${IDEM}) {
  createPackage(customerId: $customerId, input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on CreatePackageSuccess { requestId package { id name description nestedOffers { id name } eligibleSubAccounts { all customers { id name } } } }
    ... on OffersNotOwned { offerIds } ... on NotDirectSubAccounts { customerIds } ... on PackageNameTaken { name packageId }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({
      customerId: customerId(rng, p),
      input: {
        name: oddName(rng),
        ...(rng.chance(0.5) ? { description: rng.chance(0.8) ? "A fuzzed package" : longString(rng) } : {}),
        nestedOfferIds: Array.from({ length: rng.weighted([[8, rng.range(1, 3)], [1, 0], [1, rng.range(49, 52)]]) }, () => offerId(rng, p)),
        eligibleSubAccounts: rng.weighted<unknown>([
          [3, { all: true }],
          [3, { ids: Array.from({ length: rng.range(0, 3) }, () => customerId(rng, p)) }],
          [1, { all: false }],
          [1, { all: true, ids: [] }],
          [1, {}],
        ]),
      },
      ...idempotency(rng),
    }),
  },
  {
    name: "attachOffer",
    mutation: true,
    document: `mutation AttachOffer($input: AttachOfferInput!, ${IDEM}) {
  attachOffer(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on AttachOfferSuccess { requestId subscriberOffer { id priority offer { id name kind } subscriber { id } } }
    ... on PriorityInUse { priority subscriberOfferId } ... on PoolPlanAlreadyAttached { offerId subscriberOfferId }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({
      input: {
        subscriber: subscriberInput(rng, p),
        offerId: offerId(rng, p),
        ...(rng.chance(0.8) ? { priority: rng.weighted([[8, rng.range(0, 2000)], [1, 1_000_000], [1, 1_000_001], [1, -1]]) } : {}),
        ...(rng.chance(0.5) ? { myOffer: rng.chance(0.5) } : {}),
      },
      ...idempotency(rng),
    }),
  },
  {
    name: "bulkReplacePackage",
    mutation: true,
    document: `mutation Bulk($input: BulkReplacePackageInput!, ${IDEM}) {
  bulkReplacePackage(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on BulkReplacePackageSuccess { succeededCount failedCount results {
      index requestId subscriber { type value } myPackage currentPackageId newPackageId
      error { __typename ... on ErrorResult { code message } ... on ValidationFailed { issues { path message } } ... on CurrentPackageMismatch { attachedPackageId } }
    } }
    ${ERR}
  }
}`,
    variables: (rng, p) => {
      // 10,001 items is over the limit (refused whole); 10,000 is a full, slow bulk: rare.
      const n = rng.weighted([[10, rng.range(1, 5)], [1, 0], [1, rng.range(20, 300)], [0.4, 10_001], [0.05, 10_000]]);
      const items = Array.from({ length: n }, () => {
        const s = p.subscribers.length && rng.chance(0.85) ? rng.pick(p.subscribers) : null;
        return {
          subscriber: s && s.identifiers.length ? { ...rng.pick(s.identifiers) } : validIdentifier(rng),
          currentPackageId: s?.packageId && rng.chance(0.7) ? s.packageId : packageId(rng, p),
          newPackageId: packageId(rng, p),
          ...(rng.chance(0.4) ? { myPackage: rng.chance(0.5) } : {}),
        };
      });
      return { input: { items }, ...idempotency(rng) };
    },
  },
  {
    name: "createSubscribers",
    mutation: true,
    document: `mutation CreateSubscribers($input: CreateSubscribersInput!, ${IDEM}) {
  createSubscribers(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on CreateSubscribersSuccess { succeededCount failedCount results {
      index customerId requestId subscriber { id imsi iccid msisdn imei imeisv }
      error { __typename ... on ErrorResult { code message } ... on SubscriberIdentifierTaken { identifier { type value } } }
    } }
    ${ERR}
  }
}`,
    variables: (rng, p) => {
      const n = rng.weighted([[10, rng.range(1, 4)], [1, 0], [1, rng.range(20, 200)], [0.4, 10_001]]);
      const items = Array.from({ length: n }, () => {
        const item: Record<string, unknown> = { customerId: customerId(rng, p) };
        for (let k = rng.range(0, 3); k > 0; k--) {
          const id = validIdentifier(rng);
          item[id.type.toLowerCase()] = rng.chance(0.9) ? id.value : identifierish(rng);
        }
        return item;
      });
      return { input: { items }, ...idempotency(rng) };
    },
  },
  {
    name: "attachPackage",
    mutation: true,
    document: `mutation AttachPackage($input: SubscriberPackageInput!, ${IDEM}) {
  attachPackage(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on AttachPackageSuccess { requestId subscriber { id package { id name } offers { id priority } } }
    ... on PackageAlreadyAttached { attachedPackageId }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ input: { subscriber: subscriberInput(rng, p), packageId: packageId(rng, p), ...(rng.chance(0.4) ? { myPackage: rng.chance(0.5) } : {}) }, ...idempotency(rng) }),
  },
  {
    name: "detachPackage",
    mutation: true,
    document: `mutation DetachPackage($input: SubscriberPackageInput!, ${IDEM}) {
  detachPackage(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on DetachPackageSuccess { requestId subscriber { id package { id } offers { id } } }
    ... on CurrentPackageMismatch { attachedPackageId currentPackageId }
    ${ERR}
  }
}`,
    variables: (rng, p) => {
      const s = p.subscribers.length ? rng.pick(p.subscribers) : null;
      return {
        input: {
          subscriber: s && s.identifiers.length ? { ...rng.pick(s.identifiers) } : validIdentifier(rng),
          packageId: s?.packageId && rng.chance(0.6) ? s.packageId : packageId(rng, p),
          ...(rng.chance(0.4) ? { myPackage: rng.chance(0.5) } : {}),
        },
        ...idempotency(rng),
      };
    },
  },
  {
    name: "detachOffer",
    mutation: true,
    document: `mutation DetachOffer($input: DetachOfferInput!, ${IDEM}) {
  detachOffer(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on DetachOfferSuccess { requestId subscriberOfferId subscriber { id offers { id } } }
    ... on OfferCameWithPackage { packageId subscriberOfferId }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ input: { subscriberOfferId: pickOr(rng, p.subscriberOffers, () => randomUuid(rng), 0.2), ...(rng.chance(0.4) ? { myOffer: rng.chance(0.5) } : {}) }, ...idempotency(rng) }),
  },
  {
    name: "createOffer",
    mutation: true,
    document: `mutation CreateOffer($input: CreateOfferInput!, ${IDEM}) {
  createOffer(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on CreateOfferSuccess { requestId offer { id name kind owner { id } poolCustomer { id } } }
    ... on PoolCustomerNotSubAccount { customerId }
    ${ERR}
  }
}`,
    variables: (rng, p) => {
      const kind = rng.pick(["REGULAR", "POOL"]);
      return { input: { name: oddName(rng), kind, ...(kind === "POOL" || rng.chance(0.1) ? { poolCustomerId: customerId(rng, p) } : {}) }, ...idempotency(rng) };
    },
  },
  {
    name: "updatePackage",
    mutation: true,
    document: `mutation UpdatePackage($input: UpdatePackageInput!, ${IDEM}) {
  updatePackage(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on UpdatePackageSuccess { requestId package { id name description nestedOffers { id } eligibleSubAccounts { all customers { id } } } }
    ... on PackageInUse { packageId subscriberCount }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({
      input: {
        packageId: packageId(rng, p),
        ...(rng.chance(0.5) ? { name: oddName(rng) } : {}),
        ...(rng.chance(0.4) ? { description: rng.pick(["", "new description", null]) } : {}),
        ...(rng.chance(0.3) ? { nestedOfferIds: Array.from({ length: rng.range(0, 3) }, () => offerId(rng, p)) } : {}),
        ...(rng.chance(0.3) ? { eligibleSubAccounts: rng.chance(0.5) ? { all: true } : { ids: [customerId(rng, p)] } } : {}),
      },
      ...idempotency(rng),
    }),
  },
  {
    name: "deletePackage",
    mutation: true,
    document: `mutation DeletePackage($input: DeletePackageInput!, ${IDEM}) {
  deletePackage(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on DeletePackageSuccess { requestId packageId }
    ... on PackageInUse { packageId subscriberCount }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ input: { packageId: packageId(rng, p) }, ...idempotency(rng) }),
  },
  {
    name: "createSubCustomer",
    mutation: true,
    document: `mutation CreateSubCustomer($input: CreateSubCustomerInput!, ${IDEM}) {
  createSubCustomer(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on CreateSubCustomerSuccess { requestId customer { id name allowOfferDelegation parent { id } } }
    ${ERR}
  }
}`,
    variables: (rng) => ({ input: { name: oddName(rng), ...(rng.chance(0.5) ? { allowOfferDelegation: rng.chance(0.5) } : {}) }, ...idempotency(rng) }),
  },
  {
    name: "renameCustomer",
    mutation: true,
    document: `mutation Rename($input: RenameCustomerInput!, ${IDEM}) {
  renameCustomer(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on RenameCustomerSuccess { requestId customer { id name } }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ input: { customerId: customerId(rng, p), name: oddName(rng) }, ...idempotency(rng) }),
  },
  {
    name: "setOfferDelegation",
    mutation: true,
    document: `mutation Delegation($input: SetOfferDelegationInput!, ${IDEM}) {
  setOfferDelegation(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on SetOfferDelegationSuccess { requestId customer { id allowOfferDelegation } }
    ... on CustomerNotDirectSubAccount { customerId }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ input: { customerId: customerId(rng, p), allowOfferDelegation: rng.chance(0.5) }, ...idempotency(rng) }),
  },
  {
    name: "createExternalParamConfig",
    mutation: true,
    document: `mutation CreateConfig($input: CreateExternalParamConfigInput!, ${IDEM}) {
  createExternalParamConfig(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on CreateExternalParamConfigSuccess { requestId config { id name displayName description entityType isSearchable value } }
    ... on ExternalParamNameTaken { configId name }
    ${ERR}
  }
}`,
    variables: (rng) => ({
      input: {
        name: rng.pick([() => `fuzz${rng.hex(4)}`, () => "costCenter", () => "9starts-with-digit", () => "has space", () => weirdString(rng, 20), () => "a".repeat(rng.pick([64, 65, 200, 201]))])(),
        entityType: rng.pick(["CUSTOMER", "SUBSCRIBER", "OFFER", "PACKAGE"]),
        isSearchable: rng.chance(0.5),
        ...(rng.chance(0.5) ? { displayName: oddName(rng) } : {}),
        ...(rng.chance(0.5) ? { description: rng.chance(0.9) ? "fuzzed" : longString(rng) } : {}),
      },
      ...idempotency(rng),
    }),
  },
  {
    name: "setExternalParamValue",
    mutation: true,
    document: `mutation SetValue($input: SetExternalParamValueInput!, ${IDEM}) {
  setExternalParamValue(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on SetExternalParamValueSuccess { requestId entityId config { id name value } }
    ... on EntityNotFound { entity entityId } ... on ExternalParamConfigNotFound { configId }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({
      input: { configId: configId(rng, p), entityId: anyId(rng, p), value: rng.pick([() => "EXT-1", () => `v-${rng.hex(4)}`, () => "", () => "x".repeat(rng.pick([1000, 1001])), () => weirdString(rng, 30)])() },
      ...idempotency(rng),
    }),
  },
  {
    name: "clearExternalParamValue",
    mutation: true,
    document: `mutation ClearValue($input: ClearExternalParamValueInput!, ${IDEM}) {
  clearExternalParamValue(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on ClearExternalParamValueSuccess { requestId cleared entityId config { id value } }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ input: { configId: configId(rng, p), entityId: anyId(rng, p) }, ...idempotency(rng) }),
  },
  {
    name: "createApiKey",
    mutation: true,
    document: `mutation CreateKey($input: CreateApiKeyInput!, ${IDEM}) {
  createApiKey(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on CreateApiKeySuccess { requestId apiKey { id keyPrefix label createdAt revokedAt } }
    ${ERR}
  }
}`,
    variables: (rng) => ({ input: rng.chance(0.7) ? { label: rng.pick([() => `fuzz ${rng.hex(4)}`, () => "", () => "x".repeat(rng.pick([100, 101])), () => weirdString(rng, 30)])() } : {}, ...idempotency(rng) }),
  },
  {
    // Only ids that are not the caller's own keys: the run must not lock itself out.
    name: "revokeApiKey",
    mutation: true,
    document: `mutation RevokeKey($input: RevokeApiKeyInput!, ${IDEM}) {
  revokeApiKey(input: $input, idempotencyKey: $idempotencyKey) {
    __typename
    ... on RevokeApiKeySuccess { requestId apiKey { id revokedAt } }
    ... on ApiKeyNotFound { apiKeyId }
    ${ERR}
  }
}`,
    variables: (rng, p) => ({ input: { apiKeyId: anyId(rng, p) }, ...idempotency(rng) }),
  },
  {
    name: "readme-attachOffer-literal",
    mutation: true,
    document: `mutation {
  attachOffer(input: { subscriber: { type: IMSI, value: "222010000000001" }, offerId: "00000002-0000-4000-8000-000000000004", priority: 100 }) {
    __typename
    ... on AttachOfferSuccess { requestId subscriberOffer { id priority offer { name kind } } }
    ... on ErrorResult { code message }
  }
}`,
    variables: () => ({}),
  },
  {
    name: "readme-myPackages-literal",
    mutation: false,
    document: `query {
  myPackages(customerId: "00000001-0000-4000-8000-000000000003", first: 10) {
    __typename
    ... on PackageConnection { totalCount nodes { id name description nestedOffers { id name } } }
    ... on ErrorResult { code message }
  }
}`,
    variables: () => ({}),
  },
];

// ---------------------------------------------------------------------------------------------
// Mutations of variables and documents
// ---------------------------------------------------------------------------------------------

type Json = unknown;

/** Paths to every value inside a JSON value (the root excluded). */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = [], limit = 400): (string | number)[][] {
  if (out.length >= limit) return out;
  if (Array.isArray(value)) {
    value.slice(0, 20).forEach((v, i) => {
      out.push([...prefix, i]);
      paths(v, [...prefix, i], out, limit);
    });
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      paths(v, [...prefix, k], out, limit);
    }
  }
  return out;
}

function setAt(root: any, path: (string | number)[], update: (parent: any, key: string | number) => void) {
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key];
  update(node, path[path.length - 1]!);
}

function mutateVariables(rng: Rng, variables: Record<string, unknown>): unknown {
  const op = rng.weighted<string>([
    [12, "replace"],
    [3, "delete"],
    [2, "extra-key"],
    [2, "wrap"],
    [2, "drop-all"],
    [2, "root"],
    [1, "duplicate-items"],
  ]);
  if (op === "root") return rng.pick<() => unknown>([() => null, () => [], () => [variables], () => "variables", () => JSON.stringify(variables), () => 42, () => true, () => nastyValue(rng)])();
  if (op === "drop-all") return {};
  const v = structuredClone(variables) as Record<string, unknown>;
  const all = paths(v);
  const targets = all.length ? Array.from({ length: rng.range(1, 3) }, () => rng.pick(all)) : [];
  if (!targets.length) {
    v[rng.pick(["first", "id", "input", "extra"])] = nastyValue(rng);
    return v;
  }
  for (const target of targets) {
    try {
      setAt(v, target, (parent, key) => {
        if (parent === null || typeof parent !== "object") return;
        if (op === "replace") parent[key] = nastyValue(rng);
        else if (op === "delete") {
          if (Array.isArray(parent)) parent.splice(Number(key), 1);
          else delete parent[key];
        } else if (op === "extra-key") {
          if (parent[key] && typeof parent[key] === "object" && !Array.isArray(parent[key])) parent[key][rng.pick(["extra", "__typename", "id", "all", "value", "ids"])] = nastyValue(rng);
          else parent[key] = nastyValue(rng);
        } else if (op === "wrap") parent[key] = rng.chance(0.5) ? [parent[key]] : { value: parent[key] };
        else if (op === "duplicate-items" && Array.isArray(parent[key])) parent[key] = Array.from({ length: rng.size(2_000) }, () => parent[key][0] ?? null);
        else parent[key] = nastyValue(rng);
      });
    } catch {
      // A path into a value an earlier change replaced: skip it.
    }
  }
  return v;
}

const SCHEMA_NAMES = [
  "viewer", "customer", "subscriber", "request", "myPackages", "externalParamsConfig", "subscribersByExternalParam",
  "createPackage", "attachOffer", "bulkReplacePackage", "id", "name", "parent", "subCustomers", "subscribers", "offers",
  "packages", "nodes", "edges", "pageInfo", "totalCount", "__typename", "__schema", "__type", "code", "message", "issues",
  "priority", "nestedOffers", "eligibleSubAccounts", "all", "customers", "apiKeys", "requests", "ErrorResult",
  "PackageConnection", "Customer", "Query", "Mutation", "UUID", "Int", "String", "Boolean", "SubscriberIdentifierInput",
];

const TOKENS = [
  "{", "}", "(", ")", "[", "]", ":", "!", "=", "@", "$", "...", "|", "&", ",", "#", "\"", '"""', "query", "mutation",
  "subscription", "fragment", "on", "true", "false", "null", "1", "-1", "1.5", "1e309", "99999999999999999999",
  "$x", "$first", "$input", "@include(if: true)", "@skip(if: false)", "@include", "@unknown", "...F", "... on Customer",
  "__typename", "__schema", "\\u0000", '"\\u0000"', '"\\ud800"', "\u0000", "\u00a0", "\ufeff", "😀", "\\", "'", "extend",
  "schema", "directive @d on FIELD", "type T { a: Int }", "input", "enum", "scalar", "interface", "union", "implements",
];

function randomName(rng: Rng): string {
  return rng.chance(0.6) ? rng.pick(SCHEMA_NAMES) : "f" + rng.hex(rng.range(1, 6));
}

function mutateText(rng: Rng, doc: string): string {
  const ops = rng.range(1, 4);
  let d = doc;
  for (let i = 0; i < ops; i++) {
    const pos = rng.int(d.length + 1);
    const op = rng.weighted<string>([
      [3, "delete"], [2, "duplicate"], [2, "swap"], [4, "token"], [3, "unbalance"], [3, "rename"],
      [2, "directive"], [1, "truncate"], [1, "char"],
    ]);
    switch (op) {
      case "delete":
        d = d.slice(0, pos) + d.slice(pos + rng.range(1, 8));
        break;
      case "duplicate": {
        const len = rng.range(1, 60);
        d = d.slice(0, pos + len) + d.slice(pos, pos + len) + d.slice(pos + len);
        break;
      }
      case "swap": {
        const j = rng.int(d.length);
        const a = Math.min(pos, j), b = Math.max(pos, j);
        if (b < d.length && a < b) d = d.slice(0, a) + d[b] + d.slice(a + 1, b) + d[a] + d.slice(b + 1);
        break;
      }
      case "token":
        d = d.slice(0, pos) + " " + rng.pick(TOKENS) + " " + d.slice(pos);
        break;
      case "unbalance": {
        const ch = rng.pick(["{", "}", "(", ")", "[", "]"]);
        const idx = rng.chance(0.5) ? d.lastIndexOf(rng.pick(["}", ")"])) : -1;
        d = idx >= 0 ? d.slice(0, idx) + d.slice(idx + 1) : d.slice(0, pos) + ch + d.slice(pos);
        break;
      }
      case "rename": {
        const names = [...d.matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)];
        if (names.length) {
          const m = rng.pick(names);
          d = d.slice(0, m.index!) + randomName(rng) + d.slice(m.index! + m[0].length);
        }
        break;
      }
      case "directive": {
        const names = [...d.matchAll(/\b[a-z][A-Za-z0-9_]*\b(?=\s*[{(\s])/g)];
        if (names.length) {
          const m = rng.pick(names);
          const at = m.index! + m[0].length;
          d = d.slice(0, at) + " " + randomDirective(rng) + d.slice(at);
        }
        break;
      }
      case "truncate":
        d = d.slice(0, pos);
        break;
      case "char":
        d = d.slice(0, pos) + rng.pick(WEIRD_CHARS) + d.slice(pos);
        break;
    }
  }
  return d;
}

function randomDirective(rng: Rng): string {
  return rng.pick([
    "@include(if: true)", "@include(if: false)", "@skip(if: true)", "@skip(if: false)", '@include(if: "yes")',
    "@include(if: null)", "@include(if: 1)", "@include", "@skip(if: $undefinedVar)", "@include(if: true, extra: 1)",
    "@include(if: true) @include(if: false)", "@skip(if: true) @skip(if: true)", "@deprecated", '@deprecated(reason: "x")',
    "@unknown", "@unknown(arg: [1, 2, {a: 3}])", '@specifiedBy(url: "x")', "@defer", '@defer(label: "a")',
    "@stream(initialCount: 1)", "@oneOf", "@cacheControl(maxAge: 1)", "@live", "@client", "@export(as: \"x\")",
  ]);
}

/** Whole documents built to probe one structure. */
function shapedDocument(rng: Rng): { document: string; variables?: unknown; operationName?: unknown; noKey?: boolean } {
  const shape = rng.weighted<string>([
    [3, "aliases"], [3, "deep-parent"], [2, "deep-connections"], [2, "repeated"], [2, "fragments"], [2, "cyclic"],
    [2, "opname"], [2, "subscription"], [2, "typename"], [3, "introspection"], [2, "directives"], [2, "unknown-field"],
    [1, "deep-list-literal"], [1, "deep-object-literal"], [1, "big-string-literal"], [1, "variables-games"],
    [1, "schema-definition"], [1, "empty"], [1, "many-fragments"], [1, "intro-aliases"], [1, "deep-inline-fragments"],
  ]);
  switch (shape) {
    case "aliases": {
      const n = rng.pick([1, 5, 29, 30, 31, 60, rng.range(1, 400)]);
      const field = rng.pick(["viewer { id }", "viewer { name }", "__typename", "customer(id: \"00000001-0000-4000-8000-000000000002\") { id }", "viewer { a: id b: name }"]);
      return { document: `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }` };
    }
    case "deep-parent": {
      const n = rng.pick([1, 10, 11, 12, 13, 1_650, rng.range(1, 1_665)]);
      return { document: `{ viewer { ${"parent { ".repeat(n)}id${" }".repeat(n)} } }` };
    }
    case "deep-connections": {
      const n = rng.range(1, 40);
      const first = rng.pick(["", "(first: 100)", "(first: 0)", "(first: -1)", "(first: 2147483647)", "(first: 1)"]);
      let inner = "id";
      for (let i = 0; i < n; i++) inner = `subCustomers${first} { nodes { ${inner} } }`;
      return { document: `{ viewer { ${inner} } }` };
    }
    case "repeated": {
      const n = rng.pick([2, 100, 1_000, 2_400, 2_600, 5_000]);
      return { document: `{ viewer { ${"id ".repeat(n)}} }` };
    }
    case "fragments": {
      const typeCond = rng.pick(["Customer", "Query", "Subscriber", "Offer", "ErrorResult", "Nope", "String", "MyPackagesResult"]);
      return {
        document: `query Q { viewer { ...F } myPackages(customerId: "${rng.pick(MISSING_IDS)}") { ...G } }
fragment F on ${typeCond} { id name ${rng.chance(0.3) ? "...F2" : ""} }
fragment F2 on Customer { parent { id } }
fragment G on MyPackagesResult { __typename ... on ErrorResult { code } }
${rng.chance(0.3) ? "fragment F on Customer { id }" : ""} ${rng.chance(0.3) ? "fragment Unused on Customer { id }" : ""}`,
      };
    }
    case "cyclic": {
      const n = rng.range(1, 5);
      const frags = Array.from({ length: n }, (_, i) => `fragment C${i} on Customer { id parent { ...C${(i + 1) % n} } }`).join("\n");
      return { document: `{ viewer { ...C0 } }\n${frags}` };
    }
    case "opname": {
      return rng.pick([
        () => ({ document: "{ viewer { id } } { viewer { name } }" }),
        () => ({ document: "query A { viewer { id } } query B { viewer { name } }" }),
        () => ({ document: "query A { viewer { id } } query B { viewer { name } }", operationName: "C" }),
        () => ({ document: "query A { viewer { id } } query A { viewer { name } }", operationName: "A" }),
        () => ({ document: "query A { viewer { id } } mutation B { __typename }", operationName: "B" }),
        () => ({ document: "query A { viewer { id } }", operationName: rng.pick<unknown>([5, {}, [], "", null, "A", "a", true]) }),
        () => ({ document: "query A { viewer { id } } query { viewer { id } }" }),
      ])();
    }
    case "subscription":
      return { document: rng.pick(["subscription { viewer { id } }", "subscription S { __typename }", "subscription { requestUpdated { id } }", "subscription A { a: __typename b: __typename }"]) };
    case "typename":
      return {
        document: rng.pick(["{ __typename }", "query { __typename __typename }", "mutation { __typename }", "query Q { t: __typename }", "{ __typename viewer { id } }", "subscription { __typename }"]),
        noKey: rng.chance(0.5),
      };
    case "introspection":
      return {
        document: rng.pick([
          "{ __schema { queryType { name } mutationType { name } subscriptionType { name } types { name kind } } }",
          "{ __type(name: \"Customer\") { ...T } } fragment T on __Type { name kind fields(includeDeprecated: true) { name args { name type { ...R } } type { ...R } } } fragment R on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }",
          "{ __type(name: 5) { name } }",
          "{ __type(name: \"\") { name } }",
          "query($n: String!) { __type(name: $n) { name fields { name } } }",
          "{ __schema { directives { name args { name defaultValue } locations } } }",
          "{ __schema { types { name fields { name type { name fields { name type { name fields { name } } } } } } } }",
          "{ __schema { types { possibleTypes { name interfaces { name possibleTypes { name } } } } } }",
          "{ __type(name: \"Query\") { fields { name } } viewer { id } }",
          "{ __schema { types { name } } __schema { types { name } } }",
        ]),
        variables: rng.chance(0.5) ? { n: rng.pick<unknown>(["Customer", null, 5, "", "__Type"]) } : undefined,
        noKey: rng.chance(0.5),
      };
    case "intro-aliases": {
      const n = rng.range(1, 40);
      return { document: `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(" ")} }`, noKey: rng.chance(0.5) };
    }
    case "directives":
      return { document: `query Q($b: Boolean = true) { viewer ${randomDirective(rng)} { id ${randomDirective(rng)} name @include(if: $b) ... @skip(if: $b) { parent { id } } } }`, variables: rng.chance(0.5) ? { b: nastyValue(rng) } : undefined };
    case "unknown-field":
      return { document: `{ ${randomName(rng)} { ${randomName(rng)} } viewer { ${randomName(rng)}(${randomName(rng)}: 1) } }` };
    case "deep-list-literal": {
      // Up to the token limit (5000 tokens: 2499 levels).
      const n = rng.pick([10, 100, 1_000, 2_000, 2_300, 2_400, 2_490, rng.range(1, 2_499)]);
      return { document: `{ customer(id: ${"[".repeat(n)}"x"${"]".repeat(n)}) { id } }` };
    }
    case "deep-object-literal": {
      const n = rng.pick([10, 100, 1_000, 1_240, rng.range(1, 1_249)]);
      return { document: `mutation { attachOffer(input: ${"{ a: ".repeat(n)}1${" }".repeat(n)}) { __typename } }` };
    }
    case "big-string-literal": {
      const s = JSON.stringify(longString(rng));
      return { document: rng.pick([`{ customer(id: ${s}) { id } }`, `mutation { createSubCustomer(input: { name: ${s} }) { __typename ... on ErrorResult { code message } } }`, `{ viewer { id } } # ${s}`, `{ viewer { id } } """${s.replace(/"""/g, "")}"""`]) };
    }
    case "variables-games":
      return rng.pick([
        () => ({ document: "query($id: UUID!) { customer(id: $id) { id } }", variables: {} }),
        () => ({ document: "query($id: UUID!, $id: UUID!) { customer(id: $id) { id } }", variables: { id: MISSING_IDS[0] } }),
        () => ({ document: "query($id: Customer) { viewer { id } }", variables: { id: 1 } }),
        () => ({ document: "query($id: [[[UUID!]!]!]!) { customer(id: $id) { id } }", variables: { id: [[[MISSING_IDS[0]]]] } }),
        () => ({ document: "query($first: Int = \"ten\") { viewer { subCustomers(first: $first) { totalCount } } }" }),
        () => ({ document: "query($first: Int) { viewer { subCustomers(first: $first) { totalCount } } }", variables: { first: rng.pick<unknown>([2 ** 31, -(2 ** 31), "5", 5.5, null, 100, 101, -1, 1e21]) } }),
        () => ({ document: "query { viewer { id } }", variables: { unused: deepValue(rng) } }),
        () => ({ document: "query($x: Int) { viewer { id } }", variables: { x: nastyValue(rng) } }),
      ])();
    case "schema-definition":
      return { document: rng.pick(["type Query { a: Int }", "schema { query: Query }", "extend type Query { x: Int }", "directive @d on FIELD", "scalar X", "{ viewer { id } } type X { a: Int }"]) };
    case "empty":
      return { document: rng.pick(["", " ", "\n", "#", "# comment only", "{}", "{ }", "query", "query {}", "\ufeff{ viewer { id } }", "\u0000"]) };
    case "deep-inline-fragments": {
      const n = rng.pick([5, 100, 990, rng.range(1, 999)]);
      return { document: `{ viewer { ${"... on Customer { ".repeat(n)}id${" }".repeat(n)} } }` };
    }
    case "many-fragments": {
      const n = rng.range(2, 200);
      const frags = Array.from({ length: n }, (_, i) => `fragment M${i} on Customer { id ${i + 1 < n ? `...M${i + 1}` : "name"} }`).join("\n");
      return { document: `{ viewer { ...M0 } }\n${frags}` };
    }
  }
  return { document: "{ viewer { id } }" };
}

function randomTokens(rng: Rng): string {
  const n = rng.size(3_000);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(rng.chance(0.7) ? rng.pick(TOKENS) : randomName(rng));
  return out.join(rng.pick([" ", "", "\n", ","]));
}

function randomJson(rng: Rng, depth = 0): unknown {
  const kind = depth > 4 ? rng.int(5) : rng.int(8);
  switch (kind) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick([0, -1, 1.5, 2 ** 53, 1e308, -1e-308]);
    case 3: return weirdString(rng, 20);
    case 4: return rng.pick(["query", "{ viewer { id } }", "", "variables"]);
    case 5: return Array.from({ length: rng.range(0, 4) }, () => randomJson(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rng.range(0, 4); i > 0; i--) o[rng.pick(["query", "variables", "operationName", "extensions", "id", "documentId", weirdString(rng, 8)])] = randomJson(rng, depth + 1);
      return o;
    }
  }
}

function randomBytes(rng: Rng): Buffer {
  const n = rng.size(20_000);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

interface FuzzCase {
  index: number;
  kind: string;
  method: string;
  /** Path and query string relative to the /graphql URL's origin; "" means the URL's own path. */
  path: string;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  document: string | null;
  variables: unknown;
  /** The body is over the server's limit: the server may close the connection early. */
  oversize?: boolean;
}

const JSON_CT = "application/json";
const GRAPHQL_PATH = "";

function keyHeader(rng: Rng, keys: string[]): OutgoingHttpHeaders {
  return keys.length && rng.chance(0.95) ? { authorization: `Bearer ${rng.pick(keys)}` } : {};
}

function jsonCase(index: number, kind: string, rng: Rng, keys: string[], payload: Record<string, unknown>, noKey = false): FuzzCase {
  return {
    index,
    kind,
    method: "POST",
    path: GRAPHQL_PATH,
    headers: { "content-type": JSON_CT, ...(noKey ? {} : keyHeader(rng, keys)) },
    body: Buffer.from(JSON.stringify(payload)),
    document: typeof payload.query === "string" ? payload.query : null,
    variables: payload.variables,
  };
}

function corpusPayload(rng: Rng, pools: Pools) {
  const entry = rng.pick(CORPUS);
  return { entry, query: entry.document, variables: entry.variables(rng, pools) };
}

/** Builds case `index` of a run: depends on (seed, index, pools) only. */
export function buildCase(seed: number, index: number, keys: string[], pools: Pools): FuzzCase {
  const rng = new Rng(mix(seed, index));
  const kind = rng.weighted<string>([
    [10, "valid"],
    [33, "variables"],
    [18, "text"],
    [12, "shape"],
    [4, "tokens"],
    [5, "json-body"],
    [3, "bytes"],
    [15, "http"],
  ]);
  switch (kind) {
    case "valid": {
      const { query, variables } = corpusPayload(rng, pools);
      return jsonCase(index, kind, rng, keys, { query, variables });
    }
    case "variables": {
      const { query, variables } = corpusPayload(rng, pools);
      return jsonCase(index, kind, rng, keys, { query, variables: mutateVariables(rng, variables) });
    }
    case "text": {
      const { query, variables } = corpusPayload(rng, pools);
      return jsonCase(index, kind, rng, keys, { query: scrub(mutateText(rng, query)), variables: rng.chance(0.3) ? mutateVariables(rng, variables) : variables });
    }
    case "shape": {
      const s = shapedDocument(rng);
      let document = s.document;
      if (rng.chance(0.15)) document = mutateText(rng, document);
      const payload: Record<string, unknown> = { query: scrub(document) };
      if (s.variables !== undefined) payload.variables = s.variables;
      if ("operationName" in s) payload.operationName = s.operationName;
      return jsonCase(index, kind, rng, keys, payload, s.noKey);
    }
    case "tokens":
      return jsonCase(index, kind, rng, keys, { query: scrub(randomTokens(rng)) });
    case "json-body":
      return jsonBodyCase(index, rng, keys, pools);
    case "bytes": {
      const body = randomBytes(rng);
      return { index, kind, method: "POST", path: GRAPHQL_PATH, headers: { "content-type": rng.pick([JSON_CT, "application/json; charset=utf-8", "text/plain"]), ...keyHeader(rng, keys) }, body, document: null, variables: undefined };
    }
    default:
      return httpCase(index, rng, keys, pools);
  }
}

function jsonBodyCase(index: number, rng: Rng, keys: string[], pools: Pools): FuzzCase {
  const q = "{ viewer { id name } }";
  const hash = createHash("sha256").update(q).digest("hex");
  const raw = rng.pick<() => unknown>([
    () => [],
    () => [{ query: q }],
    () => [{ query: q }, { query: q }],
    () => 123,
    () => "query",
    () => null,
    () => true,
    () => ({}),
    () => ({ query: 5 }),
    () => ({ query: null }),
    () => ({ query: [q] }),
    () => ({ query: { kind: "Document", definitions: [] } }),
    () => ({ query: q, variables: "string" }),
    () => ({ query: q, variables: JSON.stringify({ a: 1 }) }),
    () => ({ query: q, variables: [1, 2] }),
    () => ({ query: q, variables: 7 }),
    () => ({ variables: {} }),
    () => ({ query: q, extensions: "x" }),
    () => ({ query: q, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    () => ({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
    () => ({ query: q, extensions: { persistedQuery: { version: 1, sha256Hash: "abc" } } }),
    () => ({ query: q, extensions: { persistedQuery: { version: 2, sha256Hash: hash } } }),
    () => ({ query: q, extensions: { persistedQuery: { version: "1", sha256Hash: 5 } } }),
    () => ({ extensions: { persistedQuery: null } }),
    () => ({ query: q, extensions: { persistedQuery: deepValue(rng) } }),
    () => ({ query: q, operationName: 5 }),
    () => ({ query: q, operationName: { a: 1 } }),
    () => ({ query: q, id: "abc", documentId: "x" }),
    () => JSON.parse(`{"__proto__": {"query": ${JSON.stringify(q)}}}`),
    () => ({ query: q, variables: JSON.parse('{"__proto__": {"first": 100}}') }),
    () => ({ query: q, query2: q }),
    () => randomJson(rng),
    () => {
      const { query, variables } = corpusPayload(rng, pools);
      return { query, variables, extensions: randomJson(rng) };
    },
  ])();
  const asText = rng.chance(0.1) ? JSON.stringify(raw, null, rng.pick([1, "\t"])) : JSON.stringify(raw);
  // JSON.stringify(undefined) is undefined: send nothing then.
  const body = Buffer.from(asText ?? "");
  return { index, kind: "json-body", method: "POST", path: GRAPHQL_PATH, headers: { "content-type": JSON_CT, ...keyHeader(rng, keys) }, body, document: typeof (raw as any)?.query === "string" ? (raw as any).query : null, variables: (raw as any)?.variables };
}

function authVariant(rng: Rng, keys: string[]): string | string[] | undefined {
  const key = keys.length ? rng.pick(keys) : "none";
  return rng.pick<() => string | string[] | undefined>([
    () => undefined,
    () => "",
    () => "Bearer",
    () => "Bearer ",
    () => `Basic ${Buffer.from("user:pass").toString("base64")}`,
    () => `Token ${key}`,
    () => key,
    () => `bearer ${key}`,
    () => `BEARER   ${key}   `,
    () => `Bearer ${key} extra`,
    () => `Bearer ${key}\t`,
    () => `Bearer ${key.slice(0, -1)}`,
    () => `Bearer ${key}x`,
    () => `Bearer ${key.toUpperCase()}`,
    () => `Bearer unknown-key-${rng.hex(16)}`,
    () => `Bearer ${"k".repeat(512)}`,
    () => `Bearer ${"k".repeat(513)}`,
    () => `Bearer ${"k".repeat(rng.range(600, 8_000))}`,
    () => `Bearer ${"k".repeat(rng.range(17_000, 40_000))}`,
    () => `Bearer ${Buffer.from([0xc3, 0xa9, 0xff, 0x80]).toString("latin1")}`,
    () => [`Bearer ${key}`, "Bearer other"],
    () => `Bearer ${key}, Bearer ${key}`,
  ])();
}

function httpCase(index: number, rng: Rng, keys: string[], pools: Pools): FuzzCase {
  const variant = rng.weighted<string>([[5, "auth"], [4, "content-type"], [4, "get"], [2, "method"], [2, "path"], [1, "oversize"], [2, "misc-headers"]]);
  const { query, variables } = rng.chance(0.7) ? corpusPayload(rng, pools) : { query: "{ viewer { id name } }", variables: {} };
  const body = Buffer.from(JSON.stringify({ query, variables }));
  const base: FuzzCase = { index, kind: `http-${variant}`, method: "POST", path: GRAPHQL_PATH, headers: { "content-type": JSON_CT, ...keyHeader(rng, keys) }, body, document: query, variables };
  switch (variant) {
    case "auth": {
      const auth = authVariant(rng, keys);
      const headers: OutgoingHttpHeaders = { "content-type": JSON_CT };
      if (auth !== undefined) (headers as Record<string, string | string[]>).authorization = auth;
      return { ...base, headers };
    }
    case "content-type": {
      const ct = rng.pick<string | undefined>([
        undefined, "application/json; charset=utf-16", "application/json; charset=latin1", "text/plain", "text/plain; charset=utf-8",
        "application/graphql", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/graphql-response+json",
        "APPLICATION/JSON", "application/jsonx", "json", "application/xml", "*/*", "", "application/json;;;", "application/json; boundary=\"",
      ]);
      const headers: OutgoingHttpHeaders = { ...keyHeader(rng, keys) };
      if (ct !== undefined) headers["content-type"] = ct;
      let sent: Buffer = body;
      if (ct?.includes("utf-16") && rng.chance(0.5)) sent = Buffer.from(body.toString("utf8"), "utf16le");
      if (ct === "application/graphql") sent = Buffer.from(query);
      if (ct === "application/x-www-form-urlencoded") sent = Buffer.from(new URLSearchParams({ query }).toString());
      return { ...base, headers, body: sent };
    }
    case "get": {
      const params = new URLSearchParams();
      const q = rng.chance(0.85) ? query : mutateText(rng, query);
      if (rng.chance(0.9)) params.set("query", scrub(q));
      if (rng.chance(0.6)) params.set("variables", rng.chance(0.8) ? JSON.stringify(variables) : rng.pick(["{", "[]", "null", "5", "%%%", JSON.stringify(mutateVariables(rng, variables as Record<string, unknown>))]));
      if (rng.chance(0.2)) params.set("operationName", rng.pick(["Viewer", "", "X"]));
      if (rng.chance(0.2)) params.set("extensions", rng.pick(['{"persistedQuery":{"version":1,"sha256Hash":"abc"}}', "{", "[]"]));
      const headers: OutgoingHttpHeaders = { ...keyHeader(rng, keys) };
      if (rng.chance(0.5)) headers["apollo-require-preflight"] = "true";
      if (rng.chance(0.3)) headers["content-type"] = JSON_CT;
      if (rng.chance(0.25)) headers.accept = rng.pick(["text/html", "application/json", "application/graphql-response+json", "text/html, application/json", "multipart/mixed; deferSpec=20220824", "*/*"]);
      const qs = params.toString();
      return { ...base, method: "GET", path: `?${rng.chance(0.1) ? qs.replace(/%/g, rng.pick(["%", "%%", "%G"])) : qs}`, headers, body: undefined, document: params.get("query"), variables: params.get("variables") };
    }
    case "method":
      return { ...base, method: rng.pick(["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND"]) };
    case "path":
      return {
        ...base,
        path: rng.pick([
          "/graphql/", "/GRAPHQL", "/graphql?", "/graphql?query=", "/", "/healthz", "/readyz", "/graphiql/assets/../../package.json",
          "/graphiql/assets/%2e%2e%2fpackage.json", "/graphiql/assets/", "/graphiql/assets/nope.js", "/graphql/..%2f", "//graphql",
          "/graphql#frag", "/%", "/%00", "/graphql%00", "/..", "/" + "a".repeat(rng.range(100, 8_000)), "/graphql?" + "a=1&".repeat(500),
          "//[", "//%", "//0x100000000/graphql", "//a:b@[::1/graphql", "//a:b@c", "///", "/\\graphql", "http://127.0.0.1/graphql",
        ]),
      };
    case "oversize": {
      const size = 5 * 1024 * 1024 + rng.range(1, 64 * 1024);
      const big = Buffer.alloc(size, 0x61);
      return { ...base, kind: "http-oversize", body: Buffer.concat([Buffer.from('{"query":"{ viewer { id } }","variables":{"x":"'), big, Buffer.from('"}}')]), document: "{ viewer { id } }", variables: "<5 MB string>", oversize: true };
    }
    default: {
      const headers: OutgoingHttpHeaders = { ...base.headers };
      const extra = rng.pick<[string, string]>([
        ["x-request-id", rng.pick(["abc", "", "a".repeat(65), "<script>", "id with space", "../../etc"])],
        ["accept", rng.pick(["application/graphql-response+json", "text/event-stream", "multipart/mixed", "application/xml", "", "*/*;q=0"])],
        ["apollo-require-preflight", "true"],
        ["x-apollo-operation-name", "Viewer"],
        ["content-encoding", rng.pick(["gzip", "br", "deflate", "identity"])],
        ["expect", "100-continue"],
        ["transfer-encoding", "chunked"],
        ["origin", "http://evil.example"],
        ["cookie", "a=" + "b".repeat(1000)],
        ["x-forwarded-for", "1.2.3.4"],
      ]);
      headers[extra[0]] = extra[1];
      return { ...base, headers };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Sending and checking
// ---------------------------------------------------------------------------------------------

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  error?: string;
}

function send(url: string, c: Pick<FuzzCase, "method" | "path" | "headers" | "body">, timeoutMs: number, agent?: Agent): Promise<Answer> {
  const target = new URL(url);
  const path = c.path === "" ? target.pathname : c.path.startsWith("?") ? target.pathname + c.path : c.path;
  return new Promise((done) => {
    let finished = false;
    const finish = (a: Answer) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done(a);
    };
    const headers: OutgoingHttpHeaders = { ...c.headers };
    if (c.body && headers["transfer-encoding"] === undefined) headers["content-length"] = c.body.length;
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest({ host: target.hostname, port: target.port, method: c.method, path, headers, agent });
    } catch (error) {
      // The client refused to build the request (e.g. a header value it will not send).
      return finish({ status: -1, headers: {}, body: Buffer.alloc(0), error: `client refused: ${(error as Error).message}` });
    }
    const timer = setTimeout(() => {
      req.destroy(new Error("timeout"));
      finish({ status: 0, headers: {}, body: Buffer.alloc(0), error: `no answer in ${timeoutMs} ms` });
    }, timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      const complete = () => finish({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      res.on("end", complete);
      res.on("close", complete);
      res.on("error", complete);
    });
    req.on("error", (error) => finish({ status: 0, headers: {}, body: Buffer.alloc(0), error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(c.body);
  });
}

function clip(text: string, max = 2_000): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

function clipJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return "<unserialisable>";
  }
  if (text === undefined) return undefined;
  return text.length <= 2_000 ? value : clip(text);
}

function printableHeaders(headers: OutgoingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = clip(Array.isArray(v) ? v.join(" | ") : String(v), 200);
  return out;
}

/** What is wrong with an answer, or null. */
export function checkAnswer(answer: { status: number; text: string; json: any }, sent?: string): string | null {
  const { status, text, json } = answer;
  if (status <= 0) return "no HTTP answer";
  for (const { name, re } of LEAK_PATTERNS) {
    const m = re.exec(text);
    // A match that only repeats what the request itself carried is an echo, not a leak.
    if (m && !(sent && sent.includes(m[0]))) return `body leaks internals (${name}: ${JSON.stringify(clip(m[0], 120))})`;
  }
  if (status >= 500) {
    if (json?.errors?.[0]?.extensions?.code !== "GLOBAL_1001") return `HTTP ${status} that is not ServiceUnavailable (GLOBAL_1001)`;
    return null;
  }
  if (!ALLOWED_STATUSES.has(status)) return `unexpected HTTP status ${status}`;
  if (json && typeof json === "object" && "errors" in json) {
    if (!Array.isArray(json.errors) || json.errors.length === 0) return "errors is not a non-empty array";
    for (const e of json.errors) {
      if (typeof e?.message !== "string") return "an error without a string message";
      if (e?.extensions && ("stacktrace" in e.extensions || "exception" in e.extensions)) return "an error carries a stack trace";
    }
  }
  return null;
}

function countErrorResults(value: unknown, into: Record<string, number>, depth = 0): void {
  if (depth > 40 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) countErrorResults(v, into, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.__typename === "string" && typeof o.code === "string" && typeof o.message === "string") {
    into[o.__typename] = (into[o.__typename] ?? 0) + 1;
  }
  for (const v of Object.values(o)) countErrorResults(v, into, depth + 1);
}

const bump = (m: Record<string, number>, k: string) => void (m[k] = (m[k] ?? 0) + 1);

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { url, keys, seed } = options;
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "[::1]") throw new Error(`fuzz targets 127.0.0.1 only, not ${host}`);
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 8;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const indices = options.only ?? Array.from({ length: options.count }, (_, i) => i);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const pools = await discover(url, keys, timeoutMs);
  log(`fuzz: seed ${seed}, ${indices.length} requests, ${concurrency} in flight; found ${pools.customers.length} customers, ${pools.offers.length} offers, ${pools.packages.length} packages, ${pools.subscribers.length} subscribers, ${pools.configs.length} param configs`);

  const report: FuzzReport = {
    seed,
    sent: 0,
    byStatus: {},
    byErrorCode: {},
    byUnionError: {},
    byKind: {},
    statuses: new Array(indices.length).fill(-1),
    faults: 0,
    faultSamples: [],
    elapsedMs: 0,
    requestsPerSecond: 0,
    latencyMs: { p50: 0, p95: 0, max: 0 },
    slowest: [],
    problemCount: 0,
    problems: [],
    healthyAfter: false,
    stoppedEarly: null,
  };
  const started = Date.now();
  const times: { index: number; kind: string; status: number; ms: number }[] = [];
  let next = 0;

  const record = (c: FuzzCase, answer: Answer, reason: string, list: FuzzProblem[]) => {
    if (list.length >= MAX_PROBLEMS) return;
    list.push({
      index: c.index,
      kind: c.kind,
      reason,
      method: c.method,
      path: clip(c.path, 300),
      headers: printableHeaders(c.headers),
      document: c.document === null ? null : clip(c.document, 1_500),
      variables: clipJson(c.variables),
      status: answer.status,
      body: clip(answer.error ? `${answer.error}` : answer.body.toString("utf8"), 4_000),
    });
  };

  /** The last answers, to name the case that brought the server down. */
  const recent: { c: FuzzCase; answer: Answer }[] = [];
  const serverDown = async (): Promise<boolean> => {
    if (options.alive) {
      if (!options.alive()) return true;
      await new Promise((r) => setTimeout(r, 250));
      if (!options.alive()) return true;
    }
    const health = await send(url, { method: "GET", path: "/healthz", headers: {} }, 5_000);
    return health.status !== 200;
  };
  const stop = (reason: string) => {
    if (report.stoppedEarly) return;
    report.stoppedEarly = reason;
    report.problemCount++;
    // Most likely the last 5xx (an answer written just before the process died), else the
    // requests the connection failed on, else the last answers.
    const fatal = recent.filter((r) => r.answer.status >= 500);
    const failed = recent.filter((r) => r.answer.status === 0);
    const named = (fatal.length ? fatal : failed.length ? failed : recent.slice(-3)).slice(-5);
    for (const r of named) record(r.c, r.answer, `${reason} right after this request`, report.problems);
    if (!named.length) record({ index: -1, kind: "-", method: "-", path: "", headers: {}, document: null, variables: undefined }, { status: 0, headers: {}, body: Buffer.alloc(0) }, reason, report.problems);
    log(`fuzz: ${reason}; stopping`);
  };

  const worker = async () => {
    while (next < indices.length && !report.stoppedEarly) {
      const slot = next++;
      const c = buildCase(seed, indices[slot]!, keys, pools);
      const t0 = performance.now();
      let answer = await send(url, c, timeoutMs, agent);
      times.push({ index: c.index, kind: c.kind, status: answer.status, ms: Math.round((performance.now() - t0) * 10) / 10 });
      report.sent++;
      bump(report.byKind, c.kind);
      if (answer.status === -1) {
        // Not sent at all (the client would not build it): no finding about the server.
        bump(report.byStatus, "not sent");
        continue;
      }
      if (answer.status === 0 && c.oversize && answer.error) {
        // An early 413 may reset the connection before its answer is read: fine if alive.
        const health = await send(url, { method: "GET", path: "/healthz", headers: {} }, timeoutMs);
        if (health.status === 200) answer = { ...answer, status: 413 };
      }
      report.statuses[slot] = answer.status;
      bump(report.byStatus, String(answer.status));
      recent.push({ c, answer });
      if (recent.length > 4 * concurrency) recent.shift();
      if (report.stoppedEarly) break;
      if ((answer.status === 0 && (await serverDown())) || (options.alive && !options.alive())) {
        stop(options.alive && !options.alive() ? "the server process exited" : "the server stopped answering");
        break;
      }
      const text = answer.body.toString("utf8");
      let json: any = null;
      if (/json/.test(String(answer.headers["content-type"] ?? ""))) {
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
      }
      for (const e of Array.isArray(json?.errors) ? json.errors : []) bump(report.byErrorCode, String(e?.extensions?.code ?? "(none)"));
      if (json?.data) countErrorResults(json.data, report.byUnionError);
      const sent = c.body ? c.body.toString("utf8") + (c.headers.authorization ?? "") : decodeURIComponentSafe(c.path);
      const reason = answer.status === 0 ? `no HTTP answer (${answer.error})` : checkAnswer({ status: answer.status, text, json }, sent);
      if (reason) {
        report.problemCount++;
        record(c, answer, reason, report.problems);
      }
      if (/GLOBAL_1001/.test(text)) {
        report.faults++;
        record(c, answer, "unexpected fault answered as GLOBAL_1001", report.faultSamples);
      }
      if (report.sent % 500 === 0) log(`fuzz: ${report.sent}/${indices.length} sent, ${report.problemCount} problems`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, indices.length) }, worker));
  report.elapsedMs = Date.now() - started;
  report.requestsPerSecond = Math.round((report.sent / Math.max(report.elapsedMs, 1)) * 1000 * 10) / 10;
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  report.latencyMs = { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
  report.slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 5);

  // Still serving a normal query afterwards?
  const health = report.stoppedEarly ? { status: 0 } : await send(url, { method: "GET", path: "/healthz", headers: {} }, timeoutMs);
  let normalOk = keys.length === 0;
  if (keys.length && !report.stoppedEarly) {
    const body = Buffer.from(JSON.stringify({ query: "{ viewer { id name } }" }));
    const r = await send(url, { method: "POST", path: "", headers: { "content-type": JSON_CT, authorization: `Bearer ${keys[0]}` }, body }, timeoutMs);
    try {
      const parsed = JSON.parse(r.body.toString("utf8"));
      normalOk = r.status === 200 && typeof parsed?.data?.viewer?.name === "string" && !parsed.errors;
    } catch {
      normalOk = false;
    }
  }
  report.healthyAfter = health.status === 200 && normalOk && (!options.alive || options.alive());
  if (!report.healthyAfter && !report.stoppedEarly) {
    report.problemCount++;
    if (report.problems.length < MAX_PROBLEMS) {
      report.problems.push({ index: -1, kind: "after", reason: "the server no longer answers a normal query", method: "POST", path: "", headers: {}, document: "{ viewer { id name } }", variables: undefined, status: health.status, body: "" });
    }
  }
  agent.destroy();
  log(`fuzz: done, ${report.sent} requests in ${report.elapsedMs} ms, ${report.problemCount} problems`);
  return report;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return text + decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** The figures as a small table. */
export function formatReport(report: FuzzReport): string {
  const table = (title: string, m: Record<string, number>) => {
    const rows = Object.entries(m).sort((a, b) => b[1] - a[1]);
    if (!rows.length) return `${title}: none`;
    const width = Math.max(...rows.map(([k]) => k.length), 8);
    return [`${title}:`, ...rows.map(([k, v]) => `  ${k.padEnd(width)} ${String(v).padStart(6)}`)].join("\n");
  };
  return [
    `fuzz seed ${report.seed}: ${report.sent} requests in ${report.elapsedMs} ms (${report.requestsPerSecond} req/s)`,
    `latency ms: p50 ${report.latencyMs.p50}, p95 ${report.latencyMs.p95}, max ${report.latencyMs.max}; slowest: ${report.slowest.map((t) => `#${t.index} ${t.kind} ${t.status} ${t.ms}`).join(", ")}`,
    table("HTTP status", report.byStatus),
    table("top-level error code", report.byErrorCode),
    table("error results by __typename", report.byUnionError),
    table("requests by generator", report.byKind),
    `unexpected faults (GLOBAL_1001): ${report.faults}`,
    ...(report.stoppedEarly ? [`STOPPED EARLY: ${report.stoppedEarly}`] : []),
    `healthy afterwards: ${report.healthyAfter ? "yes" : "NO"}`,
    `problems: ${report.problemCount}`,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Standalone run: its own server on a temp database with the demo world
// ---------------------------------------------------------------------------------------------

function argument(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const count = Number(argument(argv, "--count") ?? 5000);
  const seed = Number(argument(argv, "--seed") ?? 1);
  const only = argument(argv, "--only")?.split(",").map(Number);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    console.error("usage: fuzz [--count N] [--seed S] [--only i,j,...]");
    return 2;
  }
  const world = JSON.parse(readFileSync(resolve(ROOT, "examples/demo-world.json"), "utf8")) as { customers: { apiKeys?: string[] }[] };
  const keys = world.customers.flatMap((c) => c.apiKeys ?? []);
  const dir = mkdtempSync(join(tmpdir(), "connectivity-fuzz-"));
  let failed = true;
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    server = await startServerProcess({ DATABASE_PATH: join(dir, "fuzz.db"), SEED_DEMO_WORLD: "true" });
    const proc = server;
    console.log(`fuzzing ${proc.url} (pid ${proc.child.pid}), seed ${seed}, ${only ? `cases ${only.join(",")}` : `${count} requests`}`);
    const alive = () => proc.child.exitCode === null && proc.child.signalCode === null;
    const report = await fuzz({ url: proc.url, keys, count, seed, only, alive, log: (line) => console.log(line) });
    console.log(formatReport(report));
    for (const p of report.problems) console.log(`\nPROBLEM #${p.index} (${p.kind}): ${p.reason}\n${JSON.stringify(p, null, 2)}`);
    for (const p of report.faultSamples.slice(0, only ? MAX_PROBLEMS : 5)) console.log(`\nFAULT #${p.index} (${p.kind}): ${p.reason}\n${JSON.stringify(p, null, 2)}`);
    failed = report.problemCount > 0;
    if (!alive()) console.log(`\nTHE SERVER PROCESS EXITED (${proc.child.exitCode ?? proc.child.signalCode}); its last output:\n${proc.output().slice(-6_000)}`);
  } finally {
    if (server) {
      const exit = await server.stop("SIGTERM");
      if (exit.code !== 0) {
        console.log(`server exited with ${exit.code ?? exit.signal} after SIGTERM`);
        failed = true;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
