/**
 * A small customer tree built by hand for the domain's unit tests (the domain takes plain data):
 *
 *   op                 operator, the root
 *   ├─ ra              reseller; its parent allowed it offer delegation
 *   │  ├─ ea1          enterprise; delegation allowed
 *   │  │  └─ da1       division
 *   │  └─ ea2          enterprise; no delegation
 *   └─ rb              reseller; no delegation
 *   other              the root of another tenant
 */
import type { Requester } from "../../src/domain/accounts/requester";

/** A customer below `parent` (a root without one), its path built as the database keeps it. */
export function customer(id: string, parent: { id: string; path: string } | null, allowOfferDelegation = false): Requester {
  return { id, parentId: parent?.id ?? null, path: `${parent?.path ?? "/"}${id}/`, allowOfferDelegation };
}

export const op = customer("op", null);
export const ra = customer("ra", op, true);
export const ea1 = customer("ea1", ra, true);
export const da1 = customer("da1", ea1);
export const ea2 = customer("ea2", ra);
export const rb = customer("rb", op);
export const other = customer("other", null);
