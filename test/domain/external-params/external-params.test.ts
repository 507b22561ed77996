/** externalParamsConfig and the external parameter mutations (SPEC section 2; README "Rules"). */
import { describe, expect, it } from "vitest";
import {
  anchorOf,
  canSeeParamConfig,
  checkEntity,
  checkOwnConfig,
  checkSearchKey,
  ENTITY_NAME_OF,
  ENTITY_OF,
  ENTITY_TYPES,
  ownsEntity,
  readExternalParamConfig,
  readParamValue,
  showsExternalParams,
  type ConfigFacts,
  type EntityName,
} from "../../../src/domain/external-params/external-params";
import { PARAM_DESCRIPTION_MAX, PARAM_NAME_MAX, PARAM_VALUE_MAX } from "../../../src/domain/input/limits";
import { da1, ea1, op, ra, rb } from "../customer-tree";

describe("ownsEntity", () => {
  it("takes customers and subscribers held by the requester or a direct sub-account", () => {
    expect(ownsEntity(ra, { kind: "holder", customer: ra })).toBe(true);
    expect(ownsEntity(ra, { kind: "holder", customer: ea1 })).toBe(true);
    expect(ownsEntity(ra, { kind: "holder", customer: da1 })).toBe(false);
    expect(ownsEntity(ra, { kind: "holder", customer: op })).toBe(false);
    expect(ownsEntity(ra, { kind: "holder", customer: rb })).toBe(false);
  });

  it("takes offers and packages owned by the requester itself only", () => {
    expect(ownsEntity(ra, { kind: "owner", customer: ra })).toBe(true);
    expect(ownsEntity(ra, { kind: "owner", customer: ea1 })).toBe(false);
    expect(ownsEntity(ra, { kind: "owner", customer: op })).toBe(false);
  });

  it("does not take a customer outside the requester's tree that names it as parent", () => {
    // Facts that disagree (a parent id without the path) must not open another tenant's entity.
    const stray = { id: "stray", parentId: "ra", path: "/other/stray/" };
    expect(ownsEntity(ra, { kind: "holder", customer: stray })).toBe(false);
  });

  it("takes no entity that does not exist", () => {
    expect(ownsEntity(ra, null)).toBe(false);
  });
});

describe("anchorOf", () => {
  it("makes customers and subscribers held by their customer, offers and packages owned by it", () => {
    expect(anchorOf("CUSTOMER", ea1)).toEqual({ kind: "holder", customer: ea1 });
    expect(anchorOf("SUBSCRIBER", ea1)).toEqual({ kind: "holder", customer: ea1 });
    expect(anchorOf("OFFER", ra)).toEqual({ kind: "owner", customer: ra });
    expect(anchorOf("PACKAGE", ra)).toEqual({ kind: "owner", customer: ra });
  });

  it("is null without a customer (the entity does not exist)", () => {
    expect(anchorOf("SUBSCRIBER", null)).toBeNull();
    expect(anchorOf("OFFER", undefined)).toBeNull();
  });
});

describe("showsExternalParams", () => {
  it("shows them on what the requester owns: itself, a direct sub-account and their SIMs, its own offers and packages", () => {
    for (const type of ["CUSTOMER", "SUBSCRIBER"] as const) {
      expect(showsExternalParams(ra, anchorOf(type, ra)), type).toBe(true);
      expect(showsExternalParams(ra, anchorOf(type, ea1)), type).toBe(true);
    }
    for (const type of ["OFFER", "PACKAGE"] as const) expect(showsExternalParams(ra, anchorOf(type, ra)), type).toBe(true);
  });

  it("shows none on what it only sees or meets: a grandchild, its parent, a sub-account's or the parent's catalogue", () => {
    for (const type of ["CUSTOMER", "SUBSCRIBER"] as const) {
      expect(showsExternalParams(ra, anchorOf(type, da1)), type).toBe(false);
      expect(showsExternalParams(ra, anchorOf(type, op)), type).toBe(false);
      expect(showsExternalParams(ra, anchorOf(type, rb)), type).toBe(false);
    }
    for (const type of ["OFFER", "PACKAGE"] as const) {
      expect(showsExternalParams(ra, anchorOf(type, ea1)), type).toBe(false);
      expect(showsExternalParams(ea1, anchorOf(type, ra)), type).toBe(false);
      expect(showsExternalParams(ra, anchorOf(type, rb)), type).toBe(false);
    }
    expect(showsExternalParams(ra, null)).toBe(false);
  });

  it("agrees with checkEntity, externalParamsConfig's rule, on every entity", () => {
    const names = { CUSTOMER: "CUSTOMER", SUBSCRIBER: "SUBSCRIBER", OFFER: "PLAN", PACKAGE: "PACKAGE" } as const;
    for (const requester of [op, ra, ea1, da1, rb]) {
      for (const holder of [op, ra, ea1, da1, rb, null]) {
        for (const type of ENTITY_TYPES) {
          const anchor = anchorOf(type, holder);
          expect(showsExternalParams(requester, anchor)).toBe(checkEntity(requester, names[type], "e1", anchor).ok);
        }
      }
    }
  });
});

describe("checkEntity", () => {
  it.each([
    ["CUSTOMER", "CUSTOMER"],
    ["SUBSCRIBER", "SUBSCRIBER"],
    ["PLAN", "OFFER"],
    ["PACKAGE", "PACKAGE"],
  ] as const)("accepts an owned %s as configs of entity type %s", (entity, entityType) => {
    const kind = entity === "PLAN" || entity === "PACKAGE" ? "owner" : "holder";
    expect(checkEntity(ra, entity, "e1", { kind, customer: ra })).toEqual({ ok: true, value: entityType });
  });

  it("refuses an entity not owned, or not found, as EntityNotFound in the caller's terms", () => {
    const notFound = { ok: false, refusal: { type: "EntityNotFound", entity: "PLAN", entityId: "e1" } };
    expect(checkEntity(ra, "PLAN", "e1", { kind: "owner", customer: ea1 })).toEqual(notFound);
    expect(checkEntity(ra, "PLAN", "e1", null)).toEqual(notFound);
  });
});

describe("ENTITY_OF and ENTITY_NAME_OF", () => {
  it("map the URL forms and the entity types onto each other, PLAN naming offers", () => {
    expect(ENTITY_OF.PLAN).toBe("OFFER");
    for (const type of ENTITY_TYPES) expect(ENTITY_OF[ENTITY_NAME_OF[type]]).toBe(type);
    for (const name of Object.keys(ENTITY_OF) as EntityName[]) expect(ENTITY_NAME_OF[ENTITY_OF[name]]).toBe(name);
  });
});

describe("readExternalParamConfig", () => {
  const input = { name: "costCenter", entityType: "SUBSCRIBER" as const, isSearchable: true };
  const issuesOf = (decision: ReturnType<typeof readExternalParamConfig>) =>
    !decision.ok && decision.refusal.type === "ValidationFailed" ? decision.refusal.issues : [];

  it("accepts a config, trimmed, with absent or blank texts as none", () => {
    expect(readExternalParamConfig({ ...input, name: " costCenter ", displayName: "  ", description: undefined })).toEqual({
      ok: true,
      value: { name: "costCenter", displayName: null, description: null, entityType: "SUBSCRIBER", isSearchable: true },
    });
    expect(readExternalParamConfig({ ...input, name: "a1_b.c-d", displayName: " Cost centre ", description: " Billing " })).toEqual({
      ok: true,
      value: { name: "a1_b.c-d", displayName: "Cost centre", description: "Billing", entityType: "SUBSCRIBER", isSearchable: true },
    });
  });

  it("accepts texts of exactly their maximum lengths", () => {
    const longest = { ...input, name: "n".repeat(PARAM_NAME_MAX), displayName: "d".repeat(PARAM_NAME_MAX), description: "x".repeat(PARAM_DESCRIPTION_MAX) };
    expect(readExternalParamConfig(longest)).toMatchObject({ ok: true });
  });

  it("refuses a blank name once, at input.name", () => {
    expect(readExternalParamConfig({ ...input, name: "  " })).toEqual({
      ok: false,
      refusal: { type: "ValidationFailed", issues: [{ path: "input.name", message: "must not be empty" }] },
    });
  });

  it.each(["1st", "_x", "cost center", "kosten€", "-x"])("refuses the name %j, which is not a parameter name", (name) => {
    expect(issuesOf(readExternalParamConfig({ ...input, name }))).toEqual([
      { path: "input.name", message: "must start with a letter and hold only letters, digits, _ . -" },
    ]);
  });

  it("refuses texts one character too long, each at its path", () => {
    const decision = readExternalParamConfig(
      {
        ...input,
        name: "n".repeat(PARAM_NAME_MAX + 1),
        displayName: "d".repeat(PARAM_NAME_MAX + 1),
        description: "x".repeat(PARAM_DESCRIPTION_MAX + 1),
      },
      "$.externalParamConfigs[2]",
    );
    expect(issuesOf(decision)).toEqual([
      { path: "$.externalParamConfigs[2].name", message: `must be at most ${PARAM_NAME_MAX} characters` },
      { path: "$.externalParamConfigs[2].displayName", message: `must be at most ${PARAM_NAME_MAX} characters` },
      { path: "$.externalParamConfigs[2].description", message: `must be at most ${PARAM_DESCRIPTION_MAX} characters` },
    ]);
  });
});

describe("readParamValue", () => {
  it("accepts a value as given, up to the maximum length", () => {
    expect(readParamValue("CC-4711")).toEqual({ ok: true, value: "CC-4711" });
    const longest = "v".repeat(PARAM_VALUE_MAX);
    expect(readParamValue(longest)).toEqual({ ok: true, value: longest });
  });

  it("refuses an empty value at input.value, pointing to clearExternalParamValue", () => {
    expect(readParamValue("")).toEqual({
      ok: false,
      refusal: { type: "ValidationFailed", issues: [{ path: "input.value", message: "must not be empty; use clearExternalParamValue to remove a value" }] },
    });
  });

  it("refuses a value one character too long, at the path it is given", () => {
    expect(readParamValue("v".repeat(PARAM_VALUE_MAX + 1), "$.externalParamValues[0].value")).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [{ path: "$.externalParamValues[0].value", message: `must be at most ${PARAM_VALUE_MAX} characters` }],
      },
    });
  });
});

describe("canSeeParamConfig", () => {
  it("sees the requester's own configs", () => {
    expect(canSeeParamConfig(ra, { ownerId: "ra" })).toBe(true);
  });

  it("does not see its parent's, a sub-account's, a deeper descendant's or another tenant's", () => {
    for (const ownerId of ["op", "ea1", "da1", "rb", "other"]) expect(canSeeParamConfig(ra, { ownerId }), ownerId).toBe(false);
  });
});

describe("checkOwnConfig and checkSearchKey", () => {
  const config = (overrides: Partial<ConfigFacts> = {}): ConfigFacts => ({
    id: "c1",
    ownerId: "ra",
    entityType: "SUBSCRIBER",
    isSearchable: true,
    ...overrides,
  });

  it("accepts the requester's own config, returning it", () => {
    const own = config({ entityType: "OFFER", isSearchable: false });
    expect(checkOwnConfig(ra, own, "c1")).toEqual({ ok: true, value: own });
  });

  it.each([
    ["its parent's", "op"],
    ["a sub-account's", "ea1"],
    ["another tenant's", "other"],
  ])("answers %s config exactly like an unknown id: ExternalParamConfigNotFound", (_what, ownerId) => {
    const notFound = { ok: false, refusal: { type: "ExternalParamConfigNotFound", configId: "asked" } };
    expect(checkOwnConfig(ra, config({ ownerId }), "asked")).toEqual(notFound);
    expect(checkOwnConfig(ra, null, "asked")).toEqual(notFound);
    expect(checkSearchKey(ra, config({ ownerId }), "asked")).toEqual(notFound);
  });

  it("searches subscribers by the requester's own searchable SUBSCRIBER parameter", () => {
    const key = config();
    expect(checkSearchKey(ra, key, "c1")).toEqual({ ok: true, value: key });
  });

  it.each(["CUSTOMER", "OFFER", "PACKAGE"] as const)("refuses a parameter of entity type %s (ExternalParamNotForSubscribers)", (entityType) => {
    expect(checkSearchKey(ra, config({ entityType }), "c1")).toEqual({ ok: false, refusal: { type: "ExternalParamNotForSubscribers", configId: "c1" } });
  });

  it("refuses a parameter that is not searchable (ExternalParamNotSearchable)", () => {
    expect(checkSearchKey(ra, config({ isSearchable: false }), "c1")).toEqual({ ok: false, refusal: { type: "ExternalParamNotSearchable", configId: "c1" } });
  });
});
