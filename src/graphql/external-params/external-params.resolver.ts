import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import {
  clearExternalParamValue,
  createExternalParamConfig,
  setExternalParamValue,
} from "../../app/external-params/external-params";
import { ConnectionArgs } from "../connection";
import { CurrentRequester, mutationContext, type AuthenticatedRequester, type Context } from "../context";
import { answer, guarded, IdempotencyKey } from "../result";
import { UUID } from "../scalars";
import { SubscriberConnection } from "../subscribers/subscriber.type";
import { ExternalParamConfigConnection, ExternalParamEntity } from "./external-param.type";
import { ClearExternalParamValueInput, CreateExternalParamConfigInput, SetExternalParamValueInput } from "./external-params.input";
import { externalParamsConfig, subscribersByExternalParam } from "./external-params.queries";
import * as R from "./external-params.result";

/** External parameters: your configs and their values on entities you own, and subscriber search by value. */
@Resolver()
export class ExternalParamsResolver {
  @Query(() => R.ExternalParamsConfigResult, {
    description:
      "Your external parameter configs for one entity's type, each with that entity's value. The entity must be yours: yourself or a direct sub-account, a subscriber of either, or your own offer or package.",
  })
  externalParamsConfig(
    @Arg("customerId", () => UUID, { description: "Must be your own id." }) customerId: string,
    @Arg("entity", () => ExternalParamEntity, { description: "The entity's kind." }) entity: ExternalParamEntity,
    @Arg("entityId", () => UUID, { description: "The entity's id." }) entityId: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "externalParamsConfig", () =>
      answer(
        "externalParamsConfig",
        externalParamsConfig(ctx, requester, { customerId, entity, entityId }, page),
        ExternalParamConfigConnection,
      ),
    );
  }

  @Mutation(() => R.CreateExternalParamConfigResult, { description: "Creates an external parameter config of yours." })
  createExternalParamConfig(
    @Arg("input", () => CreateExternalParamConfigInput, { description: "The config." }) input: CreateExternalParamConfigInput,
    @IdempotencyKey() idempotencyKey: string | null,
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
    @IdempotencyKey() idempotencyKey: string | null,
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
    @IdempotencyKey() idempotencyKey: string | null,
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
