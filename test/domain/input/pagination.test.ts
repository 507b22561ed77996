/** Cursor connections (SPEC section 5): first defaults to 10, at most 100; after is an opaque cursor. */
import { describe, expect, it } from "vitest";
import {
  compareInOrder,
  decodeCursor,
  DEFAULT_ORDER,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  isDescending,
  MAX_PAGE_SIZE,
  orderOf,
  readOrder,
  readPage,
  toPage,
  type ListOrder,
} from "../../../src/domain/input/pagination";

const position = { createdAt: 1_733_112_000_123, id: "5f0c4b2e-8d3a-4c1e-9b7a-2e6f1d0c9a88" };
const cursorOf = (text: string) => Buffer.from(text, "utf8").toString("base64url");
const ASC: ListOrder = { field: "CREATED_AT", direction: "ASC" };
const DESC: ListOrder = { field: "CREATED_AT", direction: "DESC" };

describe("encodeCursor and decodeCursor", () => {
  it("read back the position a cursor was made from, in the default order when none is named", () => {
    expect(decodeCursor(encodeCursor(position))).toEqual({ order: DEFAULT_ORDER, position });
    expect(decodeCursor(encodeCursor({ createdAt: 0, id: position.id }))).toEqual({ order: ASC, position: { createdAt: 0, id: position.id } });
  });

  it("read back the order a cursor was made in", () => {
    expect(decodeCursor(encodeCursor(position, DESC))).toEqual({ order: DESC, position });
    expect(decodeCursor(encodeCursor(position, ASC))).toEqual({ order: ASC, position });
    expect(encodeCursor(position, DESC)).not.toBe(encodeCursor(position, ASC));
  });

  it("read a cursor made before lists had orders (createdAt:id) as one of the default order", () => {
    expect(decodeCursor(cursorOf(`${position.createdAt}:${position.id}`))).toEqual({ order: DEFAULT_ORDER, position });
  });

  it("make an opaque cursor that is safe in a URL", () => {
    for (const order of [ASC, DESC]) {
      const cursor = encodeCursor(position, order);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(cursor).not.toContain(position.id);
      expect(cursor).not.toContain(order.direction);
    }
  });

  it("read a cursor in upper case as the lower-case id (UUIDs name a row in any case), its order too", () => {
    expect(decodeCursor(cursorOf(`${position.createdAt}:${position.id.toUpperCase()}`))).toEqual({ order: ASC, position });
    const upper = cursorOf(Buffer.from(encodeCursor(position, DESC), "base64url").toString("utf8").toUpperCase());
    expect(decodeCursor(upper)).toEqual({ order: DESC, position });
    const lower = cursorOf(Buffer.from(encodeCursor(position, DESC), "base64url").toString("utf8").toLowerCase());
    expect(decodeCursor(lower)).toEqual({ order: DESC, position });
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
    ["a cursor naming an order this API does not have", cursorOf(`NAME_ASC:${position.createdAt}:${position.id}`)],
    ["a cursor naming a direction this API does not have", cursorOf(`CREATED_AT_UP:${position.createdAt}:${position.id}`)],
    ["a cursor with an empty order", cursorOf(`:${position.createdAt}:${position.id}`)],
  ])("refuse %s", (_what, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });
});

describe("readPage", () => {
  it("defaults to the first page of the default size, in the default order", () => {
    expect(readPage(undefined, undefined)).toEqual({ ok: true, page: { first: DEFAULT_PAGE_SIZE, after: null, order: DEFAULT_ORDER } });
    expect(readPage(null, null)).toEqual({ ok: true, page: { first: DEFAULT_PAGE_SIZE, after: null, order: DEFAULT_ORDER } });
    expect(DEFAULT_ORDER).toEqual(ASC);
  });

  it.each([0, 1, MAX_PAGE_SIZE])("accepts first: %d", (first) => {
    expect(readPage(first, null)).toEqual({ ok: true, page: { first, after: null, order: ASC } });
  });

  it("reads after as the position it was made from", () => {
    expect(readPage(5, encodeCursor(position))).toEqual({ ok: true, page: { first: 5, after: position, order: ASC } });
  });

  it("reads an orderBy into the page's order", () => {
    expect(readPage(5, null, undefined, { field: "CREATED_AT", direction: "DESC" })).toEqual({ ok: true, page: { first: 5, after: null, order: DESC } });
    expect(readPage(5, null, undefined, { field: "CREATED_AT", direction: "ASC" })).toEqual({ ok: true, page: { first: 5, after: null, order: ASC } });
  });

  it("reads a cursor made in the order asked for", () => {
    expect(readPage(5, encodeCursor(position, DESC), undefined, { field: "CREATED_AT", direction: "DESC" })).toEqual({
      ok: true,
      page: { first: 5, after: position, order: DESC },
    });
    // A cursor made before lists had orders is one of the default order.
    expect(readPage(5, cursorOf(`${position.createdAt}:${position.id}`))).toEqual({ ok: true, page: { first: 5, after: position, order: ASC } });
  });

  it("refuses a cursor made in another order than the one asked for, at the path after, naming both orders", () => {
    const newestFirst = readPage(5, encodeCursor(position, ASC), undefined, { field: "CREATED_AT", direction: "DESC" });
    expect(newestFirst).toEqual({
      ok: false,
      issues: [
        {
          path: "after",
          message:
            "after is a cursor of the list ordered by { field: CREATED_AT, direction: ASC }, not { field: CREATED_AT, direction: DESC }: page on with the orderBy it came from, or start again without after",
        },
      ],
    });
    const oldestFirst = readPage(5, encodeCursor(position, DESC));
    expect(oldestFirst).toMatchObject({ ok: false, issues: [{ path: "after", message: expect.stringContaining("direction: DESC }, not { field: CREATED_AT, direction: ASC }") }] });
    // An old-style cursor is one of the default order: refused with newest first.
    expect(readPage(5, cursorOf(`${position.createdAt}:${position.id}`), undefined, { field: "CREATED_AT", direction: "DESC" })).toMatchObject({ ok: false });
  });

  it("refuses an orderBy this API does not have at its path, and reads nothing of after against it", () => {
    expect(readPage(5, encodeCursor(position, DESC), { first: "first", after: "after", orderBy: "sort" }, { field: "NAME", direction: "ASC" })).toEqual({
      ok: false,
      issues: [{ path: "sort.field", message: "field must be one of CREATED_AT" }],
    });
    expect(readPage(5, null, undefined, { field: "CREATED_AT", direction: "UP" })).toEqual({
      ok: false,
      issues: [{ path: "orderBy.direction", message: "direction must be one of ASC, DESC" }],
    });
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

describe("readOrder, orderOf and isDescending", () => {
  it("read an omitted orderBy as the default order", () => {
    expect(readOrder(null)).toEqual({ ok: true, order: DEFAULT_ORDER });
    expect(readOrder(undefined)).toEqual({ ok: true, order: DEFAULT_ORDER });
  });

  it("take a page without an order as one in the default order", () => {
    expect(orderOf({ first: 1, after: null })).toEqual(DEFAULT_ORDER);
    expect(isDescending({ first: 1, after: null })).toBe(false);
    expect(isDescending({ first: 1, after: null, order: DESC })).toBe(true);
  });
});

describe("compareInOrder", () => {
  const row = (at: number, id: string) => ({ createdAt: new Date(at), id });
  const rows = [row(2, "b"), row(1, "b"), row(2, "a"), row(1, "a"), row(3, "A")];

  it("orders by creation time, then id, oldest first when ascending", () => {
    expect([...rows].sort((a, b) => compareInOrder(ASC, a, b))).toEqual([row(1, "a"), row(1, "b"), row(2, "a"), row(2, "b"), row(3, "A")]);
  });

  it("orders newest first when descending, the ids of one time reversed too", () => {
    expect([...rows].sort((a, b) => compareInOrder(DESC, a, b))).toEqual([row(3, "A"), row(2, "b"), row(2, "a"), row(1, "b"), row(1, "a")]);
  });

  it("compares ids byte by byte, as the databases do (upper case before lower case)", () => {
    expect(compareInOrder(ASC, row(1, "B"), row(1, "a"))).toBeLessThan(0);
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
