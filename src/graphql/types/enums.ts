import { registerEnumType } from "type-graphql";

export enum OfferKind {
  REGULAR = "REGULAR",
  POOL = "POOL",
}
registerEnumType(OfferKind, {
  name: "OfferKind",
  description: "What kind of plan an offer is.",
  valuesConfig: {
    REGULAR: { description: "A plan any sub-account's subscribers can get." },
    POOL: { description: "A plan made for one specific sub-account (`poolCustomer`), at most once per subscriber." },
  },
});

export enum SubscriberIdentifierType {
  IMSI = "IMSI",
  ICCID = "ICCID",
  MSISDN = "MSISDN",
  IMEI = "IMEI",
  IMEISV = "IMEISV",
}
registerEnumType(SubscriberIdentifierType, {
  name: "SubscriberIdentifierType",
  description: "The identifiers a subscriber (SIM) can be found by; each is unique across the platform.",
  valuesConfig: {
    IMSI: { description: "International mobile subscriber identity: 6 to 15 digits." },
    ICCID: { description: "SIM card serial number: 18 to 22 digits." },
    MSISDN: { description: "Phone number: 5 to 15 digits; a leading + is accepted and dropped." },
    IMEI: { description: "Device identity: 14 digits, or 15 whose last is the Luhn check digit." },
    IMEISV: { description: "Device identity with software version: 16 digits." },
  },
});

export enum ExternalParamEntity {
  CUSTOMER = "CUSTOMER",
  SUBSCRIBER = "SUBSCRIBER",
  PLAN = "PLAN",
  PACKAGE = "PACKAGE",
}
registerEnumType(ExternalParamEntity, {
  name: "ExternalParamEntity",
  description: "The kind of entity whose external parameters are asked for (the platform's URL forms).",
  valuesConfig: {
    CUSTOMER: { description: "The requester itself or one of its direct sub-accounts." },
    SUBSCRIBER: { description: "A subscriber of the requester or of one of its direct sub-accounts." },
    PLAN: { description: "One of the requester's own offers (configs of entity type OFFER)." },
    PACKAGE: { description: "One of the requester's own packages." },
  },
});

export enum ExternalParamEntityType {
  CUSTOMER = "CUSTOMER",
  SUBSCRIBER = "SUBSCRIBER",
  OFFER = "OFFER",
  PACKAGE = "PACKAGE",
}
registerEnumType(ExternalParamEntityType, {
  name: "ExternalParamEntityType",
  description: "The kind of entity an external parameter config applies to.",
  valuesConfig: {
    CUSTOMER: { description: "Customers (accounts)." },
    SUBSCRIBER: { description: "Subscribers (SIMs)." },
    OFFER: { description: "Offers (plans)." },
    PACKAGE: { description: "Packages." },
  },
});

export enum RequestStatus {
  IN_PROGRESS = "IN_PROGRESS",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
}
registerEnumType(RequestStatus, {
  name: "RequestStatus",
  description: "Where a unit of work stands.",
  valuesConfig: {
    IN_PROGRESS: {
      description: "Started, not finished. Units finish inside their mutation's transaction, so this is never observed.",
    },
    SUCCEEDED: { description: "Done; its changes are committed." },
    FAILED: { description: "Refused or failed; nothing of it was applied. `code` says why." },
  },
});

export enum RequestOperation {
  CREATE_PACKAGE = "createPackage",
  ATTACH_OFFER = "attachOffer",
  BULK_REPLACE_PACKAGE = "bulkReplacePackage",
  CREATE_SUB_CUSTOMER = "createSubCustomer",
  RENAME_CUSTOMER = "renameCustomer",
  SET_OFFER_DELEGATION = "setOfferDelegation",
  CREATE_OFFER = "createOffer",
  UPDATE_PACKAGE = "updatePackage",
  DELETE_PACKAGE = "deletePackage",
  CREATE_SUBSCRIBERS = "createSubscribers",
  ATTACH_PACKAGE = "attachPackage",
  DETACH_PACKAGE = "detachPackage",
  DETACH_OFFER = "detachOffer",
  CREATE_EXTERNAL_PARAM_CONFIG = "createExternalParamConfig",
  SET_EXTERNAL_PARAM_VALUE = "setExternalParamValue",
  CLEAR_EXTERNAL_PARAM_VALUE = "clearExternalParamValue",
  CREATE_API_KEY = "createApiKey",
  REVOKE_API_KEY = "revokeApiKey",
}
registerEnumType(RequestOperation, {
  name: "RequestOperation",
  description: "The mutation a request was a unit of work of.",
  valuesConfig: {
    CREATE_PACKAGE: { description: "createPackage." },
    ATTACH_OFFER: { description: "attachOffer." },
    BULK_REPLACE_PACKAGE: { description: "One item of bulkReplacePackage." },
    CREATE_SUB_CUSTOMER: { description: "createSubCustomer." },
    RENAME_CUSTOMER: { description: "renameCustomer." },
    SET_OFFER_DELEGATION: { description: "setOfferDelegation." },
    CREATE_OFFER: { description: "createOffer." },
    UPDATE_PACKAGE: { description: "updatePackage." },
    DELETE_PACKAGE: { description: "deletePackage." },
    CREATE_SUBSCRIBERS: { description: "One item of createSubscribers." },
    ATTACH_PACKAGE: { description: "attachPackage." },
    DETACH_PACKAGE: { description: "detachPackage." },
    DETACH_OFFER: { description: "detachOffer." },
    CREATE_EXTERNAL_PARAM_CONFIG: { description: "createExternalParamConfig." },
    SET_EXTERNAL_PARAM_VALUE: { description: "setExternalParamValue." },
    CLEAR_EXTERNAL_PARAM_VALUE: { description: "clearExternalParamValue." },
    CREATE_API_KEY: { description: "createApiKey." },
    REVOKE_API_KEY: { description: "revokeApiKey." },
  },
});
