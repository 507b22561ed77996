/**
 * The hot reads as better-sqlite3 statements of their own. Drizzle renders each statement's
 * SQL once (the rules' own SQL of visibility.ts included, placeholders kept), better-sqlite3
 * prepares it once per connection, and each run binds the values by placeholder name and reads
 * the result rows as arrays with a hand-written reader (rows.ts). Drizzle's own run of a
 * prepared query checks the type of every parameter and value, which on a page of 400 rows
 * costs more than SQLite does. Each run is reported to the connection's Drizzle logger, like a
 * statement run through Drizzle, so the statements of a request are counted as before.
 */
import type Database from "better-sqlite3";
import { is, Param, Placeholder, type Logger, type SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { Executor } from "./executor";
import { preparedOnce } from "./statement-cache";

const dialect = new SQLiteSyncDialect();

type Handle = { $client?: Database.Database; session?: { client?: Database.Database; logger?: Logger } };

/** The better-sqlite3 connection under a database (or transaction) handle. */
export function clientOf(ex: Executor): Database.Database {
  const handle = ex as unknown as Handle;
  const client = handle.$client ?? handle.session?.client;
  if (!client) throw new Error("no better-sqlite3 connection under this executor");
  return client;
}

/** The Drizzle logger of a handle, which counts (or logs) the statements run on it. */
function loggerOf(ex: Executor): Logger {
  return (ex as unknown as Handle).session?.logger ?? { logQuery: () => {} };
}

export interface RawStatement<Row> {
  /** Every result row, read. */
  all(values: Readonly<Record<string, unknown>>): Row[];
  /** The first result row, read; undefined when there is none. */
  get(values: Readonly<Record<string, unknown>>): Row | undefined;
  /** The SQL and the values one run binds, for the tests that read its plan. */
  query(values: Readonly<Record<string, unknown>>): { sql: string; params: unknown[] };
}

/** How one parameter of the rendered SQL gets its value at each run. */
type Binder = (values: Readonly<Record<string, unknown>>) => unknown;

function valueOf(name: string, values: Readonly<Record<string, unknown>>): unknown {
  if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
  return values[name];
}

/** A value known at render time, a placeholder, or a placeholder a column encodes (as Drizzle's fillPlaceholders). */
function binderOf(param: unknown): Binder {
  if (is(param, Placeholder)) return (values) => valueOf(param.name, values);
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { encoder } = param;
    const name = param.value.name;
    return (values) => encoder.mapToDriverValue(valueOf(name, values));
  }
  return () => param;
}

/** A statement's SQL and how each of its result rows is read. */
export interface RawQuery<Row> {
  sql: SQL;
  read(values: unknown[]): Row;
}

/** The statement `name` on this connection: built, rendered and prepared the first time it is asked for. */
export function rawStatementOnce<Row>(ex: Executor, name: string, build: () => RawQuery<Row>): RawStatement<Row> {
  return preparedOnce(ex, `raw:${name}`, () => rawStatement(ex, build()));
}

function rawStatement<Row>(ex: Executor, { sql, read }: RawQuery<Row>): RawStatement<Row> {
  const client = clientOf(ex);
  const logger = loggerOf(ex);
  const rendered = dialect.sqlToQuery(sql);
  const statement = client.prepare(rendered.sql).raw(true);
  const binders = rendered.params.map(binderOf);
  const bind = (values: Readonly<Record<string, unknown>>) => {
    const params = new Array<unknown>(binders.length);
    for (let i = 0; i < binders.length; i++) params[i] = binders[i]!(values);
    logger.logQuery(rendered.sql, params);
    return params;
  };
  return {
    all(values) {
      const found = statement.all(...bind(values)) as unknown[][];
      const rows = new Array<Row>(found.length);
      for (let i = 0; i < found.length; i++) rows[i] = read(found[i]!);
      return rows;
    },
    get(values) {
      const found = statement.get(...bind(values)) as unknown[] | undefined;
      return found === undefined ? undefined : read(found);
    },
    query: (values) => ({ sql: rendered.sql, params: rendered.params.map((param) => binderOf(param)(values)) }),
  };
}
