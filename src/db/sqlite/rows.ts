/**
 * The port's rows (src/app/ports.ts) read from SQLite's own values. The hot reads run in
 * better-sqlite3's raw mode (raw-statements.ts): a row comes as an array of values, or many
 * rows as one JSON text (rowsAsJson). Each reader names the columns it selects, in order, and
 * builds the row from their values as Drizzle's column types would (times in ms as Dates,
 * booleans as 0/1). Drizzle's generic mapping checks the type of every column and value, which
 * costs more than SQLite itself on a page of 400 rows. test/db/rows.test.ts checks each reader
 * against Drizzle's own reading.
 */
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type * as Port from "../../app/ports";

export interface RowReader<Row> {
  /** The columns read, in the order `read` takes their values. */
  keys: readonly (keyof Row & string)[];
  /** The row from the values of one result row, the first of its columns at index `at`. */
  read(values: unknown[], at: number): Row;
}

/** Keys, when they hold every key of Row: a reader that forgets a column does not compile. */
type EveryKey<Row, Keys extends readonly (keyof Row & string)[]> = [Exclude<keyof Row, Keys[number]>] extends [never] ? Keys : never;

function reader<Row>() {
  return <const Keys extends readonly (keyof Row & string)[]>(keys: EveryKey<Row, Keys>, read: (v: unknown[], at: number) => Row): RowReader<Row> => ({
    keys,
    read,
  });
}

const time = (value: unknown): Date => new Date(value as number);
const timeOrNull = (value: unknown): Date | null => (value === null ? null : new Date(value as number));

export const customerRow = reader<Port.CustomerRow>()(["id", "parentId", "path", "name", "allowOfferDelegation", "createdAt"], (v, at) => ({
  id: v[at] as string,
  parentId: v[at + 1] as string | null,
  path: v[at + 2] as string,
  name: v[at + 3] as string,
  allowOfferDelegation: v[at + 4] === 1,
  createdAt: time(v[at + 5]),
}));

export const apiKeyRow = reader<Port.ApiKeyRow>()(["id", "customerId", "keyHash", "keyPrefix", "label", "createdAt", "revokedAt"], (v, at) => ({
  id: v[at] as string,
  customerId: v[at + 1] as string,
  keyHash: v[at + 2] as string,
  keyPrefix: v[at + 3] as string,
  label: v[at + 4] as string | null,
  createdAt: time(v[at + 5]),
  revokedAt: timeOrNull(v[at + 6]),
}));

export const offerRow = reader<Port.OfferRow>()(["id", "ownerId", "name", "kind", "poolCustomerId", "createdAt"], (v, at) => ({
  id: v[at] as string,
  ownerId: v[at + 1] as string,
  name: v[at + 2] as string,
  kind: v[at + 3] as Port.OfferRow["kind"],
  poolCustomerId: v[at + 4] as string | null,
  createdAt: time(v[at + 5]),
}));

export const packageRow = reader<Port.PackageRow>()(
  ["id", "ownerId", "name", "nameKey", "description", "eligibleAll", "createdAt", "updatedAt"],
  (v, at) => ({
    id: v[at] as string,
    ownerId: v[at + 1] as string,
    name: v[at + 2] as string,
    nameKey: v[at + 3] as string,
    description: v[at + 4] as string | null,
    eligibleAll: v[at + 5] === 1,
    createdAt: time(v[at + 6]),
    updatedAt: time(v[at + 7]),
  }),
);

export const subscriberRow = reader<Port.SubscriberRow>()(
  ["id", "customerId", "imsi", "iccid", "msisdn", "imei", "imeiKey", "imeisv", "packageId", "createdAt"],
  (v, at) => ({
    id: v[at] as string,
    customerId: v[at + 1] as string,
    imsi: v[at + 2] as string | null,
    iccid: v[at + 3] as string | null,
    msisdn: v[at + 4] as string | null,
    imei: v[at + 5] as string | null,
    imeiKey: v[at + 6] as string | null,
    imeisv: v[at + 7] as string | null,
    packageId: v[at + 8] as string | null,
    createdAt: time(v[at + 9]),
  }),
);

export const subscriberOfferRow = reader<Port.SubscriberOfferRow>()(
  ["id", "subscriberId", "offerId", "priority", "packageId", "isPool", "attachedAt", "attachedById"],
  (v, at) => ({
    id: v[at] as string,
    subscriberId: v[at + 1] as string,
    offerId: v[at + 2] as string,
    priority: v[at + 3] as number | null,
    packageId: v[at + 4] as string | null,
    isPool: v[at + 5] === 1,
    attachedAt: time(v[at + 6]),
    attachedById: v[at + 7] as string,
  }),
);

export const externalParamConfigRow = reader<Port.ExternalParamConfigRow>()(
  ["id", "ownerId", "name", "displayName", "description", "entityType", "isSearchable", "createdAt"],
  (v, at) => ({
    id: v[at] as string,
    ownerId: v[at + 1] as string,
    name: v[at + 2] as string,
    displayName: v[at + 3] as string | null,
    description: v[at + 4] as string | null,
    entityType: v[at + 5] as Port.ExternalParamConfigRow["entityType"],
    isSearchable: v[at + 6] === 1,
    createdAt: time(v[at + 7]),
  }),
);

export const requestRow = reader<Port.RequestRow>()(["id", "requesterId", "operation", "status", "code", "createdAt", "completedAt"], (v, at) => ({
  id: v[at] as string,
  requesterId: v[at + 1] as string,
  operation: v[at + 2] as string,
  status: v[at + 3] as Port.RequestRow["status"],
  code: v[at + 4] as string | null,
  createdAt: time(v[at + 5]),
  completedAt: timeOrNull(v[at + 6]),
}));

/** The select list of a reader's columns on a table (or an alias of it), in the reader's order. */
export function columnsOf(reader: { keys: readonly string[] }, table: object): SQL {
  const columns = table as Record<string, SQLiteColumn>;
  return sql.join(
    reader.keys.map((key) => columns[key]!),
    sql`, `,
  );
}

/**
 * The rows a query selects, as one JSON array of arrays (the reader's columns in its order).
 * A statement that returns many rows answers them as one text: V8 parses it faster than
 * better-sqlite3 hands over each value of each row. Values come back as SQLite holds them
 * (integers, texts, nulls); integers stay exact as long as they are below 2^53, as times in ms are.
 */
export function rowsAsJson(reader: { keys: readonly string[] }, table: object): SQL {
  return sql`json_group_array(json_array(${columnsOf(reader, table)}))`;
}

/** The rows of a rowsAsJson text, read. */
export function readJsonRows<Row>(reader: { read: RowReader<Row>["read"] }, json: unknown): Row[] {
  const values = JSON.parse(json as string) as unknown[][];
  const rows = new Array<Row>(values.length);
  for (let i = 0; i < values.length; i++) rows[i] = reader.read(values[i]!, 0);
  return rows;
}
