/**
 * GraphiQL in a real browser: the real server on the demo world, Debian's
 * headless Chromium driven by playwright-core. The test sets the API key in the page's own
 * key bar, runs `{ viewer { name } }` and reads the operator's name from the result pane.
 * A screenshot is written to test-output/graphiql.png (git-ignored).
 *
 * Chromium is required, not optional: .ci/run installs Debian's package when it is missing,
 * and without it this test fails (it never skips).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";

const ROOT = resolve(__dirname, "../..");
const CHROMIUM = "/usr/bin/chromium";
const DEMO_WORLD = JSON.parse(readFileSync(join(ROOT, "examples/demo-world.json"), "utf8")) as {
  customers: { name: string; apiKeys?: string[] }[];
};
const OPERATOR_KEY = "demo-orbit-operator-key-0001";
const OPERATOR_NAME = DEMO_WORLD.customers.find((c) => c.apiKeys?.includes(OPERATOR_KEY))?.name;
const QUERY = "{ viewer { name } }";
const OUTPUT_DIR = join(ROOT, "test-output");
const SCREENSHOT = join(OUTPUT_DIR, "graphiql.png");

interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

describe("GraphiQL in headless Chromium", { timeout: 60_000 }, () => {
  let t: TestServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const requests: SeenRequest[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} not found: the GraphiQL browser test needs Debian's Chromium ` +
          "(apt-get install --no-install-recommends chromium; .ci/run installs it when missing)",
      );
    }
    expect(OPERATOR_NAME, `no customer in demo-world.json has the key ${OPERATOR_KEY}`).toBeTruthy();
    t = await startTestServer({ world: DEMO_WORLD });
    // Plain launch(): playwright-core gives every launch a fresh temporary profile, so no
    // state (localStorage, GraphiQL tabs) leaks between runs.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("request", (request) => {
      requests.push({ url: request.url(), method: request.method(), headers: request.headers(), body: request.postData() });
    });
    page.on("pageerror", (error) => void pageErrors.push(String(error)));
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
  }, 60_000);

  it("sets the API key in the page, runs { viewer { name } } and shows the operator's name", async () => {
    const server = t!;
    await page.goto(server.url, { waitUntil: "load" });
    await page.waitForSelector(".graphiql-query-editor .CodeMirror");

    await page.fill("#api-key-input", OPERATOR_KEY);
    await page.click("#api-key-save");
    // The bar checks the key and names its customer.
    await expect.poll(() => page.textContent("#api-key-status")).toBe(`Key of ${OPERATOR_NAME}`);

    // The DOM lib is not in tsconfig (server code), so reach document through globalThis.
    await page.evaluate((query) => {
      const doc = (globalThis as any).document;
      doc.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue(query);
    }, QUERY);
    await page.click(".graphiql-execute-button");

    await page.waitForFunction(
      (name) => ((globalThis as any).document.querySelector(".graphiql-response")?.textContent ?? "").includes(name),
      OPERATOR_NAME!,
      { timeout: 20_000 },
    );
    const response = (await page.textContent(".graphiql-response")) ?? "";
    expect(response).toContain(`"name": "${OPERATOR_NAME}"`);
    expect(response).not.toContain("errors");

    mkdirSync(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);

    // The query went out with the key from the key bar as a Bearer token.
    const viewerRequest = requests.find((r) => r.method === "POST" && (r.body ?? "").includes("viewer"));
    expect(viewerRequest, "no POST carrying the viewer query was seen").toBeDefined();
    expect(viewerRequest!.headers["authorization"]).toBe(`Bearer ${OPERATOR_KEY}`);

    expect(pageErrors).toEqual([]);
  });

  it("loads everything from the server's own origin", () => {
    const origin = new URL(t!.url).origin;
    expect(requests.length).toBeGreaterThanOrEqual(5); // the page, four assets, then GraphQL POSTs
    const foreign = requests.map((r) => r.url).filter((url) => new URL(url).origin !== origin);
    expect(foreign).toEqual([]);
  });

  it("says \"Key refused\" for a wrong key, and names the customer again once a good one is saved", async () => {
    const other = await browser!.newPage();
    try {
      await other.goto(t!.url, { waitUntil: "load" });
      await other.fill("#api-key-input", "demo-not-a-key-000000000000");
      await other.press("#api-key-input", "Enter");
      await expect.poll(() => other.textContent("#api-key-status")).toBe("Key refused");
      await other.fill("#api-key-input", OPERATOR_KEY);
      await other.click("#api-key-save");
      await expect.poll(() => other.textContent("#api-key-status")).toBe(`Key of ${OPERATOR_NAME}`);
    } finally {
      await other.close();
    }
  });

  it("never lets the key bar and an Authorization typed in the Headers tab silently disagree", async () => {
    const other = await browser!.newPage();
    const sent: (string | undefined)[] = [];
    other.on("request", (request) => {
      if (request.method() === "POST" && (request.postData() ?? "").includes("operatorCheck")) sent.push(request.headers()["authorization"]);
    });
    try {
      await other.goto(t!.url, { waitUntil: "load" });
      await other.waitForSelector(".graphiql-query-editor .CodeMirror");
      await other.fill("#api-key-input", OPERATOR_KEY);
      await other.click("#api-key-save");
      await expect.poll(() => other.textContent("#api-key-status")).toBe(`Key of ${OPERATOR_NAME}`);
      await other.getByText("Headers", { exact: true }).click();
      const setEditors = (query: string, headers: string) =>
        other.evaluate(
          ([q, h]) => {
            const doc = (globalThis as any).document;
            doc.querySelector(".graphiql-query-editor .CodeMirror").CodeMirror.setValue(q);
            // The Headers tab's editor: the Variables one is still there, marked hidden.
            doc.querySelector(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror").CodeMirror.setValue(h);
          },
          [query, headers],
        );
      const run = async () => {
        await other.click(".graphiql-execute-button");
        await other.waitForFunction(() => ((globalThis as any).document.querySelector(".graphiql-response")?.textContent ?? "").trim().length > 0);
        return (await other.textContent(".graphiql-response")) ?? "";
      };
      // Another key typed in the Headers tab: nothing is sent, and both places say why.
      await setEditors("query operatorCheck { viewer { name } }", JSON.stringify({ Authorization: "Bearer demo-nimbus-reseller-key-0002" }));
      expect(await run()).toContain("disagree");
      expect(await other.textContent("#api-key-status")).toBe("Conflicts with the Authorization header in the Headers tab");
      expect(sent).toEqual([]);
      // The same key in both places is no disagreement.
      await setEditors("query operatorCheck { viewer { name } }", JSON.stringify({ Authorization: `Bearer ${OPERATOR_KEY}` }));
      await expect.poll(run).toContain(OPERATOR_NAME!);
      expect(sent).toEqual([`Bearer ${OPERATOR_KEY}`]);
    } finally {
      await other.close();
    }
  });

  it("cannot be framed by another site, and works offline under its security policy", async () => {
    const graphiql = t!.url;
    // Another origin (another port) that puts the GraphiQL page in a frame.
    const framing: Server = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><iframe id="f" src="${graphiql}" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => framing.listen(0, "127.0.0.1", resolve));
    try {
      const other = await browser!.newPage();
      const refused: string[] = [];
      other.on("console", (message) => void refused.push(message.text()));
      const port = (framing.address() as AddressInfo).port;
      await other.goto(`http://127.0.0.1:${port}/`, { waitUntil: "load" });
      await other.waitForTimeout(500);
      const frame = other.frames().find((f) => f !== other.mainFrame());
      // The browser refuses to render the page in the frame: nothing of GraphiQL loads in it.
      const editors = frame ? await frame.evaluate(() => (globalThis as any).document.querySelectorAll(".graphiql-container").length).catch(() => 0) : 0;
      expect(editors).toBe(0);
      expect(refused.join("\n")).toMatch(/frame-ancestors|X-Frame-Options|refused/i);
      await other.close();
    } finally {
      await new Promise((resolve) => framing.close(resolve));
    }
    // The page itself, loaded directly, still works under the same headers.
    const direct = await browser!.newPage();
    const response = await direct.goto(graphiql, { waitUntil: "load" });
    expect(response!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await direct.waitForSelector(".graphiql-container");
    await direct.close();
  });
});
