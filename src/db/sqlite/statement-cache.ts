/**
 * Statements prepared once per connection and kept: building and compiling a statement costs
 * about ten times running a prepared one, and the read API runs the same few statements for
 * every request. A statement is named by what it does (a list and its filter shape, a read by
 * id); values, id lists included, are bound at each run, so one statement serves any of them.
 */
import type { Executor } from "./executor";

const cache = new WeakMap<Executor, Map<string, unknown>>();

/** The statement `name` on this connection, prepared by `prepare` the first time it is asked for. */
export function preparedOnce<T>(ex: Executor, name: string, prepare: () => T): T {
  let statements = cache.get(ex);
  if (!statements) {
    statements = new Map();
    cache.set(ex, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (statement === undefined) {
    statement = prepare();
    statements.set(name, statement);
  }
  return statement;
}
