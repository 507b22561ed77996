/**
 * The compile-time check of src/app/refusal-unions.ts: it holds for the real use cases and fails
 * for use cases that disagree with their union. These are type assertions: `npm run typecheck`
 * compiles this file, and each @ts-expect-error must meet the error it announces (one that
 * meets none is itself an error), so a check that stopped failing would fail the typecheck.
 */
import { describe, expectTypeOf, it } from "vitest";
import { runBulkMutation, runUnitMutation, type MutationContext } from "../../src/app/mutation";
import type {
  AllTrue,
  ItemChecks,
  ItemRefusalsOf,
  ItemUnionMatches,
  OperationChecks,
  RefusalsOf,
  UnionMatches,
} from "../../src/app/refusal-unions";
import type { ItemRefusalOf, RefusalOf } from "../../src/domain/error-codes";
import { accept, refuse, type Decision, type RefusalKindsOf } from "../../src/domain/refusals";
import type { decideDetachPackage } from "../../src/domain/subscribers/subscriber-package";

type BulkContext = MutationContext & { bulkItemLimit: number };

// Fake use cases, built on the real runners; never called, only typed.

/** revokeApiKey, but it may also refuse PackageNotFound, which its union does not list. */
function revokeApiKeyAnsweringMore(ctx: MutationContext, apiKeyId: string) {
  return runUnitMutation(ctx, { operation: "revokeApiKey", input: apiKeyId }, accept(null), async () => {
    if (apiKeyId.startsWith("p")) return refuse({ type: "PackageNotFound", packageId: apiKeyId });
    if (apiKeyId.startsWith("k")) return refuse({ type: "ApiKeyNotFound", apiKeyId });
    return accept({ apiKeyId });
  });
}

/** revokeApiKey without its rule: ApiKeyNotFound, listed in its union, cannot be returned. */
function revokeApiKeyAnsweringLess(ctx: MutationContext, apiKeyId: string) {
  return runUnitMutation(ctx, { operation: "revokeApiKey", input: apiKeyId }, accept(null), async () => accept({ apiKeyId }));
}

/** createSubscribers whose items may also refuse PackageNotFound. */
function createSubscribersAnsweringMore(ctx: BulkContext, items: readonly string[]) {
  return runBulkMutation(ctx, { operation: "createSubscribers", input: items }, items, {
    echo: (item) => item,
    read: (item) => accept(item),
    async apply(_store, item) {
      if (item === "") return refuse({ type: "CustomerNotFound", customerId: item });
      if (item === "sub") return refuse({ type: "CustomerNotDirectSubAccount", customerId: item });
      if (item === "taken") return refuse({ type: "SubscriberIdentifierTaken", identifier: { type: "IMSI", value: item } });
      if (item === "package") return refuse({ type: "PackageNotFound", packageId: item });
      return accept(item);
    },
  });
}

/** bulkReplacePackage whose items are never refused by a rule. */
function bulkReplacePackageAnsweringLess(ctx: BulkContext, items: readonly string[]) {
  return runBulkMutation(ctx, { operation: "bulkReplacePackage", input: items }, items, {
    echo: (item) => item,
    read: (item) => accept(item),
    apply: async () => accept(null),
  });
}

// @ts-expect-error revokeApiKey's union lacks PackageNotFound.
type RevokeMissing = AllTrue<{ revokeApiKey: UnionMatches<"revokeApiKey", RefusalsOf<typeof revokeApiKeyAnsweringMore>> }>;
// @ts-expect-error revokeApiKey's union lists ApiKeyNotFound, which this use case cannot return.
type RevokeExtra = AllTrue<{ revokeApiKey: UnionMatches<"revokeApiKey", RefusalsOf<typeof revokeApiKeyAnsweringLess>> }>;
// @ts-expect-error createSubscribers' item union lacks PackageNotFound.
type ItemMissing = AllTrue<{ createSubscribers: ItemUnionMatches<"createSubscribers", ItemRefusalsOf<typeof createSubscribersAnsweringMore>> }>;
// @ts-expect-error bulkReplacePackage's item union lists refusals these items cannot return.
type ItemExtra = AllTrue<{ bulkReplacePackage: ItemUnionMatches<"bulkReplacePackage", ItemRefusalsOf<typeof bulkReplacePackageAnsweringLess>> }>;

describe("the refusal unions check", () => {
  it("holds for every operation's use case and every bulk item", () => {
    expectTypeOf<OperationChecks[keyof OperationChecks]>().toEqualTypeOf<true>();
    expectTypeOf<ItemChecks[keyof ItemChecks]>().toEqualTypeOf<true>();
  });

  it("names a refusal a use case can return that its union lacks", () => {
    expectTypeOf<UnionMatches<"revokeApiKey", RefusalsOf<typeof revokeApiKeyAnsweringMore>>>().toEqualTypeOf<{
      missingFromUnion: "PackageNotFound";
      listedButUnreachable: never;
    }>();
    expectTypeOf<ItemUnionMatches<"createSubscribers", ItemRefusalsOf<typeof createSubscribersAnsweringMore>>>().toEqualTypeOf<{
      missingFromUnion: "PackageNotFound";
      listedButUnreachable: never;
    }>();
    // Used, so that no "declared but never used" error could ever stand in for the expected one.
    expectTypeOf<RevokeMissing | ItemMissing>().not.toBeNever();
  });

  it("names a refusal a union lists that its use case cannot return", () => {
    expectTypeOf<UnionMatches<"revokeApiKey", RefusalsOf<typeof revokeApiKeyAnsweringLess>>>().toEqualTypeOf<{
      missingFromUnion: never;
      listedButUnreachable: "ApiKeyNotFound";
    }>();
    expectTypeOf<ItemUnionMatches<"bulkReplacePackage", ItemRefusalsOf<typeof bulkReplacePackageAnsweringLess>>>().toEqualTypeOf<{
      missingFromUnion: never;
      // Every item refusal but those of the runner: a malformed item, a fault.
      listedButUnreachable: Exclude<ItemRefusalOf<"bulkReplacePackage">, "ValidationFailed" | "ServiceUnavailable">;
    }>();
    // Used, so that no "declared but never used" error could ever stand in for the expected one.
    expectTypeOf<RevokeExtra | ItemExtra>().not.toBeNever();
  });

  it("reads the kinds off the types: refuse() narrows, domain rules carry theirs, the runner adds its own", () => {
    expectTypeOf(refuse({ type: "PackageNotFound", packageId: "p" })).toEqualTypeOf<Decision<never, "PackageNotFound">>();
    expectTypeOf<RefusalKindsOf<ReturnType<typeof decideDetachPackage>>>().toEqualTypeOf<
      "SelfServiceNotEligible" | "SubscriberNotFound" | "SubscriberNotOwn" | "SubscriberNotInSubAccount" | "CurrentPackageMismatch"
    >();
    expectTypeOf<RefusalsOf<typeof revokeApiKeyAnsweringLess>>().toEqualTypeOf<Exclude<RefusalOf<"revokeApiKey">, "ApiKeyNotFound">>();
  });
});
