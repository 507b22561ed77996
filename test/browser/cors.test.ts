/**
 * CORS in a real browser (Debian's headless Chromium, driven by playwright-core): a page served
 * from another localhost port calls the API with its key. Allowed in CORS_ORIGINS, it reads
 * the answer; not allowed, the browser blocks the call.
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";
import { KEYS } from "../helpers/world";

const CHROMIUM = "/usr/bin/chromium";

/** A page that calls the API given in its query string and shows what came back. */
const PAGE = `<!doctype html><title>console</title><pre id="out">pending</pre><script>
const params = new URLSearchParams(location.search);
fetch(params.get("api"), {
  method: "POST",
  headers: { "content-type": "application/json", authorization: "Bearer " + params.get("key") },
  body: JSON.stringify({ query: "{ viewer { name } }" }),
})
  .then((r) => r.json())
  .then((body) => { document.getElementById("out").textContent = "answer: " + body.data.viewer.name; })
  .catch((e) => { document.getElementById("out").textContent = "blocked: " + e.name; });
</script>`;

describe("CORS in headless Chromium", { timeout: 60_000 }, () => {
  let pages: Server;
  let origin: string;
  let allowing: TestServer;
  let refusing: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: .ci/run installs Debian's chromium when missing`);
    pages = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
    allowing = await startTestServer({ env: { CORS_ORIGINS: origin } });
    refusing = await startTestServer({ env: { CORS_ORIGINS: "http://127.0.0.1:1" } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await allowing?.close();
    await refusing?.close();
    if (pages) await new Promise((resolve) => pages.close(resolve));
  }, 60_000);

  const outcome = async (api: string) => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/?api=${encodeURIComponent(api)}&key=${KEYS.RA}`);
      await page.waitForFunction(() => (globalThis as any).document.getElementById("out").textContent !== "pending", null, { timeout: 20_000 });
      return await page.textContent("#out");
    } finally {
      await page.close();
    }
  };

  it("a page of an allowed origin reads the answer", async () => {
    expect(new URL(allowing.url).origin).not.toBe(origin);
    expect(await outcome(allowing.url)).toBe("answer: Customer RA");
  });

  it("a page of any other origin is blocked by the browser", async () => {
    expect(await outcome(refusing.url)).toBe("blocked: TypeError");
  });
});
