/** myPackages (SPEC section 2): the packages allocated to the requester or to a direct sub-customer. */
import type { TreeNode } from "../../domain/accounts/visibility";
import { decideMyPackagesScope } from "../../domain/catalogue/my-packages";
import { readPage } from "../../domain/input/pagination";
import { accept, invalid, refuse } from "../../domain/refusals";
import type { ListPage, PackageRow, PageArgs, ReadStore } from "../ports";

/** A page of the packages decideMyPackagesScope names: those their owner lists for the eligible customer. */
export async function myPackages(reads: ReadStore, requester: TreeNode, customerId: string, args: PageArgs) {
  const read = readPage(args.first, args.after);
  if (!read.ok) return refuse(invalid(read.issues));
  const request = read.page;
  const [target] = await reads.customers.byIds([customerId]);
  const scope = decideMyPackagesScope(requester, target ?? null, customerId);
  if (!scope.ok) return refuse(scope.refusal);
  const { ownerId, eligibleId } = scope.value;
  if (!ownerId) return accept<ListPage<PackageRow>>({ request, page: { rows: [], hasNextPage: false }, totalCount: async () => 0 });
  const list = { list: "packagesEligibleFor", customerId: eligibleId } as const;
  const pages = await reads.lists.pages(list, [ownerId], request);
  return accept<ListPage<PackageRow>>({
    request,
    page: pages.get(ownerId) ?? { rows: [], hasNextPage: false },
    totalCount: async () => (await reads.lists.counts(list, [ownerId])).get(ownerId) ?? 0,
  });
}
