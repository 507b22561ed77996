/** The run-time ids the sweeps need, made through the API as a user would. */
import type { MadeIds } from "./sweep";
import type { TestServer } from "./server";
import { C, O, S, X, type CustomerName } from "./world";

export async function makeIds(t: TestServer): Promise<MadeIds & { foreign: { requestId: string; subscriberOfferId: string; apiKeyId: string } }> {
  const attach = async (as: "RA" | "RB", imsi: string, offerId: string) => {
    const res = await t.gql(as, `mutation($i: AttachOfferInput!) { attachOffer(input: $i) { ... on AttachOfferSuccess { requestId subscriberOffer { id } } } }`, {
      i: { subscriber: { type: "IMSI", value: imsi }, offerId },
    });
    return res.body.data.attachOffer as { requestId: string; subscriberOffer: { id: string } };
  };
  const mine = await attach("RA", S.EA1_3.imsi, O.RA_REG1);
  const theirs = await attach("RB", S.EB1_1.imsi, O.RB_REG1);
  const spare = await t.gql("RA", `mutation { createApiKey(input: { label: "spare" }) { ... on CreateApiKeySuccess { apiKey { id } } } }`);
  const rbKeyId = (await t.db.value<string>("SELECT id FROM api_keys WHERE customer_id = ?", C.RB))!;
  const cursor = async (query: string) => {
    const res = await t.gql("RA", query);
    return Object.values(res.body.data)[0] as { pageInfo: { endCursor: string } };
  };
  const packages = await cursor(`{ r: myPackages(customerId: "${C.EA1}", first: 1) { ... on PackageConnection { pageInfo { endCursor } } } }`);
  const configs = await cursor(
    `{ r: externalParamsConfig(customerId: "${C.RA}", entity: SUBSCRIBER, entityId: "${S.EA1_1.id}", first: 1) { ... on ExternalParamConfigConnection { pageInfo { endCursor } } } }`,
  );
  const search = await cursor(
    `{ r: subscribersByExternalParam(configId: "${X.RA_SUBSCRIBER}", value: "EXT-1", first: 1) { ... on SubscriberConnection { pageInfo { endCursor } } } }`,
  );
  return {
    requestId: mine.requestId,
    subscriberOfferId: mine.subscriberOffer.id,
    spareApiKeyId: spare.body.data.createApiKey.apiKey.id,
    packagesCursor: packages.pageInfo.endCursor,
    configsCursor: configs.pageInfo.endCursor,
    searchCursor: search.pageInfo.endCursor,
    foreign: { requestId: theirs.requestId, subscriberOfferId: theirs.subscriberOffer.id, apiKeyId: rbKeyId },
  };
}

/** Objects the isolation sweep needs beyond the test world, made through the API. */
export interface IsolationIds {
  /** EA1's package, eligible for ALL of its sub-accounts, attached to DA1_1. */
  ea1Package: string;
  /** EA1's package for DA1, attached to no subscriber. */
  ea1SparePackage: string;
  /** A DA1 subscriber without a package, with every identifier. */
  da1New: { id: string; imsi: string; iccid: string; msisdn: string; imei: string; imeisv: string };
  /** Offer instances attached on their own, one per way of attaching. */
  instances: { raOnEa1: string; raOnOwn: string; ea1OnDa1: string; ea1OnOwn: string };
  /** EA1's searchable SUBSCRIBER config, with the value "tag-1" on DA1_1. */
  ea1Config: string;
  keys: { raSpare: string; ea1ForDa1: string };
  requests: { ra: string; ea1: string };
}

/**
 * Makes, through the API, what the isolation sweep needs: objects of a sub-account requester
 * (EA1) to act on, and objects of siblings (EA2), of the parent's own subscribers and of the
 * other tenant (RB) that must stay invisible. Every step must succeed.
 */
export async function makeIsolationIds(t: TestServer): Promise<IsolationIds> {
  const call = async (as: CustomerName, document: string, variables: Record<string, unknown>) => {
    const res = await t.gql(as, document, variables);
    const data = res.body.data ? (Object.values(res.body.data)[0] as any) : null;
    if (!data || !/Success$/.test(data.__typename) || data.failedCount > 0) {
      throw new Error(`isolation setup failed: ${document}\n${JSON.stringify(variables)}\n${JSON.stringify(res.body)}`);
    }
    return data;
  };
  const imsi = (value: string) => ({ type: "IMSI", value });
  const createPackage = async (as: CustomerName, name: string, offerIds: string[], eligible: object) =>
    (
      await call(
        as,
        `mutation($c: UUID!, $i: CreatePackageInput!) { r: createPackage(customerId: $c, input: $i) { __typename ... on CreatePackageSuccess { package { id } } } }`,
        { c: C[as], i: { name, nestedOfferIds: offerIds, eligibleSubAccounts: eligible } },
      )
    ).package.id as string;
  const attachOffer = async (as: CustomerName, subscriber: object, offerId: string, myOffer = false) =>
    (await call(
      as,
      `mutation($i: AttachOfferInput!) { r: attachOffer(input: $i) { __typename ... on AttachOfferSuccess { requestId subscriberOffer { id } } } }`,
      { i: { subscriber, offerId, myOffer } },
    )) as { requestId: string; subscriberOffer: { id: string } };
  const createApiKey = async (as: CustomerName, customerId: string) =>
    (
      await call(as, `mutation($i: CreateApiKeyInput!) { r: createApiKey(input: $i) { __typename ... on CreateApiKeySuccess { apiKey { id } } } }`, {
        i: { label: "sweep", customerId },
      })
    ).apiKey.id as string;
  const createConfig = async (as: CustomerName, name: string, entityType = "SUBSCRIBER") =>
    (
      await call(
        as,
        `mutation($i: CreateExternalParamConfigInput!) { r: createExternalParamConfig(input: $i) { __typename ... on CreateExternalParamConfigSuccess { config { id } } } }`,
        { i: { name, entityType, isSearchable: entityType === "SUBSCRIBER" } },
      )
    ).config.id as string;
  const setValue = (as: CustomerName, configId: string, entityId: string, value: string) =>
    call(as, `mutation($i: SetExternalParamValueInput!) { r: setExternalParamValue(input: $i) { __typename } }`, { i: { configId, entityId, value } });

  // EA1, a sub-account with its own sub-account DA1: packages, a new SIM, a config, a key.
  const ea1Package = await createPackage("EA1", "EA1 sweep", [O.EA1_REG1], { all: true });
  const ea1SparePackage = await createPackage("EA1", "EA1 sweep spare", [O.EA1_REG1], { ids: [C.DA1] });
  const da1New = { imsi: "222010000077001", iccid: "8935711001000077001", msisdn: "4915100077001", imei: "35209900177001", imeisv: "3563450000077001" };
  const created = await call(
    "EA1",
    `mutation($i: CreateSubscribersInput!) { r: createSubscribers(input: $i) { __typename ... on CreateSubscribersSuccess { failedCount results { subscriber { id } } } } }`,
    { i: { items: [{ customerId: C.DA1, ...da1New }] } },
  );
  await call("EA1", `mutation($i: SubscriberPackageInput!) { r: attachPackage(input: $i) { __typename } }`, {
    i: { subscriber: imsi(S.DA1_1.imsi), packageId: ea1Package },
  });
  const ea1OnDa1 = await attachOffer("EA1", imsi(S.DA1_1.imsi), O.EA1_REG1);
  const ea1OnOwn = await attachOffer("EA1", imsi(S.EA1_3.imsi), O.RA_REG1, true);
  const ea1Config = await createConfig("EA1", "ea1Tag");
  await setValue("EA1", ea1Config, S.DA1_1.id, "tag-1");
  // EA1's configs of the other types, valued on its own entities: its externalParams lists are
  // not empty where it owns the entity, so an entity it only sees (its parent's plans and
  // packages, its parent) would show them if the rule let it.
  await setValue("EA1", await createConfig("EA1", "ea1Customer", "CUSTOMER"), C.DA1, "da1-value");
  await setValue("EA1", await createConfig("EA1", "ea1Offer", "OFFER"), O.EA1_REG1, "offer-value");
  await setValue("EA1", await createConfig("EA1", "ea1Package", "PACKAGE"), ea1Package, "package-value");
  const ea1ForDa1 = await createApiKey("EA1", C.DA1);

  // RA: offer instances on a sub-account's subscriber, on its own (self-service) and on EA2's.
  const raOnEa1 = await attachOffer("RA", imsi(S.EA1_3.imsi), O.RA_REG1);
  const raOnOwn = await attachOffer("RA", { type: "IMEISV", value: S.RA_2.imeisv }, O.OP_REG1, true);
  await attachOffer("RA", { type: "MSISDN", value: S.EA2_1.msisdn }, O.RA_REG2);
  const raSpare = await createApiKey("RA", C.RA);

  // EA2, EA1's sibling: an offer, a package and a config of its own.
  const ea2Offer = await call("EA2", `mutation($i: CreateOfferInput!) { r: createOffer(input: $i) { __typename ... on CreateOfferSuccess { offer { id } } } }`, {
    i: { name: "EA2 sweep", kind: "REGULAR" },
  });
  await createPackage("EA2", "EA2 sweep", [ea2Offer.offer.id], { ids: [] });
  await createConfig("EA2", "ea2Tag");

  // RB, the other tenant: an offer instance, and a SIM with every kind of identifier.
  await attachOffer("RB", imsi(S.EB1_1.imsi), O.RB_REG1);
  await call(
    "RB",
    `mutation($i: CreateSubscribersInput!) { r: createSubscribers(input: $i) { __typename ... on CreateSubscribersSuccess { failedCount } } }`,
    { i: { items: [{ customerId: C.EB1, imsi: "222010000066001", iccid: "8935711001000066001", msisdn: "4915100066001", imei: "352099001761499", imeisv: "3563450000066001" }] } },
  );

  return {
    ea1Package,
    ea1SparePackage,
    da1New: { id: created.results[0].subscriber.id, ...da1New },
    instances: { raOnEa1: raOnEa1.subscriberOffer.id, raOnOwn: raOnOwn.subscriberOffer.id, ea1OnDa1: ea1OnDa1.subscriberOffer.id, ea1OnOwn: ea1OnOwn.subscriberOffer.id },
    ea1Config,
    keys: { raSpare, ea1ForDa1 },
    requests: { ra: raOnEa1.requestId, ea1: ea1OnDa1.requestId },
  };
}
