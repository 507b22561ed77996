/** request(id) (SPEC section 2): only the requester that caused it. */
import { describe, expect, it } from "vitest";
import { isRequestOwner } from "../../../src/domain/requests/requests";
import { ea1, op, ra } from "../customer-tree";

describe("isRequestOwner", () => {
  it("is true for the requester that caused the request", () => {
    expect(isRequestOwner(ra, { requesterId: "ra" })).toBe(true);
  });

  it("is false for any other customer, its parent and its sub-customers included", () => {
    expect(isRequestOwner(op, { requesterId: "ra" })).toBe(false);
    expect(isRequestOwner(ea1, { requesterId: "ra" })).toBe(false);
    expect(isRequestOwner(ra, { requesterId: "ea1" })).toBe(false);
  });
});
