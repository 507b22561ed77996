/** Text limits shared by the API and the world loader. */
import { describe, expect, it } from "vitest";
import { readName, readOptionalText } from "../../../src/domain/input/limits";
import type { InputIssue } from "../../../src/domain/refusals";

describe("readName", () => {
  it("returns the name trimmed and records nothing", () => {
    const issues: InputIssue[] = [];
    expect(readName("  Fleet  ", "input.name", 5, issues)).toBe("Fleet");
    expect(issues).toEqual([]);
  });

  it.each(["", " ", "\t\n "])("records a blank name %j as empty", (value) => {
    const issues: InputIssue[] = [];
    expect(readName(value, "input.name", 5, issues)).toBe("");
    expect(issues).toEqual([{ path: "input.name", message: "must not be empty" }]);
  });

  it("records a name longer than max after trimming, and adds to the issues already found", () => {
    const earlier = { path: "input.other", message: "earlier" };
    const issues: InputIssue[] = [earlier];
    expect(readName(" Fleets ", "input.offers[1].name", 5, issues)).toBe("Fleets");
    expect(issues).toEqual([earlier, { path: "input.offers[1].name", message: "must be at most 5 characters" }]);
  });
});

describe("readOptionalText", () => {
  it.each([null, undefined, "", "   "])("takes %j as none", (value) => {
    const issues: InputIssue[] = [];
    expect(readOptionalText(value, "input.description", 5, issues)).toBeNull();
    expect(issues).toEqual([]);
  });

  it("returns a text trimmed, up to max characters", () => {
    const issues: InputIssue[] = [];
    expect(readOptionalText("  notes ", "input.description", 5, issues)).toBe("notes");
    expect(issues).toEqual([]);
  });

  it("records a text longer than max at its path", () => {
    const issues: InputIssue[] = [];
    expect(readOptionalText("notes!", "input.description", 5, issues)).toBe("notes!");
    expect(issues).toEqual([{ path: "input.description", message: "must be at most 5 characters" }]);
  });
});
