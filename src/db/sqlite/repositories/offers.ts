import { eq, inArray } from "drizzle-orm";
import type { OfferFacts, TreeNode } from "../../../domain/accounts/visibility";
import type { Executor } from "../executor";
import { customers, offers, type OfferRow } from "../schema";
import { treeNodeColumns } from "./customers";

/** An offer with its owner's place in the tree, or undefined. */
export function getOfferFacts(ex: Executor, id: string): (OfferFacts & { owner: TreeNode }) | undefined {
  const row = ex
    .select({
      id: offers.id,
      ownerId: offers.ownerId,
      kind: offers.kind,
      poolCustomerId: offers.poolCustomerId,
      owner: treeNodeColumns,
    })
    .from(offers)
    .innerJoin(customers, eq(customers.id, offers.ownerId))
    .where(eq(offers.id, id))
    .get();
  return row;
}

export function getOffersFacts(ex: Executor, ids: readonly string[]): OfferFacts[] {
  if (ids.length === 0) return [];
  return ex
    .select({ id: offers.id, ownerId: offers.ownerId, kind: offers.kind, poolCustomerId: offers.poolCustomerId })
    .from(offers)
    .where(inArray(offers.id, [...ids]))
    .all();
}

export function insertOffer(
  ex: Executor,
  offer: { id: string; ownerId: string; name: string; kind: "REGULAR" | "POOL"; poolCustomerId: string | null; createdAt: Date },
): OfferRow {
  return ex.insert(offers).values(offer).returning().get();
}
