/** ConnectionArgs: the one reading of `first` and `after` for every connection field (SPEC section 5). */
import "reflect-metadata";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../src/domain/input/pagination";
import { ConnectionArgs } from "../../src/graphql/connection";

const args = (first?: number | null, after?: string | null) => Object.assign(new ConnectionArgs(), { first, after });
const cursor = encodeCursor({ createdAt: 1_700_000_000_000, id: "6ba0b577-4d4d-436f-a4b7-23b86fb1badd" });

describe("ConnectionArgs", () => {
  it("defaults to the first 10 items", () => {
    expect(args().read()).toEqual({ ok: true, value: { first: 10, after: null } });
    expect(args(null, null).page()).toEqual({ first: 10, after: null });
  });

  it("reads a cursor into its position", () => {
    expect(args(5, cursor).page()).toEqual({
      first: 5,
      after: { createdAt: 1_700_000_000_000, id: "6ba0b577-4d4d-436f-a4b7-23b86fb1badd" },
    });
  });

  it("refuses bad values as ValidationFailed naming the arguments, for a field with a result union", () => {
    expect(args(101, "not a cursor").read()).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [
          { path: "first", message: "first must be between 0 and 100" },
          { path: "after", message: "after is not a cursor returned by this API" },
        ],
      },
    });
  });

  it("throws a GraphQL error on an object type's field", () => {
    expect(() => args(-1).page()).toThrow(GraphQLError);
    expect(() => args(-1).page()).toThrow(/^first: first must be between 0 and 100$/);
  });
});
