/** Packages as the read API lists them: myPackages, and a package's eligible sub-accounts. */
import { myPackages as listMyPackages } from "../../app/catalogue/my-packages";
import type { CustomerRow } from "../../app/ports";
import { isVisible, type TreeNode } from "../../domain/accounts/visibility";
import { accept } from "../../domain/refusals";
import type { Context } from "../context";
import { connectionOf, type ConnectionArgs } from "../connection";
import { PackageConnection } from "./package.type";

/** myPackages (SPEC section 2): a page of the packages allocated to the requester or to a direct sub-customer. */
export async function myPackages(ctx: Context, requester: TreeNode, customerId: string, args: ConnectionArgs) {
  const found = await listMyPackages(ctx.reads, requester, customerId, args);
  return found.ok ? accept(connectionOf(PackageConnection, found.value)) : found;
}

/** EligibleSubAccounts.customers: the listed sub-accounts the requester can see, oldest first. */
export async function eligibleCustomers(ctx: Context, requester: TreeNode, packageId: string): Promise<CustomerRow[]> {
  const ids = (await ctx.loaders.eligibleCustomerIds.load(packageId)).map((row) => row.customerId);
  const customers = await ctx.loaders.customer.loadMany(ids);
  return customers
    .filter((c): c is CustomerRow => !!c && !(c instanceof Error) && isVisible(requester, c))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}
