/**
 * External params in Apollo Client's normalized cache, configured with nothing but the
 * generated possibleTypes: a config is one cache entry per id, so a value read from it would be
 * the last entity's; read from ExternalParamConfigEdge.value or an entity's externalParams, each
 * entity keeps its own. Against the demo world, as Nimbus Connect.
 */
import { ApolloClient, gql, HttpLink, InMemoryCache } from "@apollo/client";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CustomerDocument, ExternalParamsConfigDocument, SubscriberDocument } from "../../examples/client/generated/graphql";
import introspection from "../../examples/client/generated/possible-types";
import { startTestServer, type TestServer } from "../helpers/server";

const DEMO_WORLD = JSON.parse(readFileSync(join(resolve(__dirname, "../.."), "examples/demo-world.json"), "utf8"));
const NIMBUS = { id: "2086ad17-9c2a-416e-a89c-effb465be569", key: "demo-nimbus-reseller-key-0002" };
/** Two of Nimbus's sub-accounts, with their values of its CUSTOMER config crmAccountId. */
const ACME = { id: "49c52028-b989-482b-b5e8-0017c69e5e85", crmAccountId: "CRM-ACME-5521" };
const GREENFIELD = { id: "f9f775f1-4659-41bf-ac7c-111b9e96ec42", crmAccountId: "CRM-GRN-3307" };
/** A SIM of each, with its value of Nimbus's SUBSCRIBER config assetTag. */
const ACME_TRUCK = { iccid: "8935711713715113217", assetTag: "ACME-TRUCK-0042" };
const SOIL_SENSOR = { iccid: "89357115366950461607", assetTag: "GF-SOIL-SENSOR-17" };

describe("external params in Apollo Client's normalized cache", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ world: DEMO_WORLD });
  });
  afterAll(() => t.close());

  const newClient = () =>
    new ApolloClient({
      link: new HttpLink({ uri: t.url, headers: { authorization: `Bearer ${NIMBUS.key}` } }),
      cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
    });

  const configsOf = (entityId: string) => ({ customerId: NIMBUS.id, entity: "CUSTOMER" as const, entityId, first: 10 });

  /** [config name, value] of each edge of an answer of ExternalParamsConfigDocument. */
  function edgeValues(data: unknown): [string, string | null][] {
    const result = (data as { externalParamsConfig: { __typename: string; edges?: { value: string | null; node: { name: string } }[] } }).externalParamsConfig;
    if (result.__typename !== "ExternalParamConfigConnection" || !result.edges) throw new Error(`unexpected ${result.__typename}`);
    return result.edges.map((edge) => [edge.node.name, edge.value]);
  }

  it("keeps each entity's value on the externalParamsConfig edges: A, then B, then A from the cache", async () => {
    const client = newClient();
    const a = await client.query({ query: ExternalParamsConfigDocument, variables: configsOf(ACME.id) });
    expect(edgeValues(a.data)).toEqual([["crmAccountId", ACME.crmAccountId]]);
    const b = await client.query({ query: ExternalParamsConfigDocument, variables: configsOf(GREENFIELD.id) });
    expect(edgeValues(b.data)).toEqual([["crmAccountId", GREENFIELD.crmAccountId]]);

    const requests = t.logs.length;
    const again = await client.query({ query: ExternalParamsConfigDocument, variables: configsOf(ACME.id), fetchPolicy: "cache-only" });
    expect(edgeValues(again.data)).toEqual([["crmAccountId", ACME.crmAccountId]]);
    // The config itself is one entry, shared by both answers.
    const cache = client.cache.extract() as Record<string, { name?: string }>;
    const configKeys = Object.keys(cache).filter((key) => key.startsWith("ExternalParamConfig:"));
    expect(configKeys).toHaveLength(1);
    expect(cache[configKeys[0]!]!.name).toBe("crmAccountId");
    // Read from the cache alone: the server saw no request.
    expect(t.logs.length).toBe(requests);
  });

  it("would show the last entity's value through the deprecated ExternalParamConfig.value", async () => {
    const client = newClient();
    const NODE_VALUES = gql`
      query NodeValues($customerId: UUID!, $entity: ExternalParamEntity!, $entityId: UUID!) {
        externalParamsConfig(customerId: $customerId, entity: $entity, entityId: $entityId) {
          __typename
          ... on ExternalParamConfigConnection { nodes { id value } }
        }
      }
    `;
    const values = (data: unknown) => (data as { externalParamsConfig: { nodes: { value: string | null }[] } }).externalParamsConfig.nodes.map((n) => n.value);
    expect(values((await client.query({ query: NODE_VALUES, variables: configsOf(ACME.id) })).data)).toEqual([ACME.crmAccountId]);
    await client.query({ query: NODE_VALUES, variables: configsOf(GREENFIELD.id) });
    const again = await client.query({ query: NODE_VALUES, variables: configsOf(ACME.id), fetchPolicy: "cache-only" });
    expect(values(again.data)).toEqual([GREENFIELD.crmAccountId]);
  });

  it("keeps each customer's and each SIM's own externalParams", async () => {
    const client = newClient();
    const params = (entity: { externalParams: { value: string | null; config: { name: string } }[] } | null | undefined) =>
      (entity?.externalParams ?? []).map((p) => [p.config.name, p.value]);
    const customer = (id: string, fetchPolicy?: "cache-only") => client.query({ query: CustomerDocument, variables: { id }, fetchPolicy });
    const sim = (iccid: string, fetchPolicy?: "cache-only") =>
      client.query({ query: SubscriberDocument, variables: { identifier: { type: "ICCID", value: iccid } }, fetchPolicy });

    expect(params((await customer(ACME.id)).data!.customer)).toEqual([["crmAccountId", ACME.crmAccountId]]);
    expect(params((await customer(GREENFIELD.id)).data!.customer)).toEqual([["crmAccountId", GREENFIELD.crmAccountId]]);
    expect(params((await sim(ACME_TRUCK.iccid)).data!.subscriber)).toEqual([["assetTag", ACME_TRUCK.assetTag]]);
    expect(params((await sim(SOIL_SENSOR.iccid)).data!.subscriber)).toEqual([["assetTag", SOIL_SENSOR.assetTag]]);

    const requests = t.logs.length;
    expect(params((await customer(ACME.id, "cache-only")).data!.customer)).toEqual([["crmAccountId", ACME.crmAccountId]]);
    expect(params((await customer(GREENFIELD.id, "cache-only")).data!.customer)).toEqual([["crmAccountId", GREENFIELD.crmAccountId]]);
    expect(params((await sim(ACME_TRUCK.iccid, "cache-only")).data!.subscriber)).toEqual([["assetTag", ACME_TRUCK.assetTag]]);
    expect(params((await sim(SOIL_SENSOR.iccid, "cache-only")).data!.subscriber)).toEqual([["assetTag", SOIL_SENSOR.assetTag]]);
    expect(t.logs.length).toBe(requests);
    // Each entity holds its values; the configs are shared entries.
    const cache = client.cache.extract() as Record<string, { externalParams?: { value: string | null }[] }>;
    expect(cache[`Customer:${ACME.id}`]!.externalParams!.map((p) => p.value)).toEqual([ACME.crmAccountId]);
    expect(cache[`Customer:${GREENFIELD.id}`]!.externalParams!.map((p) => p.value)).toEqual([GREENFIELD.crmAccountId]);
  });
});
