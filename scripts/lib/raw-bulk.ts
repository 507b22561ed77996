/**
 * The SQL of a bulkReplacePackage call run raw with better-sqlite3, as the floor the API's own
 * time is measured against (`npm run bench`). The statements are the ones the API prepares
 * (src/db/sqlite/repositories/prepared.ts, getPackageFacts in packages.ts), word for word as Drizzle
 * renders them; the connection is opened with the server's pragmas (src/db/sqlite/connection.ts).
 * Nothing else of the API runs: no GraphQL, no input checks, no rules beyond "the subscriber
 * exists and has the current package".
 */
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, statSync } from "node:fs";

/** The API's batch on SQLite: SQLITE_BATCH_ITEMS in src/db/sqlite/store.ts (scripts build apart from src/). */
const SQLITE_BATCH_ITEMS = 512;

/**
 * Copies a database file that no process has open, complete: its WAL is checkpointed into the
 * file first (and truncated), so the copy holds every committed page.
 */
export function copyDatabaseFile(from: string, to: string): void {
  const db = new Database(from, { fileMustExist: true });
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  copyFileSync(from, to);
  // Closing the last connection removes the WAL; copy one that is left all the same.
  if (existsSync(`${from}-wal`) && statSync(`${from}-wal`).size > 0) copyFileSync(`${from}-wal`, `${to}-wal`);
}

export const RAW_SQL = {
  packageFacts:
    'select "packages"."id", "packages"."owner_id", "packages"."eligible_all", "customers"."id", "customers"."parent_id", "customers"."path" from "packages" inner join "customers" on "customers"."id" = "packages"."owner_id" where "packages"."id" = ?',
  packageOffers:
    'select "offer_id" from "package_offers" where "package_offers"."package_id" = ? order by "package_offers"."position" asc',
  packageEligible: 'select "customer_id" from "package_eligible_customers" where "package_eligible_customers"."package_id" = ?',
  subscriberByImsi:
    'select "subscribers"."id", "subscribers"."customer_id", "subscribers"."imsi", "subscribers"."iccid", "subscribers"."msisdn", "subscribers"."imei", "subscribers"."imeisv", "subscribers"."package_id", "subscribers"."created_at", "customers"."id", "customers"."parent_id", "customers"."path" from "subscribers" inner join "customers" on "customers"."id" = "subscribers"."customer_id" where "subscribers"."imsi" = ?',
  deletePackageOffers:
    'delete from "subscriber_offers" where ("subscriber_offers"."subscriber_id" = ? and "subscriber_offers"."package_id" = ?)',
  setPackage: 'update "subscribers" set "package_id" = ? where "subscribers"."id" = ?',
  insertOffer:
    'insert into "subscriber_offers" ("id", "subscriber_id", "offer_id", "priority", "package_id", "is_pool", "attached_at", "attached_by_id") values (?, ?, ?, ?, ?, ?, ?, ?)',
  insertRequest:
    'insert into "requests" ("id", "requester_id", "operation", "status", "code", "created_at", "completed_at") values (?, ?, ?, ?, ?, ?, ?)',
} as const;

export interface RawReplaceResult {
  ms: number;
  succeeded: number;
  failed: number;
}

/**
 * Replaces currentPackageId by newPackageId on each subscriber (by IMSI) in one BEGIN IMMEDIATE
 * transaction, in batches as the API takes them (SQLITE_BATCH_ITEMS items, a savepoint each):
 * per batch the package's facts read; per item the subscriber found with its customer; then per
 * subscriber changed the current package's offers deleted, the package set, one offer instance
 * inserted per package offer (priority as the API gives it); after the savepoint, one requests
 * row per item. Times from BEGIN to the end of COMMIT.
 */
export function rawReplacePackage(
  dbPath: string,
  call: { requesterId: string; imsis: readonly string[]; currentPackageId: string; newPackageId: string },
): RawReplaceResult {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma("cache_size = -65536"); // the server's PAGE_CACHE_KIB
    const s = Object.fromEntries(Object.entries(RAW_SQL).map(([name, text]) => [name, db.prepare(text)])) as Record<
      keyof typeof RAW_SQL,
      Database.Statement
    >;
    const savepoint = db.prepare("SAVEPOINT batch");
    const release = db.prepare("RELEASE batch");
    const rollbackTo = db.prepare("ROLLBACK TO batch");
    let succeeded = 0;
    let failed = 0;
    const started = performance.now();
    db.exec("BEGIN IMMEDIATE");
    try {
      for (let from = 0; from < call.imsis.length; from += SQLITE_BATCH_ITEMS) {
        const batch = call.imsis.slice(from, from + SQLITE_BATCH_ITEMS).map((imsi) => ({ imsi, startedAt: Date.now(), ok: false }));
        savepoint.run();
        try {
          const facts = s.packageFacts.raw(true).get(call.newPackageId) as unknown[] | undefined;
          if (!facts) throw new Error(`package ${call.newPackageId} not found`);
          const offerIds = (s.packageOffers.raw(true).all(call.newPackageId) as [string][]).map((r) => r[0]);
          s.packageEligible.raw(true).all(call.newPackageId);
          const changed: { subscriberId: string; startedAt: number }[] = [];
          for (const item of batch) {
            const row = s.subscriberByImsi.raw(true).get(item.imsi) as unknown[] | undefined;
            item.ok = !!row && row[7] === call.currentPackageId;
            if (item.ok) changed.push({ subscriberId: row![0] as string, startedAt: item.startedAt });
          }
          for (const { subscriberId, startedAt } of changed) {
            s.deletePackageOffers.run(subscriberId, call.currentPackageId);
            s.setPackage.run(call.newPackageId, subscriberId);
            offerIds.forEach((offerId, position) =>
              s.insertOffer.run(randomUUID(), subscriberId, offerId, offerIds.length - position, call.newPackageId, 0, startedAt, call.requesterId),
            );
          }
          release.run();
        } catch (error) {
          rollbackTo.run();
          release.run();
          throw error;
        }
        const completedAt = Date.now();
        for (const item of batch) {
          if (item.ok) succeeded++;
          else failed++;
          s.insertRequest.run(
            randomUUID(),
            call.requesterId,
            "bulkReplacePackage",
            item.ok ? "SUCCEEDED" : "FAILED",
            item.ok ? null : "SUBSCRIBER_PACKAGE_MISMATCH",
            item.startedAt,
            completedAt,
          );
        }
      }
      db.exec("COMMIT");
    } finally {
      if (db.inTransaction) db.exec("ROLLBACK");
    }
    return { ms: performance.now() - started, succeeded, failed };
  } finally {
    db.close();
  }
}
