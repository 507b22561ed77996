/**
 * Mutations run on the write thread, on a connection of their own: a mutation that waits for
 * the database does not hold up queries, and a write thread that dies answers its calls
 * ServiceUnavailable, changes nothing, and is replaced.
 */
import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endWriteThread } from "../../src/http/write-thread";
import { startTestServer, type TestServer } from "../helpers/server";
import { C } from "../helpers/world";

const RENAME = `mutation($input: RenameCustomerInput!) {
  renameCustomer(input: $input) { __typename ... on RenameCustomerSuccess { customer { name } } ... on ErrorResult { code } }
}`;
const NAME = `{ customer(id: "${C.EA1}") { name } }`;

/** Whether a promise has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol();
  return (await Promise.race([promise.then(() => true, () => true), new Promise((r) => setImmediate(() => r(marker)))])) !== marker;
}

describe("the write thread", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ config: { busyTimeoutMs: 20_000 } });
  });
  afterEach(async () => {
    if (t.handle.sqlite.inTransaction) t.handle.sqlite.exec("ROLLBACK");
    await t.close();
  });

  /** Takes the database's write lock from outside the server, as another process would. */
  const holdWriteLock = () => t.handle.sqlite.exec("BEGIN IMMEDIATE");

  it("answers queries while a mutation waits for the database's write lock", async () => {
    holdWriteLock();
    const rename = t.gql("RA", RENAME, { input: { customerId: C.EA1, name: "Renamed while locked" } });
    // The mutation is now stuck in SQLite's busy wait, on its own thread.
    for (let i = 0; i < 5; i++) {
      const read = await t.gql("RA", NAME);
      expect(read.status).toBe(200);
      expect(read.body.data.customer.name).not.toBe("Renamed while locked");
    }
    expect(await settled(rename)).toBe(false);
    t.handle.sqlite.exec("COMMIT");
    const renamed = await rename;
    expect(renamed.body.data.renameCustomer).toEqual({ __typename: "RenameCustomerSuccess", customer: { name: "Renamed while locked" } });
    expect((await t.gql("RA", NAME)).body.data.customer.name).toBe("Renamed while locked");
  });

  it("answers a call it was running when it died with ServiceUnavailable, changes nothing, and starts again", async () => {
    // A thread ends only between two JavaScript steps, so this one gives up its busy wait soon.
    await t.close();
    t = await startTestServer({ config: { busyTimeoutMs: 1_000 } });
    const before = (await t.gql("RA", NAME)).body.data.customer.name;
    holdWriteLock();
    const rename = t.gql("RA", RENAME, { input: { customerId: C.EA1, name: "Lost with the thread" } });
    while (!t.logs.some((line) => line.msg === "request" && line.operationType === "query")) await t.gql("RA", NAME);
    await endWriteThread();
    // Not ready until the new thread serves: a load balancer sends nothing here meanwhile.
    const starting = await fetch(new URL("/readyz", t.url));
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ status: "starting" });
    const lost = await rename;
    expect(lost.status).toBe(503);
    expect(lost.body.errors?.[0]?.extensions?.code).toBe("GLOBAL_1001");
    expect(JSON.stringify(lost.body)).not.toMatch(/stack|sqlite|worker/i);
    t.handle.sqlite.exec("COMMIT");
    expect((await t.gql("RA", NAME)).body.data.customer.name).toBe(before);

    // The next mutation starts a new thread, which can write: the dead one held no lock.
    const again = await t.gql("RA", RENAME, { input: { customerId: C.EA1, name: "After the restart" } });
    expect(again.body.data.renameCustomer.customer.name).toBe("After the restart");
    expect(t.logs.some((line) => line.level >= 50 && /write thread ended unexpectedly/.test(line.msg))).toBe(true);
    expect((await fetch(new URL("/readyz", t.url))).status).toBe(200);
  });

  it("writes the thread's log lines into the server's own log", async () => {
    t.handle.sqlite.exec(`CREATE TRIGGER fail_rename BEFORE UPDATE ON customers BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
    const res = await t.gql("RA", RENAME, { input: { customerId: C.EA1, name: "Faulty" } });
    expect(res.body.data.renameCustomer.__typename).toBe("ServiceUnavailable");
    const fault = t.logs.find((line) => line.level >= 50 && JSON.stringify(line).includes("injected fault"));
    expect(fault).toBeDefined();
  });
});

describe("persisted mutations", () => {
  it("runs a mutation sent as its hash alone, once its text was sent with the hash", async () => {
    const t = await startTestServer({ env: { PERSISTED_QUERIES: "true" } });
    try {
      const post = async (body: Record<string, unknown>) =>
        (await fetch(t.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer " + (await import("../helpers/world")).KEYS.RA },
          body: JSON.stringify(body),
        }).then((r) => r.json())) as any;
      const extensions = { persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(RENAME).digest("hex") } };
      const first = await post({ query: RENAME, variables: { input: { customerId: C.EA1, name: "Persisted 1" } }, extensions });
      expect(first.data.renameCustomer.customer.name).toBe("Persisted 1");
      const byHash = await post({ variables: { input: { customerId: C.EA1, name: "Persisted 2" } }, extensions });
      expect(byHash.data.renameCustomer.customer.name).toBe("Persisted 2");
    } finally {
      await t.close();
    }
  });
});
