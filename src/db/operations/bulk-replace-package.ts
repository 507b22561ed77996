import type { SubscriberIdentifier } from "../../domain/identifiers";
import { invalid, refuse, type Decision, type InputIssue, type Refusal } from "../../domain/refusals";
import {
  decideReplacePackage,
  readReplacePackageItem,
  type ReplacePackageItemInput,
} from "../../domain/replace-package";
import type { PackageFacts, TreeNode } from "../../domain/visibility";
import { checkIdempotencyKey, runMutation, type MutationContext } from "../mutation";
import { getPackageFacts, hasAllocatedPackage, setSubscriberPackage } from "../repositories/packages";
import { findSubscriber } from "../repositories/subscribers";

export interface BulkItemOutcome {
  index: number;
  /** Null when the item failed. */
  requestId: string | null;
  subscriber: SubscriberIdentifier;
  currentPackageId: string;
  newPackageId: string;
  myPackage: boolean;
  error: Refusal | null;
}

export interface BulkReplaceOutcome {
  results: BulkItemOutcome[];
}

/** Checks the call as a whole: at least one item, at most the configured limit. */
export function checkBulkSize(count: number, limit: number, path = "input.items"): InputIssue[] {
  if (count === 0) return [{ path, message: "give at least one item" }];
  if (count > limit) return [{ path, message: `at most ${limit} items per call, got ${count}` }];
  return [];
}

/**
 * bulkReplacePackage (SPEC section 2): one transaction for the call and a savepoint per item,
 * in input order, so a later item sees an earlier one's effect and a failed item rolls back
 * alone: if attaching the new package fails, the detach does not take effect either.
 */
export function bulkReplacePackage(
  ctx: MutationContext & { bulkItemLimit: number },
  args: { input: { items: readonly ReplacePackageItemInput[] }; idempotencyKey?: string | null },
): Decision<BulkReplaceOutcome> {
  const { items } = args.input;
  const issues = [...checkBulkSize(items.length, ctx.bulkItemLimit), ...checkIdempotencyKey(args.idempotencyKey)];
  if (issues.length) return refuse(invalid(issues));
  const call = { operation: "bulkReplacePackage" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runMutation(ctx, call, (tx, units) => {
    const packages = new Map<string, (PackageFacts & { owner: TreeNode }) | null>();
    const packageFacts = (id: string) => {
      if (!packages.has(id)) packages.set(id, getPackageFacts(tx, id) ?? null);
      return packages.get(id)!;
    };
    let allocated: boolean | undefined;
    const results = items.map((item, index): BulkItemOutcome => {
      const echo = {
        index,
        subscriber: { type: item.subscriber.type, value: item.subscriber.value },
        currentPackageId: item.currentPackageId,
        newPackageId: item.newPackageId,
        myPackage: item.myPackage ?? false,
      };
      const request = readReplacePackageItem(item, `input.items[${index}]`);
      if (!request.ok) return { ...echo, requestId: null, error: request.refusal };
      const startedAt = units.now();
      let outcome: Decision<unknown>;
      try {
        outcome = tx.transaction((savepoint) => {
          const decision = decideReplacePackage(request.value, {
            requester: ctx.requester,
            hasAllocatedPackage: request.value.myPackage && (allocated ??= hasAllocatedPackage(savepoint, ctx.requester)),
            subscriber: findSubscriber(savepoint, request.value.identifier) ?? null,
            newPackage: packageFacts(request.value.newPackageId),
          });
          if (decision.ok) {
            setSubscriberPackage(savepoint, {
              subscriberId: decision.value.subscriberId,
              detachPackageId: request.value.currentPackageId,
              attach: decision.value.newPackage,
              attachedById: ctx.requester.id,
              now: startedAt,
            });
          }
          return decision;
        });
      } catch (error) {
        ctx.log.error({ err: error, operation: call.operation, index }, "bulk item failed unexpectedly");
        outcome = refuse({ type: "ServiceUnavailable" });
      }
      if (!outcome.ok) {
        units.recordRefusal(outcome.refusal.type, startedAt);
        return { ...echo, requestId: null, error: outcome.refusal };
      }
      return { ...echo, requestId: units.record(null, startedAt), error: null };
    });
    return { ok: true, value: { results } };
  });
}
