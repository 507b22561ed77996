/** The mutations that run the platform without world files, and subscriber search. */
import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { createSubCustomer, renameCustomer, setOfferDelegation } from "../../db/operations/accounts";
import { createApiKey, revokeApiKey } from "../../db/operations/api-keys";
import { createOffer, deletePackage, updatePackage } from "../../db/operations/catalogue";
import {
  clearExternalParamValue,
  createExternalParamConfig,
  setExternalParamValue,
} from "../../db/operations/external-params";
import { attachPackage, createSubscribers, detachOffer, detachPackage } from "../../db/operations/subscribers";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { subscribersByExternalParam } from "../queries/external-params";
import { UUID } from "../scalars";
import { ConnectionArgs } from "../types/connection.type";
import { SubscriberConnection } from "../types/connections";
import {
  ClearExternalParamValueInput,
  CreateApiKeyInput,
  CreateExternalParamConfigInput,
  CreateOfferInput,
  CreateSubCustomerInput,
  CreateSubscribersInput,
  DeletePackageInput,
  DetachOfferInput,
  RenameCustomerInput,
  RevokeApiKeyInput,
  SetExternalParamValueInput,
  SetOfferDelegationInput,
  SubscriberPackageInput,
  UpdatePackageInput,
} from "../types/management.input";
import * as R from "../types/management.result";
import { answer, bulkAnswer } from "./answer";
import { guarded } from "./guard";
import { IDEMPOTENCY_KEY, mutationContext } from "./mutation.resolver";

const KEY = () => String;

@Resolver()
export class ManagementResolver {
  @Mutation(() => R.CreateSubCustomerResult, { description: "Creates a direct sub-customer under you." })
  createSubCustomer(
    @Arg("input", () => CreateSubCustomerInput, { description: "The sub-customer." }) input: CreateSubCustomerInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
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
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
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
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "setOfferDelegation", () =>
      answer("setOfferDelegation", setOfferDelegation(mutationContext(ctx, requester), { input, idempotencyKey }), R.SetOfferDelegationSuccess),
    );
  }

  @Mutation(() => R.CreateOfferResult, { description: "Creates an offer (plan) of yours: REGULAR, or POOL for one direct sub-account." })
  createOffer(
    @Arg("input", () => CreateOfferInput, { description: "The offer." }) input: CreateOfferInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createOffer", () =>
      answer("createOffer", createOffer(mutationContext(ctx, requester), { input, idempotencyKey }), R.CreateOfferSuccess),
    );
  }

  @Mutation(() => R.UpdatePackageResult, { description: "Changes one of your packages; only the fields given change." })
  updatePackage(
    @Arg("input", () => UpdatePackageInput, { description: "The package and its changes." }) input: UpdatePackageInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "updatePackage", () =>
      answer("updatePackage", updatePackage(mutationContext(ctx, requester), { input, idempotencyKey }), R.UpdatePackageSuccess),
    );
  }

  @Mutation(() => R.DeletePackageResult, { description: "Deletes one of your packages that no subscriber has attached." })
  deletePackage(
    @Arg("input", () => DeletePackageInput, { description: "The package." }) input: DeletePackageInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "deletePackage", () =>
      answer("deletePackage", deletePackage(mutationContext(ctx, requester), { input, idempotencyKey }), R.DeletePackageSuccess),
    );
  }

  @Mutation(() => R.CreateSubscribersResult, {
    description: "Creates subscribers for you or your direct sub-accounts, item by item: a bad item fails alone.",
  })
  createSubscribers(
    @Arg("input", () => CreateSubscribersInput, { description: "The subscribers." }) input: CreateSubscribersInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createSubscribers", () => {
      const outcome = createSubscribers({ ...mutationContext(ctx, requester), bulkItemLimit: ctx.config.bulkItemLimit }, { input, idempotencyKey });
      return bulkAnswer("createSubscribers", outcome, R.CreateSubscribersSuccess, R.CreateSubscriberItemResult, (echo, subscriber) => ({
        customerId: echo.customerId,
        subscriber,
      }));
    });
  }

  @Mutation(() => R.AttachPackageResult, {
    description: "Attaches a package (and its offers) to a subscriber that has none, with bulkReplacePackage's rules.",
  })
  attachPackage(
    @Arg("input", () => SubscriberPackageInput, { description: "The subscriber and the package." }) input: SubscriberPackageInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "attachPackage", () =>
      answer("attachPackage", attachPackage(mutationContext(ctx, requester), { input, idempotencyKey }), R.AttachPackageSuccess),
    );
  }

  @Mutation(() => R.DetachPackageResult, {
    description: "Detaches a subscriber's package and exactly the offers that came with it, with bulkReplacePackage's rules.",
  })
  detachPackage(
    @Arg("input", () => SubscriberPackageInput, { description: "The subscriber and its attached package." }) input: SubscriberPackageInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "detachPackage", () =>
      answer("detachPackage", detachPackage(mutationContext(ctx, requester), { input, idempotencyKey }), R.DetachPackageSuccess),
    );
  }

  @Mutation(() => R.DetachOfferResult, {
    description: "Detaches one offer instance that was attached on its own (one that came with a package goes with its package).",
  })
  detachOffer(
    @Arg("input", () => DetachOfferInput, { description: "The instance." }) input: DetachOfferInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "detachOffer", () =>
      answer("detachOffer", detachOffer(mutationContext(ctx, requester), { input, idempotencyKey }), R.DetachOfferSuccess),
    );
  }

  @Mutation(() => R.CreateExternalParamConfigResult, { description: "Creates an external parameter config of yours." })
  createExternalParamConfig(
    @Arg("input", () => CreateExternalParamConfigInput, { description: "The config." }) input: CreateExternalParamConfigInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createExternalParamConfig", () =>
      answer(
        "createExternalParamConfig",
        createExternalParamConfig(mutationContext(ctx, requester), { input, idempotencyKey }),
        R.CreateExternalParamConfigSuccess,
      ),
    );
  }

  @Mutation(() => R.SetExternalParamValueResult, {
    description: "Sets the value of one of your configs on an entity you own (externalParamsConfig's ownership rule).",
  })
  setExternalParamValue(
    @Arg("input", () => SetExternalParamValueInput, { description: "The config, the entity and the value." }) input: SetExternalParamValueInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "setExternalParamValue", () =>
      answer("setExternalParamValue", setExternalParamValue(mutationContext(ctx, requester), { input, idempotencyKey }), R.SetExternalParamValueSuccess),
    );
  }

  @Mutation(() => R.ClearExternalParamValueResult, { description: "Removes the value of one of your configs from an entity you own." })
  clearExternalParamValue(
    @Arg("input", () => ClearExternalParamValueInput, { description: "The config and the entity." }) input: ClearExternalParamValueInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "clearExternalParamValue", () =>
      answer(
        "clearExternalParamValue",
        clearExternalParamValue(mutationContext(ctx, requester), { input, idempotencyKey }),
        R.ClearExternalParamValueSuccess,
      ),
    );
  }

  @Mutation(() => R.CreateApiKeyResult, {
    description: "Creates an API key for yourself or a direct sub-account. The key is shown once, in this answer.",
  })
  createApiKey(
    @Arg("input", () => CreateApiKeyInput, { description: "The key's label." }) input: CreateApiKeyInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createApiKey", async () => {
      const { outcome, key } = await createApiKey(mutationContext(ctx, requester), { input, idempotencyKey });
      return answer("createApiKey", outcome.ok ? { ...outcome, value: { ...outcome.value, key } } : outcome, R.CreateApiKeySuccess);
    });
  }

  @Mutation(() => R.RevokeApiKeyResult, {
    description: "Revokes an API key of yours or of a direct sub-account: it answers 401 from the next request on.",
  })
  revokeApiKey(
    @Arg("input", () => RevokeApiKeyInput, { description: "The key." }) input: RevokeApiKeyInput,
    @Arg("idempotencyKey", KEY, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "revokeApiKey", () =>
      answer("revokeApiKey", revokeApiKey(mutationContext(ctx, requester), { input, idempotencyKey }), R.RevokeApiKeySuccess),
    );
  }

  @Query(() => R.SubscribersByExternalParamResult, {
    description:
      "Your subscribers and your sub-accounts' with a given value of one of your searchable SUBSCRIBER parameters.",
  })
  subscribersByExternalParam(
    @Arg("configId", () => UUID, { description: "Your config: entity type SUBSCRIBER, isSearchable true." }) configId: string,
    @Arg("value", { description: "The value, matched exactly." }) value: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "subscribersByExternalParam", () =>
      answer(
        "subscribersByExternalParam",
        subscribersByExternalParam(ctx, requester, { configId, value }, page),
        SubscriberConnection,
      ),
    );
  }
}
