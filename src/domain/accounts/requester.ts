import type { TreeNode } from "./visibility";

/** The customer an API key belongs to, with the flag its parent set on it. */
export interface Requester extends TreeNode {
  allowOfferDelegation: boolean;
}

/** Self-service (myOffer / myPackage) needs a parent that allowed offer delegation. */
export function hasDelegation(requester: Requester): boolean {
  return requester.parentId !== null && requester.allowOfferDelegation;
}
