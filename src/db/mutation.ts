/**
 * The one way a mutation writes (README "Safe retries"): an IMMEDIATE transaction, so that
 * writers queue instead of failing half-way; the idempotency key looked up and stored in
 * that same transaction, so that two concurrent calls with one key apply once; and any
 * unexpected fault turned into ServiceUnavailable after it is logged.
 */
import { and, eq, lt } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Logger } from "pino";
import { codeFor, type ErrorCode, type Operation } from "../domain/error-codes";
import { accept, invalid, issuesOf, refuse, type Decision, type InputIssue, type Refusal } from "../domain/refusals";
import type { Requester } from "../domain/requester";
import type { DbHandle } from "./connection";
import type { Executor } from "./executor";
import { recordRequest } from "./repositories/requests";
import { idempotencyKeys } from "./schema";

export const IDEMPOTENCY_KEY_MAX = 200;

export interface MutationContext {
  handle: DbHandle;
  requester: Requester;
  log: Pick<Logger, "error">;
  now?: () => Date;
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
  record(code: ErrorCode | null, startedAt: Date): string;
  /** Records a refused unit with the operation's code for that refusal. */
  recordRefusal(type: Parameters<typeof codeFor>[1], startedAt: Date): string;
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

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function inputHash(operation: Operation, input: unknown): string {
  return createHash("sha256").update(JSON.stringify([operation, canonical(input)])).digest("hex");
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Outcomes hold Dates (the *At fields of snapshots); JSON turns them into strings. */
function reviveDates(key: string, value: unknown): unknown {
  return typeof value === "string" && key.endsWith("At") && ISO_DATE.test(value) ? new Date(value) : value;
}

export function runMutation<T>(
  ctx: MutationContext,
  call: MutationCall,
  body: (tx: Executor, units: Units) => Decision<T>,
): Decision<T> {
  const now = ctx.now ?? (() => new Date());
  const requesterId = ctx.requester.id;
  const key = call.idempotencyKey ?? null;
  const tx = ctx.handle.db;
  try {
    // better-sqlite3's own transaction function: BEGIN IMMEDIATE, COMMIT, or ROLLBACK on a
    // throw; nested ones are savepoints. Statements on the handle run inside it (one
    // connection, synchronous), so prepared statements can be reused across calls.
    return ctx.handle.sqlite
      .transaction(() => {
        let hash = "";
        if (key !== null) {
          hash = inputHash(call.operation, call.input);
          const previous = tx
            .select()
            .from(idempotencyKeys)
            .where(and(eq(idempotencyKeys.requesterId, requesterId), eq(idempotencyKeys.key, key)))
            .get();
          if (previous) {
            if (previous.inputHash !== hash || previous.operation !== call.operation) {
              return refuse<T>({ type: "IdempotencyKeyReused", idempotencyKey: key });
            }
            return JSON.parse(previous.outcome, reviveDates) as Decision<T>;
          }
        }
        let recorded = 0;
        const units: Units = {
          now,
          record: (code, startedAt) => {
            recorded++;
            return recordRequest(tx, { requesterId, operation: call.operation, code, startedAt, completedAt: now() });
          },
          recordRefusal: (type, startedAt) => units.record(codeFor(call.operation, type), startedAt),
        };
        const outcome = body(tx, units);
        // A call that recorded no unit of work (its input was refused) changed nothing and is
        // not remembered: a corrected retry with the same key must be able to run.
        if (key !== null && recorded > 0) {
          tx.insert(idempotencyKeys)
            .values({
              requesterId,
              key,
              operation: call.operation,
              inputHash: hash,
              outcome: JSON.stringify(outcome),
              createdAt: now(),
            })
            .run();
        }
        return outcome;
      })
      .immediate();
  } catch (error) {
    ctx.log.error({ err: error, operation: call.operation, requesterId }, "mutation failed unexpectedly");
    recordFault(ctx, call.operation, now);
    return refuse({ type: "ServiceUnavailable" });
  }
}

/**
 * A mutation that is one unit of work: input checked first (a refusal there changes and
 * records nothing), then the unit runs and is recorded as a Request, SUCCEEDED or FAILED.
 */
export function runUnitMutation<I, T>(
  ctx: MutationContext,
  call: MutationCall,
  input: Decision<I>,
  unit: (tx: Executor, input: I, startedAt: Date) => Decision<T>,
): Decision<T & { requestId: string }> {
  const issues = [...issuesOf(input), ...checkIdempotencyKey(call.idempotencyKey)];
  if (issues.length || !input.ok) return refuse(invalid(issues));
  return runMutation(ctx, call, (tx, units) => {
    const startedAt = units.now();
    const outcome = unit(tx, input.value, startedAt);
    if (!outcome.ok) {
      units.recordRefusal(outcome.refusal.type, startedAt);
      return outcome;
    }
    return accept({ ...outcome.value, requestId: units.record(null, startedAt) });
  });
}

export interface BulkItemOutcome<E, T> {
  index: number;
  echo: E;
  /** Null when the item failed. */
  requestId: string | null;
  value: T | null;
  error: Refusal | null;
}

/** Checks the call as a whole: at least one item, at most the configured limit. */
export function checkBulkSize(count: number, limit: number, path = "input.items"): InputIssue[] {
  if (count === 0) return [{ path, message: "give at least one item" }];
  if (count > limit) return [{ path, message: `at most ${limit} items per call, got ${count}` }];
  return [];
}

/**
 * A bulk mutation: one transaction for the call and a savepoint per item, in input order, so
 * a later item sees an earlier one's effect and a failed item rolls back alone. An item whose
 * input is malformed fails alone and is not recorded; every other item is a Request.
 */
export function runBulkMutation<Item, Read, T, E>(
  ctx: MutationContext & { bulkItemLimit: number },
  call: MutationCall,
  items: readonly Item[],
  steps: {
    echo(item: Item): E;
    read(item: Item, path: string): Decision<Read>;
    /** Decides and writes one item inside its savepoint; a thrown fault rolls it back. */
    apply(tx: Executor, read: Read, startedAt: Date): Decision<T>;
  },
): Decision<BulkItemOutcome<E, T>[]> {
  const issues = [...checkBulkSize(items.length, ctx.bulkItemLimit), ...checkIdempotencyKey(call.idempotencyKey)];
  if (issues.length) return refuse(invalid(issues));
  return runMutation(ctx, call, (tx, units) =>
    accept(
      items.map((item, index): BulkItemOutcome<E, T> => {
        const echo = steps.echo(item);
        const read = steps.read(item, `input.items[${index}]`);
        if (!read.ok) return { index, echo, requestId: null, value: null, error: read.refusal };
        const startedAt = units.now();
        let outcome: Decision<T>;
        try {
          outcome = ctx.handle.sqlite.transaction(() => steps.apply(tx, read.value, startedAt))();
        } catch (error) {
          ctx.log.error({ err: error, operation: call.operation, index }, "bulk item failed unexpectedly");
          outcome = refuse({ type: "ServiceUnavailable" });
        }
        if (!outcome.ok) {
          units.recordRefusal(outcome.refusal.type, startedAt);
          return { index, echo, requestId: null, value: null, error: outcome.refusal };
        }
        return { index, echo, requestId: units.record(null, startedAt), value: outcome.value, error: null };
      }),
    ),
  );
}

/** Best effort: the fault may be the database itself, in which case there is nothing to add. */
function recordFault(ctx: MutationContext, operation: Operation, now: () => Date): void {
  try {
    const at = now();
    recordRequest(ctx.handle.db, {
      requesterId: ctx.requester.id,
      operation,
      code: "GLOBAL_1001",
      startedAt: at,
      completedAt: at,
    });
  } catch {
    // already logged above
  }
}

/** Forgets idempotency keys older than the retention period. */
export function purgeIdempotencyKeys(handle: DbHandle, olderThan: Date): number {
  return handle.db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, olderThan)).run().changes;
}
