import { sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { RequestUnit } from "../../../app/ports";
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
  unit: RequestUnit,
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

/** Records many units of work in one statement (their values as arrays); their ids in order. */
export async function recordRequests(ex: Executor, units: readonly RequestUnit[]): Promise<string[]> {
  if (units.length === 0) return [];
  const ids = units.map(() => randomUUID());
  const column = <T>(value: (unit: RequestUnit) => T) => sql.param(units.map(value));
  await ex.execute(
    sql`insert into ${requests} (id, requester_id, operation, status, code, created_at, completed_at)
        select * from unnest(${sql.param(ids)}::text[], ${column((u) => u.requesterId)}::text[], ${column((u) => u.operation)}::text[],
                             ${column((u) => (u.code ? "FAILED" : "SUCCEEDED"))}::text[], ${column((u) => u.code)}::text[],
                             ${column((u) => u.startedAt.toISOString())}::timestamptz[], ${column((u) => u.completedAt.toISOString())}::timestamptz[])`,
  );
  return ids;
}
