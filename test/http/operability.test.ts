/**
 * Operability: health checks without a key, a request id on every answer,
 * and one structured log line per request with no key and no identifier in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, MISSING, S } from "../helpers/world";

describe("operability", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const requestLines = () => t.logs.filter((line) => line.msg === "request");

  it("answers /healthz and /readyz without a key", async () => {
    const health = await fetch(new URL("/healthz", t.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(new URL("/readyz", t.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("returns a request id header, honouring a plain one from the caller", async () => {
    const made = await fetch(new URL("/healthz", t.url));
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const given = await fetch(new URL("/healthz", t.url), { headers: { "x-request-id": "console-1234" } });
    expect(given.headers.get("x-request-id")).toBe("console-1234");
    const hostile = await fetch(new URL("/healthz", t.url), { headers: { "x-request-id": "a b;c" } });
    expect(hostile.headers.get("x-request-id")).not.toContain(" ");
  });

  it("logs one JSON line per request with id, operation, requester, duration and outcome", async () => {
    const res = await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.RA}`, "x-request-id": "trace-me-1" },
      body: JSON.stringify({
        query: "query FindSim($i: SubscriberIdentifierInput!) { subscriber(identifier: $i) { id } }",
        variables: { i: { type: "IMSI", value: S.EA1_1.imsi } },
      }),
    });
    expect(res.status).toBe(200);
    const line = requestLines().find((l) => l.requestId === "trace-me-1");
    expect(line).toMatchObject({
      requestId: "trace-me-1",
      method: "POST",
      path: "/graphql",
      status: 200,
      operationName: "FindSim",
      operationType: "query",
      requesterId: C.RA,
      outcome: "ok",
    });
    expect(typeof line!.durationMs).toBe("number");
  });

  it("never logs API keys or identifiers from variables", async () => {
    await t.gql("RA", "query($i: SubscriberIdentifierInput!) { subscriber(identifier: $i) { id } }", {
      i: { type: "ICCID", value: S.EA1_2.iccid },
    });
    await t.gql({ key: "not-a-real-key-but-secret-looking" }, "{ viewer { id } }");
    const all = JSON.stringify(t.logs);
    for (const secret of [...Object.values(KEYS), "not-a-real-key-but-secret-looking", S.EA1_1.imsi, S.EA1_2.iccid]) {
      expect(all).not.toContain(secret);
    }
  });

  it("logs refusals with their outcome", async () => {
    await fetch(t.url, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "no-key-1" }, body: '{"query":"{ viewer { id } }"}' });
    expect(requestLines().find((l) => l.requestId === "no-key-1")).toMatchObject({ status: 401, outcome: "unauthenticated" });
    await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.RA}`, "x-request-id": "bad-field-1" },
      body: '{"query":"{ viewer { nope } }"}',
    });
    expect(requestLines().find((l) => l.requestId === "bad-field-1")).toMatchObject({
      status: 400,
      outcome: "rejected",
      errorCodes: ["GRAPHQL_VALIDATION_FAILED"],
    });
  });

  it("logs a refusal as outcome refused with its code, and a bulk's refused items by code", async () => {
    const gql = (requestId: string, query: string, variables?: Record<string, unknown>) =>
      fetch(t.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.RA}`, "x-request-id": requestId },
        body: JSON.stringify({ query, variables }),
      });
    await gql("refused-query-1", `{ myPackages(customerId: "${MISSING}") { __typename } }`);
    expect(requestLines().find((l) => l.requestId === "refused-query-1")).toMatchObject({ status: 200, outcome: "refused", refusalCodes: ["CUSTOMER_1002"] });

    await gql("refused-mutation-1", `mutation { renameCustomer(input: { customerId: "${MISSING}", name: "X" }) { __typename } }`);
    const mutation = requestLines().find((l) => l.requestId === "refused-mutation-1");
    expect(mutation).toMatchObject({ status: 200, operationType: "mutation", outcome: "refused", refusalCodes: ["CUSTOMER_1002"] });

    await gql("ok-mutation-1", `mutation { renameCustomer(input: { customerId: "${C.RA}", name: "Customer RA" }) { __typename } }`);
    expect(requestLines().find((l) => l.requestId === "ok-mutation-1")).toMatchObject({ outcome: "ok" });
    expect(requestLines().find((l) => l.requestId === "ok-mutation-1")!.refusalCodes).toBeUndefined();

    await gql("bulk-1", `mutation($i: BulkReplacePackageInput!) { bulkReplacePackage(input: $i) { __typename } }`, {
      i: {
        items: [
          { subscriber: { type: "IMSI", value: "001010000009991" }, currentPackageId: MISSING, newPackageId: MISSING },
          { subscriber: { type: "IMSI", value: "001010000009992" }, currentPackageId: MISSING, newPackageId: MISSING },
        ],
      },
    });
    const bulk = requestLines().find((l) => l.requestId === "bulk-1");
    expect(bulk).toMatchObject({ status: 200, outcome: "ok", itemRefusals: { SUBSCRIBER_1060: 2 } });
  });

  it("answers /readyz 503 when the database does not answer", async () => {
    const broken = await startTestServer();
    try {
      broken.handle.sqlite.close();
      const ready = await fetch(new URL("/readyz", broken.url));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable" });
      expect((await fetch(new URL("/healthz", broken.url))).status).toBe(200);
    } finally {
      await broken.app.close();
    }
  });
});
