/**
 * The React console of README "For frontend teams" (examples/client/console-app.tsx), printed
 * there verbatim, rendered with Apollo Client's server-side rendering against the running
 * server: useQuery fetches the page through the console client, newest first, with "More".
 */
import { renderToStringWithData } from "@apollo/client/react/ssr";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createElement } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleApp } from "../../examples/client/console-app";
import { startTestServer, type TestServer } from "../helpers/server";
import { C, KEYS, S } from "../helpers/world";

const ROOT = resolve(__dirname, "../..");

describe("the React console of the README", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const render = (props: { apiKey: string; customerId: string; pageSize?: number }, onSignOut = () => {}) =>
    renderToStringWithData(createElement(ConsoleApp, { uri: t.url, onSignOut, ...props }));

  it("is printed in the README exactly as it runs here", () => {
    const source = readFileSync(join(ROOT, "examples/client/console-app.tsx"), "utf8").trim();
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(source);
  });

  it("renders a customer's SIMs newest first, a page at a time, with More when more follow", async () => {
    const html = await render({ apiKey: KEYS.RA, customerId: C.EA1, pageSize: 2 });
    // The newest two of EA1's three SIMs: EA1_3 (an IMSI), then EA1_2 (an ICCID only); not EA1_1.
    const [first, second] = [html.indexOf(S.EA1_3.imsi), html.indexOf("no IMSI")];
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(html).not.toContain(S.EA1_1.imsi);
    expect(html).toContain(">More</button>");
    expect(await render({ apiKey: KEYS.RA, customerId: C.EA1, pageSize: 3 })).not.toContain(">More</button>");
  });

  it("shows another tenant's customer as no such customer", async () => {
    expect(await render({ apiKey: KEYS.RA, customerId: C.EB1 })).toContain("No such customer.");
  });

  it("signs out on a refused key and says the SIMs could not be loaded", async () => {
    let signedOut = 0;
    const html = await render({ apiKey: "not-a-key-of-this-platform-0001", customerId: C.EA1 }, () => void signedOut++);
    expect(html).toContain('role="alert"');
    expect(signedOut).toBe(1);
  });
});
