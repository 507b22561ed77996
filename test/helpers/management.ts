/**
 * GraphQL documents and small helpers for the end-to-end tests of the mutations.
 * Every mutation document aliases its field as `r` and takes `$key` as its idempotencyKey,
 * so one helper runs them all; every error type's own fields are selected.
 */
import type { TestServer } from "./server";
import type { CustomerName } from "./world";

const ERRORS = `
  __typename
  ... on ErrorResult { code message }
  ... on ValidationFailed { issues { path message } }
  ... on IdempotencyKeyReused { idempotencyKey }`;

const CUSTOMER = `customer { id name allowOfferDelegation parent { id } }`;
const PACKAGE = `package { id name description owner { id } nestedOffers { id } eligibleSubAccounts { all customers { id } } }`;
const PACKAGE_ERRORS = `
  ... on PackageNotFound { packageId }
  ... on PackageNotSellPackage { packageId }
  ... on PackageInUse { packageId subscriberCount }`;
const SUBSCRIBER = `subscriber { id customer { id } package { id } offers { id priority offer { id } package { id } } }`;
const SCOPE_ERRORS = `
  ... on SubscriberNotFound { identifier { type value } }
  ... on SubscriberNotInSubAccount { subscriberId }
  ... on SubscriberNotOwn { subscriberId }`;
const CONFIG = `config { id name displayName description entityType isSearchable value }`;
const VALUE_ERRORS = `
  ... on ExternalParamConfigNotFound { configId }
  ... on EntityNotFound { entity entityId }`;
const API_KEY = `apiKey { id keyPrefix label createdAt revokedAt }`;

const mutation = (field: string, inputType: string, selection: string) => `
mutation($input: ${inputType}!, $key: String) {
  r: ${field}(input: $input, idempotencyKey: $key) {
    ${ERRORS}
    ${selection}
  }
}`;

export const CREATE_SUB_CUSTOMER = mutation(
  "createSubCustomer",
  "CreateSubCustomerInput",
  `... on CreateSubCustomerSuccess { requestId ${CUSTOMER} }`,
);

export const RENAME_CUSTOMER = mutation(
  "renameCustomer",
  "RenameCustomerInput",
  `... on RenameCustomerSuccess { requestId ${CUSTOMER} }
   ... on CustomerNotFound { customerId }`,
);

export const SET_OFFER_DELEGATION = mutation(
  "setOfferDelegation",
  "SetOfferDelegationInput",
  `... on SetOfferDelegationSuccess { requestId ${CUSTOMER} }
   ... on CustomerNotFound { customerId }
   ... on CustomerNotDirectSubAccount { customerId }`,
);

export const CREATE_OFFER = mutation(
  "createOffer",
  "CreateOfferInput",
  `... on CreateOfferSuccess { requestId offer { id name kind owner { id } poolCustomer { id } } }
   ... on PoolCustomerNotSubAccount { customerId }`,
);

export const UPDATE_PACKAGE = mutation(
  "updatePackage",
  "UpdatePackageInput",
  `... on UpdatePackageSuccess { requestId ${PACKAGE} }
   ${PACKAGE_ERRORS}
   ... on PackageNameTaken { name packageId }
   ... on OffersNotOwned { offerIds }
   ... on PoolOffersNotAllowedInPackage { offerIds }
   ... on NotDirectSubAccounts { customerIds }`,
);

export const DELETE_PACKAGE = mutation(
  "deletePackage",
  "DeletePackageInput",
  `... on DeletePackageSuccess { requestId packageId }
   ${PACKAGE_ERRORS}`,
);

export const CREATE_SUBSCRIBERS = mutation(
  "createSubscribers",
  "CreateSubscribersInput",
  `... on CreateSubscribersSuccess {
     succeededCount failedCount
     results {
       index requestId customerId
       subscriber { id customer { id } imsi iccid msisdn imei imeisv package { id } offers { id } }
       error {
         __typename
         ... on ErrorResult { code message }
         ... on ValidationFailed { issues { path message } }
         ... on CustomerNotFound { customerId }
         ... on CustomerNotDirectSubAccount { customerId }
         ... on SubscriberIdentifierTaken { identifier { type value } }
       }
     }
   }`,
);

export const ATTACH_PACKAGE = mutation(
  "attachPackage",
  "SubscriberPackageInput",
  `... on AttachPackageSuccess { requestId ${SUBSCRIBER} }
   ${SCOPE_ERRORS}
   ... on PackageAlreadyAttached { attachedPackageId }
   ... on PackageNotFound { packageId }
   ... on PackageNotSellPackage { packageId }
   ... on PackageNotBuyPackage { packageId }
   ... on SubAccountNotEligible { packageId customerId }`,
);

export const DETACH_PACKAGE = mutation(
  "detachPackage",
  "SubscriberPackageInput",
  `... on DetachPackageSuccess { requestId ${SUBSCRIBER} }
   ${SCOPE_ERRORS}
   ... on CurrentPackageMismatch { currentPackageId attachedPackageId }`,
);

export const DETACH_OFFER = mutation(
  "detachOffer",
  "DetachOfferInput",
  `... on DetachOfferSuccess { requestId subscriberOfferId ${SUBSCRIBER} }
   ... on SubscriberOfferNotFound { subscriberOfferId }
   ... on OfferCameWithPackage { subscriberOfferId packageId }
   ... on SubscriberNotInSubAccount { subscriberId }
   ... on SubscriberNotOwn { subscriberId }
   ... on OfferNotSellPlan { offerId }
   ... on OfferNotBuyPlan { offerId }
   ... on PoolPlanNotSelfService { offerId }`,
);

export const CREATE_EXTERNAL_PARAM_CONFIG = mutation(
  "createExternalParamConfig",
  "CreateExternalParamConfigInput",
  `... on CreateExternalParamConfigSuccess { requestId ${CONFIG} }
   ... on ExternalParamNameTaken { name configId }`,
);

export const SET_EXTERNAL_PARAM_VALUE = mutation(
  "setExternalParamValue",
  "SetExternalParamValueInput",
  `... on SetExternalParamValueSuccess { requestId entityId value ${CONFIG} }
   ${VALUE_ERRORS}`,
);

export const CLEAR_EXTERNAL_PARAM_VALUE = mutation(
  "clearExternalParamValue",
  "ClearExternalParamValueInput",
  `... on ClearExternalParamValueSuccess { requestId entityId cleared ${CONFIG} }
   ${VALUE_ERRORS}`,
);

export const CREATE_API_KEY = mutation(
  "createApiKey",
  "CreateApiKeyInput",
  `... on CreateApiKeySuccess { requestId key ${API_KEY} }
   ... on CustomerNotFound { customerId }
   ... on CustomerNotDirectSubAccount { customerId }`,
);

export const REVOKE_API_KEY = mutation(
  "revokeApiKey",
  "RevokeApiKeyInput",
  `... on RevokeApiKeySuccess { requestId ${API_KEY} }
   ... on ApiKeyNotFound { apiKeyId }`,
);

/** The three mutations of the platform documents, in the same shape (alias r, $key). */
export const CREATE_PACKAGE = `
mutation($customerId: UUID!, $input: CreatePackageInput!, $key: String) {
  r: createPackage(customerId: $customerId, input: $input, idempotencyKey: $key) {
    ${ERRORS}
    ... on CreatePackageSuccess { requestId ${PACKAGE} }
    ... on PoolOffersNotAllowedInPackage { offerIds }
    ... on OffersNotOwned { offerIds }
  }
}`;

export const ATTACH_OFFER = mutation(
  "attachOffer",
  "AttachOfferInput",
  `... on AttachOfferSuccess { requestId subscriberOffer { id priority attachedAt offer { id } package { id } } }
   ... on OfferNotFound { offerId }
   ... on PoolPlanNotForSubAccount { offerId subscriberId }
   ... on PoolPlanNotSelfService { offerId }`,
);

export const BULK_REPLACE_PACKAGE = mutation(
  "bulkReplacePackage",
  "BulkReplacePackageInput",
  `... on BulkReplacePackageSuccess {
     succeededCount failedCount
     results { index requestId subscriber { type value } currentPackageId newPackageId myPackage error { __typename ... on ErrorResult { code message } } }
   }`,
);

export type As = CustomerName | { key: string | null };

/** Runs a document of this module and answers its `r` field; a GraphQL error fails the test. */
export async function run(t: TestServer, as: As, document: string, variables: Record<string, unknown>): Promise<any> {
  const response = await t.gql(as, document, variables);
  if (response.status !== 200 || response.body.errors) {
    throw new Error(`unexpected GraphQL answer ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body.data.r;
}

export const REQUEST = `query($id: UUID!) { request(id: $id) { id operation status code createdAt completedAt } }`;

/** A request as its requester reads it. */
export async function requestOf(t: TestServer, as: As, id: string): Promise<any> {
  return (await t.gql(as, REQUEST, { id })).body.data.request;
}

export interface RequestRow {
  requesterId: string;
  operation: string;
  status: string;
  code: string | null;
}

/** Every request in the table, in insertion order. */
export function requestRows(t: TestServer): Promise<RequestRow[]> {
  return t.db.rows<RequestRow>(
    `SELECT requester_id AS "requesterId", operation, status, code FROM requests ORDER BY ${t.db.insertionOrder}`,
  );
}

/** The requests an action recorded. */
export async function requestsRecordedBy(t: TestServer, action: () => Promise<unknown>): Promise<RequestRow[]> {
  const before = (await requestRows(t)).length;
  await action();
  return (await requestRows(t)).slice(before);
}

/** How many rows a table holds. */
export function countRows(t: TestServer, table: string, where = "1 = 1", ...params: unknown[]): Promise<number> {
  return t.db.count(table, where, ...params);
}

/** The answer with one field blanked: two refusals that differ only in the id they echo. */
export const without = (answer: Record<string, unknown>, field: string) => ({ ...answer, [field]: null });
