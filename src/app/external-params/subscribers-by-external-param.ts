/** subscribersByExternalParam (SPEC section 2): subscriber search by a searchable parameter's value. */
import type { TreeNode } from "../../domain/accounts/visibility";
import { checkSearchKey } from "../../domain/external-params/external-params";
import { readPage } from "../../domain/input/pagination";
import { accept, invalid, refuse } from "../../domain/refusals";
import type { ListPage, PageArgs, ReadStore, SubscriberRow } from "../ports";

/**
 * A page of the subscribers of the requester and its descendants with this value of one of its
 * searchable SUBSCRIBER parameters (checkSearchKey).
 */
export async function subscribersByExternalParam(
  reads: ReadStore,
  requester: TreeNode,
  ask: { configId: string; value: string },
  args: PageArgs,
) {
  const read = readPage(args.first, args.after);
  if (!read.ok) return refuse(invalid(read.issues));
  const request = read.page;
  const config = checkSearchKey(requester, (await reads.externalParams.config(ask.configId)) ?? null, ask.configId);
  if (!config.ok) return refuse(config.refusal);
  const search = { configId: ask.configId, value: ask.value, underPath: requester.path };
  return accept<ListPage<SubscriberRow>>({
    request,
    page: await reads.subscribers.search(search, request),
    totalCount: () => reads.subscribers.searchCount(search),
  });
}
