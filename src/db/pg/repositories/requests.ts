import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { ErrorCode, Operation } from "../../../domain/error-codes";
import type { Executor } from "../executor";
import { requests } from "../schema";
import { preparedOnce } from "../statement-cache";

const p = (name: string) => sql.placeholder(name);

/**
 * Records one unit of work of a mutation (SPEC section 1, Request). Units complete inside
 * their mutation's transaction, so the record is written with its final status. A bulk call
 * records one per item: the statement is prepared once per connection.
 */
export async function recordRequest(
  ex: Executor,
  unit: { requesterId: string; operation: Operation; code: ErrorCode | null; startedAt: Date; completedAt: Date },
): Promise<string> {
  const id = randomUUID();
  const statement = preparedOnce(ex, "write:recordRequest", (name) =>
    ex
      .insert(requests)
      .values({
        id: p("id"),
        requesterId: p("requesterId"),
        operation: p("operation"),
        status: p("status"),
        code: p("code"),
        createdAt: p("createdAt"),
        completedAt: p("completedAt"),
      })
      .prepare(name),
  );
  await statement.execute({
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
