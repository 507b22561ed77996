/**
 * Prepared statements for the per-item hot path of bulk calls (find a subscriber, swap its
 * package, record the request). Building and compiling a statement costs about ten times
 * running a prepared one, and a 10,000-item call runs each 10,000 times. They are prepared
 * once per database handle; mutations run on the handle itself (see runMutation).
 */
import type Database from "better-sqlite3";
import { IDENTIFIER_TYPES, type IdentifierType } from "../../../domain/subscribers/identifiers";
import type { Executor } from "../executor";
import { identifierKeyColumns, type RequestRow, type SubscriberOfferRow, type SubscriberRow } from "../schema";

/** A subscriber joined to its customer's place in the tree, as SQLite returns it. */
interface SubscriberJoinRow {
  id: string;
  customer_id: string;
  imsi: string | null;
  iccid: string | null;
  msisdn: string | null;
  imei: string | null;
  imei_key: string | null;
  imeisv: string | null;
  package_id: string | null;
  created_at: number;
  c_parent_id: string | null;
  c_path: string;
}

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
  // Bound to an identifier's key (identifierKey), not to its value as given. A raw statement
  // mapped by hand: Drizzle's row mapping costs more than the lookup itself on this path.
  const subscriberBy = (type: IdentifierType) => {
    const statement = client.prepare<[{ key: string }], SubscriberJoinRow>(
      `SELECT s.id, s.customer_id, s.imsi, s.iccid, s.msisdn, s.imei, s.imei_key, s.imeisv, s.package_id, s.created_at,
              c.parent_id AS c_parent_id, c.path AS c_path
       FROM subscribers s JOIN customers c ON c.id = s.customer_id WHERE s.${identifierKeyColumns[type].name} = @key`,
    );
    return {
      get(params: { key: string }): { row: SubscriberRow; customer: { id: string; parentId: string | null; path: string } } | undefined {
        const r = statement.get(params);
        if (!r) return undefined;
        const row: SubscriberRow = {
          id: r.id,
          customerId: r.customer_id,
          imsi: r.imsi,
          iccid: r.iccid,
          msisdn: r.msisdn,
          imei: r.imei,
          imeiKey: r.imei_key,
          imeisv: r.imeisv,
          packageId: r.package_id,
          createdAt: new Date(r.created_at),
        };
        return { row, customer: { id: r.customer_id, parentId: r.c_parent_id, path: r.c_path } };
      },
    };
  };
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
