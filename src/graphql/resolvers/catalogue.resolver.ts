import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { CustomerRow, OfferRow, PackageRow } from "../../db/schema";
import { isVisible } from "../../domain/visibility";
import { requesterOf, type Context } from "../context";
import { Customer } from "../types/customer.type";
import { Offer } from "../types/offer.type";
import { EligibleSubAccounts, Package } from "../types/package.type";
import { reachableCustomer } from "./customer.resolver";

@Resolver(() => Offer)
export class OfferResolver {
  @FieldResolver(() => Customer, { description: "The customer that created the offer and sells it." })
  owner(@Root() offer: OfferRow, @Ctx() ctx: Context) {
    return reachableCustomer(ctx, offer.ownerId);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "For a POOL plan, the sub-account it was made for." })
  poolCustomer(@Root() offer: OfferRow, @Ctx() ctx: Context) {
    return offer.poolCustomerId ? reachableCustomer(ctx, offer.poolCustomerId) : null;
  }
}

@Resolver(() => Package)
export class PackageResolver {
  @FieldResolver(() => Customer, { description: "The customer that created the package." })
  owner(@Root() pkg: PackageRow, @Ctx() ctx: Context) {
    return reachableCustomer(ctx, pkg.ownerId);
  }

  @FieldResolver(() => [Offer], { description: "The bundled offers, highest priority first (position 0)." })
  nestedOffers(@Root() pkg: PackageRow, @Ctx() ctx: Context): Promise<OfferRow[]> {
    return ctx.loaders.nestedOffers.load(pkg.id);
  }

  @FieldResolver(() => EligibleSubAccounts, { description: "Which of the owner's direct sub-accounts may use it." })
  eligibleSubAccounts(@Root() pkg: PackageRow): EligibleSubAccounts {
    return Object.assign(new EligibleSubAccounts(), { all: pkg.eligibleAll, packageId: pkg.id });
  }
}

@Resolver(() => EligibleSubAccounts)
export class EligibleSubAccountsResolver {
  @FieldResolver(() => [Customer], {
    description: "The sub-accounts listed by id (empty when `all`), oldest first; only those visible to you are shown.",
  })
  async customers(@Root() eligible: EligibleSubAccounts, @Ctx() ctx: Context): Promise<CustomerRow[]> {
    const ids = (await ctx.loaders.eligibleCustomerIds.load(eligible.packageId)).map((row) => row.customerId);
    const customers = await ctx.loaders.customer.loadMany(ids);
    const requester = requesterOf(ctx);
    return customers
      .filter((c): c is CustomerRow => !!c && !(c instanceof Error) && isVisible(requester, c))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }
}
