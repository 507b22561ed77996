import type { Logger } from "pino";
import { createParameterDecorator } from "type-graphql";
import type { MutationContext } from "../app/mutation";
import type { Config } from "../config";
import type { Requester } from "../domain/accounts/requester";
import type { RequestTrace } from "../http/access-log";
import type { CustomerRow, ReadStore, Storage } from "../app/ports";
import type { Loaders } from "./loaders";

export interface Context {
  /** Null only for an unauthenticated introspection query; every other operation is refused first. */
  requester: CustomerRow | null;
  /** The read port the queries and the loaders read through. */
  reads: ReadStore;
  /** The storage port the use cases write through. */
  storage: Storage;
  loaders: Loaders;
  config: Config;
  log: Logger;
  /** What the access log records of this request. */
  trace: RequestTrace;
}

/** The customer the request's API key belongs to. */
export type AuthenticatedRequester = CustomerRow & Requester;

/** The authenticated requester (the auth plugin guarantees one outside introspection). */
export function requesterOf(ctx: Context): AuthenticatedRequester {
  if (!ctx.requester) throw new Error("resolver reached without a requester");
  return ctx.requester;
}

/** A resolver parameter holding the authenticated requester: `@CurrentRequester() requester`. */
export function CurrentRequester() {
  return createParameterDecorator<Context>(({ context }) => requesterOf(context));
}

/** What a mutation's use case needs of the request: the store, the requester, the log, the limits. */
export function mutationContext(ctx: Context, requester: AuthenticatedRequester): MutationContext {
  return {
    storage: ctx.storage,
    requester,
    log: ctx.log,
    idempotencyOutcomeMaxBytes: ctx.config.idempotencyOutcomeMaxBytes,
  };
}
