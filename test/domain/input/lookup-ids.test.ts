/** Lookups by id (node, nodes): at most 100 ids per call. */
import { describe, expect, it } from "vitest";
import { MAX_LOOKUP_IDS, readLookupIds } from "../../../src/domain/input/lookup-ids";
import { MAX_PAGE_SIZE } from "../../../src/domain/input/pagination";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i % 7}`);

describe("readLookupIds", () => {
  it("takes as many ids as a page holds", () => {
    expect(MAX_LOOKUP_IDS).toBe(MAX_PAGE_SIZE);
    expect(MAX_LOOKUP_IDS).toBe(100);
  });

  it.each([0, 1, 100])("accepts %i ids as given, in order, repeats included", (n) => {
    expect(readLookupIds(ids(n))).toEqual({ ok: true, value: ids(n) });
  });

  it("refuses 101 ids with ValidationFailed at the path, saying the limit and the count", () => {
    expect(readLookupIds(ids(101))).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [{ path: "ids", message: "at most 100 ids per call, got 101: split them over several calls" }],
      },
    });
    expect(readLookupIds(ids(5000), "input.ids")).toMatchObject({ ok: false, refusal: { issues: [{ path: "input.ids" }] } });
  });
});
