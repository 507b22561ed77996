/** The UUID scalar (SPEC section 4): any letter case in, lower case out. */
import { Kind } from "graphql";
import { describe, expect, it } from "vitest";
import { UUID } from "../../src/graphql/scalars";

const LOWER = "0000000a-abcd-4ef0-8abc-00000000000f";
const UPPER = LOWER.toUpperCase();
const MIXED = "0000000A-aBcD-4Ef0-8aBc-00000000000F";

describe("UUID scalar", () => {
  it.each([LOWER, UPPER, MIXED])("reads %s from a variable and from a literal in lower case", (value) => {
    expect(UUID.parseValue(value)).toBe(LOWER);
    expect(UUID.parseLiteral({ kind: Kind.STRING, value }, {})).toBe(LOWER);
  });

  it("answers in lower case", () => {
    expect(UUID.serialize(UPPER)).toBe(LOWER);
    expect(UUID.serialize(LOWER)).toBe(LOWER);
  });

  it.each(["", "not-a-uuid", "0000000a-abcd-4ef0-8abc-00000000000", "0000000g-abcd-4ef0-8abc-00000000000f"])(
    "still refuses %j",
    (value) => {
      expect(() => UUID.parseValue(value)).toThrow(/UUID/);
      expect(() => UUID.parseLiteral({ kind: Kind.STRING, value }, {})).toThrow(/UUID/);
    },
  );

  it("refuses a value that is not a string", () => {
    expect(() => UUID.parseValue(42)).toThrow();
    expect(() => UUID.parseLiteral({ kind: Kind.INT, value: "42" }, {})).toThrow();
  });
});
