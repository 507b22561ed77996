/**
 * The built server (dist/main.js) on PostgreSQL (DATABASE_URL), two processes on one database
 * created for this file: both start at once on the empty database (migrated and filled with
 * the demo world once), both serve queries and mutations written to the database, an
 * idempotency key sent to both at once applies once, a key revoked through one is refused by
 * the other within a second, and a lost database answers ServiceUnavailable (never a fault)
 * until it is back, when the next calls succeed.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { graphql, startServerProcess, type ServerProcess } from "../../scripts/lib/server-process";
import { ADMIN_URL, freshDatabase, type FreshDatabase } from "../db/pg/fresh-database";

const ROOT = resolve(__dirname, "../..");
const DEMO = JSON.parse(readFileSync(resolve(ROOT, "examples/demo-world.json"), "utf8"));
const MIGRATIONS = JSON.parse(readFileSync(resolve(ROOT, "drizzle/pg/meta/_journal.json"), "utf8")).entries.length as number;
const NIMBUS_KEY = "demo-nimbus-reseller-key-0002";
const ACME_KEY = "demo-acme-logistics-key-0005";
const ACME_ID = "49c52028-b989-482b-b5e8-0017c69e5e85";
const SUBSCRIBER = { type: "IMSI", value: "222013016995778" };
const STARTER = "3b9f1069-4b44-49bc-8d03-e27ca45f1b3e";
const SENSORS = "2fe4857e-93d8-4349-ae6b-e5b3f7b6a3e7";

const VIEWER = "{ viewer { id name } }";
const REPLACE = `mutation($input: BulkReplacePackageInput!, $key: String) {
  bulkReplacePackage(input: $input, idempotencyKey: $key) {
    __typename
    ... on BulkReplacePackageSuccess { succeededCount failedCount results { index requestId error { __typename ... on ErrorResult { code } } } }
    ... on ErrorResult { code message }
  }
}`;
const replace = (from: string, to: string) => ({ input: { items: [{ subscriber: SUBSCRIBER, currentPackageId: from, newPackageId: to }] } });
const SUBSCRIBER_PACKAGE = `{ subscriber(identifier: { type: IMSI, value: "${SUBSCRIBER.value}" }) { package { id } offers { priority offer { id } } } }`;

/** Nothing of the machinery may reach a client: no driver, SQL, connection or stack words. */
const LEAK = /postgres|pg_|sql|terminat|connection|ECONN|stack|\bat \//i;

let db: FreshDatabase;
let sql: Client;
let a: ServerProcess;
let b: ServerProcess;

const env = () => ({ DATABASE_URL: db.url, NODE_ENV: "", LOG_LEVEL: "info" });

beforeAll(async () => {
  db = await freshDatabase();
  sql = new Client({ connectionString: db.url });
  await sql.connect();
  // Both at once on the empty database: both migrate and look for an empty database to fill.
  [a, b] = await Promise.all([startServerProcess(env()), startServerProcess(env())]);
}, 90_000);

afterAll(async () => {
  await Promise.all([a?.stop("SIGKILL"), b?.stop("SIGKILL")]);
  await sql?.end().catch(() => undefined);
  await db?.drop();
});

async function asAdmin<T>(body: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return await body(admin);
  } finally {
    await admin.end();
  }
}

/** Ends every connection to the database but the test's own (the servers' pools and listeners). */
async function cutConnections(): Promise<number> {
  const { rows } = await sql.query(
    "select count(*) filter (where pg_terminate_backend(pid)) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
  );
  return Number(rows[0].n);
}

/** The process listens for key changes again (its last word on it is "listening"). */
function listening(server: ServerProcess): boolean {
  const output = server.output();
  return output.lastIndexOf("listening for key changes") > output.lastIndexOf("listening connection was lost");
}

async function subscriberRow() {
  const { rows } = await sql.query("select id, package_id from subscribers where imsi = $1", [SUBSCRIBER.value]);
  return rows[0] as { id: string; package_id: string };
}

/** The subscriber holds exactly the package's offers, priorities n..1 in package order. */
async function expectExactlyPackage(packageId: string) {
  const subscriber = await subscriberRow();
  expect(subscriber.package_id).toBe(packageId);
  const held = await sql.query("select offer_id, priority, package_id from subscriber_offers where subscriber_id = $1 order by priority desc", [subscriber.id]);
  const nested = await sql.query("select offer_id from package_offers where package_id = $1 order by position", [packageId]);
  const n = nested.rows.length;
  expect(held.rows).toEqual(nested.rows.map((row, position) => ({ offer_id: row.offer_id, priority: n - position, package_id: packageId })));
}

describe("the server on PostgreSQL, two processes on one database", () => {
  it("both start at once on an empty database: migrated once, the demo world loaded once, both ready", async () => {
    expect([a, b].filter((s) => s.output().includes("Loaded the demo world")).length).toBe(1);
    expect(Number((await sql.query("select count(*) as n from customers")).rows[0].n)).toBe(DEMO.customers.length);
    expect(Number((await sql.query("select count(*) as n from drizzle.__drizzle_migrations")).rows[0].n)).toBe(MIGRATIONS);
    for (const server of [a, b]) {
      const ready = await fetch(new URL("/readyz", server.url));
      expect([ready.status, await ready.json()]).toEqual([200, { status: "ready" }]);
      expect(server.output()).toContain(`"database":"${db.url}"`);
    }
  });

  it("serves a query and a mutation from either process, the mutation written to the database and read by the other", async () => {
    const viewer = await graphql(a.url, NIMBUS_KEY, VIEWER);
    expect(viewer.body).toEqual({ data: { viewer: { id: DEMO.customers[1].id, name: "Nimbus Connect" } } });

    const replaced = await graphql(b.url, NIMBUS_KEY, REPLACE, replace(STARTER, SENSORS));
    expect(replaced.status).toBe(200);
    const outcome = replaced.body.data.bulkReplacePackage;
    expect(outcome).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 1, failedCount: 0 });
    const requestId = outcome.results[0].requestId;
    const request = await sql.query("select operation, status, requester_id from requests where id = $1", [requestId]);
    expect(request.rows).toEqual([{ operation: "bulkReplacePackage", status: "SUCCEEDED", requester_id: DEMO.customers[1].id }]);
    await expectExactlyPackage(SENSORS);

    const read = await graphql(a.url, NIMBUS_KEY, SUBSCRIBER_PACKAGE);
    expect(read.body.data.subscriber.package).toEqual({ id: SENSORS });
    expect(read.body.data.subscriber.offers).toHaveLength(2);
  });

  it("applies an idempotency key sent to both processes at the same moment once, and answers both alike", async () => {
    let [from, to] = [SENSORS, STARTER];
    for (let round = 0; round < 4; round++) {
      const before = Number((await sql.query("select count(*) as n from requests where operation = 'bulkReplacePackage'")).rows[0].n);
      const key = `both-at-once-${round}`;
      const variables = { ...replace(from, to), key };
      const [one, two] = await Promise.all([graphql(a.url, NIMBUS_KEY, REPLACE, variables), graphql(b.url, NIMBUS_KEY, REPLACE, variables)]);
      expect(one.body.data.bulkReplacePackage).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 1 });
      expect(two.body).toEqual(one.body);
      const after = Number((await sql.query("select count(*) as n from requests where operation = 'bulkReplacePackage'")).rows[0].n);
      expect(after - before).toBe(1);
      expect(Number((await sql.query("select count(*) as n from idempotency_keys where key = $1", [key])).rows[0].n)).toBe(1);
      await expectExactlyPackage(to);
      [from, to] = [to, from];
    }
  });

  it("refuses a key revoked through one process in the other within a second, and shows a rename there as soon", async () => {
    await vi.waitFor(() => expect([listening(a), listening(b)]).toEqual([true, true]), { timeout: 10_000, interval: 50 });
    const created = await graphql(
      a.url,
      NIMBUS_KEY,
      `mutation { createApiKey(input: { label: "spare" }) { __typename ... on CreateApiKeySuccess { key apiKey { id } } } }`,
    );
    const { key, apiKey } = created.body.data.createApiKey;
    // Used twice on each: its customer is remembered there.
    for (const server of [a, b, a, b]) expect((await graphql(server.url, key, VIEWER)).status).toBe(200);
    const revoked = await graphql(a.url, NIMBUS_KEY, `mutation { revokeApiKey(input: { apiKeyId: "${apiKey.id}" }) { __typename } }`);
    expect(revoked.body.data.revokeApiKey.__typename).toBe("RevokeApiKeySuccess");
    const since = performance.now();
    // The process that revoked it refuses it from the very next request.
    expect((await graphql(a.url, key, VIEWER)).status).toBe(401);
    for (;;) {
      const answer = await graphql(b.url, key, VIEWER);
      if (answer.status === 401) break;
      expect(answer.status).toBe(200);
      expect(performance.now() - since).toBeLessThan(1_000);
      await sleep(20);
    }
    expect(performance.now() - since).toBeLessThan(1_000);

    expect((await graphql(b.url, ACME_KEY, VIEWER)).body.data.viewer.name).toBe("Acme Logistics");
    const renamed = await graphql(a.url, NIMBUS_KEY, `mutation { renameCustomer(input: { customerId: "${ACME_ID}", name: "Acme renamed" }) { __typename } }`);
    expect(renamed.body.data.renameCustomer.__typename).toBe("RenameCustomerSuccess");
    await vi.waitFor(async () => expect((await graphql(b.url, ACME_KEY, VIEWER)).body.data.viewer.name).toBe("Acme renamed"), {
      timeout: 1_000,
      interval: 20,
    });
  });

  it("answers only successes or ServiceUnavailable while its connections are cut mid-run, and the next calls succeed", async () => {
    const answers: { status: number; body: any; text: string }[] = [];
    let running = true;
    const client = async (server: ServerProcess, i: number) => {
      let [from, to] = i % 2 ? [STARTER, SENSORS] : [SENSORS, STARTER];
      while (running) {
        answers.push(await graphql(server.url, NIMBUS_KEY, SUBSCRIBER_PACKAGE));
        const answer = await graphql(server.url, NIMBUS_KEY, REPLACE, replace(from, to));
        answers.push(answer);
        if (answer.body?.data?.bulkReplacePackage?.succeededCount === 1) [from, to] = [to, from];
      }
    };
    const clients = [client(a, 0), client(b, 1), client(a, 2), client(b, 3)];
    let cut = 0;
    for (let i = 0; i < 6; i++) {
      await sleep(150);
      cut += await cutConnections();
    }
    running = false;
    await Promise.all(clients);
    expect(cut).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(10);
    const unavailable = (answer: { status: number; body: any }) =>
      (answer.status === 503 && answer.body?.errors?.[0]?.extensions?.code === "GLOBAL_1001") ||
      (answer.status === 200 && answer.body?.data?.bulkReplacePackage?.code === "GLOBAL_1001") ||
      (answer.status === 200 && answer.body?.errors?.every((e: any) => e.extensions?.code === "GLOBAL_1001"));
    for (const answer of answers) {
      expect(answer.text).not.toMatch(LEAK);
      const ok = answer.status === 200 && !answer.body.errors && answer.body.data && (answer.body.data.subscriber || answer.body.data.bulkReplacePackage?.__typename === "BulkReplacePackageSuccess");
      if (!ok) expect({ unavailable: unavailable(answer), answer }).toMatchObject({ unavailable: true });
    }
    // Whatever was cut, the subscriber holds one package with exactly its offers.
    await expectExactlyPackage((await subscriberRow()).package_id);

    // The next calls succeed, on both processes, queries and mutations.
    await sleep(200);
    for (const server of [a, b]) {
      const read = await graphql(server.url, NIMBUS_KEY, SUBSCRIBER_PACKAGE);
      expect(read.status).toBe(200);
      expect(read.body.errors).toBeUndefined();
      const from = read.body.data.subscriber.package.id;
      const to = from === STARTER ? SENSORS : STARTER;
      const write = await graphql(server.url, NIMBUS_KEY, REPLACE, replace(from, to));
      expect(write.body.data.bulkReplacePackage).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 1 });
      await expectExactlyPackage(to);
    }
  }, 60_000);

  it("answers 503 ServiceUnavailable and /readyz 503 while the database refuses connections, and serves again once it is back", async () => {
    await asAdmin((admin) => admin.query(`alter database ${db.name} allow_connections false`));
    try {
      await cutConnections();
      await sleep(300);
      for (const server of [a, b]) {
        const read = await graphql(server.url, NIMBUS_KEY, VIEWER);
        expect(read.status).toBe(503);
        expect(read.body).toEqual({ errors: [{ message: "Service unavailable. Please try again", extensions: { code: "GLOBAL_1001" } }] });
        expect(read.text).not.toMatch(LEAK);
        const write = await graphql(server.url, NIMBUS_KEY, REPLACE, replace(STARTER, SENSORS));
        expect([write.status, write.body.errors?.[0]?.extensions?.code]).toEqual([503, "GLOBAL_1001"]);
        const ready = await fetch(new URL("/readyz", server.url));
        expect([ready.status, await ready.json()]).toEqual([503, { status: "unavailable" }]);
        expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);
      }
    } finally {
      await asAdmin((admin) => admin.query(`alter database ${db.name} allow_connections true`));
    }
    for (const server of [a, b]) {
      expect((await graphql(server.url, NIMBUS_KEY, VIEWER)).body.data.viewer.name).toBe("Nimbus Connect");
      const from = (await subscriberRow()).package_id;
      const write = await graphql(server.url, NIMBUS_KEY, REPLACE, replace(from, from === STARTER ? SENSORS : STARTER));
      expect(write.body.data.bulkReplacePackage).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 1 });
      expect((await fetch(new URL("/readyz", server.url))).status).toBe(200);
    }
    // The key caches listen again by themselves, and a revocation still reaches the other process at once.
    await vi.waitFor(() => expect([listening(a), listening(b)]).toEqual([true, true]), { timeout: 15_000, interval: 50 });
    const created = await graphql(b.url, NIMBUS_KEY, `mutation { createApiKey(input: { label: "after" }) { ... on CreateApiKeySuccess { key apiKey { id } } } }`);
    const { key, apiKey } = created.body.data.createApiKey;
    for (let i = 0; i < 2; i++) expect((await graphql(a.url, key, VIEWER)).status).toBe(200);
    await graphql(b.url, NIMBUS_KEY, `mutation { revokeApiKey(input: { apiKeyId: "${apiKey.id}" }) { __typename } }`);
    await vi.waitFor(async () => expect((await graphql(a.url, key, VIEWER)).status).toBe(401), { timeout: 1_000, interval: 20 });
  }, 60_000);

  it("stops both processes on SIGTERM with exit code 0, closing their connections", async () => {
    const exits = await Promise.all([a.stop("SIGTERM"), b.stop("SIGTERM")]);
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    const { rows } = await sql.query("select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
    expect(Number(rows[0].n)).toBe(0);
  });
});
