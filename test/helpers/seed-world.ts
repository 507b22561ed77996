/**
 * A world holding the ids that appear in the platform's documents (../shared/seeds/), so the
 * documents' request bodies run unchanged. The seeds reuse some UUIDs across entity kinds
 * (a customer and an offer share ee74dca6-…); ids are unique per kind, so that loads too.
 */
export const SEED = {
  OPERATOR: "5eed0000-0000-4000-8000-000000000001",
  /** The requester of the create, attach, bulk and external-params examples. */
  RESELLER: "5eed0000-0000-4000-8000-000000000002",
  /** The requester of the my-packages example: its parent allocated it "roaming" and "regular". */
  ENTERPRISE: "5eed0000-0000-4000-8000-000000000003",
  /** A customer without delegation, for the AUTH_1021 example. */
  NO_DELEGATION: "5eed0000-0000-4000-8000-000000000004",
  SUB_ACCOUNTS: [
    "ee74dca6-8e7f-4b85-a42b-13860913b3b1",
    "ff74aca1-8d1f-4b85-a62a-93360913b370",
    "b7ff0c8d-ac91-4b0a-8e72-bbc45ba38dbd",
  ],
  /** The customer of the external-params URL example. */
  PARAM_CUSTOMER: "a5ad9f06-0164-4475-8919-fcf1d4a4befe",
  KEYS: {
    RESELLER: "seed-key-reseller-000002",
    ENTERPRISE: "seed-key-enterprise-0003",
    NO_DELEGATION: "seed-key-no-delegation-4",
  },
} as const;

export function seedWorld() {
  const customer = (id: string, name: string, parentId: string | null, allowOfferDelegation = false, apiKeys: string[] = []) => ({
    id,
    name,
    parentId,
    allowOfferDelegation,
    apiKeys,
  });
  const offer = (id: string, name: string, ownerId: string) => ({ id, name, ownerId, kind: "REGULAR", poolCustomerId: null });
  const subscriber = (id: string, customerId: string, packageId: string, ids: Record<string, string>) => ({
    id,
    customerId,
    imsi: null,
    iccid: null,
    msisdn: null,
    imei: null,
    imeisv: null,
    ...ids,
    packageId,
  });
  return {
    customers: [
      customer(SEED.OPERATOR, "Seed Operator", null),
      customer(SEED.RESELLER, "Seed Reseller", SEED.OPERATOR, true, [SEED.KEYS.RESELLER]),
      customer(SEED.ENTERPRISE, "Seed Enterprise", SEED.OPERATOR, false, [SEED.KEYS.ENTERPRISE]),
      customer(SEED.NO_DELEGATION, "Seed Reseller Without Delegation", SEED.OPERATOR, false, [SEED.KEYS.NO_DELEGATION]),
      ...SEED.SUB_ACCOUNTS.map((id, i) => customer(id, `Seed Sub-account ${i + 1}`, SEED.RESELLER)),
      customer(SEED.PARAM_CUSTOMER, "Seed Sub-account with params", SEED.RESELLER),
    ],
    offers: [
      offer("cae5ce03-d331-40e1-9a1e-803fcdc905c7", "EU 1GB", SEED.RESELLER),
      offer("ff74dba6-8e7f-4b15-a42b-13810913b371", "Global 500MB", SEED.RESELLER),
      offer("1b15048b-1ed4-4d34-a074-c7e26520e12a", "Roaming data", SEED.OPERATOR),
      offer("ee74dca6-8e7f-4b85-a42b-13860913b3b1", "Roaming voice", SEED.OPERATOR),
      offer("fb3e01cf-3798-4d53-b2b4-914b3e36c83c", "Regular data", SEED.OPERATOR),
    ],
    packages: [
      {
        id: "e7fcef24-5c03-41dd-9e33-995b7d6f47a7",
        name: "roaming",
        description: "roaming bundle",
        ownerId: SEED.OPERATOR,
        nestedOfferIds: ["1b15048b-1ed4-4d34-a074-c7e26520e12a", "ee74dca6-8e7f-4b85-a42b-13860913b3b1"],
        eligibleSubAccountIds: [SEED.ENTERPRISE],
      },
      {
        id: "ff74dca6-8e7f-4b85-a42b-13860913b370",
        name: "regular",
        description: "regular bundle",
        ownerId: SEED.OPERATOR,
        nestedOfferIds: ["fb3e01cf-3798-4d53-b2b4-914b3e36c83c"],
        eligibleSubAccountIds: [SEED.ENTERPRISE],
      },
      {
        id: "e7fcef24-5c03-41dd-9e33-995b7d6f47e2",
        name: "Operator starter",
        description: null,
        ownerId: SEED.OPERATOR,
        nestedOfferIds: ["1b15048b-1ed4-4d34-a074-c7e26520e12a"],
        eligibleSubAccountIds: [SEED.RESELLER, SEED.NO_DELEGATION],
      },
      {
        id: "9a00e612-b17f-492b-a1c9-bf0bf7b3156b",
        name: "Operator plus",
        description: null,
        ownerId: SEED.OPERATOR,
        nestedOfferIds: ["fb3e01cf-3798-4d53-b2b4-914b3e36c83c", "1b15048b-1ed4-4d34-a074-c7e26520e12a"],
        eligibleSubAccountIds: [SEED.RESELLER, SEED.NO_DELEGATION],
      },
      {
        id: "4543dedb-cce7-4bee-89f3-7af1447927e6",
        name: "Reseller basic",
        description: null,
        ownerId: SEED.RESELLER,
        nestedOfferIds: ["cae5ce03-d331-40e1-9a1e-803fcdc905c7"],
        eligibleSubAccountIds: "ALL",
      },
      {
        id: "7c903dbc-7b6a-4ff4-91f8-96fd38feaa62",
        name: "Reseller plus",
        description: null,
        ownerId: SEED.RESELLER,
        nestedOfferIds: ["ff74dba6-8e7f-4b15-a42b-13810913b371", "cae5ce03-d331-40e1-9a1e-803fcdc905c7"],
        eligibleSubAccountIds: "ALL",
      },
    ],
    subscribers: [
      subscriber("5eed0000-0000-4000-8000-0000000000a1", SEED.SUB_ACCOUNTS[0], "4543dedb-cce7-4bee-89f3-7af1447927e6", { imsi: "222013090961859" }),
      subscriber("5eed0000-0000-4000-8000-0000000000a2", SEED.RESELLER, "e7fcef24-5c03-41dd-9e33-995b7d6f47e2", { iccid: "8935711001000034535" }),
      subscriber("5eed0000-0000-4000-8000-0000000000a3", SEED.NO_DELEGATION, "e7fcef24-5c03-41dd-9e33-995b7d6f47e2", { imsi: "222013090961963" }),
    ],
    externalParamConfigs: [
      {
        id: "e7fcef24-5c03-41dd-9e33-995b7d6f47a7",
        ownerId: SEED.RESELLER,
        name: "externalSubscriberId",
        displayName: "External Subscriber Id",
        description: "The Id of the subscriber in external billing system",
        entityType: "CUSTOMER",
        isSearchable: true,
      },
      {
        id: "a3ad8f06-0164-4675-8919-fcf7d4a4bebe",
        ownerId: SEED.RESELLER,
        name: "systemName",
        displayName: "System Name",
        description: "The name of external billing system",
        entityType: "OFFER",
        isSearchable: false,
      },
    ],
    externalParamValues: [
      { configId: "e7fcef24-5c03-41dd-9e33-995b7d6f47a7", entityId: SEED.PARAM_CUSTOMER, value: "BILL-0042" },
    ],
  };
}
