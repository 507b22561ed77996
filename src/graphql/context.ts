import type { Logger } from "pino";
import type { Config } from "../config";
import type { DbHandle } from "../db/connection";
import type { CustomerRow } from "../db/schema";
import type { Requester } from "../domain/requester";
import { isVisible } from "../domain/visibility";
import type { RequestTrace } from "../http/access-log";
import type { Loaders } from "./loaders";

export interface Context {
  /** Null only for an unauthenticated introspection query; every other operation is refused first. */
  requester: CustomerRow | null;
  handle: DbHandle;
  loaders: Loaders;
  config: Config;
  log: Logger;
  /** What the access log records of this request. */
  trace: RequestTrace;
}

/** The authenticated requester (the auth plugin guarantees one outside introspection). */
export function requesterOf(ctx: Context): CustomerRow & Requester {
  if (!ctx.requester) throw new Error("resolver reached without a requester");
  return ctx.requester;
}

/** A customer the requester may see as a node: itself, a descendant, or its parent (a counterparty). */
export function isReachable(ctx: Context, customer: CustomerRow): boolean {
  const requester = requesterOf(ctx);
  return isVisible(requester, customer) || customer.id === requester.parentId;
}
