/**
 * The examples of each platform document (../shared/seeds/), translated to GraphQL, give the
 * documented outcome. Request bodies are the documents' own.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SEED, seedWorld } from "../helpers/seed-world";
import { startTestServer, type TestServer } from "../helpers/server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const GLOBAL_1001 = { __typename: "ServiceUnavailable", code: "GLOBAL_1001", message: "Service unavailable. Please try again" };

describe("the platform documents' examples", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer({ world: seedWorld() });
  });
  afterEach(() => t.close());

  const as = (key: string) => ({ key });

  describe("get-my-packages.txt", () => {
    const query = `query($id: UUID!) { myPackages(customerId: $id) {
      __typename
      ... on PackageConnection { totalCount nodes { id name description nestedOffers { id } } }
      ... on ErrorResult { code message } } }`;

    it("Success ACK: the packages allocated to the requester, nested offers in order", async () => {
      const res = await t.gql(as(SEED.KEYS.ENTERPRISE), query, { id: SEED.ENTERPRISE });
      expect(res.body.data.myPackages).toEqual({
        __typename: "PackageConnection",
        totalCount: 2,
        nodes: [
          {
            id: "e7fcef24-5c03-41dd-9e33-995b7d6f47a7",
            name: "roaming",
            description: "roaming bundle",
            nestedOffers: [{ id: "1b15048b-1ed4-4d34-a074-c7e26520e12a" }, { id: "ee74dca6-8e7f-4b85-a42b-13860913b3b1" }],
          },
          {
            id: "ff74dca6-8e7f-4b85-a42b-13860913b370",
            name: "regular",
            description: "regular bundle",
            nestedOffers: [{ id: "fb3e01cf-3798-4d53-b2b4-914b3e36c83c" }],
          },
        ],
      });
    });

    it("Failure NAK: GLOBAL_1001", async () => {
      await t.db.run("ALTER TABLE packages RENAME TO gone");
      const res = await t.gql(as(SEED.KEYS.ENTERPRISE), query, { id: SEED.ENTERPRISE });
      expect(res.body.data.myPackages).toEqual(GLOBAL_1001);
    });
  });

  describe("create-customer-package.txt", () => {
    const body = {
      name: "Basic roaming package",
      description: "Basic roaming package description",
      nestedOffers: ["cae5ce03-d331-40e1-9a1e-803fcdc905c7", "ff74dba6-8e7f-4b15-a42b-13810913b371"],
      eligibleSubAccountIds: ["ee74dca6-8e7f-4b85-a42b-13860913b3b1", "ff74aca1-8d1f-4b85-a62a-93360913b370", "b7ff0c8d-ac91-4b0a-8e72-bbc45ba38dbd"],
    };
    const mutation = `mutation($id: UUID!, $input: CreatePackageInput!) { createPackage(customerId: $id, input: $input) {
      __typename
      ... on CreatePackageSuccess { requestId package { id name description nestedOffers { id } eligibleSubAccounts { all customers { id } } } }
      ... on ErrorResult { code message } } }`;
    const input = {
      name: body.name,
      description: body.description,
      nestedOfferIds: body.nestedOffers,
      eligibleSubAccounts: { ids: body.eligibleSubAccountIds },
    };

    it("Success ACK: a requestId and the new packageId", async () => {
      const res = await t.gql(as(SEED.KEYS.RESELLER), mutation, { id: SEED.RESELLER, input });
      const result = res.body.data.createPackage;
      expect(result.__typename).toBe("CreatePackageSuccess");
      expect(result.requestId).toMatch(UUID);
      expect(result.package.id).toMatch(UUID);
      expect(result.package).toMatchObject({
        name: body.name,
        description: body.description,
        nestedOffers: body.nestedOffers.map((id) => ({ id })),
        eligibleSubAccounts: { all: false, customers: body.eligibleSubAccountIds.map((id) => ({ id })) },
      });
    });

    it("Failure NACK: GLOBAL_1001", async () => {
      await t.db.failOn("packages", "INSERT", "down");
      const res = await t.gql(as(SEED.KEYS.RESELLER), mutation, { id: SEED.RESELLER, input });
      expect(res.body.data.createPackage).toEqual(GLOBAL_1001);
    });
  });

  describe("attach-subscriber-offer.txt", () => {
    const mutation = `mutation($input: AttachOfferInput!) { attachOffer(input: $input) {
      __typename
      ... on AttachOfferSuccess { requestId subscriberOffer { id priority } }
      ... on ErrorResult { code message } } }`;
    // POST /api/v2/subscriber/imsi/222013090961859/cae5ce03-… with { "priority": 100, "myOffer": false }
    const input = (offerId: string) => ({
      subscriber: { type: "IMSI", value: "222013090961859" },
      offerId,
      priority: 100,
      myOffer: false,
    });

    it("Success ACK: a requestId and the subscriberOfferId", async () => {
      const res = await t.gql(as(SEED.KEYS.RESELLER), mutation, { input: input("ff74dba6-8e7f-4b15-a42b-13810913b371") });
      const result = res.body.data.attachOffer;
      expect(result.__typename).toBe("AttachOfferSuccess");
      expect(result.requestId).toMatch(UUID);
      expect(result.subscriberOffer.id).toMatch(UUID);
      expect(result.subscriberOffer.priority).toBe(100);
    });

    it("Failure NAK: SUBSCRIBER_1010 Failed to attach offer", async () => {
      // The operator's plan is not one of the reseller's Sell plans.
      const res = await t.gql(as(SEED.KEYS.RESELLER), mutation, { input: input("1b15048b-1ed4-4d34-a074-c7e26520e12a") });
      expect(res.body.data.attachOffer).toMatchObject({ code: "SUBSCRIBER_1010", message: "Failed to attach offer" });
    });
  });

  describe("bulk-replace-subscriber-package.txt", () => {
    const request = {
      bulk: [
        {
          subscriberIdentifiers: { type: "IMSI", value: "222013090961859" },
          content: { currentPackageId: "4543dedb-cce7-4bee-89f3-7af1447927e6", newPackageId: "7c903dbc-7b6a-4ff4-91f8-96fd38feaa62" },
        },
        {
          subscriberIdentifiers: { type: "ICCID", value: "8935711001000034535" },
          content: { currentPackageId: "e7fcef24-5c03-41dd-9e33-995b7d6f47e2", newPackageId: "9a00e612-b17f-492b-a1c9-bf0bf7b3156b", myPackage: true },
        },
      ],
    };
    const toInput = (bulk: typeof request.bulk) => ({
      items: bulk.map((b) => ({ subscriber: b.subscriberIdentifiers, ...b.content })),
    });
    const mutation = `mutation($input: BulkReplacePackageInput!) { bulkReplacePackage(input: $input) {
      __typename
      ... on BulkReplacePackageSuccess { succeededCount failedCount results {
        requestId subscriber { type value } currentPackageId newPackageId myPackage
        error { __typename ... on ErrorResult { code message } } } }
      ... on ErrorResult { code message } } }`;

    it("Full Success ACK: a requestId per item and each item echoed, myPackage false when omitted", async () => {
      const res = await t.gql(as(SEED.KEYS.RESELLER), mutation, { input: toInput(request.bulk) });
      const result = res.body.data.bulkReplacePackage;
      expect(result).toMatchObject({ __typename: "BulkReplacePackageSuccess", succeededCount: 2, failedCount: 0 });
      expect(result.results).toEqual([
        {
          requestId: expect.stringMatching(UUID),
          subscriber: { type: "IMSI", value: "222013090961859" },
          currentPackageId: "4543dedb-cce7-4bee-89f3-7af1447927e6",
          newPackageId: "7c903dbc-7b6a-4ff4-91f8-96fd38feaa62",
          myPackage: false,
          error: null,
        },
        {
          requestId: expect.stringMatching(UUID),
          subscriber: { type: "ICCID", value: "8935711001000034535" },
          currentPackageId: "e7fcef24-5c03-41dd-9e33-995b7d6f47e2",
          newPackageId: "9a00e612-b17f-492b-a1c9-bf0bf7b3156b",
          myPackage: true,
          error: null,
        },
      ]);
    });

    it("Includes Failure NAK: AUTH_1021 with no requestId", async () => {
      const failing = [
        {
          subscriberIdentifiers: { type: "IMSI", value: "222013090961963" },
          content: { currentPackageId: "e7fcef24-5c03-41dd-9e33-995b7d6f47e2", newPackageId: "9a00e612-b17f-492b-a1c9-bf0bf7b3156b", myPackage: true },
        },
      ];
      const res = await t.gql(as(SEED.KEYS.NO_DELEGATION), mutation, { input: toInput(failing) });
      expect(res.body.data.bulkReplacePackage.results).toEqual([
        {
          requestId: null,
          subscriber: { type: "IMSI", value: "222013090961963" },
          currentPackageId: "e7fcef24-5c03-41dd-9e33-995b7d6f47e2",
          newPackageId: "9a00e612-b17f-492b-a1c9-bf0bf7b3156b",
          myPackage: true,
          error: { __typename: "SelfServiceNotEligible", code: "AUTH_1021", message: "You are not eligible to use the self-service mode" },
        },
      ]);
    });
  });

  describe("get-customer-external-params-config.txt", () => {
    const query = `query($customerId: UUID!, $entity: ExternalParamEntity!, $entityId: UUID!) {
      externalParamsConfig(customerId: $customerId, entity: $entity, entityId: $entityId) {
        __typename
        ... on ExternalParamConfigConnection { totalCount nodes { id name displayName description entityType isSearchable value } }
        ... on ErrorResult { code message } } }`;

    it("Success ACK: the configs with their fields (one entity type per call, SPEC section 2)", async () => {
      // api/v2/customer/{id}/external-params-config/customer/a5ad9f06-0164-4475-8919-fcf1d4a4befe
      const customer = await t.gql(as(SEED.KEYS.RESELLER), query, { customerId: SEED.RESELLER, entity: "CUSTOMER", entityId: SEED.PARAM_CUSTOMER });
      expect(customer.body.data.externalParamsConfig).toEqual({
        __typename: "ExternalParamConfigConnection",
        totalCount: 1,
        nodes: [
          {
            id: "e7fcef24-5c03-41dd-9e33-995b7d6f47a7",
            name: "externalSubscriberId",
            displayName: "External Subscriber Id",
            description: "The Id of the subscriber in external billing system",
            entityType: "CUSTOMER",
            isSearchable: true,
            value: "BILL-0042",
          },
        ],
      });
      const plan = await t.gql(as(SEED.KEYS.RESELLER), query, { customerId: SEED.RESELLER, entity: "PLAN", entityId: "cae5ce03-d331-40e1-9a1e-803fcdc905c7" });
      expect(plan.body.data.externalParamsConfig.nodes).toEqual([
        {
          id: "a3ad8f06-0164-4675-8919-fcf7d4a4bebe",
          name: "systemName",
          displayName: "System Name",
          description: "The name of external billing system",
          entityType: "OFFER",
          isSearchable: false,
          value: null,
        },
      ]);
    });

    it("Failure NAK: GLOBAL_1001", async () => {
      await t.db.run("ALTER TABLE external_param_configs RENAME TO gone");
      const res = await t.gql(as(SEED.KEYS.RESELLER), query, { customerId: SEED.RESELLER, entity: "CUSTOMER", entityId: SEED.PARAM_CUSTOMER });
      expect(res.body.data.externalParamsConfig).toEqual(GLOBAL_1001);
    });
  });
});
