/** myPackages (SPEC section 2): whose packages a customerId stands for. */
import { describe, expect, it } from "vitest";
import { decideMyPackagesScope } from "../../../src/domain/catalogue/my-packages";
import { da1, ea1, ea2, op, other, ra, rb } from "../customer-tree";

describe("decideMyPackagesScope", () => {
  it("reads the requester's own id as its Buy packages: its parent's, for which it is eligible", () => {
    expect(decideMyPackagesScope(ea1, ea1, "ea1")).toEqual({ ok: true, value: { ownerId: "ra", eligibleId: "ea1" } });
  });

  it("reads a root's own id as no owner at all (it has no parent)", () => {
    expect(decideMyPackagesScope(op, op, "op")).toEqual({ ok: true, value: { ownerId: null, eligibleId: "op" } });
  });

  it.each([ea1, ea2])("reads a direct sub-customer's id as the requester's packages that sub-customer is eligible for", (sub) => {
    expect(decideMyPackagesScope(ra, sub, sub.id)).toEqual({ ok: true, value: { ownerId: "ra", eligibleId: sub.id } });
  });

  it.each([
    ["a grandchild, which it can see", da1],
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
    ["an unknown id", null],
  ])("answers %s with CustomerNotFound naming the id asked for", (_what, target) => {
    expect(decideMyPackagesScope(ra, target, "asked")).toEqual({ ok: false, refusal: { type: "CustomerNotFound", customerId: "asked" } });
  });

  it("does not take a customer outside the requester's tree that names it as parent", () => {
    const stray = { id: "stray", parentId: "ra", path: "/other/stray/" };
    expect(decideMyPackagesScope(ra, stray, "stray")).toEqual({ ok: false, refusal: { type: "CustomerNotFound", customerId: "stray" } });
  });
});
