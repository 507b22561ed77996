/**
 * CORS (CORS_ORIGINS): a page of an allowed origin may call the API from a browser; any other
 * origin gets no CORS header, and its preflight is refused. Apollo's CSRF protection stays.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startTestServer, type TestServer } from "../helpers/server";
import { KEYS } from "../helpers/world";

const ALLOWED = "http://console.example.test:5173";
const OTHER = "http://elsewhere.example.test";

describe("CORS", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ env: { CORS_ORIGINS: `${ALLOWED}, https://admin.example.test` } });
  });
  afterAll(() => t.close());

  const preflight = (origin: string) =>
    fetch(t.url, {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
  const call = (origin: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    fetch(t.url, { method: "POST", headers: { origin, authorization: `Bearer ${KEYS.RA}`, ...headers }, body: JSON.stringify({ query: "{ viewer { name } }" }) });

  it("answers an allowed origin's preflight with 204, echoing the origin, its headers, methods and a max-age", async () => {
    const res = await preflight(ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(res.headers.get("access-control-allow-headers")).toMatch(/content-type/);
    expect(res.headers.get("access-control-allow-methods")).toBe("POST, GET");
    expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(res.headers.get("vary")).toMatch(/Origin/);
  });

  it("lets an allowed origin's page read the answer, and refuses any other origin's preflight without CORS headers", async () => {
    const allowed = await call(ALLOWED);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(((await allowed.json()) as any).data.viewer.name).toBe("Customer RA");

    const refused = await preflight(OTHER);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    // Without a preflight a browser still sends a simple request: it gets no CORS header, so the
    // browser keeps the answer from the page.
    const other = await call(OTHER);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    // An origin is matched exactly: no prefix, no other port.
    for (const near of [`${ALLOWED}0`, "http://console.example.test", ALLOWED.replace("http:", "https:")]) {
      expect((await preflight(near)).status).toBe(403);
    }
  });

  it("keeps CSRF protection for an allowed origin: a form-like request without a JSON body is refused", async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent("{ viewer { name } }")}`, {
      headers: { origin: ALLOWED, authorization: `Bearer ${KEYS.RA}` },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it("sends no CORS header by default", async () => {
    const plain = await startTestServer();
    try {
      const res = await fetch(plain.url, { method: "OPTIONS", headers: { origin: ALLOWED, "access-control-request-method": "POST" } });
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await plain.close();
    }
  });

  it("refuses a malformed CORS_ORIGINS at start, naming the variable and the form expected", () => {
    for (const bad of ["console.example.test", "http://console.example.test/", "http://a.test/path", "ftp://a.test", "*"]) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/^CORS_ORIGINS must be a comma-separated list of origins/);
    }
    expect(loadConfig({ CORS_ORIGINS: " http://localhost:5173 ,https://a.test " }).corsOrigins).toEqual(["http://localhost:5173", "https://a.test"]);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});
