/**
 * A page of subscribers whose packages are asked for gets them read with the page, in one batch
 * for every page of the query, before the subscribers are resolved: each `package` field then
 * answers a row, not a promise (a promise per subscriber costs graphql-js more than the read).
 */
import type { GraphQLResolveInfo } from "graphql";
import type { SubscriberRow } from "../../app/ports";
import type { ConnectionShape, Positioned } from "../connection";
import type { Context } from "../context";
import { selects } from "../selection";

/** The connection, once the packages of its subscribers are read when the query asks for them. */
export async function withPackages<C extends ConnectionShape<Positioned>>(ctx: Context, info: GraphQLResolveInfo, connection: C | Promise<C>): Promise<C> {
  const page = await connection;
  if (selects(info, ["nodes", "package"]) || selects(info, ["edges", "node", "package"])) {
    const ids = new Set<string>();
    // A subscriber connection's nodes are subscriber rows.
    for (const subscriber of page.nodes as SubscriberRow[]) if (subscriber.packageId) ids.add(subscriber.packageId);
    if (ids.size > 0) await ctx.loaders.package.loadMany([...ids]);
  }
  return page;
}
