/**
 * The test world: a small, readable tree with every relationship the rules care about.
 *
 *   OP (operator)
 *   ├── RA (reseller, delegation on)
 *   │   ├── EA1 (enterprise, delegation on)
 *   │   │   └── DA1 (department)
 *   │   └── EA2 (enterprise, delegation off)
 *   └── RB (reseller, delegation off)
 *       └── EB1 (enterprise, delegation on)
 */
const id = (group: number, n: number) =>
  `${group.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

export const C = {
  OP: id(1, 1),
  RA: id(1, 2),
  EA1: id(1, 3),
  DA1: id(1, 4),
  EA2: id(1, 5),
  RB: id(1, 6),
  EB1: id(1, 7),
} as const;
export type CustomerName = keyof typeof C;

export const KEYS: Record<CustomerName, string> = {
  OP: "test-key-operator-000001",
  RA: "test-key-reseller-a-0002",
  EA1: "test-key-enterprise-a1-3",
  DA1: "test-key-department-a1-4",
  EA2: "test-key-enterprise-a2-5",
  RB: "test-key-reseller-b-0006",
  EB1: "test-key-enterprise-b1-7",
};

export const O = {
  OP_REG1: id(2, 1),
  OP_REG2: id(2, 2),
  OP_POOL_RA: id(2, 3),
  RA_REG1: id(2, 4),
  RA_REG2: id(2, 5),
  RA_REG3: id(2, 6),
  RA_POOL_EA1: id(2, 7),
  RA_POOL_EA2: id(2, 8),
  RB_REG1: id(2, 9),
  EA1_REG1: id(2, 10),
  OP_POOL_RB: id(2, 11),
} as const;

export const P = {
  OP_ALL: id(3, 1),
  OP_RA: id(3, 2),
  RA_BASIC: id(3, 3),
  RA_PREMIUM: id(3, 4),
  RA_NONE: id(3, 5),
  RB_ALL: id(3, 6),
  OP_RB: id(3, 7),
} as const;

export const S = {
  EA1_1: { id: id(4, 1), imsi: "222010000000001" },
  EA1_2: { id: id(4, 2), iccid: "8935711001000000021" },
  EA2_1: { id: id(4, 3), msisdn: "4915100000031" },
  RA_1: { id: id(4, 4), imei: "490154203237518" },
  RA_2: { id: id(4, 5), imeisv: "3563450000000520" },
  DA1_1: { id: id(4, 6), imsi: "222010000000061" },
  EB1_1: { id: id(4, 7), imsi: "222010000000071" },
  RB_1: { id: id(4, 8), imsi: "222010000000081" },
  EA1_3: { id: id(4, 9), imsi: "222010000000091" },
} as const;

export const X = {
  RA_CUSTOMER: id(5, 1),
  RA_SUBSCRIBER: id(5, 2),
  RA_OFFER: id(5, 3),
  RA_PACKAGE: id(5, 4),
  RB_SUBSCRIBER: id(5, 5),
  RA_SUBSCRIBER_HIDDEN: id(5, 6),
} as const;

const customer = (name: CustomerName, parent: CustomerName | null, allowOfferDelegation: boolean) => ({
  id: C[name],
  name: `Customer ${name}`,
  parentId: parent ? C[parent] : null,
  allowOfferDelegation,
  apiKeys: [KEYS[name]],
});

const offer = (key: keyof typeof O, owner: CustomerName, pool: CustomerName | null = null) => ({
  id: O[key],
  name: `Offer ${key}`,
  ownerId: C[owner],
  kind: pool ? "POOL" : "REGULAR",
  poolCustomerId: pool ? C[pool] : null,
});

const pkg = (key: keyof typeof P, owner: CustomerName, offers: (keyof typeof O)[], eligible: CustomerName[] | "ALL") => ({
  id: P[key],
  name: `Package ${key}`,
  description: `The ${key} package`,
  ownerId: C[owner],
  nestedOfferIds: offers.map((o) => O[o]),
  eligibleSubAccountIds: eligible === "ALL" ? "ALL" : eligible.map((c) => C[c]),
});

const subscriber = (key: keyof typeof S, owner: CustomerName, packageKey: keyof typeof P | null) => ({
  imsi: null,
  iccid: null,
  msisdn: null,
  imei: null,
  imeisv: null,
  ...S[key],
  customerId: C[owner],
  packageId: packageKey ? P[packageKey] : null,
});

/** A fresh copy of the test world (tests may change it before loading). */
export function testWorld() {
  return {
    customers: [
      customer("OP", null, false),
      customer("RA", "OP", true),
      customer("EA1", "RA", true),
      customer("DA1", "EA1", false),
      customer("EA2", "RA", false),
      customer("RB", "OP", false),
      customer("EB1", "RB", true),
    ],
    offers: [
      offer("OP_REG1", "OP"),
      offer("OP_REG2", "OP"),
      offer("OP_POOL_RA", "OP", "RA"),
      offer("OP_POOL_RB", "OP", "RB"),
      offer("RA_REG1", "RA"),
      offer("RA_REG2", "RA"),
      offer("RA_REG3", "RA"),
      offer("RA_POOL_EA1", "RA", "EA1"),
      offer("RA_POOL_EA2", "RA", "EA2"),
      offer("RB_REG1", "RB"),
      offer("EA1_REG1", "EA1"),
    ],
    packages: [
      pkg("OP_ALL", "OP", ["OP_REG1", "OP_REG2"], "ALL"),
      pkg("OP_RA", "OP", ["OP_REG1"], ["RA"]),
      pkg("OP_RB", "OP", ["OP_REG2"], ["RB"]),
      pkg("RA_BASIC", "RA", ["RA_REG1", "RA_REG2"], "ALL"),
      pkg("RA_PREMIUM", "RA", ["RA_REG3", "RA_REG1"], ["EA1"]),
      pkg("RA_NONE", "RA", ["RA_REG2"], []),
      pkg("RB_ALL", "RB", ["RB_REG1"], "ALL"),
    ],
    subscribers: [
      subscriber("EA1_1", "EA1", "RA_BASIC"),
      subscriber("EA1_2", "EA1", "RA_PREMIUM"),
      subscriber("EA1_3", "EA1", null),
      subscriber("EA2_1", "EA2", null),
      subscriber("RA_1", "RA", "OP_ALL"),
      subscriber("RA_2", "RA", null),
      subscriber("DA1_1", "DA1", null),
      subscriber("EB1_1", "EB1", "RB_ALL"),
      subscriber("RB_1", "RB", "OP_ALL"),
    ],
    externalParamConfigs: [
      { id: X.RA_CUSTOMER, ownerId: C.RA, name: "costCenter", displayName: "Cost center", description: "Billing cost center", entityType: "CUSTOMER", isSearchable: true },
      { id: X.RA_SUBSCRIBER, ownerId: C.RA, name: "externalSubscriberId", displayName: "External Subscriber Id", description: "The id in the billing system", entityType: "SUBSCRIBER", isSearchable: true },
      { id: X.RA_SUBSCRIBER_HIDDEN, ownerId: C.RA, name: "internalNote", displayName: null, description: null, entityType: "SUBSCRIBER", isSearchable: false },
      { id: X.RA_OFFER, ownerId: C.RA, name: "systemName", displayName: "System Name", description: "The billing system", entityType: "OFFER", isSearchable: false },
      { id: X.RA_PACKAGE, ownerId: C.RA, name: "tier", displayName: "Tier", description: null, entityType: "PACKAGE", isSearchable: true },
      { id: X.RB_SUBSCRIBER, ownerId: C.RB, name: "externalSubscriberId", displayName: null, description: null, entityType: "SUBSCRIBER", isSearchable: true },
    ],
    externalParamValues: [
      { configId: X.RA_CUSTOMER, entityId: C.EA1, value: "CC-001" },
      { configId: X.RA_SUBSCRIBER, entityId: S.EA1_1.id, value: "EXT-1" },
      { configId: X.RA_SUBSCRIBER_HIDDEN, entityId: S.EA1_1.id, value: "note" },
      { configId: X.RA_OFFER, entityId: O.RA_REG1, value: "billing-A" },
      { configId: X.RB_SUBSCRIBER, entityId: S.EB1_1.id, value: "EXT-B" },
    ],
  };
}

export type TestWorld = ReturnType<typeof testWorld>;

/** A random UUID-shaped id that exists nowhere. */
export const MISSING = "99999999-0000-4000-8000-000000000000";
