/** The run-time ids the sweeps need, made through the API as a user would. */
import { apiKeys } from "../../src/db/schema";
import { eq } from "drizzle-orm";
import type { MadeIds } from "./sweep";
import type { TestServer } from "./server";
import { C, O, S, X } from "./world";

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
  const rbKey = t.handle.db.select().from(apiKeys).where(eq(apiKeys.customerId, C.RB)).get()!;
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
    foreign: { requestId: theirs.requestId, subscriberOfferId: theirs.subscriberOffer.id, apiKeyId: rbKey.id },
  };
}
