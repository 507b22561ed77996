/** Self-service (myOffer / myPackage) needs a parent that allowed offer delegation. */
import { describe, expect, it } from "vitest";
import { hasDelegation } from "../../../src/domain/accounts/requester";
import { customer, ea1, ea2, op } from "../customer-tree";

describe("hasDelegation", () => {
  it("is true for a sub-customer whose parent allowed offer delegation", () => {
    expect(hasDelegation(ea1)).toBe(true);
  });

  it("is false for a sub-customer whose parent did not", () => {
    expect(hasDelegation(ea2)).toBe(false);
  });

  it("is false for a root, which has no parent to delegate, even with the flag set", () => {
    expect(hasDelegation(op)).toBe(false);
    expect(hasDelegation(customer("root", null, true))).toBe(false);
  });
});
