/**
 * What every operation with a result union shares: the idempotencyKey argument, the requestId
 * field, and turning an outcome into the success type or an error type.
 */
import { Arg, type ClassType } from "type-graphql";
import type { BulkItemOutcome } from "../app/mutation";
import type { Operation } from "../domain/error-codes";
import type { Decision } from "../domain/refusals";
import { traceAnswer } from "../http/access-log";
import type { Context } from "./context";
import { toErrorResult } from "./errors/catalogue";

export const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    "Makes the call safe to retry: a repeat with the same key and input returns the first result and changes nothing. Kept at least 24 hours.",
} as const;

/** A mutation's `idempotencyKey` argument: `@IdempotencyKey() idempotencyKey`. */
export function IdempotencyKey() {
  return Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY);
}

/** The requestId field of a success type. */
export const REQUEST_ID = { description: "The request that recorded the change." } as const;

/**
 * Runs an operation whose result is a union: an unexpected fault is logged and answered as
 * ServiceUnavailable (GLOBAL_1001), never as a stack trace.
 */
export async function guarded<T>(ctx: Context, operation: Operation, run: () => T | Promise<T>) {
  let answered: T | ReturnType<typeof toErrorResult>;
  try {
    answered = await run();
  } catch (error) {
    ctx.log.error({ err: error, operation }, "operation failed unexpectedly");
    answered = toErrorResult(operation, { type: "ServiceUnavailable" });
  }
  // The access log tells a refusal from a success (README "Operability").
  traceAnswer(ctx.trace, answered);
  return answered;
}

/** Turns a mutation's outcome into its GraphQL result: the success type or an error type. */
export async function answer<T extends object>(
  operation: Operation,
  pending: Decision<T> | Promise<Decision<T>>,
  Success: ClassType<object>,
) {
  const outcome = await pending;
  return outcome.ok ? Object.assign(new Success(), outcome.value) : toErrorResult(operation, outcome.refusal);
}

/**
 * A bulk outcome as `{ results, succeededCount, failedCount }`; each item result carries the
 * echo of its input, its requestId, its own fields and its error.
 */
export async function bulkAnswer<E, T>(
  operation: Operation,
  pending: Decision<BulkItemOutcome<E, T>[]> | Promise<Decision<BulkItemOutcome<E, T>[]>>,
  Success: ClassType<object>,
  ItemResult: ClassType<object>,
  fields: (echo: E, value: T | null) => object,
) {
  const outcome = await pending;
  if (!outcome.ok) return toErrorResult(operation, outcome.refusal);
  const results = outcome.value.map((item) =>
    Object.assign(new ItemResult(), fields(item.echo, item.value), {
      index: item.index,
      requestId: item.requestId,
      error: item.error ? toErrorResult(operation, item.error) : null,
    }),
  );
  const failedCount = results.filter((r) => (r as { error: unknown }).error).length;
  return Object.assign(new Success(), { results, failedCount, succeededCount: results.length - failedCount });
}
