/** Cursor connections (SPEC section 5): first defaults to 10, at most 100; after is an opaque cursor. */
import { describe, expect, it } from "vitest";
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE, readPage, toPage } from "../../../src/domain/input/pagination";

const position = { createdAt: 1_733_112_000_123, id: "5f0c4b2e-8d3a-4c1e-9b7a-2e6f1d0c9a88" };
const cursorOf = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("encodeCursor and decodeCursor", () => {
  it("read back the position a cursor was made from", () => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor(encodeCursor({ createdAt: 0, id: position.id }))).toEqual({ createdAt: 0, id: position.id });
  });

  it("make an opaque cursor that is safe in a URL", () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(position.id);
  });

  it("read a cursor whose UUID is in upper case as the lower-case id (UUIDs name a row in any case)", () => {
    expect(decodeCursor(cursorOf(`${position.createdAt}:${position.id.toUpperCase()}`))).toEqual(position);
  });

  it.each([
    ["an empty cursor", ""],
    ["a cursor with characters outside base64url", "abc+/="],
    ["a cursor over 200 characters", "A".repeat(201)],
    ["a cursor without a separator", cursorOf(`${position.createdAt}${position.id}`)],
    ["a cursor whose time is not a number", cursorOf(`soon:${position.id}`)],
    ["a cursor whose time is negative", cursorOf(`-1:${position.id}`)],
    ["a cursor whose time has 16 digits", cursorOf(`${"9".repeat(16)}:${position.id}`)],
    ["a cursor whose id is not a UUID", cursorOf(`${position.createdAt}:not-a-uuid`)],
    ["a cursor whose id is one character short", cursorOf(`${position.createdAt}:${position.id.slice(1)}`)],
    ["a cursor with something after the id", cursorOf(`${position.createdAt}:${position.id}\n`)],
  ])("refuse %s", (_what, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});

describe("readPage", () => {
  it("defaults to the first page of the default size", () => {
    expect(readPage(undefined, undefined)).toEqual({ ok: true, page: { first: DEFAULT_PAGE_SIZE, after: null } });
    expect(readPage(null, null)).toEqual({ ok: true, page: { first: DEFAULT_PAGE_SIZE, after: null } });
  });

  it.each([0, 1, MAX_PAGE_SIZE])("accepts first: %d", (first) => {
    expect(readPage(first, null)).toEqual({ ok: true, page: { first, after: null } });
  });

  it("reads after as the position it was made from", () => {
    expect(readPage(5, encodeCursor(position))).toEqual({ ok: true, page: { first: 5, after: position } });
  });

  it.each([-1, MAX_PAGE_SIZE + 1, 2.5, Number.NaN])("refuses first: %d at the path first", (first) => {
    expect(readPage(first, null)).toEqual({ ok: false, issues: [{ path: "first", message: `first must be between 0 and ${MAX_PAGE_SIZE}` }] });
  });

  it("refuses an after that is not a cursor of this API at the path after", () => {
    expect(readPage(null, "nonsense")).toEqual({ ok: false, issues: [{ path: "after", message: "after is not a cursor returned by this API" }] });
    expect(readPage(null, "")).toEqual({ ok: false, issues: [{ path: "after", message: "after is not a cursor returned by this API" }] });
  });

  it("reports both, at the paths it is given", () => {
    const decision = readPage(MAX_PAGE_SIZE + 1, "nonsense", { first: "customer.subscribers.first", after: "customer.subscribers.after" });
    expect(decision).toMatchObject({ ok: false });
    if (decision.ok) return;
    expect(decision.issues.map((issue) => issue.path)).toEqual(["customer.subscribers.first", "customer.subscribers.after"]);
  });
});

describe("toPage", () => {
  it("cuts the extra row and says that more follow", () => {
    expect(toPage(["a", "b", "c"], 2)).toEqual({ rows: ["a", "b"], hasNextPage: true });
  });

  it("says that no more follow when the rows fit", () => {
    expect(toPage(["a", "b"], 2)).toEqual({ rows: ["a", "b"], hasNextPage: false });
    expect(toPage(["a"], 2)).toEqual({ rows: ["a"], hasNextPage: false });
    expect(toPage([], 2)).toEqual({ rows: [], hasNextPage: false });
  });

  it("answers first: 0 with no rows, and whether any exist", () => {
    expect(toPage(["a"], 0)).toEqual({ rows: [], hasNextPage: true });
    expect(toPage([], 0)).toEqual({ rows: [], hasNextPage: false });
  });
});
