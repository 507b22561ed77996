/**
 * Statements built once per executor and run as named prepared statements: node-postgres
 * prepares a named statement once per connection and reuses it, so the read API's few hot
 * statements are parsed and planned once per pooled connection, not at every request. A name
 * always stands for one statement text (node-postgres refuses a name reused for another text);
 * values, id lists included, are bound at each run.
 */
import type { Executor } from "./executor";

const cache = new WeakMap<Executor, Map<string, unknown>>();

/** The statement `name` on this executor, built by `prepare(name)` the first time it is asked for. */
export function preparedOnce<T>(ex: Executor, name: string, prepare: (name: string) => T): T {
  let statements = cache.get(ex);
  if (!statements) {
    statements = new Map();
    cache.set(ex, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = prepare(name);
    statements.set(name, statement);
  }
  return statement;
}
