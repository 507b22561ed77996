import { randomUUID } from "node:crypto";
import type { ErrorCode, Operation } from "../../../domain/error-codes";
import type { Executor } from "../executor";
import { prepared } from "./prepared";

/**
 * Records one unit of work of a mutation (SPEC section 1, Request). Units complete inside
 * their mutation's transaction, so the record is written with its final status.
 */
export function recordRequest(
  ex: Executor,
  unit: { requesterId: string; operation: Operation; code: ErrorCode | null; startedAt: Date; completedAt: Date },
): string {
  const id = randomUUID();
  prepared(ex).insertRequest.run({
    id,
    requesterId: unit.requesterId,
    operation: unit.operation,
    status: unit.code ? "FAILED" : "SUCCEEDED",
    code: unit.code,
    createdAt: unit.startedAt,
    completedAt: unit.completedAt,
  });
  return id;
}
