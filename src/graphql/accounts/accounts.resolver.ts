import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { createSubCustomer, renameCustomer, setOfferDelegation } from "../../app/accounts/accounts";
import { createApiKey, revokeApiKey } from "../../app/accounts/api-keys";
import type { CustomerRow } from "../../app/ports";
import { CurrentRequester, mutationContext, type AuthenticatedRequester, type Context } from "../context";
import { answer, guarded, IdempotencyKey } from "../result";
import { UUID } from "../scalars";
import { visibleCustomer } from "./accounts.queries";
import { CreateApiKeyInput, CreateSubCustomerInput, RenameCustomerInput, RevokeApiKeyInput, SetOfferDelegationInput } from "./accounts.input";
import * as R from "./accounts.result";
import { Customer } from "./customer.type";

/** Your account tree and its API keys: reading customers, creating and renaming them, delegation, keys. */
@Resolver()
export class AccountsResolver {
  @Query(() => Customer, { description: "The customer your API key belongs to." })
  viewer(@CurrentRequester() requester: AuthenticatedRequester): CustomerRow {
    return requester;
  }

  @Query(() => Customer, { nullable: true, description: "A customer: yourself or one of your descendants; null for any other id." })
  customer(
    @Arg("id", () => UUID, { description: "The customer's id." }) id: string,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ): Promise<CustomerRow | null> {
    return visibleCustomer(ctx, requester, id);
  }

  @Mutation(() => R.CreateSubCustomerResult, { description: "Creates a direct sub-customer under you." })
  createSubCustomer(
    @Arg("input", () => CreateSubCustomerInput, { description: "The sub-customer." }) input: CreateSubCustomerInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createSubCustomer", () =>
      answer("createSubCustomer", createSubCustomer(mutationContext(ctx, requester), { input, idempotencyKey }), R.CreateSubCustomerSuccess),
    );
  }

  @Mutation(() => R.RenameCustomerResult, { description: "Renames you or one of your descendants." })
  renameCustomer(
    @Arg("input", () => RenameCustomerInput, { description: "Who and the new name." }) input: RenameCustomerInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "renameCustomer", () =>
      answer("renameCustomer", renameCustomer(mutationContext(ctx, requester), { input, idempotencyKey }), R.RenameCustomerSuccess),
    );
  }

  @Mutation(() => R.SetOfferDelegationResult, {
    description: "Sets or clears allowOfferDelegation on one of your direct sub-customers (only its parent may).",
  })
  setOfferDelegation(
    @Arg("input", () => SetOfferDelegationInput, { description: "Which sub-customer and the flag." }) input: SetOfferDelegationInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "setOfferDelegation", () =>
      answer("setOfferDelegation", setOfferDelegation(mutationContext(ctx, requester), { input, idempotencyKey }), R.SetOfferDelegationSuccess),
    );
  }

  @Mutation(() => R.CreateApiKeyResult, {
    description: "Creates an API key for yourself or a direct sub-account. The key is shown once, in this answer.",
  })
  createApiKey(
    @Arg("input", () => CreateApiKeyInput, { description: "The key's label." }) input: CreateApiKeyInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createApiKey", async () => {
      const { outcome, key } = await createApiKey(mutationContext(ctx, requester), { input, idempotencyKey });
      return answer("createApiKey", outcome.ok ? { ...outcome, value: { ...outcome.value, key } } : outcome, R.CreateApiKeySuccess);
    });
  }

  @Mutation(() => R.RevokeApiKeyResult, {
    description:
      "Revokes an API key of yours or of a direct sub-account: it answers 401 from the next request on (on PostgreSQL with several server processes, in the others within 1 s).",
  })
  revokeApiKey(
    @Arg("input", () => RevokeApiKeyInput, { description: "The key." }) input: RevokeApiKeyInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "revokeApiKey", () =>
      answer("revokeApiKey", revokeApiKey(mutationContext(ctx, requester), { input, idempotencyKey }), R.RevokeApiKeySuccess),
    );
  }
}
