/**
 * The one way a mutation writes (README "Safe retries"): one unit of work of the storage port
 * (src/app/ports.ts), so that writers queue instead of failing half-way; the idempotency key
 * looked up and stored in that same unit, so that two concurrent calls with one key apply once;
 * a Request per unit of work; bulk items in batches, each item wholly applied or not; and any
 * unexpected fault turned into ServiceUnavailable after it is logged.
 */
import { createHash } from "node:crypto";
// Lets the event loop run what is waiting (reads on the reader connection) before going on.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Logger } from "pino";
import { codeFor, type ErrorCode, type Operation, type RefusalType } from "../domain/error-codes";
import { accept, invalid, issuesOf, refuse, type Decision, type InputIssue, type Reading, type Refusal, type Refused } from "../domain/refusals";
import type { Requester } from "../domain/accounts/requester";
import type { Storage, WriteStore } from "./ports";

export const IDEMPOTENCY_KEY_MAX = 200;

/**
 * The largest outcome remembered for a retry, in bytes of JSON, unless configured
 * (IDEMPOTENCY_OUTCOME_MAX_BYTES). The largest outcome of a bulk call of 10,000 well-formed
 * items is about 5.8 MB (createSubscribers, every identifier given, every item created).
 */
export const IDEMPOTENCY_OUTCOME_MAX_BYTES = 8 * 1024 * 1024;

/** The longest text echoed back for an item that failed validation (README "Safe retries"). */
export const ECHO_TEXT_MAX = 64;

export interface MutationContext {
  storage: Storage;
  requester: Requester;
  log: Pick<Logger, "error" | "warn">;
  now?: () => Date;
  /** The largest outcome remembered under an idempotency key; IDEMPOTENCY_OUTCOME_MAX_BYTES by default. */
  idempotencyOutcomeMaxBytes?: number;
}

export interface MutationCall {
  operation: Operation;
  /** The canonical input: what makes a retry "the same call". */
  input: unknown;
  idempotencyKey?: string | null;
}

/** Records units of work of the running mutation. */
export interface Units {
  now(): Date;
  /** Records a unit that started at startedAt and ends now: SUCCEEDED when code is null. */
  record(code: ErrorCode | null, startedAt: Date): Promise<string>;
  /** Records a refused unit with the operation's code for that refusal. */
  recordRefusal(type: Parameters<typeof codeFor>[1], startedAt: Date): Promise<string>;
  /** Records many units that end now, in one write; their requestIds in the same order. */
  recordMany(units: readonly { code: ErrorCode | null; startedAt: Date }[]): Promise<string[]>;
}

export function checkIdempotencyKey(key: string | null | undefined): InputIssue[] {
  if (key === null || key === undefined) return [];
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(key)) {
    return [
      {
        path: "idempotencyKey",
        message: `idempotencyKey must be 1 to ${IDEMPOTENCY_KEY_MAX} printable ASCII characters without spaces`,
      },
    ];
  }
  return [];
}

/**
 * The canonical JSON of a value, piece by piece: object keys sorted, undefined fields left out
 * (as JSON.stringify leaves them), so that a retry with its fields in another order is the same
 * call.
 */
function* canonicalJson(value: unknown): Generator<string> {
  if (Array.isArray(value)) {
    yield "[";
    for (let i = 0; i < value.length; i++) {
      if (i) yield ",";
      yield* canonicalJson(value[i] === undefined ? null : value[i]);
    }
    yield "]";
  } else if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    yield "{";
    for (const [i, [k, v]] of entries.entries()) {
      yield `${i ? "," : ""}${JSON.stringify(k)}:`;
      yield* canonicalJson(v);
    }
    yield "}";
  } else {
    yield JSON.stringify(value) ?? "null";
  }
}

/**
 * SHA-256 of the operation and its canonical input (what makes a retry "the same call"),
 * computed in slices that let the event loop run between them: hashing a 10,000-item bulk
 * input in one go would hold up every read for its duration.
 */
export async function inputHashInSlices(operation: Operation, input: unknown): Promise<string> {
  const hash = createHash("sha256").update(`[${JSON.stringify(operation)},`);
  let sliceStarted = performance.now();
  let pending = "";
  let count = 0;
  for (const piece of canonicalJson(input)) {
    pending += piece;
    if (++count % 512 !== 0) continue;
    hash.update(pending);
    pending = "";
    if (performance.now() - sliceStarted > BULK_SLICE_MS) {
      await yieldToEventLoop();
      sliceStarted = performance.now();
    }
  }
  return hash.update(`${pending}]`).digest("hex");
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Outcomes hold Dates (the *At fields of snapshots); JSON turns them into strings. */
function reviveDates(key: string, value: unknown): unknown {
  return typeof value === "string" && key.endsWith("At") && ISO_DATE.test(value) ? new Date(value) : value;
}

/**
 * A text cut to at most ECHO_TEXT_MAX characters: its start, then "…(N characters)" with its
 * original length, so that the cut is plain to see. Shorter texts are returned as they are.
 */
export function truncateText(text: string, max = ECHO_TEXT_MAX): string {
  if (text.length <= max) return text;
  const suffix = `…(${text.length} characters)`;
  let keep = Math.max(0, max - suffix.length);
  // Never split a surrogate pair.
  const last = text.charCodeAt(keep - 1);
  if (keep > 0 && last >= 0xd800 && last <= 0xdbff) keep--;
  return text.slice(0, keep) + suffix;
}

/** The echo of a malformed item with every over-long text in it cut (truncateText). */
export function boundEcho<E>(echo: E): E {
  if (typeof echo === "string") return truncateText(echo) as E;
  if (Array.isArray(echo)) return echo.map(boundEcho) as E;
  if (echo && typeof echo === "object" && !(echo instanceof Date)) {
    return Object.fromEntries(Object.entries(echo).map(([k, v]) => [k, boundEcho(v)])) as E;
  }
  return echo;
}

/** Thrown inside the transaction to roll a call back whose outcome is too large to remember. */
class OutcomeTooLarge extends Error {
  constructor(
    readonly bytes: number,
    readonly max: number,
  ) {
    super(`outcome of ${bytes} bytes over the ${max}-byte limit`);
  }
}

/** How long a bulk call writes before it lets other work (reads) run. */
const BULK_SLICE_MS = 10;

/**
 * What the runner answers for any mutation, whatever its body: a key reused with another input,
 * an outcome too large to remember (ValidationFailed), an unexpected fault.
 */
export type RunnerRefusal = "IdempotencyKeyReused" | "ValidationFailed" | "ServiceUnavailable";

/**
 * Runs a mutation's unit of work through the storage port: the idempotency key looked up and
 * stored in the same unit, so that two concurrent calls with one key apply once; Requests
 * recorded as the body goes; any unexpected fault turned into ServiceUnavailable after it is
 * logged. The body may await (a bulk call yields between items): storage keeps every other
 * writer out of the unit meanwhile, and reads keep answering from the last committed state.
 */
export async function runMutation<T, K extends RefusalType = never>(
  ctx: MutationContext,
  call: MutationCall,
  body: (store: WriteStore, units: Units) => Promise<Decision<T, K>>,
): Promise<Decision<T, K | RunnerRefusal>> {
  const now = ctx.now ?? (() => new Date());
  const requesterId = ctx.requester.id;
  const key = call.idempotencyKey ?? null;
  const outcomeMaxBytes = ctx.idempotencyOutcomeMaxBytes ?? IDEMPOTENCY_OUTCOME_MAX_BYTES;
  const hash = key === null ? "" : await inputHashInSlices(call.operation, call.input);
  try {
    return await ctx.storage.unitOfWork(async (store): Promise<Decision<T, K | RunnerRefusal>> => {
      if (key !== null) {
        const previous = await store.idempotencyKeys.find(requesterId, key);
        if (previous) {
          if (previous.inputHash !== hash || previous.operation !== call.operation) {
            return refuse({ type: "IdempotencyKeyReused", idempotencyKey: key });
          }
          // Stored by this operation's body under this key and input: an outcome of the same type.
          return JSON.parse(previous.outcome, reviveDates) as Decision<T, K>;
        }
      }
      let recorded = 0;
      const units: Units = {
        now,
        record: (code, startedAt) => {
          recorded++;
          return store.requests.record({ requesterId, operation: call.operation, code, startedAt, completedAt: now() });
        },
        recordRefusal: (type, startedAt) => units.record(codeFor(call.operation, type), startedAt),
        recordMany: (many) => {
          recorded += many.length;
          const completedAt = now();
          return store.requests.recordMany(
            many.map(({ code, startedAt }) => ({ requesterId, operation: call.operation, code, startedAt, completedAt })),
          );
        },
      };
      const outcome = await body(store, units);
      // A call that recorded no unit of work (its input was refused) changed nothing and is
      // not remembered: a corrected retry with the same key must be able to run.
      if (key !== null && recorded > 0) {
        const stored = JSON.stringify(outcome);
        // An outcome too large to remember is not applied either (the throw undoes the unit):
        // an answer under a key is always one that a retry can be given again.
        const bytes = Buffer.byteLength(stored);
        if (bytes > outcomeMaxBytes) throw new OutcomeTooLarge(bytes, outcomeMaxBytes);
        await store.idempotencyKeys.insert({ requesterId, key, operation: call.operation, inputHash: hash, outcome: stored, createdAt: now() });
      }
      return outcome;
    });
  } catch (error) {
    if (error instanceof OutcomeTooLarge) {
      return refuse(
        invalid([
          {
            path: "idempotencyKey",
            message:
              `the answer to this call (${error.bytes} bytes) is larger than the ${error.max} bytes remembered for a retry, ` +
              "so nothing was changed: send fewer items per call, or send it without an idempotencyKey",
          },
        ]),
      );
    }
    ctx.log.error({ err: error, operation: call.operation, requesterId }, "mutation failed unexpectedly");
    await recordFault(ctx, call.operation, now);
    return refuse({ type: "ServiceUnavailable" });
  }
}

/**
 * A mutation that is one unit of work: input checked first (a refusal there changes and
 * records nothing), then the unit runs and is recorded as a Request, SUCCEEDED or FAILED.
 */
export async function runUnitMutation<I, T, K extends RefusalType = never>(
  ctx: MutationContext,
  call: MutationCall,
  input: Reading<I>,
  unit: (store: WriteStore, input: I, startedAt: Date) => Promise<Decision<T, K>>,
): Promise<Decision<T & { requestId: string }, K | RunnerRefusal>> {
  const issues = [...issuesOf(input), ...checkIdempotencyKey(call.idempotencyKey)];
  if (issues.length || !input.ok) return refuse(invalid(issues));
  return runMutation(ctx, call, async (store, units) => {
    const startedAt = units.now();
    const outcome = await unit(store, input.value, startedAt);
    if (!outcome.ok) {
      await units.recordRefusal(outcome.refusal.type, startedAt);
      return outcome;
    }
    return accept({ ...outcome.value, requestId: await units.record(null, startedAt) });
  });
}

export interface BulkItemOutcome<E, T, out K extends RefusalType = RefusalType> {
  index: number;
  echo: E;
  /** Null when the item failed. */
  requestId: string | null;
  value: T | null;
  error: Refusal<K> | null;
}

/** What the runner answers for any bulk item, whatever the operation: a malformed item, a fault. */
export type BulkItemRefusal = "ValidationFailed" | "ServiceUnavailable";

/** A failed item's outcome, typed by its decision's kinds (Refused widens where Refusal cannot). */
function failedItem<E, K extends RefusalType>(index: number, echo: E, decision: Refused<K>): BulkItemOutcome<E, never, K> {
  return { index, echo, requestId: null, value: null, error: decision.refusal };
}

/** Checks the call as a whole: at least one item, at most the configured limit. */
export function checkBulkSize(count: number, limit: number, path = "input.items"): InputIssue[] {
  if (count === 0) return [{ path, message: "give at least one item" }];
  if (count > limit) return [{ path, message: `at most ${limit} items per call, got ${count}` }];
  return [];
}

/**
 * A bulk mutation: one transaction for the call, items in input order, so that a later item
 * sees an earlier one's effect, and each item wholly applied or not: a batch of items at a time
 * in a savepoint (applyBatch), or one item in a savepoint of its own (apply), so that a failed
 * item rolls back alone. An item whose
 * input is malformed fails alone and is not recorded; every other item is a Request. The echo
 * of a malformed item has its over-long texts cut (boundEcho): the answer and what a retry is
 * given stay small whatever was sent.
 */
export async function runBulkMutation<Item, Read, T, E, K extends RefusalType = never>(
  ctx: MutationContext & { bulkItemLimit: number },
  call: MutationCall,
  items: readonly Item[],
  steps: {
    echo(item: Item): E;
    read(item: Item, path: string): Reading<Read>;
    /**
     * Runs once in the unit of work, before the items, with every well-formed item read (in
     * input order): what the call needs of storage as a whole, such as its locks.
     */
    prepare?(store: WriteStore, reads: readonly Read[]): Promise<void>;
    /** Decides and writes one item inside its savepoint; a refusal or a thrown fault undoes it. */
    apply(store: WriteStore, read: Read, startedAt: Date): Promise<Decision<T, K>>;
    /**
     * Decides and writes a batch of items at once (store.batchItems of them, in input order):
     * facts loaded in a few reads, decisions taken in memory, each item seeing the effect of the
     * items before it, writes set-based; one decision per item, in order. The batch runs in one
     * savepoint: when it throws (a set write refused, a fault), the batch is undone and its items
     * run one by one through apply, each wholly applied or not. Without it, every item runs
     * through apply.
     */
    applyBatch?(store: WriteStore, batch: readonly { read: Read; startedAt: Date }[]): Promise<Decision<T, K>[]>;
  },
): Promise<Decision<BulkItemOutcome<E, T, BulkItemRefusal | K>[], RunnerRefusal>> {
  const issues = [...checkBulkSize(items.length, ctx.bulkItemLimit), ...checkIdempotencyKey(call.idempotencyKey)];
  if (issues.length) return refuse(invalid(issues));
  return runMutation(ctx, call, async (store, units) => {
    const outcomes: BulkItemOutcome<E, T, BulkItemRefusal | K>[] = [];
    let sliceStarted = performance.now();
    const slice = async () => {
      // Reads run between slices; storage keeps every other writer out meanwhile.
      if (performance.now() - sliceStarted > BULK_SLICE_MS) {
        await yieldToEventLoop();
        sliceStarted = performance.now();
      }
    };
    let readings: Reading<Read>[] | undefined;
    if (steps.prepare) {
      readings = [];
      for (const [index, item] of items.entries()) {
        await slice();
        readings.push(steps.read(item, `input.items[${index}]`));
      }
      await steps.prepare(store, readings.flatMap((r) => (r.ok ? [r.value] : [])));
    }
    // One item in its own savepoint: a refusal or a fault undoes it alone.
    const applyOne = async (index: number, echo: E, read: Read, startedAt: Date) => {
      let outcome: Decision<T, K | "ServiceUnavailable">;
      try {
        outcome = await store.savepoint(() => steps.apply(store, read, startedAt), (decision) => decision.ok);
      } catch (error) {
        ctx.log.error({ err: error, operation: call.operation, index }, "bulk item failed unexpectedly");
        outcome = refuse({ type: "ServiceUnavailable" });
      }
      if (!outcome.ok) {
        await units.recordRefusal(outcome.refusal.type, startedAt);
        outcomes.push(failedItem(index, echo, outcome));
      } else {
        outcomes.push({ index, echo, requestId: await units.record(null, startedAt), value: outcome.value, error: null });
      }
    };
    const batchSize = steps.applyBatch ? Math.max(1, store.batchItems) : 1;
    for (let from = 0; from < items.length; from += batchSize) {
      await slice();
      const batch: { index: number; echo: E; read: Read; startedAt: Date }[] = [];
      for (let index = from; index < Math.min(from + batchSize, items.length); index++) {
        const item = items[index]!;
        const read = readings?.[index] ?? steps.read(item, `input.items[${index}]`);
        if (read.ok) batch.push({ index, echo: steps.echo(item), read: read.value, startedAt: units.now() });
        else outcomes.push(failedItem(index, boundEcho(steps.echo(item)), read));
      }
      if (batch.length === 0) continue;
      let decisions: Decision<T, K>[] | undefined;
      if (steps.applyBatch) {
        const applyBatch = steps.applyBatch;
        try {
          decisions = await store.savepoint(() => applyBatch(store, batch), () => true);
        } catch (error) {
          // Undone as a whole: its items run again one by one, each wholly applied or not.
          ctx.log.warn({ err: error, operation: call.operation, from: batch[0]!.index }, "bulk batch failed, its items run one by one");
        }
      }
      if (!decisions) {
        for (const { index, echo, read, startedAt } of batch) await applyOne(index, echo, read, startedAt);
        continue;
      }
      const requestIds = await units.recordMany(
        batch.map(({ startedAt }, i) => {
          const decision = decisions[i]!;
          return { code: decision.ok ? null : codeFor(call.operation, decision.refusal.type), startedAt };
        }),
      );
      batch.forEach(({ index, echo }, i) => {
        const decision = decisions[i]!;
        outcomes.push(
          decision.ok
            ? { index, echo, requestId: requestIds[i]!, value: decision.value, error: null }
            : failedItem(index, echo, decision),
        );
      });
    }
    // Batches answer their malformed items first: the answer is in input order.
    outcomes.sort((a, b) => a.index - b.index);
    return accept(outcomes);
  });
}

/** Best effort: the fault may be the database itself, in which case there is nothing to add. */
async function recordFault(ctx: MutationContext, operation: Operation, now: () => Date): Promise<void> {
  try {
    const at = now();
    await ctx.storage.recordOutside({ requesterId: ctx.requester.id, operation, code: "GLOBAL_1001", startedAt: at, completedAt: at });
  } catch {
    // already logged above
  }
}
