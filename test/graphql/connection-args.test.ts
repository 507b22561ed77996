/** ConnectionArgs: the one reading of `first` and `after` for every connection field (SPEC section 5). */
import "reflect-metadata";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_ORDER, encodeCursor } from "../../src/domain/input/pagination";
import { ConnectionArgs } from "../../src/graphql/connection";
import { OrderDirection } from "../../src/graphql/list-order";
import { RequestListArgs, RequestOrderField } from "../../src/graphql/requests/request-list.input";
import { RequestOperation, RequestStatus } from "../../src/graphql/requests/request.type";
import { SubscriberIdentifierPrefixType, SubscriberListArgs, SubscriberOrderField } from "../../src/graphql/subscribers/subscriber-list.input";

const args = (first?: number | null, after?: string | null) => Object.assign(new ConnectionArgs(), { first, after });
const cursor = encodeCursor({ createdAt: 1_700_000_000_000, id: "6ba0b577-4d4d-436f-a4b7-23b86fb1badd" });
const newestFirst = { field: SubscriberOrderField.CREATED_AT, direction: OrderDirection.DESC };

describe("ConnectionArgs", () => {
  it("defaults to the first 10 items, oldest first", () => {
    expect(args().read()).toEqual({ ok: true, value: { first: 10, after: null, order: DEFAULT_ORDER } });
    expect(args(null, null).page()).toEqual({ first: 10, after: null, order: DEFAULT_ORDER });
  });

  it("reads a cursor into its position", () => {
    expect(args(5, cursor).page()).toEqual({
      first: 5,
      after: { createdAt: 1_700_000_000_000, id: "6ba0b577-4d4d-436f-a4b7-23b86fb1badd" },
      order: DEFAULT_ORDER,
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

describe("SubscriberListArgs and RequestListArgs", () => {
  const subscribers = (values: Partial<SubscriberListArgs>) => Object.assign(new SubscriberListArgs(), values);
  const requests = (values: Partial<RequestListArgs>) => Object.assign(new RequestListArgs(), values);

  it("read orderBy into the page's order", () => {
    expect(subscribers({ first: 3, orderBy: newestFirst }).page()).toEqual({ first: 3, after: null, order: { field: "CREATED_AT", direction: "DESC" } });
    expect(requests({ orderBy: { field: RequestOrderField.CREATED_AT, direction: OrderDirection.ASC } }).page()).toMatchObject({ order: DEFAULT_ORDER });
  });

  it("narrow their own list by the filter, and leave it whole without one", () => {
    const filtered = subscribers({ filter: { withoutPackage: true, identifierPrefix: { type: SubscriberIdentifierPrefixType.MSISDN, prefix: "+49" } } });
    expect(filtered.narrow({ list: "subscribers" })).toEqual({
      list: "subscribers",
      filter: { package: "none", identifierPrefix: { type: "MSISDN", column: "msisdn", prefix: "49", end: "5" } },
    });
    expect(subscribers({ filter: {} }).narrow({ list: "subscribers" })).toEqual({ list: "subscribers" });
    expect(requests({ filter: { status: RequestStatus.FAILED, operation: RequestOperation.ATTACH_OFFER } }).narrow({ list: "requests" })).toEqual({
      list: "requests",
      filter: { status: "FAILED", operation: "attachOffer" },
    });
  });

  it("throw one GraphQL error naming every bad argument, the filter's and the cursor's order included", () => {
    const bad = subscribers({ first: 101, after: cursor, orderBy: newestFirst, filter: { identifierPrefix: { type: SubscriberIdentifierPrefixType.IMSI, prefix: "22x" } } });
    let error: unknown;
    try {
      bad.page();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [
        { path: "first", message: "first must be between 0 and 100" },
        { path: "after", message: expect.stringContaining("ordered by { field: CREATED_AT, direction: ASC }") },
        { path: "filter.identifierPrefix.prefix", message: "IMSI prefix must contain digits only" },
      ],
    });
    expect(() => bad.narrow({ list: "subscribers" })).toThrow(GraphQLError);
  });
});
