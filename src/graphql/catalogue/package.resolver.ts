import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { OfferRow, PackageRow } from "../../app/ports";
import { reachableCustomer } from "../accounts/accounts.queries";
import { Customer } from "../accounts/customer.type";
import { CurrentRequester, type AuthenticatedRequester, type Context } from "../context";
import { ExternalParamValue } from "../external-params/external-param.type";
import { externalParamsOn } from "../external-params/external-params.queries";
import { eligibleCustomers } from "./catalogue.queries";
import { Offer } from "./offer.type";
import { EligibleSubAccounts, Package } from "./package.type";

@Resolver(() => Package)
export class PackageResolver {
  @FieldResolver(() => Customer, { description: "The customer that created the package." })
  owner(@Root() pkg: PackageRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return reachableCustomer(ctx, requester, pkg.ownerId);
  }

  @FieldResolver(() => [Offer], { description: "The bundled offers, highest priority first (position 0)." })
  nestedOffers(@Root() pkg: PackageRow, @Ctx() ctx: Context): Promise<OfferRow[]> {
    return ctx.loaders.nestedOffers.load(pkg.id);
  }

  @FieldResolver(() => EligibleSubAccounts, { description: "Which of the owner's direct sub-accounts may use it." })
  eligibleSubAccounts(@Root() pkg: PackageRow): EligibleSubAccounts {
    return Object.assign(new EligibleSubAccounts(), { all: pkg.eligibleAll, packageId: pkg.id });
  }

  @FieldResolver(() => [ExternalParamValue], {
    description:
      "Your external parameters on this package: each of your PACKAGE configs, oldest first, with this package's value (null when it has none). Empty unless the package is your own (externalParamsConfig's rule).",
  })
  externalParams(@Root() pkg: PackageRow, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return externalParamsOn(ctx, requester, { type: "PACKAGE", row: pkg });
  }
}

@Resolver(() => EligibleSubAccounts)
export class EligibleSubAccountsResolver {
  @FieldResolver(() => [Customer], {
    description: "The sub-accounts listed by id (empty when `all`), oldest first; only those visible to you are shown.",
  })
  customers(@Root() eligible: EligibleSubAccounts, @CurrentRequester() requester: AuthenticatedRequester, @Ctx() ctx: Context) {
    return eligibleCustomers(ctx, requester, eligible.packageId);
  }
}
