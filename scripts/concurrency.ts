/**
 * Concurrency check: several clients replace, attach and detach packages and
 * attach and detach offers on overlapping subscribers at once, through TWO server processes
 * sharing one database: a SQLite file, or with `--engine pg` a PostgreSQL database made for the
 * run (and dropped after it). Afterwards the invariants must hold (scripts/lib/invariants.ts),
 * every answer must be a well-formed GraphQL answer that never mentions the database or a lock,
 * and the Requests in the database must be exactly those the clients were told about (no lost
 * and no duplicated write). ServiceUnavailable (on SQLite: the busy timeout ran out) is allowed
 * and counted; on PostgreSQL the database's own count of the deadlocks it broke is read too.
 *
 *   npm run load:concurrency -- --clients 8 --iterations 200 --subscribers 400 --seed 1 [--engine pg]
 *
 * Only 127.0.0.1 is used; the run stops by itself (bounded operations, timeouts everywhere).
 */
import { checkInvariants, openDatabaseReader, type InvariantReport } from "./lib/invariants";
import { engineName, scratchDatabase, type EngineName } from "./lib/scratch-database";
import { startServerProcess, type ServerProcess } from "./lib/server-process";
import {
  dbLoad,
  LC,
  LO,
  LOAD_KEYS,
  loadWorld,
  OP_PACKAGES,
  OP_REGULAR_OFFERS,
  R_PACKAGES,
  R_REGULAR_OFFERS,
  type LoadCustomer,
  type LoadSubscriber,
} from "./lib/worlds";

export interface ConcurrencyOptions {
  /** The database the servers share: a SQLite file (default) or a PostgreSQL database. */
  engine?: EngineName;
  processes?: number;
  clients?: number;
  iterationsPerClient?: number;
  subscribers?: number;
  seed?: number;
  /** SQLITE_BUSY_TIMEOUT_MS of the servers (default: the server's own default; SQLite only). */
  busyTimeoutMs?: number;
  /** Keep the temporary directory (database, world file) and the PostgreSQL database for inspection. */
  keepFiles?: boolean;
  /** Per-request time limit. */
  requestTimeoutMs?: number;
}

export interface OperationFigures {
  calls: number;
  /** Answers by union __typename. */
  answers: Record<string, number>;
}

export interface ConcurrencyFigures {
  engine: EngineName;
  processes: number;
  clients: number;
  iterationsPerClient: number;
  subscribers: number;
  seed: number;
  /** HTTP calls made (logical operations plus deliberate retries). */
  operations: number;
  logicalOperations: number;
  /** Bulk items sent. */
  items: number;
  byOperation: Record<string, OperationFigures>;
  bulkItems: { succeeded: number; failed: Record<string, number> };
  /** ServiceUnavailable answers, call-level and item-level (allowed). */
  serviceUnavailable: number;
  /** Answers that are not a well-formed GraphQL answer of the operation (must be 0). */
  malformed: number;
  malformedSamples: string[];
  /** Answers whose text mentions the database engine, its statements or its locks (must be 0). */
  leaks: number;
  /** PostgreSQL's count of the deadlocks it broke in the run's database (null on SQLite). */
  databaseDeadlocks: number | null;
  /** HTTP answers per server process. */
  callsPerProcess: number[];
  idempotency: {
    keyedOperations: number;
    sequentialRetries: number;
    concurrentDuplicates: number;
    reusedWithOtherInput: number;
    /** A retry whose answer differed from the first (must be 0). */
    mismatches: number;
    mismatchSamples: string[];
  };
  overlap: {
    /** Subscribers that got successful writes through more than one process. */
    subscribersWrittenThroughSeveralProcesses: number;
    /** Subscribers that got successful writes from more than one client. */
    subscribersWrittenBySeveralClients: number;
  };
  /** Requests in the database against the units the clients were told about. */
  requestLedger: {
    succeededSeen: number;
    succeededInDb: number;
    /** requestIds a client got that are not SUCCEEDED in the database (lost writes; must be 0). */
    missingInDb: number;
    /** SUCCEEDED requests no client was told about (must be 0). */
    unseenInDb: number;
    /** FAILED units answered (call-level ServiceUnavailable aside: it is recorded at best effort). */
    failedExpected: number;
    failedInDb: number;
    /** Calls answered ServiceUnavailable as a whole: each may or may not have left a FAILED Request. */
    callLevelServiceUnavailable: number;
  };
  exits: { code: number | null; signal: string | null; stoppedLogged: boolean }[];
  /** Server log lines about unexpected faults (server-side only; they explain ServiceUnavailable). */
  serverFaultLogs: number;
  elapsedMs: number;
  opsPerSecond: number;
  invariants: InvariantReport;
  /** Everything that makes the run a failure; empty when it passed. */
  problems: string[];
  /** The database kept (keepFiles): its path or URL. */
  databasePath?: string;
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

const ERROR_FIELDS = "... on ErrorResult { code }";

const DOCS = {
  bulkReplacePackage: `mutation Bulk($items: [BulkReplacePackageItemInput!]!, $key: String) {
    bulkReplacePackage(input: { items: $items }, idempotencyKey: $key) {
      __typename
      ... on BulkReplacePackageSuccess { succeededCount failedCount
        results { index requestId error { __typename ... on CurrentPackageMismatch { attachedPackageId } ${ERROR_FIELDS} } } }
      ${ERROR_FIELDS}
    } }`,
  attachPackage: `mutation AttachPackage($input: SubscriberPackageInput!, $key: String) {
    attachPackage(input: $input, idempotencyKey: $key) {
      __typename
      ... on AttachPackageSuccess { requestId subscriber { id package { id } } }
      ... on PackageAlreadyAttached { attachedPackageId }
      ${ERROR_FIELDS}
    } }`,
  detachPackage: `mutation DetachPackage($input: SubscriberPackageInput!, $key: String) {
    detachPackage(input: $input, idempotencyKey: $key) {
      __typename
      ... on DetachPackageSuccess { requestId subscriber { id package { id } } }
      ... on CurrentPackageMismatch { attachedPackageId }
      ${ERROR_FIELDS}
    } }`,
  attachOffer: `mutation AttachOffer($input: AttachOfferInput!, $key: String) {
    attachOffer(input: $input, idempotencyKey: $key) {
      __typename
      ... on AttachOfferSuccess { requestId subscriberOffer { id priority } }
      ${ERROR_FIELDS}
    } }`,
  detachOffer: `mutation DetachOffer($input: DetachOfferInput!, $key: String) {
    detachOffer(input: $input, idempotencyKey: $key) {
      __typename
      ... on DetachOfferSuccess { requestId subscriberOfferId }
      ${ERROR_FIELDS}
    } }`,
  subscriber: `query Read($identifier: SubscriberIdentifierInput!) {
    subscriber(identifier: $identifier) { __typename id package { id } offers { id priority offer { id } } } }`,
} as const;
type OperationName = keyof typeof DOCS;

interface Answer {
  op: OperationName;
  process: number;
  status: number;
  /** The operation field's value (data[op]), when well-formed. */
  value: any;
  typename: string | null;
  problem: string | null;
  leak: boolean;
}

interface Unit {
  subscriberId: string;
  requestId: string | null;
  error: string | null;
}

/** The units of work an answer reports (one per bulk item, one for a unit mutation). */
function unitsOf(answer: Answer, subscriberIds: string[]): Unit[] {
  if (answer.problem || !answer.typename) return [];
  const v = answer.value;
  if (answer.op === "bulkReplacePackage") {
    if (answer.typename !== "BulkReplacePackageSuccess") return [];
    return (v.results as any[]).map((r) => ({
      subscriberId: subscriberIds[r.index]!,
      requestId: r.requestId ?? null,
      error: r.error?.__typename ?? null,
    }));
  }
  if (answer.op === "subscriber") return [];
  if (answer.typename === "IdempotencyKeyReused" || answer.typename === "ValidationFailed") return [];
  const ok = answer.typename.endsWith("Success");
  return [{ subscriberId: subscriberIds[0]!, requestId: ok ? v.requestId : null, error: ok ? null : answer.typename }];
}

/** What a retry with the same key must answer identically. */
function signature(answer: Answer): string {
  const v = answer.value;
  if (!answer.typename) return `problem:${answer.problem}`;
  switch (answer.typename) {
    case "BulkReplacePackageSuccess":
      return JSON.stringify([answer.typename, (v.results as any[]).map((r) => [r.index, r.requestId, r.error?.__typename ?? null])]);
    case "AttachOfferSuccess":
      return JSON.stringify([answer.typename, v.requestId, v.subscriberOffer.id, v.subscriberOffer.priority]);
    case "DetachOfferSuccess":
      return JSON.stringify([answer.typename, v.requestId, v.subscriberOfferId]);
    case "AttachPackageSuccess":
    case "DetachPackageSuccess":
      return JSON.stringify([answer.typename, v.requestId, v.subscriber.id]);
    default:
      return JSON.stringify([answer.typename, v.code ?? null, v.attachedPackageId ?? null]);
  }
}

/** What an answer must never mention, per engine: the database, its statements, its locks. */
const LEAKS: Record<EngineName, RegExp> = {
  sqlite: /sqlite|busy|locked/i,
  pg: /postgres|pg_|sql|deadlock|lock|serializ|terminat|connection|stack/i,
};

async function call(
  leaks: RegExp,
  urls: string[],
  process_: number,
  key: string,
  op: OperationName,
  variables: Record<string, unknown>,
  timeoutMs: number,
): Promise<Answer> {
  const base: Answer = { op, process: process_, status: 0, value: null, typename: null, problem: null, leak: false };
  let text: string;
  try {
    const response = await fetch(urls[process_]!, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: DOCS[op], variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    base.status = response.status;
    text = await response.text();
  } catch (error) {
    return { ...base, problem: `network: ${error instanceof Error ? error.message : String(error)}` };
  }
  base.leak = leaks.test(text);
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return { ...base, problem: `HTTP ${base.status}, not JSON: ${text.slice(0, 200)}` };
  }
  if (base.status !== 200) return { ...base, problem: `HTTP ${base.status}: ${text.slice(0, 300)}` };
  if (Array.isArray(body?.errors) && body.errors.length) return { ...base, problem: `GraphQL errors: ${JSON.stringify(body.errors).slice(0, 300)}` };
  const value = body?.data?.[op];
  if (op === "subscriber") {
    // null is a well-formed answer for a subscriber one cannot see.
    if (value === undefined || (value !== null && value.__typename !== "Subscriber")) return { ...base, problem: `bad data: ${text.slice(0, 300)}` };
    return { ...base, value, typename: value === null ? "null" : "Subscriber" };
  }
  if (!value || typeof value.__typename !== "string") return { ...base, problem: `bad data: ${text.slice(0, 300)}` };
  if (value.__typename === "BulkReplacePackageSuccess") {
    const results = value.results;
    if (!Array.isArray(results) || results.length !== (variables.items as unknown[]).length || value.succeededCount + value.failedCount !== results.length) {
      return { ...base, problem: `bulk answer does not match its items: ${text.slice(0, 300)}` };
    }
  }
  return { ...base, value, typename: value.__typename };
}

/** One client's view: what it believes each subscriber has, and the offers it attached. */
interface ClientState {
  index: number;
  random: Rng;
  knownPackage: Map<string, string | null>;
  attachedOffers: { id: string; subscriberId: string; actor: LoadCustomer; myOffer: boolean }[];
  keySeq: number;
}

interface Plan {
  op: OperationName;
  actor: LoadCustomer;
  variables: Record<string, unknown>;
  /** The subscriber of each unit, in order (bulk: one per item). */
  subscriberIds: string[];
  /** A variant of the same call with a different input (to reuse a key with). */
  variant?: () => Record<string, unknown>;
}

export async function runConcurrency(options: ConcurrencyOptions = {}): Promise<ConcurrencyFigures> {
  const engine = options.engine ?? "sqlite";
  const processes = options.processes ?? 2;
  const clients = options.clients ?? 8;
  const iterations = options.iterationsPerClient ?? 200;
  const subscriberCount = options.subscribers ?? 400;
  const seed = options.seed ?? 1;
  const timeoutMs = options.requestTimeoutMs ?? 60_000;
  if (processes < 1 || clients < 1 || iterations < 1 || subscriberCount < 6) throw new Error("bad counts");
  if (engine !== "sqlite" && options.busyTimeoutMs !== undefined) throw new Error("the busy timeout is SQLite's");

  const database = await scratchDatabase(engine, "concurrency", "load.db");
  const dbPath = database.location;
  const world = loadWorld({ subscribers: subscriberCount, resellerSubscribers: 6 });
  const servers: ServerProcess[] = [];
  const problems: string[] = [];
  try {
    await dbLoad(dbPath, world.json, database.dir);
    // NODE_ENV as `npm start` has it (vitest sets "test", which changes how Apollo handles signals).
    const env: Record<string, string> = { ...database.env, SEED_DEMO_WORLD: "false", NODE_ENV: "" };
    if (options.busyTimeoutMs !== undefined) env.SQLITE_BUSY_TIMEOUT_MS = String(options.busyTimeoutMs);
    // One after the other: the second starts once the first listens, on the same file.
    for (let p = 0; p < processes; p++) servers.push(await startServerProcess(env));
    const urls = servers.map((s) => s.url);
    const leaks = LEAKS[engine];

    const all = world.subscribers;
    const hot = all.slice(0, Math.max(8, Math.floor(all.length / 10)));
    const mine = (customer: LoadCustomer) => all.filter((s) => s.customer === customer);
    const ofCustomer: Record<string, LoadSubscriber[]> = { E1: mine("E1"), E2: mine("E2"), E3: mine("E3"), R: world.resellerSubscribers };
    const hotOf: Record<string, LoadSubscriber[]> = {};
    for (const [k, list] of Object.entries(ofCustomer)) hotOf[k] = list.slice(0, Math.max(3, Math.floor(list.length / 10)));

    const f = {
      byOperation: {} as Record<string, OperationFigures>,
      bulkItems: { succeeded: 0, failed: {} as Record<string, number> },
      serviceUnavailable: 0,
      malformed: 0,
      malformedSamples: [] as string[],
      leaks: 0,
      callsPerProcess: urls.map(() => 0),
      operations: 0,
      logical: 0,
      items: 0,
      idem: { keyedOperations: 0, sequentialRetries: 0, concurrentDuplicates: 0, reusedWithOtherInput: 0, mismatches: 0, mismatchSamples: [] as string[] },
    };
    const succeededSeen = new Set<string>();
    let failedExpected = 0;
    let callLevelServiceUnavailable = 0;
    const writers = new Map<string, { processes: Set<number>; clients: Set<number> }>();

    const tally = (answer: Answer) => {
      f.operations++;
      const o = (f.byOperation[answer.op] ??= { calls: 0, answers: {} });
      o.calls++;
      if (answer.status) f.callsPerProcess[answer.process]!++;
      if (answer.leak) f.leaks++;
      if (answer.problem) {
        f.malformed++;
        if (f.malformedSamples.length < 10) f.malformedSamples.push(`${answer.op} via process ${answer.process + 1}: ${answer.problem}`);
        return;
      }
      o.answers[answer.typename!] = (o.answers[answer.typename!] ?? 0) + 1;
      if (answer.typename === "ServiceUnavailable") f.serviceUnavailable++;
      if (answer.typename === "BulkReplacePackageSuccess") {
        for (const r of answer.value.results) {
          if (!r.error) f.bulkItems.succeeded++;
          else {
            f.bulkItems.failed[r.error.__typename] = (f.bulkItems.failed[r.error.__typename] ?? 0) + 1;
            if (r.error.__typename === "ServiceUnavailable") f.serviceUnavailable++;
          }
        }
      }
    };

    /** Books the units of the answer that applied (not a replay) and updates the client's view. */
    const learn = (state: ClientState, plan: Plan, answer: Answer) => {
      if (answer.typename === "ServiceUnavailable") {
        // The call's transaction rolled back; its FAILED Request is written at best effort.
        callLevelServiceUnavailable++;
        return;
      }
      const units = unitsOf(answer, plan.subscriberIds);
      for (const unit of units) {
        if (unit.requestId) {
          succeededSeen.add(unit.requestId);
          const w = writers.get(unit.subscriberId) ?? { processes: new Set<number>(), clients: new Set<number>() };
          w.processes.add(answer.process);
          w.clients.add(state.index);
          writers.set(unit.subscriberId, w);
        } else if (unit.error && unit.error !== "ValidationFailed") failedExpected++;
      }
    };

    /** Updates what the client believes from an answer (replays included: they tell the truth of their time). */
    const believe = (state: ClientState, plan: Plan, answer: Answer) => {
      if (answer.problem || !answer.typename) return;
      const v = answer.value;
      const vars = plan.variables as any;
      switch (answer.op) {
        case "bulkReplacePackage":
          if (answer.typename !== "BulkReplacePackageSuccess") return;
          for (const r of v.results) {
            const item = vars.items[r.index];
            const id = plan.subscriberIds[r.index]!;
            if (!r.error) state.knownPackage.set(id, item.newPackageId);
            else if (r.error.__typename === "CurrentPackageMismatch") state.knownPackage.set(id, r.error.attachedPackageId ?? null);
          }
          return;
        case "attachPackage":
          if (answer.typename === "AttachPackageSuccess") state.knownPackage.set(plan.subscriberIds[0]!, vars.input.packageId);
          if (answer.typename === "PackageAlreadyAttached") state.knownPackage.set(plan.subscriberIds[0]!, v.attachedPackageId);
          return;
        case "detachPackage":
          if (answer.typename === "DetachPackageSuccess") state.knownPackage.set(plan.subscriberIds[0]!, null);
          if (answer.typename === "CurrentPackageMismatch") state.knownPackage.set(plan.subscriberIds[0]!, v.attachedPackageId ?? null);
          return;
        case "attachOffer":
          if (answer.typename === "AttachOfferSuccess" && !state.attachedOffers.some((a) => a.id === v.subscriberOffer.id)) {
            state.attachedOffers.push({ id: v.subscriberOffer.id, subscriberId: plan.subscriberIds[0]!, actor: plan.actor, myOffer: Boolean(vars.input.myOffer) });
          }
          return;
        case "detachOffer":
          if (answer.typename === "DetachOfferSuccess" || answer.typename === "SubscriberOfferNotFound") {
            state.attachedOffers = state.attachedOffers.filter((a) => a.id !== vars.input.subscriberOfferId);
          }
          return;
        case "subscriber":
          if (v) state.knownPackage.set(v.id, v.package?.id ?? null);
          return;
      }
    };

    const identifier = (s: LoadSubscriber) => ({ type: "IMSI", value: s.imsi });

    /** Picks who acts: mostly R (selling), sometimes an enterprise serving itself. */
    const pickActor = (r: Rng): LoadCustomer => {
      const x = r.next();
      if (x < 0.7) return "R";
      if (x < 0.83) return "E1";
      if (x < 0.96) return "E2";
      return "E3"; // no delegation: self-service is refused
    };
    /** A subscriber the actor may target: R mostly its enterprises', sometimes its own (myPackage). */
    const pickSubscriber = (r: Rng, actor: LoadCustomer, own = false): { s: LoadSubscriber; my: boolean } => {
      if (actor === "R" && !own) return { s: r.chance(0.5) ? r.pick(hot) : r.pick(all), my: false };
      const list = actor === "R" ? ofCustomer.R! : ofCustomer[actor]!;
      return { s: r.chance(0.5) ? r.pick(hotOf[actor]!) : r.pick(list), my: true };
    };
    const packagesFor = (s: LoadSubscriber): readonly string[] => (s.customer === "R" ? OP_PACKAGES : R_PACKAGES);
    const guessCurrent = (state: ClientState, s: LoadSubscriber): string => {
      const known = state.knownPackage.get(s.id);
      if (known && state.random.chance(0.8)) return known;
      return state.random.pick(packagesFor(s));
    };

    const planFor = (state: ClientState): Plan => {
      const r = state.random;
      const x = r.next();
      const actor = pickActor(r);
      if (x < 0.36) {
        const count = r.int(1, 50);
        const items: any[] = [];
        const subscriberIds: string[] = [];
        for (let i = 0; i < count; i++) {
          const { s, my } = pickSubscriber(r, actor, actor === "R" && r.chance(0.1));
          const item: any = { subscriber: identifier(s), currentPackageId: guessCurrent(state, s), newPackageId: r.pick(packagesFor(s)) };
          if (my) item.myPackage = true;
          items.push(item);
          subscriberIds.push(s.id);
        }
        return { op: "bulkReplacePackage", actor, variables: { items }, subscriberIds, variant: () => ({ items: [...items, items[0]] }) };
      }
      const { s, my } = pickSubscriber(r, actor, actor === "R" && r.chance(0.15));
      const base = { subscriber: identifier(s), ...(my ? { myPackage: true } : {}) };
      if (x < 0.5) {
        const input = { ...base, packageId: r.pick(packagesFor(s)) };
        return { op: "attachPackage", actor, variables: { input }, subscriberIds: [s.id], variant: () => ({ input: { ...input, packageId: packagesFor(s).find((p) => p !== input.packageId)! } }) };
      }
      if (x < 0.64) {
        const known = state.knownPackage.get(s.id);
        const input = { ...base, packageId: known && r.chance(0.8) ? known : r.pick(packagesFor(s)) };
        return { op: "detachPackage", actor, variables: { input }, subscriberIds: [s.id], variant: () => ({ input: { ...input, packageId: packagesFor(s).find((p) => p !== input.packageId)! } }) };
      }
      if (x < 0.82) {
        const offers = my ? (actor === "R" ? OP_REGULAR_OFFERS : R_REGULAR_OFFERS) : [...R_REGULAR_OFFERS, LO.POOL_E1];
        const input: any = { subscriber: identifier(s), offerId: r.pick(offers), ...(my ? { myOffer: true } : {}) };
        // Small priorities collide with each other and with package offers (n..1).
        if (r.chance(0.5)) input.priority = r.int(0, 8);
        return { op: "attachOffer", actor, variables: { input }, subscriberIds: [s.id], variant: () => ({ input: { ...input, priority: (input.priority ?? 0) + 1000 } }) };
      }
      if (x < 0.92 && state.attachedOffers.length) {
        const instance = r.pick(state.attachedOffers);
        // Now and then the same instance twice: the second is SubscriberOfferNotFound.
        if (!r.chance(0.1)) state.attachedOffers = state.attachedOffers.filter((a) => a !== instance);
        const input = { subscriberOfferId: instance.id, ...(instance.myOffer ? { myOffer: true } : {}) };
        return { op: "detachOffer", actor: instance.actor, variables: { input }, subscriberIds: [instance.subscriberId], variant: () => ({ input: { ...input, myOffer: !instance.myOffer } }) };
      }
      return { op: "subscriber", actor, variables: { identifier: identifier(s) }, subscriberIds: [s.id] };
    };

    const runClient = async (index: number) => {
      const state: ClientState = { index, random: rng(seed * 1_000_003 + index), knownPackage: new Map(), attachedOffers: [], keySeq: 0 };
      // Everyone starts on P1 (R's subscribers on OP_P1); half the clients know it.
      if (index % 2 === 0) for (const s of [...all, ...world.resellerSubscribers]) state.knownPackage.set(s.id, s.packageId);
      for (let k = 0; k < iterations; k++) {
        const plan = planFor(state);
        const key = LOAD_KEYS[plan.actor];
        const via = (index + k) % urls.length;
        const other = (via + 1) % urls.length;
        f.logical++;
        if (plan.op === "bulkReplacePackage") f.items += (plan.variables.items as unknown[]).length;
        const r = state.random;
        if (plan.op === "subscriber" || !r.chance(0.3)) {
          const answer = await call(leaks, urls, via, key, plan.op, plan.variables, timeoutMs);
          tally(answer);
          learn(state, plan, answer);
          believe(state, plan, answer);
          continue;
        }
        // With an idempotency key.
        f.idem.keyedOperations++;
        const idempotencyKey = `load-${seed}-c${index}-k${state.keySeq++}`;
        const variables = { ...plan.variables, key: idempotencyKey };
        const mode = r.next();
        let answers: Answer[];
        if (mode < 0.2) {
          f.idem.concurrentDuplicates++;
          answers = await Promise.all([
            call(leaks, urls, via, key, plan.op, variables, timeoutMs),
            call(leaks, urls, other, key, plan.op, variables, timeoutMs),
          ]);
        } else if (mode < 0.55) {
          f.idem.sequentialRetries++;
          const first = await call(leaks, urls, via, key, plan.op, variables, timeoutMs);
          answers = [first, await call(leaks, urls, other, key, plan.op, variables, timeoutMs)];
        } else {
          answers = [await call(leaks, urls, via, key, plan.op, variables, timeoutMs)];
        }
        answers.forEach(tally);
        // A ServiceUnavailable call changed nothing and stored no key: its retry may apply.
        const applied = answers.filter((a) => !a.problem && a.typename !== "ServiceUnavailable");
        const signatures = new Set(applied.map(signature));
        if (signatures.size > 1) {
          f.idem.mismatches++;
          if (f.idem.mismatchSamples.length < 5) f.idem.mismatchSamples.push(`${plan.op} ${idempotencyKey}: ${[...signatures].join(" <> ")}`);
        }
        // Units are booked once: the others were replays.
        if (applied.length) learn(state, plan, applied[0]!);
        for (const a of answers) if (a.typename === "ServiceUnavailable" || a.problem) learn(state, plan, a);
        if (applied.length) believe(state, plan, applied[0]!);
        if (plan.variant && applied.length && r.chance(0.15)) {
          f.idem.reusedWithOtherInput++;
          const reused = await call(leaks, urls, other, key, plan.op, { ...plan.variant(), key: idempotencyKey }, timeoutMs);
          tally(reused);
          learn(state, plan, reused); // books a ServiceUnavailable; IdempotencyKeyReused has no unit
          if (!reused.problem && reused.typename !== "IdempotencyKeyReused" && reused.typename !== "ServiceUnavailable") {
            f.idem.mismatches++;
            if (f.idem.mismatchSamples.length < 5) f.idem.mismatchSamples.push(`${plan.op} ${idempotencyKey} reused with another input: ${reused.typename}`);
          }
        }
      }
    };

    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, i) => runClient(i)));
    const elapsedMs = Math.round(performance.now() - started);

    const exits: ConcurrencyFigures["exits"] = [];
    for (const server of servers) {
      const timer = setTimeout(() => server.child.kill("SIGKILL"), 30_000);
      const exit = await server.stop("SIGTERM");
      clearTimeout(timer);
      exits.push({ code: exit.code, signal: exit.signal, stoppedLogged: /"msg":"stopped"/.test(server.output()) });
    }
    const serverFaultLogs = servers.reduce((n, s) => n + (s.output().match(/failed unexpectedly/g)?.length ?? 0), 0);

    const invariants = await checkInvariants(dbPath);
    const ledger = await requestLedger(dbPath, succeededSeen, failedExpected, callLevelServiceUnavailable);
    // Read once every server process has ended: each backend reports its deadlocks as it exits.
    const databaseDeadlocks = engine === "pg" ? await deadlocksIn(dbPath) : null;

    let severalProcesses = 0;
    let severalClients = 0;
    for (const w of writers.values()) {
      if (w.processes.size > 1) severalProcesses++;
      if (w.clients.size > 1) severalClients++;
    }

    if (!invariants.ok) problems.push(`${invariants.violationCount} invariant violations: ${invariants.violations.slice(0, 5).join(" | ")}`);
    if (f.malformed) problems.push(`${f.malformed} malformed answers: ${f.malformedSamples.slice(0, 3).join(" | ")}`);
    if (f.leaks) problems.push(`${f.leaks} answers mention the database or a lock`);
    if (f.idem.mismatches) problems.push(`${f.idem.mismatches} idempotent retries answered differently: ${f.idem.mismatchSamples.join(" | ")}`);
    exits.forEach((e, i) => {
      // Whether it logged "stopped" is for the shutdown check (test/hardening/shutdown.test.ts).
      if (e.code !== 0) problems.push(`server process ${i + 1} exited with ${e.code ?? e.signal} on SIGTERM`);
    });
    if (ledger.missingInDb) problems.push(`${ledger.missingInDb} requestIds answered to clients are not SUCCEEDED in the database (lost writes)`);
    if (ledger.unseenInDb) problems.push(`${ledger.unseenInDb} SUCCEEDED requests in the database were never answered to a client`);
    if (f.malformed === 0 && (ledger.failedInDb < ledger.failedExpected || ledger.failedInDb > ledger.failedExpected + callLevelServiceUnavailable)) {
      problems.push(
        `FAILED requests in the database: ${ledger.failedInDb}, expected ${ledger.failedExpected} (+ up to ${callLevelServiceUnavailable} ServiceUnavailable calls)`,
      );
    }

    return {
      engine,
      processes,
      clients,
      iterationsPerClient: iterations,
      subscribers: subscriberCount,
      seed,
      operations: f.operations,
      logicalOperations: f.logical,
      items: f.items,
      byOperation: f.byOperation,
      bulkItems: f.bulkItems,
      serviceUnavailable: f.serviceUnavailable,
      malformed: f.malformed,
      malformedSamples: f.malformedSamples,
      leaks: f.leaks,
      databaseDeadlocks,
      callsPerProcess: f.callsPerProcess,
      idempotency: f.idem,
      overlap: { subscribersWrittenThroughSeveralProcesses: severalProcesses, subscribersWrittenBySeveralClients: severalClients },
      requestLedger: ledger,
      exits,
      serverFaultLogs,
      elapsedMs,
      opsPerSecond: Math.round((f.operations / Math.max(elapsedMs, 1)) * 1000 * 10) / 10,
      invariants,
      problems,
      ...(options.keepFiles ? { databasePath: dbPath } : {}),
    };
  } finally {
    for (const server of servers) if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
    await Promise.all(servers.map((s) => s.exited));
    if (!options.keepFiles) await database.drop();
  }
}

async function requestLedger(
  location: string,
  succeededSeen: Set<string>,
  failedExpected: number,
  callLevelServiceUnavailable: number,
): Promise<ConcurrencyFigures["requestLedger"]> {
  const db = await openDatabaseReader(location);
  try {
    const succeeded = new Set((await db.all<{ id: string }>("select id from requests where status = 'SUCCEEDED'")).map((r) => r.id));
    const [failed] = await db.all<{ n: number }>("select cast(count(*) as integer) as n from requests where status = 'FAILED'");
    const failedInDb = failed!.n;
    let missingInDb = 0;
    for (const id of succeededSeen) if (!succeeded.has(id)) missingInDb++;
    let unseenInDb = 0;
    for (const id of succeeded) if (!succeededSeen.has(id)) unseenInDb++;
    return { succeededSeen: succeededSeen.size, succeededInDb: succeeded.size, missingInDb, unseenInDb, failedExpected, failedInDb, callLevelServiceUnavailable };
  } finally {
    await db.close();
  }
}

/** The deadlocks PostgreSQL broke in the database (pg_stat_database) since it was made. */
async function deadlocksIn(url: string): Promise<number> {
  const db = await openDatabaseReader(url);
  try {
    const [row] = await db.all<{ n: number }>("select cast(deadlocks as integer) as n from pg_stat_database where datname = current_database()");
    return row?.n ?? 0;
  } finally {
    await db.close();
  }
}

/** Parses --name value pairs into numbers. */
export function numberArgs(argv: string[], names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, "");
    if (!argv[i]!.startsWith("--") || !names.includes(name)) throw new Error(`unknown argument ${argv[i]} (known: ${names.map((n) => `--${n}`).join(" ")})`);
    const value = Number(argv[++i]);
    if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
    out[name] = value;
  }
  return out;
}

export function printConcurrency(f: ConcurrencyFigures, log: (line: string) => void = console.log): void {
  log(`concurrency: ${f.processes} server processes on one ${f.engine === "pg" ? "PostgreSQL database" : "SQLite file"}, ${f.clients} clients x ${f.iterationsPerClient} operations, ${f.subscribers} subscribers, seed ${f.seed}`);
  log(`  HTTP calls ${f.operations} (logical ${f.logicalOperations}), bulk items ${f.items}, ${f.elapsedMs} ms, ${f.opsPerSecond} calls/s`);
  log(`  calls per process: ${f.callsPerProcess.join(" / ")}`);
  for (const [op, o] of Object.entries(f.byOperation)) {
    log(`  ${op.padEnd(20)} ${String(o.calls).padStart(6)} calls: ${Object.entries(o.answers).map(([t, n]) => `${t} ${n}`).join(", ")}`);
  }
  log(`  bulk item results (replays included): succeeded ${f.bulkItems.succeeded}, failed ${Object.entries(f.bulkItems.failed).map(([t, n]) => `${t} ${n}`).join(", ") || "none"}`);
  log(
    `  ServiceUnavailable ${f.serviceUnavailable}; malformed answers ${f.malformed}; answers mentioning the database or a lock ${f.leaks}; server fault logs ${f.serverFaultLogs}` +
      (f.databaseDeadlocks === null ? "" : `; deadlocks broken by PostgreSQL ${f.databaseDeadlocks}`),
  );
  const i = f.idempotency;
  log(`  idempotency: ${i.keyedOperations} keyed, ${i.sequentialRetries} retried, ${i.concurrentDuplicates} sent twice at once, ${i.reusedWithOtherInput} reused with another input, ${i.mismatches} mismatches`);
  log(`  overlap: ${f.overlap.subscribersWrittenThroughSeveralProcesses} subscribers written through several processes, ${f.overlap.subscribersWrittenBySeveralClients} by several clients`);
  const l = f.requestLedger;
  log(
    `  requests: SUCCEEDED answered ${l.succeededSeen} / in DB ${l.succeededInDb} (missing ${l.missingInDb}, unseen ${l.unseenInDb}); ` +
      `FAILED answered ${l.failedExpected} (+ up to ${l.callLevelServiceUnavailable} ServiceUnavailable calls) / in DB ${l.failedInDb}`,
  );
  log(`  exits on SIGTERM: ${f.exits.map((e, n) => `process ${n + 1}: ${e.code ?? e.signal}${e.stoppedLogged ? " (logged stopped)" : ""}`).join(", ")}`);
  const c = f.invariants.counts;
  log(`  invariants: ${f.invariants.ok ? "OK" : "VIOLATED"}; integrity ${f.invariants.integrity}; FK problems ${f.invariants.foreignKeyProblems}; ${c.subscribers} subscribers (${c.withPackage} with a package, ${c.withoutPackage} without); ${c.packageOfferInstances} package offers, ${c.standaloneOfferInstances} standalone; requests ${JSON.stringify(c.requestsByStatus)}`);
  for (const v of f.invariants.violations) log(`    violation: ${v}`);
  log(f.problems.length ? `FAILED:\n  - ${f.problems.join("\n  - ")}` : "PASSED");
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const at = argv.indexOf("--engine");
  const engine = engineName(at >= 0 ? argv[at + 1] : undefined);
  const args = numberArgs(at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv, ["clients", "iterations", "subscribers", "seed", "processes", "busy-timeout"]);
  const figures = await runConcurrency({
    engine,
    processes: args.processes ?? 2,
    clients: args.clients ?? 8,
    iterationsPerClient: args.iterations ?? 200,
    subscribers: args.subscribers ?? 400,
    seed: args.seed ?? 1,
    busyTimeoutMs: args["busy-timeout"],
  });
  printConcurrency(figures);
  return figures.problems.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

// Ids used by the checks, re-exported for the tests.
export { LC, LOAD_KEYS };
