/**
 * The rules the read API and the guards share (SPEC section 2; README "Rules", Visibility):
 * direct sub-accounts, self-or-direct-sub checks, reachability, Customer.parent, the list
 * policy on a customer (the counterparty lists), and the one customerId-is-the-requester guard.
 */
import { describe, expect, it } from "vitest";
import { checkRequesterIsCustomer } from "../../src/domain/accounts/accounts";
import { ownsEntity } from "../../src/domain/external-params/external-params";
import {
  customerListScope,
  isDirectSubAccount,
  isReachable,
  isSelfOrDirectSubAccount,
  shownParentId,
  type CustomerList,
  type TreeNode,
} from "../../src/domain/accounts/visibility";

/*   op ─┬─ ra ─┬─ ea1 ── da1        other (another tenant's root)
 *       │      └─ ea2
 *       └─ rb                                                          */
const node = (id: string, parent: TreeNode | null): TreeNode => ({
  id,
  parentId: parent?.id ?? null,
  path: `${parent?.path ?? "/"}${id}/`,
});
const op = node("op", null);
const ra = node("ra", op);
const ea1 = node("ea1", ra);
const ea2 = node("ea2", ra);
const da1 = node("da1", ea1);
const rb = node("rb", op);
const other = node("other", null);
/** Facts that disagree: names ra as its parent but lies in another tenant's tree. */
const stray: TreeNode = { id: "stray", parentId: "ra", path: "/other/stray/" };

describe("isDirectSubAccount(parent, child)", () => {
  it("holds for a direct child only", () => {
    expect(isDirectSubAccount(ra, ea1)).toBe(true);
    expect(isDirectSubAccount(ra, ea2)).toBe(true);
    for (const child of [ra, da1, op, rb, other]) expect(isDirectSubAccount(ra, child), child.id).toBe(false);
  });

  it("reads the other way round: the requester's parent is the customer it is a direct sub-account of", () => {
    expect(isDirectSubAccount(op, ra)).toBe(true);
    expect(isDirectSubAccount(ea1, ra)).toBe(false);
    expect(isDirectSubAccount({ id: "op" }, { parentId: null })).toBe(false);
  });
});

describe("isSelfOrDirectSubAccount", () => {
  it("accepts the requester and its direct sub-accounts", () => {
    expect(isSelfOrDirectSubAccount(ra, ra)).toBe(true);
    expect(isSelfOrDirectSubAccount(ra, ea1)).toBe(true);
    expect(isSelfOrDirectSubAccount(ra, ea2)).toBe(true);
  });

  it.each([
    ["a grandchild", da1],
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
    ["a customer naming it as parent outside its tree", stray],
  ])("refuses %s", (_what, target) => {
    expect(isSelfOrDirectSubAccount(ra, target)).toBe(false);
  });
});

describe("isReachable: itself, a descendant, or its parent (a counterparty)", () => {
  it.each([
    ["itself", ra],
    ["a direct sub-account", ea1],
    ["a grandchild", da1],
    ["its parent", op],
  ])("reaches %s", (_what, target) => {
    expect(isReachable(ra, target)).toBe(true);
  });

  it.each([
    ["a sibling", rb],
    ["another tenant", other],
    ["its grandparent", op, ea1],
  ])("does not reach %s", (_what, target, requester = ra) => {
    expect(isReachable(requester, target)).toBe(false);
  });

  it("reaches no parent from the root", () => {
    expect(isReachable(op, other)).toBe(false);
  });
});

describe("shownParentId: Customer.parent", () => {
  it("is the parent of a visible customer, the requester's own parent included", () => {
    expect(shownParentId(ra, ra)).toBe("op");
    expect(shownParentId(ra, ea1)).toBe("ra");
    expect(shownParentId(ra, da1)).toBe("ea1");
  });

  it("is null for the root, and on the counterparty (nothing above the requester's parent)", () => {
    expect(shownParentId(op, op)).toBeNull();
    expect(shownParentId(ea1, ra)).toBeNull();
    expect(shownParentId(ra, rb)).toBeNull();
  });
});

describe("customerListScope: what a customer's lists show the requester", () => {
  const scopes = (requester: TreeNode, customer: TreeNode) =>
    Object.fromEntries(
      (["subCustomers", "subscribers", "offers", "packages", "apiKeys", "requests"] as CustomerList[]).map((list) => [
        list,
        customerListScope(requester, customer, list),
      ]),
    );

  it("shows every list of the requester itself", () => {
    expect(scopes(ra, ra)).toEqual({
      subCustomers: "all",
      subscribers: "all",
      offers: "all",
      packages: "all",
      apiKeys: "all",
      requests: "all",
    });
  });

  it("shows a direct sub-account's lists and API keys, never its requests", () => {
    expect(scopes(ra, ea1)).toEqual({
      subCustomers: "all",
      subscribers: "all",
      offers: "all",
      packages: "all",
      apiKeys: "all",
      requests: "none",
    });
  });

  it("shows a grandchild's lists, but neither its API keys nor its requests", () => {
    expect(scopes(ra, da1)).toMatchObject({ subCustomers: "all", offers: "all", apiKeys: "none", requests: "none" });
  });

  it("on the requester's parent shows only what it sells to the requester", () => {
    expect(scopes(ea1, ra)).toEqual({
      subCustomers: "none",
      subscribers: "none",
      offers: "soldToRequester",
      packages: "soldToRequester",
      apiKeys: "none",
      requests: "none",
    });
  });

  it.each([
    ["its grandparent", ea1, op],
    ["a sibling", ra, rb],
    ["another tenant", ra, other],
  ])("shows nothing of %s", (_what, requester, customer) => {
    expect(Object.values(scopes(requester, customer))).toEqual(Array(6).fill("none"));
  });

  it("does not open the API keys of a customer that names the requester as parent outside its tree", () => {
    expect(customerListScope(ra, stray, "apiKeys")).toBe("none");
  });
});

describe("checkRequesterIsCustomer: a customerId that must be the requester (createPackage, externalParamsConfig)", () => {
  it("accepts the requester itself", () => {
    expect(checkRequesterIsCustomer(ra, ra, "ra")).toEqual({ ok: true, value: ra });
  });

  it.each([ea1, da1])("names a descendant it can see as CustomerNotRequester", (target) => {
    expect(checkRequesterIsCustomer(ra, target, target.id)).toEqual({
      ok: false,
      refusal: { type: "CustomerNotRequester", customerId: target.id },
    });
  });

  it.each([
    ["its parent", op],
    ["a sibling", rb],
    ["another tenant", other],
    ["an unknown id", null],
  ])("answers %s exactly like an unknown id: CustomerNotFound with the id asked for", (_what, target) => {
    expect(checkRequesterIsCustomer(ra, target, "asked")).toEqual({
      ok: false,
      refusal: { type: "CustomerNotFound", customerId: "asked" },
    });
  });
});

describe("ownsEntity: customers and subscribers are held by the requester or a direct sub-account", () => {
  it("owns what itself or a direct sub-account holds, not what a grandchild holds", () => {
    expect(ownsEntity(ra, { kind: "holder", customer: ra })).toBe(true);
    expect(ownsEntity(ra, { kind: "holder", customer: ea1 })).toBe(true);
    expect(ownsEntity(ra, { kind: "holder", customer: da1 })).toBe(false);
  });

  it("does not own what a customer naming it as parent outside its tree holds", () => {
    expect(ownsEntity(ra, { kind: "holder", customer: stray })).toBe(false);
  });
});
