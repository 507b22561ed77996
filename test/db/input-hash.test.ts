/**
 * The idempotency input hash computed in slices (so a large bulk input does not hold up reads)
 * is the same digest as the one computed in one go, for any input.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inputHashInSlices } from "../../src/app/mutation";

/** The canonical input in one go: keys sorted, undefined fields left out. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

const inputHash = (operation: string, input: unknown) =>
  createHash("sha256").update(JSON.stringify([operation, canonical(input)])).digest("hex");

function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

function value(rnd: () => number, depth: number): unknown {
  const pick = rnd();
  if (depth > 3 || pick < 0.3) {
    return [null, undefined, 0, -1.5, 42, true, false, "", "é ü \u2603 \"quoted\"", new Date(Math.floor(rnd() * 1e12))][Math.floor(rnd() * 10)];
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(rnd() * 5) }, () => value(rnd, depth + 1));
  const entries = Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => [`k${Math.floor(rnd() * 7)}${i}`, value(rnd, depth + 1)]);
  return Object.fromEntries(entries);
}

describe("input hash in slices", () => {
  it("equals the hash computed in one go on generated inputs", async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const input = value(random(seed), 0);
      expect(await inputHashInSlices("attachOffer", input), JSON.stringify(input)).toBe(inputHash("attachOffer", input));
    }
  });

  it("equals it on a 10,000-item bulk input, and tells inputs apart", async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      subscriber: { type: "IMSI", value: String(222010000000000 + i) },
      newPackageId: "00000003-0000-4000-8000-000000000004",
      currentPackageId: "00000003-0000-4000-8000-000000000003",
      myPackage: i % 2 === 0 ? undefined : false,
    }));
    const input = { input: { items }, idempotencyKey: "k" };
    const sliced = await inputHashInSlices("bulkReplacePackage", input);
    expect(sliced).toBe(inputHash("bulkReplacePackage", input));
    items[9_999]!.subscriber.value = "222019999999999";
    expect(await inputHashInSlices("bulkReplacePackage", input)).not.toBe(sliced);
    expect(await inputHashInSlices("attachOffer", input)).not.toBe(inputHash("bulkReplacePackage", input));
  });
});
