/** Decisions: an accepted value or a typed refusal, as plain JSON data. */
import { describe, expect, it } from "vitest";
import { accept, invalid, issuesOf, refuse, type Decision } from "../../src/domain/refusals";

describe("accept, refuse and invalid", () => {
  it("build an accepted decision holding the value itself", () => {
    const value = { id: "p1" };
    const decision = accept(value);
    expect(decision).toEqual({ ok: true, value: { id: "p1" } });
    if (decision.ok) expect(decision.value).toBe(value);
  });

  it("build a refused decision holding the refusal", () => {
    expect(refuse({ type: "PackageNotFound", packageId: "p1" })).toEqual({ ok: false, refusal: { type: "PackageNotFound", packageId: "p1" } });
  });

  it("build a ValidationFailed refusal from input issues", () => {
    const issues = [{ path: "input.name", message: "must not be empty" }];
    expect(invalid(issues)).toEqual({ type: "ValidationFailed", issues });
  });

  it("survive a JSON round trip unchanged, so that a retry can replay a refusal", () => {
    const decisions: Decision<unknown>[] = [
      refuse(invalid([{ path: "input.items[0].subscriber.value", message: "IMSI must be 6 to 15 digits" }])),
      refuse({ type: "CurrentPackageMismatch", currentPackageId: "p1", attachedPackageId: null }),
      refuse({ type: "SubscriberNotFound", identifier: { type: "IMSI", value: "123456" } }),
    ];
    for (const decision of decisions) expect(JSON.parse(JSON.stringify(decision))).toEqual(decision);
  });
});

describe("issuesOf", () => {
  it("gives the issues of a ValidationFailed decision", () => {
    const issues = [
      { path: "input.name", message: "must not be empty" },
      { path: "input.nestedOfferIds", message: "a package needs at least one offer" },
    ];
    expect(issuesOf(refuse(invalid(issues)))).toEqual(issues);
  });

  it("gives none for any other refusal, and for an accepted decision", () => {
    expect(issuesOf(refuse({ type: "CustomerNotFound", customerId: "c1" }))).toEqual([]);
    expect(issuesOf(accept({ issues: [{ path: "x", message: "y" }] }))).toEqual([]);
  });
});
