/**
 * A database of its own for one run of a check or a benchmark, on either engine: a SQLite file
 * in a new temporary directory, or a new PostgreSQL database with a random name on the local
 * server (PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres), dropped with
 * `drop()`. Either way the directory holds the world files.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";

export type EngineName = "sqlite" | "pg";

export const ENGINE_NAMES: readonly EngineName[] = ["sqlite", "pg"];

export const PG_ADMIN_URL = process.env.PG_ADMIN_URL ?? process.env.PG_TEST_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  engine: EngineName;
  /** The SQLite file's path or the PostgreSQL database's URL. */
  location: string;
  /** A temporary directory of the run (world files; the SQLite file itself). */
  dir: string;
  /** What a server process needs in its environment to serve from this database. */
  env: Record<string, string>;
  /** Removes the directory and the database. */
  drop(): Promise<void>;
}

/** Parses an engine name as given to `--engine`. */
export function engineName(value: string | undefined): EngineName {
  if (value === undefined) return "sqlite";
  if (value === "sqlite" || value === "pg") return value;
  throw new Error(`--engine takes sqlite or pg, got ${value}`);
}

async function admin<T>(body: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`PostgreSQL cannot be reached at ${PG_ADMIN_URL} (${error instanceof Error ? error.message : String(error)}); set PG_ADMIN_URL`);
  }
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/**
 * A new empty database. `file` names the SQLite file in the directory (PostgreSQL: part of the
 * database's name, which gets a random suffix).
 */
export async function scratchDatabase(engine: EngineName, prefix: string, file = `${prefix}.db`): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `connectivity-${prefix}-`));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (engine === "sqlite") {
    const location = join(dir, file);
    return { engine, location, dir, env: { DATABASE_PATH: location, DATABASE_URL: "" }, drop: async () => removeDir() };
  }
  const name = `connectivity_${prefix.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${randomBytes(6).toString("hex")}`;
  try {
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    removeDir();
    throw error;
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const location = url.toString();
  return {
    engine,
    location,
    dir,
    env: { DATABASE_URL: location },
    async drop() {
      removeDir();
      // FORCE: a connection a killed process left behind does not keep the database alive.
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
