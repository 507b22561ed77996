import { eq, sql } from "drizzle-orm";
import type { SubscriberFacts } from "../../../domain/subscribers/attach-offer";
import {
  IDENTIFIER_COLUMNS,
  IDENTIFIER_TYPES,
  identifierKey,
  lookupKey,
  lookupKeysOf,
  type IdentifierColumn,
  type IdentifierType,
  type SubscriberIdentifier,
} from "../../../domain/subscribers/identifiers";
import type { NewSubscriberRow, SubscriberOfferFacts } from "../../../app/ports";
import type { Executor } from "../executor";
import { customers, identifierKeyColumns, offers, subscriberOffers, subscribers, type SubscriberOfferRow, type SubscriberRow } from "../schema";
import { preparedOnce } from "../statement-cache";
import { treeNodeColumns } from "./customers";
import { lockKey, lockKeys } from "./locks";

const p = (name: string) => sql.placeholder(name);

/**
 * Whether a read inside a unit of work locks the subscriber it finds (FOR UPDATE): a decision
 * about a subscriber (its package, its offers) holds until the unit commits, and a concurrent
 * unit on the same subscriber waits for it. The read port never locks.
 */
export type Locking = "lock" | "read";

/** The subscriber with an identifier's key, with its customer; bound to the key (identifierKey). */
function subscriberBy(ex: Executor, type: IdentifierType, locking: Locking) {
  return preparedOnce(ex, `${locking}:subscriberBy:${type}`, (name) => {
    const query = ex
      .select({ row: subscribers, customer: treeNodeColumns })
      .from(subscribers)
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(eq(identifierKeyColumns[type], p("key")));
    return locking === "lock" ? query.for("update", { of: subscribers }).prepare(name) : query.prepare(name);
  });
}

/**
 * Finds a subscriber by one of its identifiers (already normalized), with its customer's
 * place. An IMEI finds its device by either form, 14 or 15 digits.
 */
export async function findSubscriber(
  ex: Executor,
  identifier: SubscriberIdentifier,
  locking: Locking,
): Promise<(SubscriberFacts & { row: SubscriberRow }) | undefined> {
  const [found] = await subscriberBy(ex, identifier.type, locking).execute({ key: identifierKey(identifier) });
  if (!found) return undefined;
  return { id: found.row.id, customer: found.customer, packageId: found.row.packageId, row: found.row };
}

export async function getSubscriberOffers(ex: Executor, subscriberId: string): Promise<SubscriberOfferRow[]> {
  return ex.select().from(subscriberOffers).where(eq(subscriberOffers.subscriberId, subscriberId));
}

/**
 * Another subscriber already has this identifier (normalized), an IMEI in either form. The
 * identifiers' advisory lock (locks.ts) is taken first and held to the end of the unit: a
 * concurrent unit creating the same identifier waits, then sees it taken (IdentifierInUse,
 * SPEC section 4).
 */
export async function identifierTaken(ex: Executor, identifier: SubscriberIdentifier): Promise<boolean> {
  const key = identifierKey(identifier);
  await lockKey(ex, lockKeys.subscriberIdentifiers());
  const found = await subscriberBy(ex, identifier.type, "read").execute({ key });
  return found.length > 0;
}

export async function insertSubscriber(
  ex: Executor,
  subscriber: { id: string; customerId: string; identifiers: readonly SubscriberIdentifier[]; createdAt: Date },
): Promise<SubscriberRow> {
  const columns = Object.fromEntries(subscriber.identifiers.map((i) => [IDENTIFIER_COLUMNS[i.type], i.value]));
  const [row] = await ex
    .insert(subscribers)
    .values({ id: subscriber.id, customerId: subscriber.customerId, createdAt: subscriber.createdAt, packageId: null, ...columns })
    .returning();
  return row!;
}

/**
 * Locks the subscribers the identifiers name (an IMEI in either form) until the unit of work
 * ends, in one statement and in the order of their ids: the rows are locked as the sort returns
 * them, so units locking overlapping sets this way wait for each other and never deadlock.
 * Identifiers that name no subscriber lock nothing.
 */
export async function lockSubscribers(ex: Executor, identifiers: readonly SubscriberIdentifier[]): Promise<void> {
  if (identifiers.length === 0) return;
  await preparedOnce(ex, "lock:subscriberIds", (name) =>
    ex.select({ id: subscribers.id }).from(subscribers).where(namedByKeys()).orderBy(subscribers.id).for("update").prepare(name),
  ).execute(keysByType(identifiers));
}

/** The subscribers one of the arrays of keys names (keysByType: one placeholder per identifier type). */
const namedByKeys = () => sql.join(IDENTIFIER_TYPES.map((type) => sql`${identifierKeyColumns[type]} = any(${p(type)}::text[])`), sql` or `);

/** The keys of each identifier type among these identifiers, an IMEI by its key. */
function keysByType(identifiers: readonly SubscriberIdentifier[]): Record<IdentifierType, string[]> {
  const keys = Object.fromEntries(IDENTIFIER_TYPES.map((type) => [type, new Set<string>()])) as Record<IdentifierType, Set<string>>;
  for (const identifier of identifiers) keys[identifier.type].add(identifierKey(identifier));
  return Object.fromEntries(IDENTIFIER_TYPES.map((type) => [type, [...keys[type]]])) as Record<IdentifierType, string[]>;
}

/**
 * The subscribers many identifiers name, with their customers' places, in one statement
 * prepared once per connection (one array of keys per identifier type), by lookupKey of each
 * identifier; with "lock", locked FOR UPDATE in the order of their ids, as lockSubscribers
 * locks them.
 */
export async function findSubscribers(
  ex: Executor,
  identifiers: readonly SubscriberIdentifier[],
  locking: Locking,
): Promise<Map<string, SubscriberFacts & { row: SubscriberRow }>> {
  const statement = preparedOnce(ex, `${locking}:subscribersBy`, (name) => {
    const query = ex
      .select({ row: subscribers, customer: treeNodeColumns })
      .from(subscribers)
      .innerJoin(customers, eq(customers.id, subscribers.customerId))
      .where(namedByKeys())
      .orderBy(subscribers.id);
    return locking === "lock" ? query.for("update", { of: subscribers }).prepare(name) : query.prepare(name);
  });
  const found = new Map<string, SubscriberFacts & { row: SubscriberRow }>();
  if (identifiers.length === 0) return found;
  for (const { row, customer } of await statement.execute(keysByType(identifiers))) {
    const facts = { id: row.id, customer, packageId: row.packageId, row };
    for (const key of lookupKeysOf(row)) found.set(key, facts);
  }
  return found;
}

/** identifierTaken for many identifiers: the lookup keys of those in use, after the same lock. */
export async function identifiersTaken(ex: Executor, identifiers: readonly SubscriberIdentifier[]): Promise<Set<string>> {
  await lockKey(ex, lockKeys.subscriberIdentifiers());
  const wanted = new Set(identifiers.map(lookupKey));
  return new Set([...(await findSubscribers(ex, identifiers, "read")).keys()].filter((key) => wanted.has(key)));
}

/** insertSubscriber for many, in one statement; the rows in the same order. */
export async function insertSubscribers(ex: Executor, rows: readonly NewSubscriberRow[]): Promise<SubscriberRow[]> {
  if (rows.length === 0) return [];
  const inserted = await ex
    .insert(subscribers)
    .values(rows.map((r) => ({ id: r.id, customerId: r.customerId, createdAt: r.createdAt, packageId: null, ...identifierColumns(r.identifiers) })))
    .returning();
  const byId = new Map(inserted.map((row) => [row.id, row]));
  return rows.map((r) => byId.get(r.id)!);
}

/** Every identifier column, null where the subscriber has none of that type. */
function identifierColumns(identifiers: readonly SubscriberIdentifier[]) {
  const columns: Record<IdentifierColumn, string | null> = { imsi: null, iccid: null, msisdn: null, imei: null, imeisv: null };
  for (const identifier of identifiers) columns[IDENTIFIER_COLUMNS[identifier.type]] = identifier.value;
  return columns;
}

/** Locks a subscriber's row until the unit of work ends. */
export async function lockSubscriber(ex: Executor, id: string): Promise<void> {
  await preparedOnce(ex, "lock:subscriber", (name) =>
    ex.select({ id: subscribers.id }).from(subscribers).where(eq(subscribers.id, p("id"))).for("update").prepare(name),
  ).execute({ id });
}

/**
 * An offer instance with its subscriber's place in the tree and its offer (inside a unit of
 * work). The subscriber is locked first and the instance read after, so that a concurrent
 * detach of the same instance, committed while this one waited, is seen as done.
 */
export async function getSubscriberOfferFacts(ex: Executor, id: string): Promise<SubscriberOfferFacts | undefined> {
  const [owner] = await ex
    .select({ subscriberId: subscriberOffers.subscriberId })
    .from(subscriberOffers)
    .where(eq(subscriberOffers.id, id));
  if (!owner) return undefined;
  await lockSubscriber(ex, owner.subscriberId);
  const [found] = await ex
    .select({
      instance: subscriberOffers,
      subscriber: subscribers,
      customer: treeNodeColumns,
      offer: { id: offers.id, ownerId: offers.ownerId, kind: offers.kind, poolCustomerId: offers.poolCustomerId },
    })
    .from(subscriberOffers)
    .innerJoin(subscribers, eq(subscribers.id, subscriberOffers.subscriberId))
    .innerJoin(customers, eq(customers.id, subscribers.customerId))
    .innerJoin(offers, eq(offers.id, subscriberOffers.offerId))
    .where(eq(subscriberOffers.id, id));
  if (!found) return undefined;
  return {
    id: found.instance.id,
    packageId: found.instance.packageId,
    offer: found.offer,
    subscriber: { id: found.subscriber.id, customer: found.customer, packageId: found.subscriber.packageId },
  };
}

export async function insertSubscriberOffer(ex: Executor, offer: SubscriberOfferRow): Promise<SubscriberOfferRow> {
  const [row] = await ex.insert(subscriberOffers).values(offer).returning();
  return row!;
}

export async function deleteSubscriberOffer(ex: Executor, id: string): Promise<void> {
  await ex.delete(subscriberOffers).where(eq(subscriberOffers.id, id));
}

export async function getSubscriber(ex: Executor, id: string): Promise<SubscriberRow | undefined> {
  const [row] = await ex.select().from(subscribers).where(eq(subscribers.id, id));
  return row;
}
