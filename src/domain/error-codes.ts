/**
 * The platform's error codes and their documented messages (SPEC section 3), and which code
 * each refusal carries in each operation. Within an operation the documented codes cover
 * every business refusal: a refusal without a code of its own takes the operation's code.
 */
import type { RefusalType } from "./refusals";

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

/** Refusals whose code never depends on the operation. */
const FIXED: Partial<Record<RefusalType, ErrorCode>> = {
  ValidationFailed: "VALIDATION_FAILED",
  CustomerNotFound: "CUSTOMER_1002",
  ParentPlanNotAllowed: "SUBSCRIBER_1027",
  SelfServiceNotEligible: "AUTH_1021",
  ServiceUnavailable: "GLOBAL_1001",
  IdempotencyKeyReused: "VALIDATION_FAILED",
};

/** The code of every other refusal of an operation. */
const OPERATION_CODE: Record<Operation, ErrorCode> = {
  myPackages: "CUSTOMER_1002",
  externalParamsConfig: "CUSTOMER_1019",
  // createPackage documents no refusal code of its own: its catalogue conflicts are input errors.
  createPackage: "VALIDATION_FAILED",
  attachOffer: "SUBSCRIBER_1010",
  bulkReplacePackage: "SUBSCRIBER_1060",
  // Operations beyond the platform's documents reuse the codes of the documented operation
  // they extend; every other refusal is one the caller must fix: VALIDATION_FAILED.
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

/** Where a refusal's code differs from its operation's. */
const OVERRIDES: Partial<Record<Operation, Partial<Record<RefusalType, ErrorCode>>>> = {
  createPackage: { CustomerNotRequester: "CUSTOMER_1002" },
};

export function codeFor(operation: Operation, type: RefusalType): ErrorCode {
  return FIXED[type] ?? OVERRIDES[operation]?.[type] ?? OPERATION_CODE[operation];
}

/** Messages of our own VALIDATION_FAILED refusals; platform codes keep their documented text. */
const VALIDATION_MESSAGES: Partial<Record<RefusalType, string>> = {
  ValidationFailed: "The input is not valid",
  PackageNameTaken: "A package with this name already exists",
  OffersNotOwned: "Nested offers must be your own offers",
  PoolOffersNotAllowedInPackage: "Pool plans cannot be bundled in a package",
  NotDirectSubAccounts: "Eligible sub-accounts must be your direct sub-accounts",
  IdempotencyKeyReused: "This idempotency key was already used with a different input",
  CustomerNotDirectSubAccount: "The customer must be one of your direct sub-accounts",
  PoolCustomerNotSubAccount: "A pool plan is made for one of your direct sub-accounts",
  PackageNotFound: "No package you can see has this id",
  PackageNotSellPackage: "The package must be one of your own",
  PackageInUse: "The package is attached to subscribers",
  SubscriberIdentifierTaken: "Another subscriber already has this identifier",
  EntityNotFound: "The entity does not exist or is not yours",
  ExternalParamConfigNotFound: "No external parameter config of yours has this id",
  ExternalParamNameTaken: "You already have an external parameter config with this name for this entity type",
  ExternalParamNotSearchable: "This external parameter is not searchable",
  ExternalParamNotForSubscribers: "Subscribers are searched by an external parameter of entity type SUBSCRIBER",
  ApiKeyNotFound: "No API key of yours or of a direct sub-account has this id",
};

export function messageFor(code: ErrorCode, type: RefusalType): string {
  if (code === "VALIDATION_FAILED") return VALIDATION_MESSAGES[type] ?? VALIDATION_MESSAGES.ValidationFailed!;
  return PLATFORM_MESSAGES[code];
}
