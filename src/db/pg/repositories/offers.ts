import { eq, inArray } from "drizzle-orm";
import type { OfferFacts, TreeNode } from "../../../domain/accounts/visibility";
import type { Executor } from "../executor";
import { customers, offers, type OfferRow } from "../schema";
import { treeNodeColumns } from "./customers";

/** An offer with its owner's place in the tree, or undefined. Offers never change: no lock. */
export async function getOfferFacts(ex: Executor, id: string): Promise<(OfferFacts & { owner: TreeNode }) | undefined> {
  const [row] = await ex
    .select({
      id: offers.id,
      ownerId: offers.ownerId,
      kind: offers.kind,
      poolCustomerId: offers.poolCustomerId,
      owner: treeNodeColumns,
    })
    .from(offers)
    .innerJoin(customers, eq(customers.id, offers.ownerId))
    .where(eq(offers.id, id));
  return row;
}

export async function getOffersFacts(ex: Executor, ids: readonly string[]): Promise<OfferFacts[]> {
  if (ids.length === 0) return [];
  return ex
    .select({ id: offers.id, ownerId: offers.ownerId, kind: offers.kind, poolCustomerId: offers.poolCustomerId })
    .from(offers)
    .where(inArray(offers.id, [...ids]));
}

export async function insertOffer(
  ex: Executor,
  offer: { id: string; ownerId: string; name: string; kind: "REGULAR" | "POOL"; poolCustomerId: string | null; createdAt: Date },
): Promise<OfferRow> {
  const [row] = await ex.insert(offers).values(offer).returning();
  return row!;
}
