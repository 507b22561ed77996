import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { createOffer, deletePackage, updatePackage } from "../../app/catalogue/catalogue";
import { createPackage } from "../../app/catalogue/create-package";
import { ConnectionArgs } from "../connection";
import { CurrentRequester, mutationContext, type AuthenticatedRequester, type Context } from "../context";
import { answer, guarded, IdempotencyKey } from "../result";
import { UUID } from "../scalars";
import { CreateOfferInput, CreatePackageInput, DeletePackageInput, UpdatePackageInput } from "./catalogue.input";
import { myPackages } from "./catalogue.queries";
import * as R from "./catalogue.result";
import { PackageConnection } from "./package.type";

/** Offers and packages: the packages allocated to you or a sub-account, and making and changing your own. */
@Resolver()
export class CatalogueResolver {
  @Query(() => R.MyPackagesResult, {
    description:
      "Allocated packages. For your own id: your parent's packages you are eligible for (your Buy packages). For a direct sub-customer's id: your packages it is eligible for.",
  })
  myPackages(
    @Arg("customerId", () => UUID, { description: "Your own id or a direct sub-customer's." }) customerId: string,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "myPackages", () =>
      answer("myPackages", myPackages(ctx, requester, customerId, page), PackageConnection),
    );
  }

  @Mutation(() => R.CreatePackageResult, {
    description: "Creates a package of your own offers for your sub-accounts (never for your own use).",
  })
  createPackage(
    @Arg("customerId", () => UUID, { description: "Must be your own id." }) customerId: string,
    @Arg("input", () => CreatePackageInput, { description: "The package." }) input: CreatePackageInput,
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "createPackage", () =>
      answer("createPackage", createPackage(mutationContext(ctx, requester), { customerId, input, idempotencyKey }), R.CreatePackageSuccess),
    );
  }

  @Mutation(() => R.CreateOfferResult, { description: "Creates an offer (plan) of yours: REGULAR, or POOL for one direct sub-account." })
  createOffer(
    @Arg("input", () => CreateOfferInput, { description: "The offer." }) input: CreateOfferInput,
    @IdempotencyKey() idempotencyKey: string | null,
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
    @IdempotencyKey() idempotencyKey: string | null,
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
    @IdempotencyKey() idempotencyKey: string | null,
    @CurrentRequester() requester: AuthenticatedRequester,
    @Ctx() ctx: Context,
  ) {
    return guarded(ctx, "deletePackage", () =>
      answer("deletePackage", deletePackage(mutationContext(ctx, requester), { input, idempotencyKey }), R.DeletePackageSuccess),
    );
  }
}
