/** Turns a mutation's outcome into its GraphQL result: the success type or an error type. */
import type { ClassType } from "type-graphql";
import type { BulkItemOutcome } from "../../db/mutation";
import type { Operation } from "../../domain/error-codes";
import type { Decision } from "../../domain/refusals";
import { toErrorResult } from "../errors/catalogue";

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
