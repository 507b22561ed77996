import { GraphQLError } from "graphql";
import type { Operation } from "../../domain/error-codes";
import type { InputIssue } from "../../domain/refusals";
import type { Context } from "../context";
import { toErrorResult } from "../errors/catalogue";

/**
 * Runs an operation whose result is a union: an unexpected fault is logged and answered as
 * ServiceUnavailable (GLOBAL_1001), never as a stack trace.
 */
export async function guarded<T>(ctx: Context, operation: Operation, run: () => T | Promise<T>) {
  try {
    return await run();
  } catch (error) {
    ctx.log.error({ err: error, operation }, "operation failed unexpectedly");
    return toErrorResult(operation, { type: "ServiceUnavailable" });
  }
}

/** An input error on a field that has no result union: a GraphQL error naming the paths. */
export function inputError(issues: InputIssue[]): GraphQLError {
  return new GraphQLError(issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
    extensions: { code: "VALIDATION_FAILED", issues },
  });
}
