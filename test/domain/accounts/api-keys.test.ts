/** API keys: a customer manages its own keys and those of its direct sub-accounts. */
import { describe, expect, it } from "vitest";
import { checkManagedApiKey, readApiKeyLabel } from "../../../src/domain/accounts/api-keys";
import { API_KEY_LABEL_MAX } from "../../../src/domain/input/limits";
import { da1, ea1, op, other, ra, rb } from "../customer-tree";

describe("readApiKeyLabel", () => {
  it("trims a label", () => {
    expect(readApiKeyLabel("  billing export ")).toEqual({ ok: true, value: "billing export" });
  });

  it.each([null, undefined, "", "   "])("takes %j as no label", (label) => {
    expect(readApiKeyLabel(label)).toEqual({ ok: true, value: null });
  });

  it("accepts a label of exactly the maximum length", () => {
    const label = "l".repeat(API_KEY_LABEL_MAX);
    expect(readApiKeyLabel(label)).toEqual({ ok: true, value: label });
  });

  it("refuses a label one character too long at input.label", () => {
    expect(readApiKeyLabel("l".repeat(API_KEY_LABEL_MAX + 1))).toEqual({
      ok: false,
      refusal: {
        type: "ValidationFailed",
        issues: [{ path: "input.label", message: `must be at most ${API_KEY_LABEL_MAX} characters` }],
      },
    });
  });

  it("reports at the path it is given", () => {
    expect(readApiKeyLabel("l".repeat(API_KEY_LABEL_MAX + 1), "args.label")).toMatchObject({
      ok: false,
      refusal: { issues: [{ path: "args.label" }] },
    });
  });
});

describe("checkManagedApiKey", () => {
  const keyOf = (holder: { id: string }) => ({ id: `key-of-${holder.id}`, customerId: holder.id, label: null });

  it.each([
    ["its own key", ra],
    ["a direct sub-account's key", ea1],
  ])("accepts %s and returns that key", (_what, holder) => {
    const key = keyOf(holder);
    const decision = checkManagedApiKey(ra, key, holder, key.id);
    expect(decision).toEqual({ ok: true, value: key });
    if (decision.ok) expect(decision.value).toBe(key);
  });

  it.each([
    ["a grandchild's key, which it can see", da1],
    ["its parent's key", op],
    ["a sibling's key", rb],
    ["another tenant's key", other],
  ])("answers %s exactly like an unknown id: ApiKeyNotFound", (_what, holder) => {
    expect(checkManagedApiKey(ra, keyOf(holder), holder, "asked")).toEqual({
      ok: false,
      refusal: { type: "ApiKeyNotFound", apiKeyId: "asked" },
    });
  });

  it("refuses the key of a customer outside its tree that names it as parent", () => {
    const stray = { id: "stray", parentId: "ra", path: "/other/stray/" };
    expect(checkManagedApiKey(ra, keyOf(stray), stray, "asked")).toEqual({ ok: false, refusal: { type: "ApiKeyNotFound", apiKeyId: "asked" } });
  });

  it("refuses an unknown key, and a key whose holder is gone", () => {
    const notFound = { ok: false, refusal: { type: "ApiKeyNotFound", apiKeyId: "asked" } };
    expect(checkManagedApiKey(ra, null, null, "asked")).toEqual(notFound);
    expect(checkManagedApiKey(ra, keyOf(ea1), null, "asked")).toEqual(notFound);
  });
});
