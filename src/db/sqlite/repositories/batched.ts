/**
 * Reads of many rows at once by id (or by parent id), for the per-request DataLoaders. The ids
 * are bound as one JSON array, so one statement, prepared once per connection, serves any
 * number of them; each is found through its primary key or its parent's index. The statements
 * run by better-sqlite3 itself and their rows are read by hand (raw-statements.ts, rows.ts).
 */
import { eq, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type * as Port from "../../../app/ports";
import type { Executor } from "../executor";
import { rawStatementOnce } from "../raw-statements";
import {
  columnsOf,
  customerRow,
  offerRow,
  packageRow,
  readJsonRows,
  requestRow,
  rowsAsJson,
  subscriberOfferRow,
  subscriberRow,
  type RowReader,
} from "../rows";
import {
  customers,
  offers,
  packageEligibleCustomers,
  packageOffers,
  packages,
  requests,
  subscriberOffers,
  subscribers,
} from "../schema";

/** The column is one of the ids bound as `ids`. */
const inIds = (column: SQLiteColumn): SQL => sql`${column} in (select value from json_each(${sql.placeholder("ids")}))`;

const idsOf = (ids: readonly string[]) => ({ ids: JSON.stringify(ids) });

/** Rows of one table by id, in no particular order, answered as one JSON text (rowsAsJson). */
function byIds<Row>(table: typeof customers | typeof offers | typeof packages | typeof subscribers | typeof requests, row: RowReader<Row>, name: string) {
  return (ex: Executor, ids: readonly string[]): Row[] => {
    if (ids.length === 0) return [];
    return rawStatementOnce(ex, `${name}:byIds`, () => ({
      sql: sql`select ${rowsAsJson(row, table)} from ${table} where ${inIds(table.id)}`,
      read: (values) => readJsonRows(row, values[0]),
    })).get(idsOf(ids))!;
  };
}

export const readCustomers = byIds<Port.CustomerRow>(customers, customerRow, "customers");
export const readOffers = byIds<Port.OfferRow>(offers, offerRow, "offers");
export const readPackages = byIds<Port.PackageRow>(packages, packageRow, "packages");
export const readSubscribers = byIds<Port.SubscriberRow>(subscribers, subscriberRow, "subscribers");
export const readRequests = byIds<Port.RequestRow>(requests, requestRow, "requests");

/** Packages' offers in package order (position 0 first). */
export function readPackageOffers(ex: Executor, packageIds: readonly string[]): { packageId: string; offer: Port.OfferRow }[] {
  if (packageIds.length === 0) return [];
  return rawStatementOnce(ex, "packageOffers:byPackages", () => ({
    sql: sql`select ${packageOffers.packageId}, ${columnsOf(offerRow, offers)} from ${packageOffers} inner join ${offers} on ${eq(offers.id, packageOffers.offerId)} where ${inIds(packageOffers.packageId)} order by ${packageOffers.packageId} asc, ${packageOffers.position} asc`,
    read: (values) => ({ packageId: values[0] as string, offer: offerRow.read(values, 1) }),
  })).all(idsOf(packageIds));
}

/** The sub-accounts packages list by id. */
export function readEligibleCustomerIds(ex: Executor, packageIds: readonly string[]): { packageId: string; customerId: string }[] {
  if (packageIds.length === 0) return [];
  return rawStatementOnce(ex, "packageEligibleCustomers:byPackages", () => ({
    sql: sql`select ${packageEligibleCustomers.packageId}, ${packageEligibleCustomers.customerId} from ${packageEligibleCustomers} where ${inIds(packageEligibleCustomers.packageId)}`,
    read: (values) => ({ packageId: values[0] as string, customerId: values[1] as string }),
  })).all(idsOf(packageIds));
}

/** Subscribers' offers, highest priority first; offers without a priority last. */
export function readSubscriberOffers(ex: Executor, subscriberIds: readonly string[]): Port.SubscriberOfferRow[] {
  if (subscriberIds.length === 0) return [];
  return rawStatementOnce(ex, "subscriberOffers:bySubscribers", () => ({
    sql: sql`select ${columnsOf(subscriberOfferRow, subscriberOffers)} from ${subscriberOffers} where ${inIds(subscriberOffers.subscriberId)} order by ${subscriberOffers.priority} is null, ${subscriberOffers.priority} desc, ${subscriberOffers.attachedAt} asc, ${subscriberOffers.id} asc`,
    read: (values) => subscriberOfferRow.read(values, 0),
  })).all(idsOf(subscriberIds));
}
