/**
 * The compiler checks that each operation's result union holds exactly the refusals its use
 * case can return (OPERATION_REFUSALS in src/domain/error-codes.ts; BULK_ITEM_REFUSALS for
 * each item of a bulk operation): a kind the use case can return that the union lacks, or one
 * the union lists that the use case cannot return, fails `npm run typecheck`, naming the
 * operation and the kinds. The kinds are read off the use cases' types: each refuse() in the
 * domain narrows its Decision, and the runners of mutation.ts add their own.
 * A kind kept in a union although its use case cannot return it goes on that operation's line
 * below (`| "Kind"`), with one line saying why. Types only: nothing here runs.
 */
import type { BulkOperation, ItemRefusalOf, Operation, RefusalOf, RefusalType } from "../domain/error-codes";
import type { RefusalKindsOf } from "../domain/refusals";
import type { BulkItemOutcome } from "./mutation";
import type { createSubCustomer, renameCustomer, setOfferDelegation } from "./accounts/accounts";
import type { createApiKey, revokeApiKey } from "./accounts/api-keys";
import type { createOffer, deletePackage, updatePackage } from "./catalogue/catalogue";
import type { createPackage } from "./catalogue/create-package";
import type { myPackages } from "./catalogue/my-packages";
import type { externalParamsConfig } from "./external-params/external-params-config";
import type { subscribersByExternalParam } from "./external-params/subscribers-by-external-param";
import type { clearExternalParamValue, createExternalParamConfig, setExternalParamValue } from "./external-params/external-params";
import type { attachOffer } from "./subscribers/attach-offer";
import type { bulkReplacePackage } from "./subscribers/bulk-replace-package";
import type { attachPackage, createSubscribers, detachOffer, detachPackage } from "./subscribers/subscribers";

type UseCase = (...args: never[]) => unknown;

/** The refusal kinds a use case can answer as a whole: those of the Decision it resolves to. */
export type RefusalsOf<F extends UseCase> = RefusalKindsOf<Awaited<ReturnType<F>>>;

/** The refusal kinds one item of a bulk use case can answer. */
export type ItemRefusalsOf<F extends UseCase> = ItemKindsOf<Awaited<ReturnType<F>>>;
type ItemKindsOf<D> = D extends { ok: true; value: readonly BulkItemOutcome<unknown, unknown, infer K>[] } ? K : never;

/** True when the kinds answered are exactly the kinds listed; otherwise the difference, named. */
export type Exactly<Answered extends RefusalType, Listed extends RefusalType> = [Exclude<Answered, Listed>, Exclude<Listed, Answered>] extends [never, never]
  ? true
  : { missingFromUnion: Exclude<Answered, Listed>; listedButUnreachable: Exclude<Listed, Answered> };

/**
 * Whether operation O's union matches a use case answering the kinds K. Every resolver answers
 * through `guarded` (src/graphql/result.ts), which turns a fault into ServiceUnavailable.
 */
export type UnionMatches<O extends Operation, K extends RefusalType> = Exactly<K | "ServiceUnavailable", RefusalOf<O>>;

/** Whether the item union of bulk operation O matches items answering the kinds K. */
export type ItemUnionMatches<O extends BulkOperation, K extends RefusalType> = Exactly<K, ItemRefusalOf<O>>;

/** Compiles only when every entry is true; the error names each entry that is not, and why. */
export type AllTrue<Checks extends { [O in keyof Checks]: true }> = Checks;

/** What each operation's use case can answer as a whole. */
interface Answered {
  myPackages: RefusalsOf<typeof myPackages>;
  externalParamsConfig: RefusalsOf<typeof externalParamsConfig>;
  createPackage: RefusalsOf<typeof createPackage>;
  attachOffer: RefusalsOf<typeof attachOffer>;
  bulkReplacePackage: RefusalsOf<typeof bulkReplacePackage>;
  createSubCustomer: RefusalsOf<typeof createSubCustomer>;
  renameCustomer: RefusalsOf<typeof renameCustomer>;
  setOfferDelegation: RefusalsOf<typeof setOfferDelegation>;
  createOffer: RefusalsOf<typeof createOffer>;
  updatePackage: RefusalsOf<typeof updatePackage>;
  deletePackage: RefusalsOf<typeof deletePackage>;
  createSubscribers: RefusalsOf<typeof createSubscribers>;
  attachPackage: RefusalsOf<typeof attachPackage>;
  detachPackage: RefusalsOf<typeof detachPackage>;
  detachOffer: RefusalsOf<typeof detachOffer>;
  createExternalParamConfig: RefusalsOf<typeof createExternalParamConfig>;
  setExternalParamValue: RefusalsOf<typeof setExternalParamValue>;
  clearExternalParamValue: RefusalsOf<typeof clearExternalParamValue>;
  subscribersByExternalParam: RefusalsOf<typeof subscribersByExternalParam>;
  // The new key travels beside the outcome, so that a replay never holds it (api-keys.ts).
  createApiKey: RefusalKindsOf<Awaited<ReturnType<typeof createApiKey>>["outcome"]>;
  revokeApiKey: RefusalsOf<typeof revokeApiKey>;
}

/** What one item of each bulk operation can answer. */
interface ItemAnswered {
  bulkReplacePackage: ItemRefusalsOf<typeof bulkReplacePackage>;
  createSubscribers: ItemRefusalsOf<typeof createSubscribers>;
}

/** Indexed by every operation, so that an operation added to the catalogue needs its line above. */
export type OperationChecks = {
  [O in Operation]: UnionMatches<O, Answered[O]>;
};

export type ItemChecks = { [O in BulkOperation]: ItemUnionMatches<O, ItemAnswered[O]> };

/** The check: `npm run typecheck` fails here while a union and its use case disagree. */
export type RefusalUnionsMatch = [AllTrue<OperationChecks>, AllTrue<ItemChecks>];
