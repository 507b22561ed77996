/** The catalogue of refusal kinds (SPEC section 3): codes, messages, and what each operation answers. */
import { describe, expect, it } from "vitest";
import {
  BULK_ITEM_REFUSALS,
  codeFor,
  codeSentence,
  messageFor,
  OPERATION_REFUSALS,
  OPERATIONS,
  operationsAnswering,
  PLATFORM_MESSAGES,
  REFUSAL_KINDS,
  type ErrorCode,
  type Operation,
  type RefusalType,
} from "../../src/domain/error-codes";

/** SPEC section 3, word for word. */
const SPEC_MESSAGES = {
  GLOBAL_1001: "Service unavailable. Please try again",
  CUSTOMER_1002: "Customer does not exist",
  CUSTOMER_1006: "Failed to retrieve customer details",
  CUSTOMER_1019: "Failed to retrieve external params config details",
  SUBSCRIBER_1010: "Failed to attach offer",
  SUBSCRIBER_1027: "You are not allowed to attach parent customer plans to your own SIM cards",
  SUBSCRIBER_1060: "Failed to replace packages",
  AUTH_1021: "You are not eligible to use the self-service mode",
};

const REFUSALS = Object.keys(REFUSAL_KINDS) as RefusalType[];
/** Refusals any operation may answer: malformed input, a reused idempotency key, a fault. */
const GENERIC: RefusalType[] = ["ValidationFailed", "IdempotencyKeyReused", "ServiceUnavailable"];

/** What decideAttachOffer refuses (attach-offer.test.ts), but for missing delegation. */
const ATTACH_OFFER_REFUSALS: RefusalType[] = [
  "SubscriberNotFound",
  "SubscriberNotOwn",
  "SubscriberNotInSubAccount",
  "OfferNotFound",
  "OfferNotSellPlan",
  "OfferNotBuyPlan",
  "PoolPlanNotSelfService",
  "PoolPlanNotForSubAccount",
  "PoolPlanAlreadyAttached",
  "PriorityInUse",
];
/** What decideDetachOffer refuses (detach-offer.test.ts), but for missing delegation. */
const DETACH_OFFER_REFUSALS: RefusalType[] = [
  "SubscriberOfferNotFound",
  "SubscriberNotOwn",
  "SubscriberNotInSubAccount",
  "OfferNotSellPlan",
  "OfferNotBuyPlan",
  "PoolPlanNotSelfService",
  "OfferCameWithPackage",
];
/** What decideReplacePackage refuses (subscriber-package.test.ts), but for self-service eligibility. */
const REPLACE_REFUSALS: RefusalType[] = [
  "SubscriberNotFound",
  "SubscriberNotOwn",
  "SubscriberNotInSubAccount",
  "CurrentPackageMismatch",
  "PackageNotFound",
  "PackageNotSellPackage",
  "PackageNotBuyPackage",
  "SubAccountNotEligible",
];
const ATTACH_PACKAGE_REFUSALS: RefusalType[] = [
  "SubscriberNotFound",
  "SubscriberNotOwn",
  "SubscriberNotInSubAccount",
  "PackageAlreadyAttached",
  "PackageNotFound",
  "PackageNotSellPackage",
  "PackageNotBuyPackage",
  "SubAccountNotEligible",
];
const DETACH_PACKAGE_REFUSALS: RefusalType[] = ["SubscriberNotFound", "SubscriberNotOwn", "SubscriberNotInSubAccount", "CurrentPackageMismatch"];
/** What checkPackageDraft and checkRequesterIsCustomer refuse for createPackage. */
const CREATE_PACKAGE_REFUSALS: RefusalType[] = ["CustomerNotFound", "CustomerNotRequester", "OffersNotOwned", "PoolOffersNotAllowedInPackage", "NotDirectSubAccounts", "PackageNameTaken"];

/** Everything an operation may answer, whole or per bulk item. */
const answeredBy = (operation: Operation): readonly RefusalType[] => [
  ...OPERATION_REFUSALS[operation],
  ...((BULK_ITEM_REFUSALS as Partial<Record<Operation, readonly RefusalType[]>>)[operation] ?? []),
];

describe("PLATFORM_MESSAGES", () => {
  it("holds exactly the documented codes with their documented messages", () => {
    expect(PLATFORM_MESSAGES).toEqual(SPEC_MESSAGES);
  });
});

describe("what each operation may answer", () => {
  it.each([
    ["attachOffer", ["ParentPlanNotAllowed", ...ATTACH_OFFER_REFUSALS]],
    ["detachOffer", ["ParentPlanNotAllowed", ...DETACH_OFFER_REFUSALS]],
    ["bulkReplacePackage", ["SelfServiceNotEligible", ...REPLACE_REFUSALS]],
    ["attachPackage", ["SelfServiceNotEligible", ...ATTACH_PACKAGE_REFUSALS]],
    ["detachPackage", ["SelfServiceNotEligible", ...DETACH_PACKAGE_REFUSALS]],
    ["createPackage", CREATE_PACKAGE_REFUSALS],
    ["myPackages", ["CustomerNotFound"]],
    ["externalParamsConfig", ["CustomerNotFound", "CustomerNotRequester", "EntityNotFound"]],
    ["subscribersByExternalParam", ["ExternalParamConfigNotFound", "ExternalParamNotForSubscribers", "ExternalParamNotSearchable"]],
    ["revokeApiKey", ["ApiKeyNotFound"]],
    ["createSubscribers", ["CustomerNotFound", "CustomerNotDirectSubAccount", "SubscriberIdentifierTaken"]],
  ] as [Operation, RefusalType[]][])("%s holds every refusal its rules return", (operation, refusals) => {
    expect(answeredBy(operation)).toEqual(expect.arrayContaining(refusals));
  });

  it("lets every operation answer malformed input and a fault", () => {
    for (const operation of OPERATIONS) expect(answeredBy(operation), operation).toEqual(expect.arrayContaining(["ValidationFailed", "ServiceUnavailable"]));
  });

  it("answers every refusal kind somewhere, and names no kind twice in one list", () => {
    for (const type of REFUSALS) expect(operationsAnswering(type), type).not.toEqual([]);
    const lists = [...Object.entries(OPERATION_REFUSALS), ...Object.entries(BULK_ITEM_REFUSALS)];
    for (const [operation, kinds] of lists) expect(new Set(kinds).size, operation).toBe(kinds.length);
  });
});

describe("operationsAnswering", () => {
  it("names each operation answering a kind once, whole or per bulk item", () => {
    expect([...operationsAnswering("CurrentPackageMismatch")].sort()).toEqual(["bulkReplacePackage", "detachPackage"]);
    expect(operationsAnswering("PriorityInUse")).toEqual(["attachOffer"]);
    expect(operationsAnswering("SubscriberIdentifierTaken")).toEqual(["createSubscribers"]);
    const everywhere = operationsAnswering("ValidationFailed");
    expect([...everywhere].sort()).toEqual([...OPERATIONS].sort());
  });
});

describe("codeFor", () => {
  it("gives every refusal of every operation a documented code or VALIDATION_FAILED", () => {
    const known = new Set<string>([...Object.keys(SPEC_MESSAGES), "VALIDATION_FAILED"]);
    for (const operation of OPERATIONS) {
      for (const type of REFUSALS) expect(known.has(codeFor(operation, type)), `${operation} ${type}`).toBe(true);
    }
  });

  it.each([
    ["ValidationFailed", "VALIDATION_FAILED"],
    ["IdempotencyKeyReused", "VALIDATION_FAILED"],
    ["CustomerNotFound", "CUSTOMER_1002"],
    ["ParentPlanNotAllowed", "SUBSCRIBER_1027"],
    ["SelfServiceNotEligible", "AUTH_1021"],
    ["ServiceUnavailable", "GLOBAL_1001"],
  ] as [RefusalType, ErrorCode][])("gives %s the code %s in every operation", (type, code) => {
    for (const operation of OPERATIONS) expect(codeFor(operation, type), operation).toBe(code);
  });

  it("attachOffer and detachOffer: every business refusal but missing delegation is SUBSCRIBER_1010", () => {
    for (const operation of ["attachOffer", "detachOffer"] as Operation[]) {
      const business = answeredBy(operation).filter((type) => !GENERIC.includes(type) && type !== "ParentPlanNotAllowed");
      expect(business.length, operation).toBeGreaterThan(0);
      for (const type of business) expect(codeFor(operation, type), `${operation} ${type}`).toBe("SUBSCRIBER_1010");
    }
  });

  it("bulkReplacePackage, attachPackage, detachPackage: every business refusal but self-service eligibility is SUBSCRIBER_1060", () => {
    for (const operation of ["bulkReplacePackage", "attachPackage", "detachPackage"] as Operation[]) {
      const business = answeredBy(operation).filter((type) => !GENERIC.includes(type) && type !== "SelfServiceNotEligible");
      expect(business.length, operation).toBeGreaterThan(0);
      for (const type of business) expect(codeFor(operation, type), `${operation} ${type}`).toBe("SUBSCRIBER_1060");
    }
  });

  it("myPackages: everything but malformed input and faults is CUSTOMER_1002", () => {
    for (const type of answeredBy("myPackages").filter((type) => !GENERIC.includes(type))) expect(codeFor("myPackages", type), type).toBe("CUSTOMER_1002");
  });

  it("createPackage: a customerId that is not the requester is CUSTOMER_1002; catalogue conflicts are input errors", () => {
    expect(codeFor("createPackage", "CustomerNotRequester")).toBe("CUSTOMER_1002");
    for (const type of ["PackageNameTaken", "OffersNotOwned", "PoolOffersNotAllowedInPackage", "NotDirectSubAccounts"] as RefusalType[]) {
      expect(codeFor("createPackage", type), type).toBe("VALIDATION_FAILED");
    }
  });

  it("externalParamsConfig: a sub-account's id or an entity not owned is CUSTOMER_1019, an unknown customer CUSTOMER_1002", () => {
    expect(codeFor("externalParamsConfig", "CustomerNotRequester")).toBe("CUSTOMER_1019");
    expect(codeFor("externalParamsConfig", "EntityNotFound")).toBe("CUSTOMER_1019");
    expect(codeFor("externalParamsConfig", "CustomerNotFound")).toBe("CUSTOMER_1002");
  });
});

describe("messageFor", () => {
  it("answers each platform code with its documented message, whatever the refusal", () => {
    for (const [code, message] of Object.entries(SPEC_MESSAGES)) {
      for (const type of ["ValidationFailed", "OfferNotFound", "PackageNameTaken"] as RefusalType[]) {
        expect(messageFor(code as ErrorCode, type)).toBe(message);
      }
    }
  });

  it("names what happened for every refusal an operation answers with VALIDATION_FAILED, each differently", () => {
    const generic = messageFor("VALIDATION_FAILED", "ValidationFailed");
    expect(generic).toBe("The input is not valid");
    const answered = new Set<RefusalType>();
    for (const operation of OPERATIONS) {
      for (const type of answeredBy(operation)) if (type !== "ValidationFailed" && codeFor(operation, type) === "VALIDATION_FAILED") answered.add(type);
    }
    expect(answered.size).toBeGreaterThan(0);
    const messages = [...answered].map((type) => messageFor("VALIDATION_FAILED", type));
    expect(messages.filter((message) => message === generic), "refusals without a message of their own").toEqual([]);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it("falls back to the message of ValidationFailed for a refusal without one of its own", () => {
    expect(messageFor("VALIDATION_FAILED", "ParentPlanNotAllowed")).toBe(messageFor("VALIDATION_FAILED", "ValidationFailed"));
  });
});

describe("codeSentence", () => {
  it("names the one code of a kind answered with a single code", () => {
    expect(codeSentence("PriorityInUse")).toBe("Code SUBSCRIBER_1010.");
    expect(codeSentence("CustomerNotFound")).toBe("Code CUSTOMER_1002.");
    expect(codeSentence("PackageNameTaken")).toBe("Code VALIDATION_FAILED.");
  });

  it("names each code with the operations that answer it, for a kind whose code depends on the operation", () => {
    const sentence = codeSentence("CustomerNotRequester");
    expect(sentence).toMatch(/^Code: .*\.$/);
    expect(sentence).toContain("CUSTOMER_1019 in externalParamsConfig");
    expect(sentence).toContain("CUSTOMER_1002 in createPackage");
    const subscriberNotFound = codeSentence("SubscriberNotFound");
    expect(subscriberNotFound).toContain("SUBSCRIBER_1010 in attachOffer");
    expect(subscriberNotFound).toMatch(/SUBSCRIBER_1060 in [a-zA-Z, ]*bulkReplacePackage/);
  });
});
