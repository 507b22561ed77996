/**
 * The end-to-end tests' own access to the database under a test server, whatever its engine
 * (TEST_ENGINE, test/helpers/server.ts). SQL is written once, in the subset both engines read
 * alike: `?` placeholders (numbered `$n` for PostgreSQL here), no engine's own functions.
 * Values come back normalised, so that one expectation holds on both:
 *   - booleans as true/false (SQLite stores 0/1),
 *   - times as milliseconds since the epoch (SQLite stores them so; PostgreSQL's timestamptz
 *     is read as a Date and turned into its milliseconds),
 *   - counts as numbers (PostgreSQL's bigint arrives as text).
 * Parameters are given as the tests think of them (true, a Date) and bound as each engine
 * stores them. Text compares case-sensitively on both (ids are `COLLATE "C"` on PostgreSQL).
 */
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { getTableColumns, getTableName } from "drizzle-orm";
import { Client, types } from "pg";
import type { PgHandle } from "../../src/db/pg/connection";
import { KEY_CHANGES } from "../../src/db/pg/repositories/key-changes";
import type { DbHandle } from "../../src/db/sqlite/connection";
import * as sqliteSchema from "../../src/db/sqlite/schema";

export type EngineName = "sqlite" | "pg";

/** The engine the end-to-end tests of this run serve from: TEST_ENGINE=pg, else SQLite. */
export const TEST_ENGINE: EngineName = process.env.TEST_ENGINE === "pg" ? "pg" : "sqlite";

export interface TestDb {
  readonly engine: EngineName;
  /** Every row of a query, normalised (module comment). */
  rows<T = Record<string, any>>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** The first row of a query; undefined when there is none. */
  row<T = Record<string, any>>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of every row. */
  column<T = unknown>(sql: string, ...params: unknown[]): Promise<T[]>;
  /** The first column of the first row; undefined when there is no row. */
  value<T = unknown>(sql: string, ...params: unknown[]): Promise<T | undefined>;
  /** How many rows of `table` match `where`. */
  count(table: string, where?: string, ...params: unknown[]): Promise<number>;
  /** Runs a statement that changes something; answers how many rows it changed. */
  run(sql: string, ...params: unknown[]): Promise<number>;
  /** The SQL that orders a table's rows in the order they were inserted (rows never updated). */
  readonly insertionOrder: string;
  /**
   * A digest of every table (columns and all rows, in a fixed order), but those named in
   * `except`: two equal digests mean nothing changed, which is how tests prove that a refused
   * operation or a failed load wrote nothing.
   */
  digest(options?: { except?: readonly string[] }): Promise<string>;
  /** Every table with its columns and all its rows, in a fixed order (what digest() hashes). */
  contents(options?: { except?: readonly string[] }): Promise<TableContents[]>;
  /** Statements the server ran through its database adapter since it started (per request, N+1 checks). */
  statements(): number;
  /** From now on, every `event` on `table` (where `when`, a condition on NEW, holds) fails with `message`. */
  failOn(table: string, event: "INSERT" | "UPDATE", message: string, when?: string): Promise<FaultSwitch>;
  /** What the server logs when a table was renamed away under it. */
  readonly missingTableMessage: string;
  /** Copies every table, for restore(). */
  snapshot(): Promise<void>;
  /** Puts every table back as snapshot() found it. Only while no request is being served. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A table's name, its columns and every row (values in column order). */
export type TableContents = [table: string, columns: string[], rows: unknown[][]];

export interface FaultSwitch {
  /** The injected fault stops. */
  remove(): Promise<void>;
}

let faults = 0;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

function hashTables(tables: TableContents[]): string {
  const hash = createHash("sha256");
  for (const table of tables) {
    hash.update(JSON.stringify(table));
    hash.update("\n");
  }
  return hash.digest("hex");
}

// ---------------------------------------------------------------------------------------------
// SQLite

/** "table.column" of every boolean column of the SQLite schema: stored as 0/1, read as booleans. */
const SQLITE_BOOLEANS = new Set<string>();
for (const table of Object.values(sqliteSchema)) {
  if (!table || typeof table !== "object") continue;
  let name: string;
  try {
    name = getTableName(table as any);
  } catch {
    continue;
  }
  if (!name) continue;
  for (const column of Object.values(getTableColumns(table as any)) as { name: string; columnType: string }[]) {
    if (column.columnType === "SQLiteBoolean") SQLITE_BOOLEANS.add(`${name}.${column.name}`);
  }
}

const sqliteParam = (value: unknown) => (typeof value === "boolean" ? (value ? 1 : 0) : value instanceof Date ? value.getTime() : value);

function sqliteTables(sqlite: Database.Database): string[] {
  return sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

export function sqliteTestDb(handle: DbHandle, snapshotFile: string): TestDb {
  const sqlite = handle.sqlite;
  function read(sql: string, params: unknown[]): Record<string, unknown>[] {
    const statement = sqlite.prepare(sql);
    const booleans = statement
      .columns()
      .filter((c) => c.table && c.column && SQLITE_BOOLEANS.has(`${c.table}.${c.column}`))
      .map((c) => c.name);
    const rows = statement.all(...params.map(sqliteParam)) as Record<string, unknown>[];
    if (booleans.length) for (const row of rows) for (const name of booleans) if (typeof row[name] === "number") row[name] = row[name] === 1;
    return rows;
  }
  const db: TestDb = {
    engine: "sqlite",
    rows: async <T>(sql: string, ...params: unknown[]) => read(sql, params) as T[],
    row: async <T>(sql: string, ...params: unknown[]) => read(sql, params)[0] as T | undefined,
    column: async <T>(sql: string, ...params: unknown[]) => read(sql, params).map((row) => Object.values(row)[0]) as T[],
    value: async <T>(sql: string, ...params: unknown[]) => {
      const row = read(sql, params)[0];
      return (row ? Object.values(row)[0] : undefined) as T | undefined;
    },
    count: async (table, where = "1 = 1", ...params) =>
      Number((sqlite.prepare(`SELECT count(*) AS n FROM ${quote(table)} WHERE ${where}`).get(...params.map(sqliteParam)) as { n: number }).n),
    run: async (sql, ...params) => sqlite.prepare(sql).run(...params.map(sqliteParam)).changes,
    insertionOrder: "rowid",
    async contents(options = {}) {
      const except = options.except ?? [];
      return sqliteTables(sqlite)
        .filter((table) => !except.includes(table))
        .map((table) => {
          const columns = sqlite.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid").pluck().all(table) as string[];
          const order = columns.map((_, i) => i + 1).join(", ");
          return [table, columns, sqlite.prepare(`SELECT * FROM ${quote(table)} ORDER BY ${order}`).raw().all() as unknown[][]];
        });
    },
    digest: async (options) => hashTables(await db.contents(options)),
    statements: () => handle.statements.count,
    async failOn(table, event, message, when) {
      const name = `injected_fault_${++faults}`;
      sqlite.exec(
        `CREATE TRIGGER ${name} BEFORE ${event} ON ${quote(table)} ${when ? `WHEN ${when}` : ""} BEGIN SELECT RAISE(ABORT, '${message.replace(/'/g, "''")}'); END`,
      );
      return { remove: async () => void sqlite.exec(`DROP TRIGGER IF EXISTS ${name}`) };
    },
    missingTableMessage: "no such table",
    async snapshot() {
      sqlite.prepare("VACUUM INTO ?").run(snapshotFile);
    },
    async restore() {
      const tables = sqliteTables(sqlite);
      sqlite.prepare("ATTACH DATABASE ? AS snapshot").run(snapshotFile);
      sqlite.pragma("foreign_keys = OFF");
      try {
        sqlite.transaction(() => {
          for (const table of tables) {
            // The stored columns only: a generated column (subscribers.imei_key) is not inserted.
            const columns = (sqlite.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[]).map(quote).join(", ");
            sqlite.exec(`DELETE FROM main.${quote(table)}`);
            sqlite.exec(`INSERT INTO main.${quote(table)} (${columns}) SELECT ${columns} FROM snapshot.${quote(table)}`);
          }
        })();
      } finally {
        sqlite.pragma("foreign_keys = ON");
        sqlite.exec("DETACH DATABASE snapshot");
      }
    },
    close: async () => undefined,
  };
  return db;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** Times as epoch milliseconds, bigints (counts) as numbers: as SQLite answers them. */
const PG_TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return (text: string) => Number(text);
    if (oid === types.builtins.TIMESTAMPTZ || oid === types.builtins.TIMESTAMP) {
      const parse = types.getTypeParser(oid, "text") as (text: string) => Date;
      return (text: string) => parse(text).getTime();
    }
    return types.getTypeParser(oid, format as "text");
  },
} as any;

/** `?` placeholders numbered `$1`, `$2`…, those inside quoted text or names left alone. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  let out = "";
  let quoteChar: string | null = null;
  for (const ch of sql) {
    if (quoteChar) {
      if (ch === quoteChar) quoteChar = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quoteChar = ch;
      out += ch;
    } else if (ch === "?") {
      out += `$${++n}`;
    } else {
      out += ch;
    }
  }
  return out;
}

const SNAPSHOT_SCHEMA = "test_snapshot";

/** A statement that changes the schema: the tables and columns read before are read again. */
const DDL = /^\s*(ALTER|CREATE|DROP)\b/i;

export interface PgTestDb extends TestDb {
  /** The schema was changed through this helper (a table renamed, a fault injected, a snapshot taken). */
  readonly schemaChanged: boolean;
  /** Empties every table, for the next test server to load its world into. */
  empty(): Promise<void>;
}

export async function pgTestDb(handle: PgHandle, url: string): Promise<PgTestDb> {
  const client = new Client({ connectionString: url, types: PG_TYPES, application_name: "connectivity-tests" });
  await client.connect();
  // A server-side error on this connection (the database dropped at close) is not a test's concern.
  client.on("error", () => undefined);
  let schemaChanged = false;
  const query = async (sql: string, params: unknown[]) => {
    if (DDL.test(sql)) {
      schemaChanged = true;
      schema = null;
    }
    return client.query(numberedPlaceholders(sql), params);
  };
  const read = async (sql: string, params: unknown[]) => (await query(sql, params)).rows as Record<string, unknown>[];

  /** Every table with its columns, and those it stores (a generated column, subscribers.imei_key, is computed). */
  type Schema = { table: string; columns: string[]; stored: string[] }[];
  let schema: Schema | null = null;
  async function schemaOf(): Promise<Schema> {
    if (schema) return schema;
    const { rows } = await client.query<{ table: string; columns: string[]; stored: string[] }>(
      `SELECT c.table_name AS table,
              array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns,
              array_agg(c.column_name::text ORDER BY c.ordinal_position) FILTER (WHERE c.is_generated = 'NEVER') AS stored
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
       GROUP BY c.table_name ORDER BY c.table_name COLLATE "C"`,
    );
    schema = rows;
    return rows;
  }
  const tableList = (s: Schema) => s.map(({ table }) => `public.${quote(table)}`).join(", ");

  const db: PgTestDb = {
    engine: "pg",
    rows: async <T>(sql: string, ...params: unknown[]) => (await read(sql, params)) as T[],
    row: async <T>(sql: string, ...params: unknown[]) => (await read(sql, params))[0] as T | undefined,
    column: async <T>(sql: string, ...params: unknown[]) => {
      const result = await client.query({ text: numberedPlaceholders(sql), values: params, rowMode: "array" });
      return result.rows.map((row: unknown[]) => row[0]) as T[];
    },
    value: async <T>(sql: string, ...params: unknown[]) => {
      const result = await client.query({ text: numberedPlaceholders(sql), values: params, rowMode: "array" });
      return result.rows[0]?.[0] as T | undefined;
    },
    count: async (table, where = "1 = 1", ...params) => Number((await read(`SELECT count(*) AS n FROM ${quote(table)} WHERE ${where}`, params))[0]!.n),
    run: async (sql, ...params) => (await query(sql, params)).rowCount ?? 0,
    insertionOrder: "ctid",
    async contents(options = {}) {
      const except = options.except ?? [];
      const parts: TableContents[] = [];
      for (const { table, columns } of (await schemaOf()).filter(({ table }) => !except.includes(table))) {
        const order = columns.map((_, i) => i + 1).join(", ");
        const result = await client.query({ text: `SELECT * FROM ${quote(table)} ORDER BY ${order}`, rowMode: "array" });
        parts.push([table, columns, result.rows]);
      }
      return parts;
    },
    async digest(options = {}) {
      const except = options.except ?? [];
      const tables = (await schemaOf()).filter(({ table }) => !except.includes(table));
      if (tables.length === 0) return hashTables([]);
      // One statement: each table's rows as text, in their text's order, hashed where they are.
      const { rows } = await client.query<{ t: string; h: string }>(
        tables
          .map(
            ({ table }) =>
              `SELECT ${quoteText(table)} AS t, (SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text COLLATE "C"), '')) FROM ${quote(table)} x) AS h`,
          )
          .join(" UNION ALL "),
      );
      const hashes = new Map(rows.map((r) => [r.t, r.h]));
      return hashTables(tables.map(({ table, columns }) => [table, columns, [[hashes.get(table)]]]));
    },
    statements: () => handle.statements.count,
    async failOn(table, event, message, when) {
      const name = `injected_fault_${++faults}`;
      await query(
        `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fault$ BEGIN RAISE EXCEPTION '${message.replace(/'/g, "''")}'; END $fault$`,
        [],
      );
      await query(`CREATE TRIGGER ${name} BEFORE ${event} ON ${quote(table)} FOR EACH ROW ${when ? `WHEN (${when})` : ""} EXECUTE FUNCTION ${name}()`, []);
      return {
        async remove() {
          await query(`DROP TRIGGER IF EXISTS ${name} ON ${quote(table)}`, []);
          await query(`DROP FUNCTION IF EXISTS ${name}()`, []);
        },
      };
    },
    missingTableMessage: "does not exist",
    async snapshot() {
      const tables = await schemaOf();
      schemaChanged = true;
      await client.query(
        [
          `DROP SCHEMA IF EXISTS ${SNAPSHOT_SCHEMA} CASCADE`,
          `CREATE SCHEMA ${SNAPSHOT_SCHEMA}`,
          ...tables.map(({ table }) => `CREATE TABLE ${SNAPSHOT_SCHEMA}.${quote(table)} AS TABLE public.${quote(table)}`),
        ].join(";\n"),
      );
    },
    async restore() {
      const tables = await schemaOf();
      // One round trip. Foreign keys are triggers on PostgreSQL: off for this transaction, as
      // SQLite's pragma. Every serving process then forgets the API keys it remembered.
      const statements = [
        "BEGIN",
        "SET LOCAL session_replication_role = replica",
        `TRUNCATE ${tableList(tables)}`,
        ...tables.map(({ table, stored }) => {
          const columns = stored.map(quote).join(", ");
          return `INSERT INTO public.${quote(table)} (${columns}) SELECT ${columns} FROM ${SNAPSHOT_SCHEMA}.${quote(table)}`;
        }),
        `SELECT pg_notify(${quoteText(KEY_CHANGES)}, '')`,
        "COMMIT",
      ];
      try {
        await client.query(statements.join(";\n"));
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
    get schemaChanged() {
      return schemaChanged;
    },
    async empty() {
      await client.query(`TRUNCATE ${tableList(await schemaOf())}`);
    },
    close: () => client.end().catch(() => undefined),
  };
  return db;
}
