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
import { accept, refuse } from "../../domain/refusals";
import type { TreeNode } from "../../domain/accounts/visibility";
import { runUnitMutation, type MutationContext } from "../mutation";
import type { WriteStore } from "../ports";
import type { ExternalParamConfigRow } from "../ports";

type Key = { idempotencyKey?: string | null };
type ConfigWithValue = ExternalParamConfigRow & { value: string | null };

/** A new config owned by the requester; names are unique per owner and entity type. */
export function createExternalParamConfig(
  ctx: MutationContext,
  args: { input: ExternalParamConfigInput } & Key,
) {
  const call = { operation: "createExternalParamConfig" as const, input: args, idempotencyKey: args.idempotencyKey };
  return runUnitMutation(ctx, call, readExternalParamConfig(args.input), async (store, draft, startedAt) => {
    const taken = await store.externalParams.configByName(ctx.requester.id, draft.entityType, draft.name);
    if (taken) return refuse({ type: "ExternalParamNameTaken", name: draft.name, configId: taken.id });
    const config = await store.externalParams.insertConfig({ id: randomUUID(), ownerId: ctx.requester.id, ...draft, createdAt: startedAt });
    return accept({ config: { ...config, value: null } });
  });
}

/** The requester's config and an entity it owns (externalParamsConfig's ownership rule). */
async function checkTarget(store: WriteStore, requester: TreeNode, configId: string, entityId: string) {
  const config = checkOwnConfig(requester, await store.externalParams.config(configId) ?? null, configId);
  if (!config.ok) return config;
  const entity = ENTITY_NAME_OF[config.value.entityType];
  const owned = checkEntity(requester, entity, entityId, await store.externalParams.entityAnchor(entity, entityId));
  return owned.ok ? config : owned;
}

export function setExternalParamValue(
  ctx: MutationContext,
  args: { input: { configId: string; entityId: string; value: string } } & Key,
) {
  const call = { operation: "setExternalParamValue" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { configId, entityId } = args.input;
  return runUnitMutation(ctx, call, readParamValue(args.input.value), async (store, value, startedAt) => {
    const config = await checkTarget(store, ctx.requester, configId, entityId);
    if (!config.ok) return config;
    await store.externalParams.setValue({ configId, entityId, value, now: startedAt });
    return accept({ config: { ...config.value, value }, entityId });
  });
}

export function clearExternalParamValue(
  ctx: MutationContext,
  args: { input: { configId: string; entityId: string } } & Key,
) {
  const call = { operation: "clearExternalParamValue" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { configId, entityId } = args.input;
  return runUnitMutation(ctx, call, accept(null), async (store) => {
    const config = await checkTarget(store, ctx.requester, configId, entityId);
    if (!config.ok) return config;
    const cleared = await store.externalParams.clearValue(configId, entityId);
    return accept({ config: { ...config.value, value: null }, entityId, cleared });
  });
}
