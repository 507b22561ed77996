import { Arg, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { attachOffer } from "../../app/subscribers/attach-offer";
import { bulkReplacePackage } from "../../app/subscribers/bulk-replace-package";
import { attachPackage, createSubscribers, detachOffer, detachPackage } from "../../app/subscribers/subscribers";
import type { SubscriberRow } from "../../app/ports";
import { CurrentRequester, mutationContext, type AuthenticatedRequester, type Context } from "../context";
import { answer, bulkAnswer, guarded, IdempotencyKey } from "../result";
import { Subscriber, SubscriberIdentifier } from "./subscriber.type";
import {
  AttachOfferInput,
  BulkReplacePackageInput,
  CreateSubscribersInput,
  DetachOfferInput,
  SubscriberIdentifierInput,
  SubscriberPackageInput,
} from "./subscribers.input";
import { visibleSubscriber } from "./subscribers.queries";
import * as R from "./subscribers.result";

/** Subscribers (SIMs): finding one, creating them, and their package and offers. */
@Resolver()
export class SubscribersResolver {
  @Query(() => Subscriber, {
    nullable: true,
    description: "A subscriber of yours or of a descendant, by one of its identifiers; null when there is none you can see.",
  })
  subscriber(
    @Arg("identifier", () => SubscriberIdentifierInput, { description: "Which identifier, and its value." })
    identifier: SubscriberIdentifierInput,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ): Promise<SubscriberRow | null> {
    return visibleSubscriber(ctx, requester, identifier);
  }

  @Mutation(() => R.AttachOfferResult, {
    description:
      "Attaches one offer to one subscriber: your own plan to a sub-account's SIM, or (myOffer: true) your parent's plan to your own SIM.",
  })
  attachOffer(
    @Arg("input", () => AttachOfferInput, { description: "The subscriber, the offer and how." }) input: AttachOfferInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "attachOffer", () =>
      answer("attachOffer", attachOffer(mutationContext(ctx, requester), { input, idempotencyKey }), R.AttachOfferSuccess),
    );
  }

  @Mutation(() => R.BulkReplacePackageResult, {
    description:
      "Replaces the package of many subscribers, item by item in input order. Each item detaches the current package and attaches the new one, or leaves the subscriber untouched.",
  })
  bulkReplacePackage(
    @Arg("input", () => BulkReplacePackageInput, { description: "The items." }) input: BulkReplacePackageInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "bulkReplacePackage", () => {
      const outcome = bulkReplacePackage({ ...mutationContext(ctx, requester), bulkItemLimit: ctx.config.bulkItemLimit }, { input, idempotencyKey });
      return bulkAnswer("bulkReplacePackage", outcome, R.BulkReplacePackageSuccess, R.BulkReplacePackageItemResult, (echo) => ({
        ...echo,
        subscriber: Object.assign(new SubscriberIdentifier(), echo.subscriber),
      }));
    });
  }

  @Mutation(() => R.CreateSubscribersResult, {
    description: "Creates subscribers for you or your direct sub-accounts, item by item: a bad item fails alone.",
  })
  createSubscribers(
    @Arg("input", () => CreateSubscribersInput, { description: "The subscribers." }) input: CreateSubscribersInput,
    @IdempotencyKey() idempotencyKey: string | null,
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
    @IdempotencyKey() idempotencyKey: string | null,
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
    @IdempotencyKey() idempotencyKey: string | null,
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
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "detachOffer", () =>
      answer("detachOffer", detachOffer(mutationContext(ctx, requester), { input, idempotencyKey }), R.DetachOfferSuccess),
    );
  }
}
