/**
 * Every GraphQL example in README.md runs as printed: in README order, against a fresh demo
 * world, as Nimbus Connect, with the `json variables` block that follows it when there is one.
 * Where an answer follows, the answer's shape (each root field's __typename, its code, and its
 * totalCount) is the printed one.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server";

const ROOT = resolve(__dirname, "../..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const DEMO_WORLD = JSON.parse(readFileSync(join(ROOT, "examples/demo-world.json"), "utf8"));
const NIMBUS_KEY = "demo-nimbus-reseller-key-0002";

interface Block {
  info: string;
  body: string;
  line: number;
}

function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ info: open[1]!.trim(), body: body.join("\n"), line: start + 1 });
  }
  return blocks;
}

interface Example {
  line: number;
  query: string;
  variables?: Record<string, unknown>;
  printed?: { data?: Record<string, unknown> };
}

function examples(): Example[] {
  const blocks = fencedBlocks(README);
  const found: Example[] = [];
  blocks.forEach((block, i) => {
    if (block.info !== "graphql") return;
    const example: Example = { line: block.line, query: block.body };
    let next = blocks[i + 1];
    if (next?.info === "json variables") {
      example.variables = JSON.parse(next.body);
      next = blocks[i + 2];
    }
    if (next?.info === "json" && next.body.trimStart().startsWith('{ "data"')) example.printed = JSON.parse(next.body);
    found.push(example);
  });
  return found;
}

/** What must match between the printed answer and the real one: typename, code, totalCount of each root field. */
function shapeOf(data: Record<string, unknown> | undefined) {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([field, value]) => {
      const v = (value ?? {}) as Record<string, unknown>;
      return [field, { __typename: v.__typename, code: v.code, totalCount: v.totalCount }];
    }),
  );
}

describe("README examples", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ world: DEMO_WORLD });
  });
  afterAll(() => t.close());

  it("finds the examples, the attachOffer template's variables among them", () => {
    const all = examples();
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.some((e) => e.query.includes("$input") && e.variables)).toBe(true);
    // A document with variables and no variables block would be refused with HTTP 400.
    for (const e of all) if (/\$\w+\s*:/.test(e.query)) expect(e.variables, `README line ${e.line}`).toBeDefined();
  });

  it("runs every GraphQL example as printed", async () => {
    for (const example of examples()) {
      const res = await t.gql({ key: NIMBUS_KEY }, example.query, example.variables);
      const where = `README line ${example.line}`;
      expect(res.status, where).toBe(200);
      expect(res.body.errors, where).toBeUndefined();
      if (example.printed) expect(shapeOf(res.body.data), where).toEqual(shapeOf(example.printed.data));
    }
  });
});
