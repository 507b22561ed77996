/** External parameters through the API: configs, values, and subscriber search. */
import { randomUUID } from "node:crypto";
import {
  checkEntity,
  checkOwnConfig,
  ENTITY_NAME_OF,
  readExternalParamConfig,
  readParamValue,
  type ExternalParamConfigInput,
} from "../../domain/external-params/external-params";
import { accept, refuse, type Decision } from "../../domain/refusals";
import type { TreeNode } from "../../domain/accounts/visibility";
import type { Executor } from "../../db/sqlite/executor";
import { runUnitMutation, type MutationContext } from "../mutation";
import { clearParamValue, entityAnchor, findConfigByName, getConfig, insertConfig, setParamValue } from "../../db/sqlite/repositories/external-params";
import type { ExternalParamConfigRow } from "../../db/sqlite/schema";

type Key = { idempotencyKey?: string | null };
type ConfigWithValue = ExternalParamConfigRow & { value: string | null };

/** A new config owned by the requester; names are unique per owner and entity type. */
export function createExternalParamConfig(
  ctx: MutationContext,
  args: { input: ExternalParamConfigInput } & Key,
): Promise<Decision<{ requestId: string; config: ConfigWithValue }>> {
  const call = { operation: "createExternalParamConfig" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readExternalParamConfig(args.input), (tx, draft, startedAt): Decision<{ config: ConfigWithValue }> => {
    const taken = findConfigByName(tx, ctx.requester.id, draft.entityType, draft.name);
    if (taken) return refuse({ type: "ExternalParamNameTaken", name: draft.name, configId: taken.id });
    const config = insertConfig(tx, { id: randomUUID(), ownerId: ctx.requester.id, ...draft, createdAt: startedAt });
    return accept({ config: { ...config, value: null } });
  });
}

/** The requester's config and an entity it owns (externalParamsConfig's ownership rule). */
function checkTarget(tx: Executor, requester: TreeNode, configId: string, entityId: string): Decision<ExternalParamConfigRow> {
  const config = checkOwnConfig(requester, getConfig(tx, configId) ?? null, configId);
  if (!config.ok) return config;
  const entity = ENTITY_NAME_OF[config.value.entityType];
  const owned = checkEntity(requester, entity, entityId, entityAnchor(tx, entity, entityId));
  return owned.ok ? config : owned;
}

export function setExternalParamValue(
  ctx: MutationContext,
  args: { input: { configId: string; entityId: string; value: string } } & Key,
): Promise<Decision<{ requestId: string; config: ConfigWithValue; entityId: string }>> {
  const call = { operation: "setExternalParamValue" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { configId, entityId } = args.input;
  return runUnitMutation(ctx, call, readParamValue(args.input.value), (tx, value, startedAt) => {
    const config = checkTarget(tx, ctx.requester, configId, entityId);
    if (!config.ok) return config;
    setParamValue(tx, { configId, entityId, value, now: startedAt });
    return accept({ config: { ...config.value, value }, entityId });
  });
}

export function clearExternalParamValue(
  ctx: MutationContext,
  args: { input: { configId: string; entityId: string } } & Key,
): Promise<Decision<{ requestId: string; config: ConfigWithValue; entityId: string; cleared: boolean }>> {
  const call = { operation: "clearExternalParamValue" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { configId, entityId } = args.input;
  return runUnitMutation(ctx, call, accept(null), (tx) => {
    const config = checkTarget(tx, ctx.requester, configId, entityId);
    if (!config.ok) return config;
    const cleared = clearParamValue(tx, configId, entityId);
    return accept({ config: { ...config.value, value: null }, entityId, cleared });
  });
}
