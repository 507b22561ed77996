/**
 * Bad input sweep: for every argument of every query and mutation,
 * malformed UUIDs, malformed identifiers of each type, empty and over-long strings, negative
 * or huge numbers, unknown enum values, wrong booleans: a typed validation error or a GraphQL
 * validation error, never a 500, and nothing changes (database digest before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiSchema } from "../../src/graphql/schema";
import { startTestServer, type TestServer } from "../helpers/server";
import { baselines, documentOf, leavesOf, withLeaf, type Baseline, type Leaf } from "../helpers/sweep";
import { makeIds } from "../helpers/sweep-setup";

const schema = buildApiSchema();
const LONG = "7".repeat(100_000);

/** A malformed value of each identifier type (the type leaf is set with it). */
const BAD_IDENTIFIERS: [string, string][] = [
  ["IMSI", "12345"],
  ["IMSI", "22201309096185X"],
  ["ICCID", "89357110010000345"],
  ["MSISDN", "+1234"],
  ["IMEI", "490154203237519"],
  ["IMEISV", "356345000000052"],
];

interface Variant {
  label: string;
  args: Record<string, unknown>;
}

function variants(baseline: Baseline, leaf: Leaf): Variant[] {
  const set = (value: unknown) => withLeaf(baseline.args, leaf.path, value);
  const name = String(leaf.path[leaf.path.length - 1]);
  const parent = leaf.path[leaf.path.length - 2];
  const at = leaf.path.join(".");
  if (name === "value" && (parent === "subscriber" || parent === "identifier")) {
    return BAD_IDENTIFIERS.map(([type, value]) => ({
      label: `${at} = bad ${type} ${value}`,
      args: withLeaf(set(value), [...leaf.path.slice(0, -1), "type"], type),
    }));
  }
  if (name === "type" && (parent === "subscriber" || parent === "identifier")) {
    return [{ label: `${at} = unknown enum`, args: set("SIM") }];
  }
  if (["imsi", "iccid", "msisdn", "imei", "imeisv"].includes(name)) {
    return [
      { label: `${at} = wrong length`, args: set("1234") },
      { label: `${at} = letters`, args: set("abcdefghijklmnop") },
      { label: `${at} = empty`, args: set("") },
    ];
  }
  switch (leaf.type.name) {
    case "UUID":
      return [
        { label: `${at} = not a UUID`, args: set("not-a-uuid") },
        { label: `${at} = empty`, args: set("") },
        { label: `${at} = almost a UUID`, args: set("00000000-0000-4000-8000-00000000000g") },
      ];
    case "String":
      return [
        ...(leaf.nonNull || name === "after" || name === "idempotencyKey" ? [{ label: `${at} = empty`, args: set("") }] : []),
        { label: `${at} = 100,000 characters`, args: set(LONG) },
      ];
    case "Int":
      return [
        { label: `${at} = -1`, args: set(-1) },
        { label: `${at} = 2^31`, args: set(2 ** 31) },
        { label: `${at} = 1e6+1`, args: set(1_000_001) },
        { label: `${at} = a string`, args: set("10") },
      ];
    case "Boolean":
      return [{ label: `${at} = "yes"`, args: set("yes") }];
    default:
      return [{ label: `${at} = unknown enum`, args: set("NOT_A_VALUE") }];
  }
}

/** Queries whose string arguments are search terms: any string is valid there. */
const FREE_TEXT = new Set(["subscribersByExternalParam value"]);

describe("bad input sweep", () => {
  let t: TestServer;
  let all: { baseline: Baseline; variant: Variant }[];
  beforeAll(async () => {
    t = await startTestServer();
    const made = await makeIds(t);
    all = baselines(made).flatMap((baseline) =>
      leavesOf(schema, baseline)
        .filter((leaf) => !FREE_TEXT.has(`${baseline.field} ${leaf.path.join(".")}`))
        .flatMap((leaf) => variants(baseline, leaf).map((variant) => ({ baseline, variant }))),
    );
  });
  afterAll(() => t.close());

  it("covers every argument of every query and mutation", () => {
    const fields = [schema.getQueryType()!, schema.getMutationType()!]
      .flatMap((type) => Object.values(type.getFields()))
      .filter((field) => field.args.length > 0)
      .map((field) => field.name);
    expect([...new Set(all.map((c) => c.baseline.field))].sort()).toEqual(fields.sort());
    expect(all.length).toBeGreaterThan(200);
  });

  it("refuses each with a typed or GraphQL validation error, never a 500, changing nothing", async () => {
    const problems: string[] = [];
    const outcomes = new Map<string, number>();
    for (const entry of all) {
      const { baseline, variant } = entry;
      const before = await t.db.digest();
      const args = { ...variant.args };
      // A fresh idempotency key per call (unless the key is what is being tried).
      if ("idempotencyKey" in args && !variant.label.startsWith("idempotencyKey")) args.idempotencyKey = `sweep-${all.indexOf(entry)}`;
      const res = await t.gql("RA", documentOf(schema, baseline), args);
      const after = await t.db.digest();
      const where = `${baseline.field}: ${variant.label}`;
      const result = res.body.data?.r;
      const errorCode = res.body.errors?.[0]?.extensions?.code;
      const itemErrors = (result?.results ?? []).map((r: { error: { __typename: string } | null }) => r.error?.__typename);
      let outcome: string;
      if (res.status >= 500) outcome = `HTTP ${res.status}`;
      else if (res.status === 400 && ["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"].includes(errorCode)) outcome = `400 ${errorCode}`;
      else if (errorCode === "VALIDATION_FAILED") outcome = "VALIDATION_FAILED error";
      else if (result?.__typename === "ValidationFailed") outcome = "ValidationFailed";
      else if (itemErrors.length && itemErrors.every((e: string) => e === "ValidationFailed")) outcome = "item ValidationFailed";
      else outcome = `unexpected ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      outcomes.set(outcome.split(" {")[0]!, (outcomes.get(outcome.split(" {")[0]!) ?? 0) + 1);
      if (outcome.startsWith("HTTP") || outcome.startsWith("unexpected")) problems.push(`${where}: ${outcome}`);
      if (before !== after) problems.push(`${where}: the database changed`);
      if (/SqliteError|SQLITE|    at |node_modules/.test(JSON.stringify(res.body))) problems.push(`${where}: leaks internals`);
    }
    console.log(`bad input sweep: ${all.length} calls`, Object.fromEntries(outcomes));
    expect(problems).toEqual([]);
  });
});
