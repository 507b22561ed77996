/**
 * API keys through the API. A new key is shown once: it is not part of the remembered
 * outcome, so an idempotent replay answers the key's record without the key itself.
 */
import { checkSelfOrDirectSubAccount } from "../../domain/accounts/accounts";
import { checkManagedApiKey, readApiKeyLabel } from "../../domain/accounts/api-keys";
import { accept } from "../../domain/refusals";
import { randomBytes } from "node:crypto";
import { runUnitMutation, type MutationContext } from "../mutation";

type Key = { idempotencyKey?: string | null };

/** A new key: a recognisable prefix and 32 url-safe characters of randomness. */
export function generateApiKey(): string {
  return `cgk_${randomBytes(24).toString("base64url")}`;
}

export async function createApiKey(
  ctx: MutationContext,
  args: { input: { label?: string | null; customerId?: string | null } } & Key,
) {
  const call = { operation: "createApiKey" as const, input: args, idempotencyKey: args.idempotencyKey };
  let key: string | null = null;
  const customerId = args.input.customerId ?? ctx.requester.id;
  const outcome = await runUnitMutation(ctx, call, readApiKeyLabel(args.input.label), async (store, label, startedAt) => {
    const holder = checkSelfOrDirectSubAccount(ctx.requester, await store.customers.get(customerId) ?? null, customerId);
    if (!holder.ok) return holder;
    const newKey = generateApiKey();
    key = newKey;
    return accept({ apiKey: await store.apiKeys.insert({ customerId, key: newKey, label, createdAt: startedAt }) });
  });
  return { outcome, key };
}

/** Revokes a key of the requester's or of a direct sub-account's; it answers 401 from the next request on. */
export function revokeApiKey(
  ctx: MutationContext,
  args: { input: { apiKeyId: string } } & Key,
) {
  const call = { operation: "revokeApiKey" as const, input: args, idempotencyKey: args.idempotencyKey };
  const { apiKeyId } = args.input;
  return runUnitMutation(ctx, call, accept(null), async (store, _none, startedAt) => {
    const key = await store.apiKeys.get(apiKeyId) ?? null;
    const own = checkManagedApiKey(ctx.requester, key, key ? (await store.customers.get(key.customerId) ?? null) : null, apiKeyId);
    return own.ok ? accept({ apiKey: await store.apiKeys.revoke(apiKeyId, startedAt) }) : own;
  });
}
