/**
 * API keys through the API. A new key is shown once: it is not part of the remembered
 * outcome, so an idempotent replay answers the key's record without the key itself.
 */
import { checkSelfOrDirectSubAccount } from "../../domain/accounts/accounts";
import { checkManagedApiKey, readApiKeyLabel } from "../../domain/accounts/api-keys";
import { accept, type Decision } from "../../domain/refusals";
import { runUnitMutation, type MutationContext } from "../mutation";
import { getCustomer } from "../../db/sqlite/repositories/customers";
import { generateApiKey, getApiKey, insertApiKey, revokeApiKey as revoke } from "../../db/sqlite/repositories/api-keys";
import type { ApiKeyRow } from "../../db/sqlite/schema";

type Key = { idempotencyKey?: string | null };

export async function createApiKey(
  ctx: MutationContext,
  args: { input: { label?: string | null; customerId?: string | null } } & Key,
): Promise<{ outcome: Decision<{ requestId: string; apiKey: ApiKeyRow }>; key: string | null }> {
  const call = { operation: "createApiKey" as const, input: args, idempotencyKey: args.idempotencyKey };
  let key: string | null = null;
  const customerId = args.input.customerId ?? ctx.requester.id;
  const outcome = await runUnitMutation(ctx, call, readApiKeyLabel(args.input.label), (tx, label, startedAt) => {
    const holder = checkSelfOrDirectSubAccount(ctx.requester, getCustomer(tx, customerId) ?? null, customerId);
    if (!holder.ok) return holder;
    key = generateApiKey();
    return accept({ apiKey: insertApiKey(tx, { customerId, key, label, createdAt: startedAt }) });
  });
  return { outcome, key };
}

/** Revokes a key of the requester's or of a direct sub-account's; it answers 401 from the next request on. */
export function revokeApiKey(
  ctx: MutationContext,
  args: { input: { apiKeyId: string } } & Key,
): Promise<Decision<{ requestId: string; apiKey: ApiKeyRow }>> {
  const call = { operation: "revokeApiKey" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { apiKeyId } = args.input;
  return runUnitMutation(ctx, call, accept(null), (tx, _none, startedAt) => {
    const key = getApiKey(tx, apiKeyId) ?? null;
    const own = checkManagedApiKey(ctx.requester, key, key ? (getCustomer(tx, key.customerId) ?? null) : null, apiKeyId);
    return own.ok ? accept({ apiKey: revoke(tx, apiKeyId, startedAt) }) : own;
  });
}
