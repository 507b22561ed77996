/**
 * The storage port: what a use case may ask of storage, async, so that the same use case runs
 * on any engine. A use case loads facts through it, lets the domain decide, and applies the
 * plan through it, all inside one unit of work (`Storage.unitOfWork`); a bulk item that may fail
 * alone runs in `WriteStore.savepoint`. The SQLite adapter is src/db/sqlite/store.ts.
 *
 * Rows are plain objects (ids, texts, numbers, booleans, Dates); each adapter checks at compile
 * time that its schema's rows are these shapes.
 */
import type { EntityAnchor, EntityName, EntityType } from "../domain/external-params/external-params";
import type { ErrorCode, Operation } from "../domain/error-codes";
import type { Page, PageRequest } from "../domain/input/pagination";
import type { PackageDraft } from "../domain/catalogue/packages";
import type { SubscriberFacts } from "../domain/subscribers/attach-offer";
import type { SubscriberIdentifier } from "../domain/subscribers/identifiers";
import type { SubscriberFilter } from "../domain/subscribers/subscriber-filter";
import type { RequestFilter } from "../domain/requests/request-filter";
import type { OfferFacts, PackageFacts, TreeNode } from "../domain/accounts/visibility";

/** A customer account; `path` is its chain of ids from the root, for "is a descendant of". */
export interface CustomerRow {
  id: string;
  parentId: string | null;
  path: string;
  name: string;
  allowOfferDelegation: boolean;
  createdAt: Date;
}

export interface ApiKeyRow {
  id: string;
  customerId: string;
  /** A SHA-256 of the key: the key itself is never stored. */
  keyHash: string;
  keyPrefix: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface OfferRow {
  id: string;
  ownerId: string;
  name: string;
  kind: "REGULAR" | "POOL";
  poolCustomerId: string | null;
  createdAt: Date;
}

export interface PackageRow {
  id: string;
  ownerId: string;
  name: string;
  /** The name trimmed and lower-cased: unique per owner. */
  nameKey: string;
  description: string | null;
  eligibleAll: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubscriberRow {
  id: string;
  customerId: string;
  imsi: string | null;
  iccid: string | null;
  msisdn: string | null;
  imei: string | null;
  /** The IMEI's first 14 digits: its two forms are one device. */
  imeiKey: string | null;
  imeisv: string | null;
  packageId: string | null;
  createdAt: Date;
}

export interface SubscriberOfferRow {
  id: string;
  subscriberId: string;
  offerId: string;
  priority: number | null;
  packageId: string | null;
  isPool: boolean;
  attachedAt: Date;
  attachedById: string;
}

export interface ExternalParamConfigRow {
  id: string;
  ownerId: string;
  name: string;
  displayName: string | null;
  description: string | null;
  entityType: EntityType;
  isSearchable: boolean;
  createdAt: Date;
}

/** One entity's value of one config. */
export interface EntityParamValue {
  configId: string;
  entityId: string;
  value: string;
}

export interface IdempotencyKeyRow {
  requesterId: string;
  key: string;
  operation: string;
  inputHash: string;
  /** The outcome as JSON, replayed to a retry. */
  outcome: string;
  createdAt: Date;
}

export interface SubscriberOfferFacts {
  id: string;
  packageId: string | null;
  offer: OfferFacts;
  subscriber: { id: string; customer: TreeNode; packageId: string | null };
}

/** One unit of work of a mutation, as recorded (SPEC section 1, Request). */
export interface RequestUnit {
  requesterId: string;
  operation: Operation;
  /** Null for a unit that succeeded. */
  code: ErrorCode | null;
  startedAt: Date;
  completedAt: Date;
}

/** A new subscriber as stored: no package yet. */
export interface NewSubscriberRow {
  id: string;
  customerId: string;
  identifiers: readonly SubscriberIdentifier[];
  createdAt: Date;
}

/** A subscriber's package detached (exactly its offers) and another attached (its offers, by priority). */
export interface PackageChange {
  subscriberId: string;
  detachPackageId: string | null;
  attach: { id: string; offerIds: readonly string[] } | null;
  attachedById: string;
  now: Date;
}

/** Reads and writes inside one unit of work. */
export interface WriteStore {
  customers: {
    get(id: string): Promise<CustomerRow | undefined>;
    getMany(ids: readonly string[]): Promise<CustomerRow[]>;
    insert(customer: { id: string; name: string; parent: { id: string; path: string } | null; allowOfferDelegation: boolean; createdAt: Date }): Promise<CustomerRow>;
    update(id: string, change: Partial<Pick<CustomerRow, "name" | "allowOfferDelegation">>): Promise<CustomerRow>;
  };
  apiKeys: {
    get(id: string): Promise<ApiKeyRow | undefined>;
    insert(key: { customerId: string; key: string; label: string | null; createdAt: Date }): Promise<ApiKeyRow>;
    revoke(id: string, at: Date): Promise<ApiKeyRow>;
  };
  offers: {
    facts(id: string): Promise<(OfferFacts & { owner: TreeNode }) | undefined>;
    factsOf(ids: readonly string[]): Promise<OfferFacts[]>;
    insert(offer: { id: string; ownerId: string; name: string; kind: "REGULAR" | "POOL"; poolCustomerId: string | null; createdAt: Date }): Promise<OfferRow>;
  };
  packages: {
    facts(id: string): Promise<(PackageFacts & { owner: TreeNode }) | undefined>;
    /** facts of many packages in one read, locked as facts locks one; an id that names nothing is absent. */
    factsOf(ids: readonly string[]): Promise<(PackageFacts & { owner: TreeNode })[]>;
    findByNameKey(ownerId: string, nameKey: string, exceptId?: string): Promise<{ id: string } | undefined>;
    draftOf(facts: PackageFacts): Promise<PackageDraft>;
    subscriberCount(id: string): Promise<number>;
    insert(pkg: { id: string; ownerId: string; draft: PackageDraft; now: Date }): Promise<PackageRow>;
    update(id: string, draft: PackageDraft, now: Date): Promise<PackageRow>;
    delete(id: string): Promise<void>;
    /** The requester is eligible for at least one of its parent's packages. */
    hasAllocated(requester: TreeNode): Promise<boolean>;
  };
  subscribers: {
    find(identifier: SubscriberIdentifier): Promise<(SubscriberFacts & { row: SubscriberRow }) | undefined>;
    /**
     * Locks, until the unit ends, the subscribers these identifiers name, all at once and in one
     * fixed order (their ids), before a call that decides on several of them: two units on
     * overlapping subscribers then never each hold one the other waits for. Nothing where units
     * run one at a time (SQLite's write lock).
     */
    lockAll(identifiers: readonly SubscriberIdentifier[]): Promise<void>;
    /**
     * The subscribers these identifiers name, in one read, locked as lockAll locks them, by
     * lookupKey of the identifier; an identifier that names nothing is absent.
     */
    findAll(identifiers: readonly SubscriberIdentifier[]): Promise<Map<string, SubscriberFacts & { row: SubscriberRow }>>;
    get(id: string): Promise<SubscriberRow | undefined>;
    identifierTaken(identifier: SubscriberIdentifier): Promise<boolean>;
    insert(subscriber: NewSubscriberRow): Promise<SubscriberRow>;
    /** The lookup keys (lookupKey) of those of these identifiers another subscriber has: identifierTaken for many. */
    identifiersTaken(identifiers: readonly SubscriberIdentifier[]): Promise<Set<string>>;
    /** insert for many, set-based; the rows in the same order. Throws when a row is refused. */
    insertMany(subscribers: readonly NewSubscriberRow[]): Promise<SubscriberRow[]>;
    offers(subscriberId: string): Promise<SubscriberOfferRow[]>;
    offerFacts(subscriberOfferId: string): Promise<SubscriberOfferFacts | undefined>;
    insertOffer(offer: SubscriberOfferRow): Promise<SubscriberOfferRow>;
    deleteOffer(subscriberOfferId: string): Promise<void>;
    /** Detaches a package (exactly its offers) and attaches another (its offers, by priority). */
    setPackage(change: PackageChange): Promise<SubscriberOfferRow[]>;
    /**
     * setPackage for many subscribers at once (one change per subscriber), set-based: a few
     * statements whatever their number. The packages attached were read with packages.factsOf
     * in this same part of the unit, so they hold as read. Throws when a write is refused, and
     * then the caller undoes the part.
     */
    replacePackages(changes: readonly PackageChange[]): Promise<void>;
  };
  externalParams: {
    config(id: string): Promise<ExternalParamConfigRow | undefined>;
    configByName(ownerId: string, entityType: EntityType, name: string): Promise<{ id: string } | undefined>;
    insertConfig(config: Omit<ExternalParamConfigRow, "displayName" | "description"> & Partial<Pick<ExternalParamConfigRow, "displayName" | "description">>): Promise<ExternalParamConfigRow>;
    entityAnchor(entity: EntityName, entityId: string): Promise<EntityAnchor>;
    setValue(value: { configId: string; entityId: string; value: string; now: Date }): Promise<void>;
    clearValue(configId: string, entityId: string): Promise<boolean>;
  };
  requests: {
    /** Records one unit of work; returns its requestId. */
    record(unit: RequestUnit): Promise<string>;
    /** Records many units of work in one write; returns their requestIds in the same order. */
    recordMany(units: readonly RequestUnit[]): Promise<string[]>;
  };
  idempotencyKeys: {
    find(requesterId: string, key: string): Promise<IdempotencyKeyRow | undefined>;
    insert(row: IdempotencyKeyRow): Promise<void>;
  };
  /**
   * How many bulk items a set-based write takes at once (replacePackages, recordMany): what
   * keeps statements few over a network, and what keeps a write short enough for reads to run
   * between two of them where they share the process with it.
   */
  readonly batchItems: number;
  /**
   * Runs a part of the unit of work that may fail alone: kept when `keep` says so, else undone
   * (and undone when it throws, the error then thrown on).
   */
  savepoint<T>(body: () => Promise<T>, keep: (result: T) => boolean): Promise<T>;
}

export interface Storage {
  /**
   * One unit of work: every call in `body` sees the others' effects; the whole commits when the
   * body returns and is undone when it throws. Units run one at a time per process, and reads
   * outside them never wait for one.
   */
  unitOfWork<T>(body: (store: WriteStore) => Promise<T>): Promise<T>;
  /** Records one unit of work outside any other (a fault's FAILED request). */
  recordOutside(unit: RequestUnit): Promise<void>;
}

/** The record of one unit of work of a mutation (SPEC section 1, Request). */
export interface RequestRow {
  id: string;
  requesterId: string;
  operation: string;
  status: "IN_PROGRESS" | "SUCCEEDED" | "FAILED";
  /** The platform error code of a failed unit. */
  code: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

/**
 * A list of a parent's children, named by what it holds, not by how it is stored. Every list
 * is in creation order, then id (SPEC section 5), oldest or newest first as the page asks
 * (PageRequest.order), and is paged by a cursor on that pair.
 */
export type ListName =
  | { list: "subCustomers" | "offers" | "packages" | "apiKeys" }
  /** A customer's subscribers, those the filter keeps (every one when it is absent or empty). */
  | { list: "subscribers"; filter?: SubscriberFilter }
  /** A requester's Requests, those the filter keeps (every one when it is absent or empty). */
  | { list: "requests"; filter?: RequestFilter }
  /** The requester's Buy plans (isBuyPlan), listed under its parent. */
  | { list: "buyPlans"; requesterId: string }
  /** The packages a customer is eligible for (isEligible), listed under its parent. */
  | { list: "packagesEligibleFor"; customerId: string }
  /** An owner's external param configs of one entity type. */
  | { list: "paramConfigs"; entityType: EntityType };

/** The row each list holds. */
export interface ListedRows {
  subCustomers: CustomerRow;
  subscribers: SubscriberRow;
  offers: OfferRow;
  packages: PackageRow;
  requests: RequestRow;
  apiKeys: ApiKeyRow;
  buyPlans: OfferRow;
  packagesEligibleFor: PackageRow;
  paramConfigs: ExternalParamConfigRow;
}

export type ListedRow<L extends ListName> = ListedRows[L["list"]];

/** The subscribers a search finds: those under a customer path with this value of a config. */
export interface SubscriberSearch {
  configId: string;
  value: string;
  underPath: string;
}

/**
 * An object an id names, of whichever kind, with the facts its kind's visibility rule needs:
 * the place in the tree of its owner (offers, packages), of its subscriber's customer
 * (subscribers, offer instances) or of its holder (API keys), and a package's eligibility.
 */
export type FoundNode =
  | { kind: "customer"; row: CustomerRow }
  | { kind: "offer"; row: OfferRow; owner: TreeNode }
  | { kind: "package"; row: PackageRow; owner: TreeNode; eligibleCustomerIds: string[] }
  | { kind: "subscriber"; row: SubscriberRow; customer: TreeNode }
  | { kind: "subscriberOffer"; row: SubscriberOfferRow; customer: TreeNode }
  | { kind: "request"; row: RequestRow }
  | { kind: "apiKey"; row: ApiKeyRow; holder: TreeNode }
  | { kind: "externalParamConfig"; row: ExternalParamConfigRow };

export type NodeKind = FoundNode["kind"];

/**
 * The reads of the read API, outside any unit of work: they see the last committed state and
 * never wait for a writer. Reads by id take many ids at once (the per-request DataLoaders batch
 * them) and answer the rows found, in no particular order. A page is at most `first` rows;
 * what it costs is the page, not the list. The SQLite adapter is src/db/sqlite/read-store.ts.
 */
export interface ReadStore {
  customers: {
    byIds(ids: readonly string[]): Promise<CustomerRow[]>;
    /** The customer a live API key belongs to; undefined for an unknown or revoked key. */
    byApiKey(key: string): Promise<CustomerRow | undefined>;
  };
  offers: {
    byIds(ids: readonly string[]): Promise<OfferRow[]>;
  };
  packages: {
    byIds(ids: readonly string[]): Promise<PackageRow[]>;
    /** Each package's offers in package order (position 0 first). */
    offers(packageIds: readonly string[]): Promise<{ packageId: string; offer: OfferRow }[]>;
    /** The sub-accounts each package lists by id (none for a package for ALL). */
    eligibleCustomerIds(packageIds: readonly string[]): Promise<{ packageId: string; customerId: string }[]>;
  };
  subscribers: {
    byIds(ids: readonly string[]): Promise<SubscriberRow[]>;
    /** Each subscriber's offers, highest priority first, those without a priority last. */
    offers(subscriberIds: readonly string[]): Promise<SubscriberOfferRow[]>;
    /** The subscriber with this identifier (normalized), with its customer's place in the tree. */
    find(identifier: SubscriberIdentifier): Promise<(SubscriberFacts & { row: SubscriberRow }) | undefined>;
    /** A page of what a search finds, in list order. */
    search(search: SubscriberSearch, page: PageRequest): Promise<Page<SubscriberRow>>;
    /** How many subscribers a search finds, over all pages. */
    searchCount(search: SubscriberSearch): Promise<number>;
  };
  requests: {
    byIds(ids: readonly string[]): Promise<RequestRow[]>;
  };
  externalParams: {
    config(id: string): Promise<ExternalParamConfigRow | undefined>;
    entityAnchor(entity: EntityName, entityId: string): Promise<EntityAnchor>;
    /** One entity's values of the given configs, by config id. */
    values(entityId: string, configIds: readonly string[]): Promise<Map<string, string>>;
    /**
     * Every config of an owner for one entity type, in list order (creation time, then id).
     * Not paged: an entity's externalParams lists them all.
     */
    configsOf(ownerId: string, entityType: EntityType): Promise<ExternalParamConfigRow[]>;
    /** The values many entities have of an owner's configs of one entity type, in no particular order. */
    valuesOn(ownerId: string, entityType: EntityType, entityIds: readonly string[]): Promise<EntityParamValue[]>;
  };
  nodes: {
    /**
     * Every object the ids name, whatever its kind, with its visibility facts; an id that names
     * nothing is absent. Ids are unique per kind, so one id may (in a hand-made world) name two.
     */
    byIds(ids: readonly string[]): Promise<FoundNode[]>;
  };
  lists: {
    /** A page of the list under each parent, by parent id; a parent whose page is empty may be absent. */
    pages<L extends ListName>(list: L, parentIds: readonly string[], page: PageRequest): Promise<Map<string, Page<ListedRow<L>>>>;
    /** How many rows the list holds under each parent, over all pages; a parent with none may be absent. */
    counts(list: ListName, parentIds: readonly string[]): Promise<Map<string, number>>;
  };
}

/** A page of a list as the API asks for it: `first` and `after` as received, read by the use case (readPage). */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A page of a list as a read use case answers it: the page asked for, its rows, and the whole list's size when asked. */
export interface ListPage<Row> {
  request: PageRequest;
  page: Page<Row>;
  totalCount(): Promise<number>;
}
