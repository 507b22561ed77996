/**
 * A fresh PostgreSQL database per test file, on the local server the suite expects
 * (127.0.0.1:5432, user postgres, trust auth; PG_TEST_ADMIN_URL names another), created with
 * a random name and dropped afterwards. When the server cannot be reached the test fails and
 * says so: a PostgreSQL adapter whose tests skip silently is untested.
 */
import { randomBytes } from "node:crypto";
import { Client } from "pg";

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

export async function freshDatabase(): Promise<FreshDatabase> {
  const name = `connectivity_test_${randomBytes(8).toString("hex")}`;
  const client = await admin();
  try {
    await client.query(`CREATE DATABASE ${name}`);
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
