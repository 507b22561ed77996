/** GraphiQL offline: the page and every asset it loads come from this server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";

describe("GraphiQL", () => {
  let t: TestServer;
  let html: string;
  beforeAll(async () => {
    t = await startTestServer();
    const res = await fetch(t.url, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    html = await res.text();
  });
  afterAll(() => t.close());

  it("serves a page with no http(s) URL to any host", () => {
    expect(html).toContain("GraphiQL");
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/src=["']\/\//);
  });

  it("serves every script and stylesheet the page loads, from this server", async () => {
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((a) => !a.startsWith("data:"));
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset.startsWith("/")).toBe(true);
      const res = await fetch(new URL(asset, t.url));
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it("has a way to set the Authorization header", () => {
    expect(html).toContain('id="api-key-input"');
    expect(html).toMatch(/Authorization/);
    expect(html).toContain("Bearer");
  });

  it("refuses asset names outside the allow-list", async () => {
    for (const name of ["../package.json", "..%2Fpackage.json", "graphiql.js", ""]) {
      const res = await fetch(new URL(`/graphiql/assets/${name}`, t.url));
      expect(res.status, name).toBe(404);
    }
  });

  it("answers the schema explorer's introspection query without a key", async () => {
    const res = await t.gql({ key: null }, `query IntrospectionQuery { __schema { types { name } } }`);
    expect(res.status).toBe(200);
    expect(res.body.data.__schema.types.map((x: { name: string }) => x.name)).toContain("Customer");
  });
});
