/** Packages as the read API lists them: myPackages, and a package's eligible sub-accounts. */
import { packagesEligibleFor } from "../../db/sqlite/repositories/pages";
import type { CustomerRow } from "../../db/sqlite/schema";
import { decideMyPackagesScope } from "../../domain/catalogue/my-packages";
import { accept, refuse, type Decision } from "../../domain/refusals";
import { isVisible, type TreeNode } from "../../domain/accounts/visibility";
import type { Context } from "../context";
import { emptyConnection, listOf, type ConnectionArgs, type NamedList } from "../connection";
import { PackageConnection } from "./package.type";

type PackagePage = InstanceType<typeof PackageConnection>;

/** The packages a customer is eligible for, listed under their owner (its parent): its Buy packages. */
export function eligiblePackages(eligibleId: string): NamedList {
  return { name: `eligible:${eligibleId}`, list: () => packagesEligibleFor(eligibleId) };
}

/** myPackages (SPEC section 2): the packages decideMyPackagesScope names, a page of them. */
export async function myPackages(
  ctx: Context,
  requester: TreeNode,
  customerId: string,
  args: ConnectionArgs,
): Promise<Decision<PackagePage>> {
  const page = args.read();
  if (!page.ok) return refuse(page.refusal);
  const scope = decideMyPackagesScope(requester, await ctx.loaders.customer.load(customerId), customerId);
  if (!scope.ok) return refuse(scope.refusal);
  const { ownerId, eligibleId } = scope.value;
  if (!ownerId) return accept(emptyConnection(PackageConnection));
  return accept(await listOf(ctx, PackageConnection, eligiblePackages(eligibleId), ownerId, page.value));
}

/** EligibleSubAccounts.customers: the listed sub-accounts the requester can see, oldest first. */
export async function eligibleCustomers(ctx: Context, requester: TreeNode, packageId: string): Promise<CustomerRow[]> {
  const ids = (await ctx.loaders.eligibleCustomerIds.load(packageId)).map((row) => row.customerId);
  const customers = await ctx.loaders.customer.loadMany(ids);
  return customers
    .filter((c): c is CustomerRow => !!c && !(c instanceof Error) && isVisible(requester, c))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}
