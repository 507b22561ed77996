/**
 * API keys (README "Authentication"): only a SHA-256 of each key is stored. Keys are 192
 * random bits, so a fast hash is enough; the stored and computed hashes are compared in
 * constant time after the indexed lookup.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import type { Executor } from "../executor";
import { clientOf, rawStatementOnce } from "../raw-statements";
import { columnsOf, customerRow } from "../rows";
import { apiKeys, customers, type ApiKeyRow, type CustomerRow } from "../schema";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/**
 * The customer a live key belongs to, or undefined for an unknown or revoked key. Every
 * request asks it first, so its statement is prepared once per connection and run by
 * better-sqlite3 itself (raw-statements.ts).
 */
export function findCustomerByApiKey(ex: Executor, key: string): CustomerRow | undefined {
  const hash = hashApiKey(key);
  const found = rawStatementOnce(ex, "customerByApiKey", () => ({
    sql: sql`select ${apiKeys.keyHash}, ${columnsOf(customerRow, customers)} from ${apiKeys} inner join ${customers} on ${eq(customers.id, apiKeys.customerId)} where ${and(eq(apiKeys.keyHash, sql.placeholder("hash")), isNull(apiKeys.revokedAt))}`,
    read: (values) => ({ keyHash: values[0] as string, customer: customerRow.read(values, 1) }),
  })).get({ hash });
  if (!found) return undefined;
  const same = timingSafeEqual(Buffer.from(found.keyHash, "hex"), Buffer.from(hash, "hex"));
  return same ? found.customer : undefined;
}

/** The most live keys remembered per connection; past it the memory starts again empty. */
const REMEMBERED_KEYS_MAX = 10_000;

/**
 * findCustomerByApiKey with the customers of live keys remembered, for a connection that never
 * writes (the reader). What it remembers holds until anything is committed to the database:
 * PRAGMA data_version moves at every commit of any other connection, in this process (the
 * write thread, retention) or another one sharing the file, and checking it costs a tenth of
 * the lookup. So a revoked key is refused, and a renamed or changed customer is seen, at the
 * next request. Unknown and revoked keys are not remembered.
 */
export function rememberingKeyLookup(ex: Executor): (key: string) => CustomerRow | undefined {
  const dataVersion = clientOf(ex).prepare("PRAGMA data_version").pluck();
  const remembered = new Map<string, CustomerRow>();
  let version: unknown;
  return (key) => {
    const now = dataVersion.get();
    if (now !== version) {
      remembered.clear();
      version = now;
    }
    const hash = hashApiKey(key);
    const known = remembered.get(hash);
    if (known) return known;
    const customer = findCustomerByApiKey(ex, key);
    if (customer) {
      if (remembered.size >= REMEMBERED_KEYS_MAX) remembered.clear();
      remembered.set(hash, customer);
    }
    return customer;
  };
}

export function insertApiKey(
  ex: Executor,
  key: { customerId: string; key: string; label: string | null; createdAt: Date },
): ApiKeyRow {
  const id = randomUUID();
  return ex
    .insert(apiKeys)
    .values({
      id,
      customerId: key.customerId,
      keyHash: hashApiKey(key.key),
      keyPrefix: key.key.slice(0, 8),
      label: key.label,
      createdAt: key.createdAt,
    })
    .returning()
    .get();
}

export function getApiKey(ex: Executor, id: string): ApiKeyRow | undefined {
  return ex.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
}

/** Revokes a key (once: a revoked key keeps its first revocation time). */
export function revokeApiKey(ex: Executor, id: string, at: Date): ApiKeyRow {
  ex.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).run();
  return getApiKey(ex, id)!;
}
