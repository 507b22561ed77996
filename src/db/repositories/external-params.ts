import { eq } from "drizzle-orm";
import type { EntityAnchor, EntityName } from "../../domain/external-params";
import type { Executor } from "../executor";
import { customers, offers, packages, subscribers } from "../schema";

const node = { id: customers.id, parentId: customers.parentId, path: customers.path };

/** The customer an entity hangs from (see EntityAnchor), or null when it does not exist. */
export function entityAnchor(ex: Executor, entity: EntityName, entityId: string): EntityAnchor {
  switch (entity) {
    case "CUSTOMER": {
      const customer = ex.select(node).from(customers).where(eq(customers.id, entityId)).get();
      return customer ? { kind: "holder", customer } : null;
    }
    case "SUBSCRIBER": {
      const found = ex
        .select({ customer: node })
        .from(subscribers)
        .innerJoin(customers, eq(customers.id, subscribers.customerId))
        .where(eq(subscribers.id, entityId))
        .get();
      return found ? { kind: "holder", customer: found.customer } : null;
    }
    case "PLAN": {
      const found = ex
        .select({ customer: node })
        .from(offers)
        .innerJoin(customers, eq(customers.id, offers.ownerId))
        .where(eq(offers.id, entityId))
        .get();
      return found ? { kind: "owner", customer: found.customer } : null;
    }
    case "PACKAGE": {
      const found = ex
        .select({ customer: node })
        .from(packages)
        .innerJoin(customers, eq(customers.id, packages.ownerId))
        .where(eq(packages.id, entityId))
        .get();
      return found ? { kind: "owner", customer: found.customer } : null;
    }
  }
}
