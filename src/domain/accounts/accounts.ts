/**
 * The account tree (README "Rules"): a customer creates sub-customers under itself, renames
 * itself or any descendant, and sets allowOfferDelegation on a direct sub-customer only
 * (SPEC section 1: the parent sets it on the child).
 */
import { CUSTOMER_NAME_MAX, readName } from "../input/limits";
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";
import { isDirectSubAccount, isSelfOrDirectSubAccount, isVisible, type TreeNode } from "./visibility";

export function readCustomerName(name: string, path = "input.name"): Reading<string> {
  const issues: InputIssue[] = [];
  const value = readName(name, path, CUSTOMER_NAME_MAX, issues);
  return issues.length ? refuse(invalid(issues)) : accept(value);
}

/** A customer id the requester cannot see answers like one that names nothing (SPEC section 2). */
function checkVisibleCustomer(requester: TreeNode, target: TreeNode | null, customerId: string) {
  if (!target || !isVisible(requester, target)) return refuse({ type: "CustomerNotFound", customerId });
  return accept(target);
}

/** Renaming: the requester itself or a descendant. */
export function checkRenamable(requester: TreeNode, target: TreeNode | null, customerId: string) {
  return checkVisibleCustomer(requester, target, customerId);
}

/** Only the parent sets a customer's delegation flag. */
export function checkDirectSubAccount(requester: TreeNode, target: TreeNode | null, customerId: string) {
  const visible = checkVisibleCustomer(requester, target, customerId);
  if (!visible.ok) return visible;
  if (!isDirectSubAccount(requester, visible.value)) return refuse({ type: "CustomerNotDirectSubAccount", customerId });
  return visible;
}

/**
 * The requester itself or a direct sub-account: where new subscribers go, and whose API keys
 * the requester manages (a parent issues the first key of a sub-account it created).
 */
export function checkSelfOrDirectSubAccount(requester: TreeNode, target: TreeNode | null, customerId: string) {
  const visible = checkVisibleCustomer(requester, target, customerId);
  if (!visible.ok) return visible;
  if (!isSelfOrDirectSubAccount(requester, visible.value)) {
    return refuse({ type: "CustomerNotDirectSubAccount", customerId });
  }
  return visible;
}

/**
 * A `customerId` argument that must be the requester itself (SPEC section 2: createPackage,
 * externalParamsConfig; never a sub-account). An unknown or invisible id is CustomerNotFound;
 * a descendant's is CustomerNotRequester.
 */
export function checkRequesterIsCustomer(requester: TreeNode, target: TreeNode | null, customerId: string) {
  const visible = checkVisibleCustomer(requester, target, customerId);
  if (!visible.ok) return visible;
  if (visible.value.id !== requester.id) return refuse({ type: "CustomerNotRequester", customerId });
  return visible;
}
