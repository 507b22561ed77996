import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { attachOffer } from "../../db/operations/attach-offer";
import { bulkReplacePackage } from "../../db/operations/bulk-replace-package";
import { createPackage } from "../../db/operations/create-package";
import type { MutationContext } from "../../db/mutation";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { UUID } from "../scalars";
import { AttachOfferInput, BulkReplacePackageInput, CreatePackageInput } from "../types/inputs";
import {
  AttachOfferResult,
  AttachOfferSuccess,
  BulkReplacePackageItemResult,
  BulkReplacePackageResult,
  BulkReplacePackageSuccess,
  CreatePackageResult,
  CreatePackageSuccess,
} from "../types/results";
import { SubscriberIdentifier } from "../types/subscriber.type";
import { answer, bulkAnswer } from "./answer";
import { guarded } from "./guard";

export const IDEMPOTENCY_KEY = {
  nullable: true,
  description:
    "Makes the call safe to retry: a repeat with the same key and input returns the first result and changes nothing. Kept at least 24 hours.",
} as const;

/** What a mutation's use case needs of the request: the store, the requester, the log, the limits. */
export function mutationContext(ctx: Context, requester: AuthenticatedRequester): MutationContext {
  return {
    handle: ctx.handle,
    requester,
    log: ctx.log,
    idempotencyOutcomeMaxBytes: ctx.config.idempotencyOutcomeMaxBytes,
  };
}

@Resolver()
export class MutationResolver {
  @Mutation(() => CreatePackageResult, {
    description: "Creates a package of your own offers for your sub-accounts (never for your own use).",
  })
  createPackage(
    @Arg("customerId", () => UUID, { description: "Must be your own id." }) customerId: string,
    @Arg("input", () => CreatePackageInput, { description: "The package." }) input: CreatePackageInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createPackage", () =>
      answer("createPackage", createPackage(mutationContext(ctx, requester), { customerId, input, idempotencyKey }), CreatePackageSuccess),
    );
  }

  @Mutation(() => AttachOfferResult, {
    description:
      "Attaches one offer to one subscriber: your own plan to a sub-account's SIM, or (myOffer: true) your parent's plan to your own SIM.",
  })
  attachOffer(
    @Arg("input", () => AttachOfferInput, { description: "The subscriber, the offer and how." }) input: AttachOfferInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "attachOffer", () =>
      answer("attachOffer", attachOffer(mutationContext(ctx, requester), { input, idempotencyKey }), AttachOfferSuccess),
    );
  }

  @Mutation(() => BulkReplacePackageResult, {
    description:
      "Replaces the package of many subscribers, item by item in input order. Each item detaches the current package and attaches the new one, or leaves the subscriber untouched.",
  })
  bulkReplacePackage(
    @Arg("input", () => BulkReplacePackageInput, { description: "The items." }) input: BulkReplacePackageInput,
    @Arg("idempotencyKey", () => String, IDEMPOTENCY_KEY) idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "bulkReplacePackage", () => {
      const outcome = bulkReplacePackage({ ...mutationContext(ctx, requester), bulkItemLimit: ctx.config.bulkItemLimit }, { input, idempotencyKey });
      return bulkAnswer("bulkReplacePackage", outcome, BulkReplacePackageSuccess, BulkReplacePackageItemResult, (echo) => ({
        ...echo,
        subscriber: Object.assign(new SubscriberIdentifier(), echo.subscriber),
      }));
    });
  }
}
