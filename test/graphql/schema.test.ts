/**
 * The schema artifact: schema.graphql is what the code emits, every
 * type, field, argument and enum value is described, and the SPEC's contract still fits.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  buildSchema,
  findBreakingChanges,
  findDangerousChanges,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isIntrospectionType,
  isSpecifiedScalarType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { buildApiSchema, printApiSchema } from "../../src/graphql/schema";

const ROOT = resolve(__dirname, "../..");

describe("schema.graphql", () => {
  const schema = buildApiSchema();

  it("is the schema the code emits (run `npm run schema` when this fails)", () => {
    const committed = readFileSync(resolve(ROOT, "schema.graphql"), "utf8");
    expect(committed).toBe(printApiSchema(schema));
  });

  it("describes every type, field, argument and enum value", () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
      if (!type.description?.trim()) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) {
            if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) {
          if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  // test/fixtures/contract.graphql is a copy of ../shared/contract.graphql (CI has only this repository).
  it("accepts every operation the contract accepts (no breaking or dangerous change from contract.graphql)", () => {
    const contract = buildSchema(readFileSync(resolve(__dirname, "../fixtures/contract.graphql"), "utf8"));
    expect(findBreakingChanges(contract, schema)).toEqual([]);
    expect(findDangerousChanges(contract, schema).filter((c) => c.type !== "TYPE_ADDED_TO_UNION" && c.type !== "VALUE_ADDED_TO_ENUM" && c.type !== "OPTIONAL_ARG_ADDED" && c.type !== "OPTIONAL_INPUT_FIELD_ADDED" && c.type !== "IMPLEMENTED_INTERFACE_ADDED")).toEqual([]);
  });
});
