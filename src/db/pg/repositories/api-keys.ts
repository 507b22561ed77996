/**
 * API keys (README "Authentication"): only a SHA-256 of each key is stored. Keys are 192
 * random bits, so a fast hash is enough; the stored and computed hashes are compared in
 * constant time after the indexed lookup.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { Executor } from "../executor";
import { notifyKeyChange } from "./key-changes";
import { preparedOnce } from "../statement-cache";
import { apiKeys, customers, type ApiKeyRow, type CustomerRow } from "../schema";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * The customer a live key belongs to, or undefined for an unknown or revoked key. Every
 * request asks it first, so its statement is prepared once per connection.
 */
export async function findCustomerByApiKey(ex: Executor, key: string): Promise<CustomerRow | undefined> {
  const hash = hashApiKey(key);
  const statement = preparedOnce(ex, "read:customerByApiKey", (name) =>
    ex
      .select({ keyHash: apiKeys.keyHash, customer: customers })
      .from(apiKeys)
      .innerJoin(customers, eq(customers.id, apiKeys.customerId))
      .where(and(eq(apiKeys.keyHash, sql.placeholder("hash")), isNull(apiKeys.revokedAt)))
      .prepare(name),
  );
  const [found] = await statement.execute({ hash });
  if (!found) return undefined;
  const same = timingSafeEqual(Buffer.from(found.keyHash, "hex"), Buffer.from(hash, "hex"));
  return same ? found.customer : undefined;
}

export async function insertApiKey(
  ex: Executor,
  key: { customerId: string; key: string; label: string | null; createdAt: Date },
): Promise<ApiKeyRow> {
  const [row] = await ex
    .insert(apiKeys)
    .values({
      id: randomUUID(),
      customerId: key.customerId,
      keyHash: hashApiKey(key.key),
      keyPrefix: key.key.slice(0, 8),
      label: key.label,
      createdAt: key.createdAt,
    })
    .returning();
  return row!;
}

export async function getApiKey(ex: Executor, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await ex.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

/**
 * Revokes a key (once: a revoked key keeps its first revocation time), and tells every process
 * to forget the keys it remembered (key-cache.ts) once the unit commits.
 */
export async function revokeApiKey(ex: Executor, id: string, at: Date): Promise<ApiKeyRow> {
  await ex.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
  await notifyKeyChange(ex);
  return (await getApiKey(ex, id))!;
}
