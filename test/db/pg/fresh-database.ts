/**
 * A fresh PostgreSQL database per test file, on the local server the suite expects
 * (127.0.0.1:5432, user postgres, trust auth; PG_TEST_ADMIN_URL names another), created with
 * a random name and dropped afterwards. When the server cannot be reached the test fails and
 * says so: a PostgreSQL adapter whose tests skip silently is untested.
 */
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { openMigratedPgDatabase } from "../../../src/db/pg/connection";

export const ADMIN_URL = process.env.PG_TEST_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin(): Promise<Client> {
  const client = new Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL cannot be reached at ${ADMIN_URL} (${error instanceof Error ? error.message : String(error)}). ` +
        "The PostgreSQL adapter's tests need it: start it (e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`) " +
        "or set PG_TEST_ADMIN_URL.",
    );
  }
  return client;
}

/**
 * A new empty database; with `template`, a copy of that database named after it (PostgreSQL
 * copies its files: much cheaper than applying the migrations again; dropCopiesOf drops every
 * copy at once). A template must have no open connection.
 */
export async function freshDatabase(options: { template?: string } = {}): Promise<FreshDatabase> {
  const name = `${options.template ?? "connectivity_test"}_${randomBytes(8).toString("hex")}`;
  const client = await admin();
  try {
    await client.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ""}`);
  } finally {
    await client.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const dropper = await admin();
      try {
        // FORCE: a connection a failed test left open does not keep the database alive.
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * A database with every migration of drizzle/pg/ applied and no rows, to copy with
 * freshDatabase({ template }): the end-to-end tests on PostgreSQL make one per run
 * (test/global-setup.ts) and a copy per test server.
 */
export async function migratedTemplate(): Promise<FreshDatabase> {
  const template = await freshDatabase();
  try {
    const handle = await openMigratedPgDatabase(template.url, { maxConnections: 1 });
    await handle.close();
  } catch (error) {
    await template.drop().catch(() => undefined);
    throw error;
  }
  return template;
}

/** Drops every copy of a template (freshDatabase names them after it) that is left. */
export async function dropCopiesOf(template: string): Promise<void> {
  const client = await admin();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [`${template}_`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
