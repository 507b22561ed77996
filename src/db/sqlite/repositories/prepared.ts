/**
 * Prepared statements for the per-item hot path of bulk calls (find a subscriber, swap its
 * package, record the request). Building and compiling a statement costs about ten times
 * running a prepared one, and a 10,000-item call runs each 10,000 times. They are prepared
 * once per database handle; mutations run on the handle itself (see runMutation).
 */
import type Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import { IDENTIFIER_TYPES, type IdentifierType } from "../../../domain/subscribers/identifiers";
import type { Executor } from "../executor";
import { customers, identifierKeyColumns, subscribers, type RequestRow, type SubscriberOfferRow } from "../schema";
import { treeNodeColumns } from "./customers";

const p = (name: string) => sql.placeholder(name);

/** A write prepared once on the connection; `bind` turns a row into SQLite's values. */
function write<T>(client: Database.Database, text: string, bind: (value: T) => Record<string, unknown>) {
  const statement = client.prepare(text);
  return { run: (value: T) => void statement.run(bind(value)) };
}

function prepare(ex: Executor) {
  // The connection under a database or a transaction handle.
  const handle = ex as unknown as { $client?: Database.Database; session?: { client?: Database.Database } };
  const client = handle.$client ?? handle.session?.client;
  if (!client) throw new Error("no better-sqlite3 connection under this executor");
  // Bound to an identifier's key (identifierKey), not to its value as given.
  const subscriberBy = (type: IdentifierType) =>
    ex
      .select({ row: subscribers, customer: treeNodeColumns })
      .from(subscribers)
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(eq(identifierKeyColumns[type], p("key")))
      .prepare();
  return {
    subscriberBy: Object.fromEntries(IDENTIFIER_TYPES.map((type) => [type, subscriberBy(type)])) as Record<
      IdentifierType,
      ReturnType<typeof subscriberBy>
    >,
    // The writes run as better-sqlite3 statements of their own: Drizzle's mapping of each
    // placeholder costs more than the statement itself on this path. Values are bound as
    // SQLite stores them (times in ms, booleans as 0/1).
    deletePackageOffers: write<{ subscriberId: string; packageId: string }>(
      client,
      "DELETE FROM subscriber_offers WHERE subscriber_id = @subscriberId AND package_id = @packageId",
      (v) => v,
    ),
    setPackage: write<{ subscriberId: string; packageId: string | null }>(
      client,
      "UPDATE subscribers SET package_id = @packageId WHERE id = @subscriberId",
      (v) => v,
    ),
    insertOffer: write<SubscriberOfferRow>(
      client,
      "INSERT INTO subscriber_offers (id, subscriber_id, offer_id, priority, package_id, is_pool, attached_at, attached_by_id) " +
        "VALUES (@id, @subscriberId, @offerId, @priority, @packageId, @isPool, @attachedAt, @attachedById)",
      (row) => ({ ...row, isPool: row.isPool ? 1 : 0, attachedAt: row.attachedAt.getTime() }),
    ),
    insertRequest: write<RequestRow>(
      client,
      "INSERT INTO requests (id, requester_id, operation, status, code, created_at, completed_at) " +
        "VALUES (@id, @requesterId, @operation, @status, @code, @createdAt, @completedAt)",
      (row) => ({ ...row, createdAt: row.createdAt.getTime(), completedAt: row.completedAt?.getTime() ?? null }),
    ),
  };
}

const cache = new WeakMap<Executor, ReturnType<typeof prepare>>();

export function prepared(ex: Executor): ReturnType<typeof prepare> {
  let statements = cache.get(ex);
  if (!statements) {
    statements = prepare(ex);
    cache.set(ex, statements);
  }
  return statements;
}
