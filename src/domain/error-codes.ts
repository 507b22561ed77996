/**
 * The one catalogue of refusal kinds (SPEC section 3): for each kind, what it means, its fields
 * and their meaning, its code (fixed, per operation, or the code of the operation answering
 * it) and, for VALIDATION_FAILED, its message. For each operation, the kinds it may answer.
 * Everything else is derived from this file: the Refusal type the domain returns
 * (src/domain/refusals.ts), the GraphQL error types and every result union
 * (src/graphql/errors/catalogue.ts), and the code and message each answer carries.
 */

export const PLATFORM_MESSAGES = {
  GLOBAL_1001: "Service unavailable. Please try again",
  CUSTOMER_1002: "Customer does not exist",
  CUSTOMER_1006: "Failed to retrieve customer details",
  CUSTOMER_1019: "Failed to retrieve external params config details",
  SUBSCRIBER_1010: "Failed to attach offer",
  SUBSCRIBER_1027: "You are not allowed to attach parent customer plans to your own SIM cards",
  SUBSCRIBER_1060: "Failed to replace packages",
  AUTH_1021: "You are not eligible to use the self-service mode",
} as const;

export type PlatformCode = keyof typeof PLATFORM_MESSAGES;
export type ErrorCode = PlatformCode | "VALIDATION_FAILED";

/** Every query and mutation that can answer with an error type. */
export const OPERATIONS = [
  "myPackages",
  "externalParamsConfig",
  "createPackage",
  "attachOffer",
  "bulkReplacePackage",
  "createSubCustomer",
  "renameCustomer",
  "setOfferDelegation",
  "createOffer",
  "updatePackage",
  "deletePackage",
  "createSubscribers",
  "attachPackage",
  "detachPackage",
  "detachOffer",
  "createExternalParamConfig",
  "setExternalParamValue",
  "clearExternalParamValue",
  "subscribersByExternalParam",
  "createApiKey",
  "revokeApiKey",
] as const;
export type Operation = (typeof OPERATIONS)[number];

/** How a field of a refusal is typed: the GraphQL layer maps each to its GraphQL type. */
export type RefusalFieldType = "UUID" | "UUID?" | "[UUID]" | "String" | "Int" | "SubscriberIdentifier" | "[InputIssue]" | "ExternalParamEntity";

export interface RefusalKind {
  /** What happened, for the GraphQL type's description (its code is appended from the table). */
  description: string;
  fields: Record<string, { type: RefusalFieldType; description: string }>;
  /** Its code wherever it is answered; without one it takes the code of the answering operation. */
  code?: ErrorCode;
  /** Its code in the operations where it differs from the rule above. */
  codeIn?: Partial<Record<Operation, ErrorCode>>;
  /** Its message where its code is VALIDATION_FAILED (platform codes keep their documented text). */
  message?: string;
}

export const REFUSAL_KINDS = {
  ValidationFailed: {
    description: "The input is malformed; nothing was changed.",
    fields: {
      issues: { type: "[InputIssue]", description: "Each offending input path with what is wrong there." },
    },
    code: "VALIDATION_FAILED",
    message: "The input is not valid",
  },
  ServiceUnavailable: {
    description: "An unexpected fault; nothing was changed. Safe to try again.",
    fields: {},
    code: "GLOBAL_1001",
  },
  CustomerNotFound: {
    description: "No customer with this id is visible to you.",
    fields: {
      customerId: { type: "UUID", description: "The id that was given." },
    },
    code: "CUSTOMER_1002",
  },
  CustomerNotRequester: {
    description: "The customer is one of your descendants, but this operation only takes your own id.",
    fields: {
      customerId: { type: "UUID", description: "The id that was given." },
    },
    codeIn: { createPackage: "CUSTOMER_1002" },
  },
  ParentPlanNotAllowed: {
    description: "Self-service for your parent's plans is not allowed: your parent has not set allowOfferDelegation on you.",
    fields: {},
    code: "SUBSCRIBER_1027",
  },
  SelfServiceNotEligible: {
    description: "Self-service replacement refused: your parent has not allowed offer delegation, has allocated no package to you, or has not made you eligible for the new package.",
    fields: {},
    code: "AUTH_1021",
  },
  PackageNameTaken: {
    description: "Another of your packages already has this name (compared trimmed, case-insensitively).",
    fields: {
      name: { type: "String", description: "The name that was given, trimmed." },
      packageId: { type: "UUID", description: "The package that has it." },
    },
    message: "A package with this name already exists",
  },
  OffersNotOwned: {
    description: "Some nested offers are not your own offers (or do not exist).",
    fields: {
      offerIds: { type: "[UUID]", description: "The offending offer ids, in input order." },
    },
    message: "Nested offers must be your own offers",
  },
  PoolOffersNotAllowedInPackage: {
    description: "Pool plans are made for one sub-account and cannot be bundled in a package.",
    fields: {
      offerIds: { type: "[UUID]", description: "The pool plans that were given." },
    },
    message: "Pool plans cannot be bundled in a package",
  },
  NotDirectSubAccounts: {
    description: "Some eligible ids are not your direct sub-accounts (you yourself never are).",
    fields: {
      customerIds: { type: "[UUID]", description: "The offending customer ids, in input order." },
    },
    message: "Eligible sub-accounts must be your direct sub-accounts",
  },
  SubscriberNotFound: {
    description: "No subscriber visible to you has this identifier.",
    fields: {
      identifier: { type: "SubscriberIdentifier", description: "The identifier that was given (normalized)." },
    },
  },
  SubscriberNotInSubAccount: {
    description: "The subscriber is yours or a deeper descendant's, not one of a direct sub-account's: use the self-service flag for your own.",
    fields: {
      subscriberId: { type: "UUID", description: "The subscriber." },
    },
  },
  SubscriberNotOwn: {
    description: "Self-service applies to your own subscribers only; this one belongs to a descendant.",
    fields: {
      subscriberId: { type: "UUID", description: "The subscriber." },
    },
  },
  OfferNotFound: {
    description: "No offer visible to you has this id.",
    fields: {
      offerId: { type: "UUID", description: "The id that was given." },
    },
  },
  OfferNotSellPlan: {
    description: "With myOffer false the offer must be your own (a Sell plan).",
    fields: {
      offerId: { type: "UUID", description: "The offer." },
    },
  },
  OfferNotBuyPlan: {
    description: "With myOffer true the offer must be one of your parent's plans offered to you (a Buy plan).",
    fields: {
      offerId: { type: "UUID", description: "The offer." },
    },
  },
  PoolPlanNotForSubAccount: {
    description: "The pool plan was made for another sub-account than the subscriber's.",
    fields: {
      offerId: { type: "UUID", description: "The pool plan." },
      subscriberId: { type: "UUID", description: "The subscriber." },
    },
  },
  PoolPlanAlreadyAttached: {
    description: "The subscriber already has an instance of this pool plan.",
    fields: {
      offerId: { type: "UUID", description: "The pool plan." },
      subscriberOfferId: { type: "UUID", description: "The instance already attached." },
    },
  },
  PoolPlanNotSelfService: {
    description: "A pool plan is attached and detached only by its owner, never through self-service (myOffer true), even by the sub-account it was made for.",
    fields: {
      offerId: { type: "UUID", description: "The pool plan." },
    },
  },
  PriorityInUse: {
    description: "Another offer on the subscriber already has this priority.",
    fields: {
      priority: { type: "Int", description: "The priority that was given." },
      subscriberOfferId: { type: "UUID", description: "The offer instance that holds it." },
    },
  },
  PackageNotFound: {
    description: "No package you can reach has this id.",
    fields: {
      packageId: { type: "UUID", description: "The id that was given." },
    },
    message: "No package you can see has this id",
  },
  PackageNotSellPackage: {
    description: "The package must be your own (a Sell package).",
    fields: {
      packageId: { type: "UUID", description: "The package." },
    },
    message: "The package must be one of your own",
  },
  PackageNotBuyPackage: {
    description: "With myPackage true the package must be your parent's (a Buy package).",
    fields: {
      packageId: { type: "UUID", description: "The package." },
    },
  },
  CurrentPackageMismatch: {
    description: "The subscriber's attached package is not the one named (or none is attached).",
    fields: {
      currentPackageId: { type: "UUID", description: "The currentPackageId that was given." },
      attachedPackageId: { type: "UUID?", description: "The package actually attached, or null when none is." },
    },
  },
  SubAccountNotEligible: {
    description: "The subscriber's customer is not eligible for the new package.",
    fields: {
      packageId: { type: "UUID", description: "The new package." },
      customerId: { type: "UUID", description: "The sub-account that is not eligible." },
    },
  },
  EntityNotFound: {
    description: "The entity does not exist or is not one you own (see externalParamsConfig).",
    fields: {
      entity: { type: "ExternalParamEntity", description: "The entity kind that was given." },
      entityId: { type: "UUID", description: "The entity id that was given." },
    },
    message: "The entity does not exist or is not yours",
  },
  IdempotencyKeyReused: {
    description: "This idempotency key was already used with a different input or mutation; nothing was changed.",
    fields: {
      idempotencyKey: { type: "String", description: "The key that was given." },
    },
    code: "VALIDATION_FAILED",
    message: "This idempotency key was already used with a different input",
  },
  PackageAlreadyAttached: {
    description: "The subscriber already has a package: replace it with bulkReplacePackage.",
    fields: {
      attachedPackageId: { type: "UUID", description: "The package attached now." },
    },
  },
  PackageInUse: {
    description: "The package is attached to subscribers: its offers cannot change and it cannot be deleted.",
    fields: {
      packageId: { type: "UUID", description: "The package." },
      subscriberCount: { type: "Int", description: "How many subscribers have it attached." },
    },
    message: "The package is attached to subscribers",
  },
  CustomerNotDirectSubAccount: {
    description: "The customer is visible to you but is not one of your direct sub-accounts (only a parent may do this).",
    fields: {
      customerId: { type: "UUID", description: "The id that was given." },
    },
    message: "The customer must be one of your direct sub-accounts",
  },
  PoolCustomerNotSubAccount: {
    description: "A pool plan is made for one of your direct sub-accounts; this id is not one.",
    fields: {
      customerId: { type: "UUID", description: "The poolCustomerId that was given." },
    },
    message: "A pool plan is made for one of your direct sub-accounts",
  },
  SubscriberIdentifierTaken: {
    description: "Another subscriber already has this identifier (identifiers are unique across the platform).",
    fields: {
      identifier: { type: "SubscriberIdentifier", description: "The identifier that is taken (normalized)." },
    },
    message: "Another subscriber already has this identifier",
  },
  SubscriberOfferNotFound: {
    description: "No offer instance on a subscriber you can see has this id.",
    fields: {
      subscriberOfferId: { type: "UUID", description: "The id that was given." },
    },
  },
  OfferCameWithPackage: {
    description: "The offer instance came with a package: detach the package instead.",
    fields: {
      subscriberOfferId: { type: "UUID", description: "The offer instance." },
      packageId: { type: "UUID", description: "The package it came with." },
    },
  },
  ExternalParamConfigNotFound: {
    description: "No external parameter config of yours has this id.",
    fields: {
      configId: { type: "UUID", description: "The id that was given." },
    },
    message: "No external parameter config of yours has this id",
  },
  ExternalParamNameTaken: {
    description: "You already have a config with this name for this entity type.",
    fields: {
      name: { type: "String", description: "The name that was given." },
      configId: { type: "UUID", description: "The config that has it." },
    },
    message: "You already have an external parameter config with this name for this entity type",
  },
  ExternalParamNotSearchable: {
    description: "The parameter has isSearchable false: it cannot be a search key.",
    fields: {
      configId: { type: "UUID", description: "The config." },
    },
    message: "This external parameter is not searchable",
  },
  ExternalParamNotForSubscribers: {
    description: "Subscribers are searched by a parameter of entity type SUBSCRIBER; this one is for another entity type.",
    fields: {
      configId: { type: "UUID", description: "The config." },
    },
    message: "Subscribers are searched by an external parameter of entity type SUBSCRIBER",
  },
  ApiKeyNotFound: {
    description: "No API key of yours or of a direct sub-account has this id.",
    fields: {
      apiKeyId: { type: "UUID", description: "The id that was given." },
    },
    message: "No API key of yours or of a direct sub-account has this id",
  },
} as const satisfies Record<string, RefusalKind>;

export type RefusalType = keyof typeof REFUSAL_KINDS;

/**
 * The code of every refusal of an operation that has no code of its own. Within an operation
 * the documented codes cover every business refusal; operations beyond the platform's
 * documents reuse the codes of the documented operation they extend, and every other refusal
 * is one the caller must fix: VALIDATION_FAILED.
 */
const OPERATION_CODE: Record<Operation, ErrorCode> = {
  myPackages: "CUSTOMER_1002",
  externalParamsConfig: "CUSTOMER_1019",
  // createPackage documents no refusal code of its own: its catalogue conflicts are input errors.
  createPackage: "VALIDATION_FAILED",
  attachOffer: "SUBSCRIBER_1010",
  bulkReplacePackage: "SUBSCRIBER_1060",
  attachPackage: "SUBSCRIBER_1060",
  detachPackage: "SUBSCRIBER_1060",
  detachOffer: "SUBSCRIBER_1010",
  createSubCustomer: "VALIDATION_FAILED",
  renameCustomer: "VALIDATION_FAILED",
  setOfferDelegation: "VALIDATION_FAILED",
  createOffer: "VALIDATION_FAILED",
  updatePackage: "VALIDATION_FAILED",
  deletePackage: "VALIDATION_FAILED",
  createSubscribers: "VALIDATION_FAILED",
  createExternalParamConfig: "VALIDATION_FAILED",
  setExternalParamValue: "VALIDATION_FAILED",
  clearExternalParamValue: "VALIDATION_FAILED",
  subscribersByExternalParam: "VALIDATION_FAILED",
  createApiKey: "VALIDATION_FAILED",
  revokeApiKey: "VALIDATION_FAILED",
};

/** The refusals each operation may answer as a whole: its result union's error members. */
export const OPERATION_REFUSALS = {
  myPackages: ["CustomerNotFound", "ServiceUnavailable", "ValidationFailed"],
  externalParamsConfig: ["CustomerNotFound", "CustomerNotRequester", "EntityNotFound", "ServiceUnavailable", "ValidationFailed"],
  createPackage: ["CustomerNotFound", "CustomerNotRequester", "IdempotencyKeyReused", "NotDirectSubAccounts", "OffersNotOwned", "PackageNameTaken", "PoolOffersNotAllowedInPackage", "ServiceUnavailable", "ValidationFailed"],
  attachOffer: ["IdempotencyKeyReused", "OfferNotBuyPlan", "OfferNotFound", "OfferNotSellPlan", "ParentPlanNotAllowed", "PoolPlanAlreadyAttached", "PoolPlanNotForSubAccount", "PoolPlanNotSelfService", "PriorityInUse", "ServiceUnavailable", "SubscriberNotFound", "SubscriberNotInSubAccount", "SubscriberNotOwn", "ValidationFailed"],
  bulkReplacePackage: ["IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  createSubCustomer: ["IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  renameCustomer: ["CustomerNotFound", "IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  setOfferDelegation: ["CustomerNotDirectSubAccount", "CustomerNotFound", "IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  createOffer: ["IdempotencyKeyReused", "PoolCustomerNotSubAccount", "ServiceUnavailable", "ValidationFailed"],
  updatePackage: ["IdempotencyKeyReused", "NotDirectSubAccounts", "OffersNotOwned", "PackageInUse", "PackageNameTaken", "PackageNotFound", "PackageNotSellPackage", "PoolOffersNotAllowedInPackage", "ServiceUnavailable", "ValidationFailed"],
  deletePackage: ["IdempotencyKeyReused", "PackageInUse", "PackageNotFound", "PackageNotSellPackage", "ServiceUnavailable", "ValidationFailed"],
  createSubscribers: ["IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  attachPackage: ["IdempotencyKeyReused", "PackageAlreadyAttached", "PackageNotBuyPackage", "PackageNotFound", "PackageNotSellPackage", "SelfServiceNotEligible", "ServiceUnavailable", "SubAccountNotEligible", "SubscriberNotFound", "SubscriberNotInSubAccount", "SubscriberNotOwn", "ValidationFailed"],
  detachPackage: ["CurrentPackageMismatch", "IdempotencyKeyReused", "SelfServiceNotEligible", "ServiceUnavailable", "SubscriberNotFound", "SubscriberNotInSubAccount", "SubscriberNotOwn", "ValidationFailed"],
  detachOffer: ["IdempotencyKeyReused", "OfferCameWithPackage", "OfferNotBuyPlan", "OfferNotSellPlan", "ParentPlanNotAllowed", "PoolPlanNotSelfService", "ServiceUnavailable", "SubscriberNotInSubAccount", "SubscriberNotOwn", "SubscriberOfferNotFound", "ValidationFailed"],
  createExternalParamConfig: ["ExternalParamNameTaken", "IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  setExternalParamValue: ["EntityNotFound", "ExternalParamConfigNotFound", "IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  clearExternalParamValue: ["EntityNotFound", "ExternalParamConfigNotFound", "IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  subscribersByExternalParam: ["ExternalParamConfigNotFound", "ExternalParamNotForSubscribers", "ExternalParamNotSearchable", "ServiceUnavailable", "ValidationFailed"],
  createApiKey: ["CustomerNotDirectSubAccount", "CustomerNotFound", "IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
  revokeApiKey: ["ApiKeyNotFound", "IdempotencyKeyReused", "ServiceUnavailable", "ValidationFailed"],
} as const satisfies Record<Operation, readonly RefusalType[]>;

/** The refusals one item of a bulk operation may answer: its item error union's members. */
export const BULK_ITEM_REFUSALS = {
  bulkReplacePackage: ["CurrentPackageMismatch", "PackageNotBuyPackage", "PackageNotFound", "PackageNotSellPackage", "SelfServiceNotEligible", "ServiceUnavailable", "SubAccountNotEligible", "SubscriberNotFound", "SubscriberNotInSubAccount", "SubscriberNotOwn", "ValidationFailed"],
  createSubscribers: ["CustomerNotDirectSubAccount", "CustomerNotFound", "ServiceUnavailable", "SubscriberIdentifierTaken", "ValidationFailed"],
} as const satisfies Partial<Record<Operation, readonly RefusalType[]>>;

export type RefusalOf<O extends Operation> = (typeof OPERATION_REFUSALS)[O][number];
export type BulkOperation = keyof typeof BULK_ITEM_REFUSALS;
export type ItemRefusalOf<O extends BulkOperation> = (typeof BULK_ITEM_REFUSALS)[O][number];

export function codeFor(operation: Operation, type: RefusalType): ErrorCode {
  const kind: RefusalKind = REFUSAL_KINDS[type];
  return kind.codeIn?.[operation] ?? kind.code ?? OPERATION_CODE[operation];
}

export function messageFor(code: ErrorCode, type: RefusalType): string {
  if (code !== "VALIDATION_FAILED") return PLATFORM_MESSAGES[code];
  const kind: RefusalKind = REFUSAL_KINDS[type];
  return kind.message ?? REFUSAL_KINDS.ValidationFailed.message;
}

/** The operations that may answer a refusal kind, whole or per bulk item. */
export function operationsAnswering(type: RefusalType): Operation[] {
  const lists: [Operation, readonly RefusalType[]][] = [
    ...(Object.entries(OPERATION_REFUSALS) as [Operation, readonly RefusalType[]][]),
    ...(Object.entries(BULK_ITEM_REFUSALS) as [Operation, readonly RefusalType[]][]),
  ];
  return [...new Set(lists.filter(([, kinds]) => kinds.includes(type)).map(([operation]) => operation))];
}

/** "Code X." or "Code: X in a, b; Y in c.": the codes a kind carries where it is answered. */
export function codeSentence(type: RefusalType): string {
  const byCode = new Map<ErrorCode, Operation[]>();
  for (const operation of operationsAnswering(type)) {
    const code = codeFor(operation, type);
    byCode.set(code, [...(byCode.get(code) ?? []), operation]);
  }
  const kind: RefusalKind = REFUSAL_KINDS[type];
  if (byCode.size <= 1) return `Code ${[...byCode.keys()][0] ?? kind.code ?? "VALIDATION_FAILED"}.`;
  return `Code: ${[...byCode].map(([code, operations]) => `${code} in ${operations.join(", ")}`).join("; ")}.`;
}
