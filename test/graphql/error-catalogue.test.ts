/**
 * The error types, the result unions and the code table all come from one declaration of
 * refusal kinds (src/domain/error-codes.ts): the schema shows exactly what it declares, and
 * the codes follow SPEC section 3 (within an operation the documented codes cover every
 * business refusal).
 */
import { isObjectType, isUnionType, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BULK_ITEM_REFUSALS,
  codeFor,
  messageFor,
  OPERATION_REFUSALS,
  OPERATIONS,
  PLATFORM_MESSAGES,
  REFUSAL_KINDS,
  type RefusalType,
} from "../../src/domain/error-codes";
import { buildApiSchema } from "../../src/graphql/schema";

const KINDS = Object.keys(REFUSAL_KINDS) as RefusalType[];
const unionName = (operation: string) => `${operation[0]!.toUpperCase()}${operation.slice(1)}Result`;

describe("the refusal catalogue", () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildApiSchema();
  });

  it("gives every operation a result union of its success types and exactly its declared refusals", () => {
    for (const operation of OPERATIONS) {
      const union = schema.getType(unionName(operation));
      expect(isUnionType(union), operation).toBe(true);
      if (!isUnionType(union)) continue;
      const errors = union
        .getTypes()
        .map((t) => t.name)
        .filter((name) => name in REFUSAL_KINDS);
      expect(errors.sort(), operation).toEqual([...OPERATION_REFUSALS[operation]].sort());
      expect(union.getTypes().length - errors.length, `${operation}: one success type`).toBe(1);
    }
    const items = { bulkReplacePackage: "BulkReplacePackageItemError", createSubscribers: "CreateSubscriberItemError" } as const;
    for (const [operation, name] of Object.entries(items) as [keyof typeof items, string][]) {
      const union = schema.getType(name);
      expect(isUnionType(union) && union.getTypes().map((t) => t.name).sort()).toEqual([...BULK_ITEM_REFUSALS[operation]].sort());
    }
  });

  it("gives every kind an error type with exactly its declared fields, and declares no kind nothing answers", () => {
    const answered = new Set<string>([...Object.values(OPERATION_REFUSALS), ...Object.values(BULK_ITEM_REFUSALS)].flat());
    for (const kind of KINDS) {
      expect(answered.has(kind), `${kind} is answered by no operation`).toBe(true);
      const type = schema.getType(kind);
      expect(isObjectType(type), kind).toBe(true);
      if (!isObjectType(type)) continue;
      expect(type.getInterfaces().map((i) => i.name)).toEqual(["ErrorResult"]);
      const fields = Object.keys(type.getFields()).filter((f) => f !== "code" && f !== "message");
      expect(fields.sort(), kind).toEqual(Object.keys(REFUSAL_KINDS[kind].fields).sort());
      for (const [name, field] of Object.entries(type.getFields())) {
        expect(field.description, `${kind}.${name}`).toBeTruthy();
      }
      expect(type.description, kind).toMatch(/Code:? [A-Z_0-9]+/);
    }
  });

  it("uses the documented codes: each operation's own code for every refusal but the fixed ones", () => {
    const documented: Record<string, string> = {
      attachOffer: "SUBSCRIBER_1010",
      bulkReplacePackage: "SUBSCRIBER_1060",
      myPackages: "CUSTOMER_1002",
      externalParamsConfig: "CUSTOMER_1019",
    };
    const fixed: Partial<Record<RefusalType, string>> = {
      ValidationFailed: "VALIDATION_FAILED",
      IdempotencyKeyReused: "VALIDATION_FAILED",
      ServiceUnavailable: "GLOBAL_1001",
      CustomerNotFound: "CUSTOMER_1002",
      ParentPlanNotAllowed: "SUBSCRIBER_1027",
      SelfServiceNotEligible: "AUTH_1021",
    };
    for (const [operation, code] of Object.entries(documented) as [keyof typeof OPERATION_REFUSALS, string][]) {
      const kinds = [...OPERATION_REFUSALS[operation], ...((BULK_ITEM_REFUSALS as Record<string, readonly RefusalType[]>)[operation] ?? [])];
      for (const kind of kinds) expect(codeFor(operation, kind), `${operation} ${kind}`).toBe(fixed[kind] ?? code);
    }
    expect(codeFor("createPackage", "CustomerNotRequester")).toBe("CUSTOMER_1002");
    expect(codeFor("externalParamsConfig", "CustomerNotRequester")).toBe("CUSTOMER_1019");
  });

  it("answers every platform code with its documented message word for word", () => {
    for (const kind of KINDS) {
      for (const operation of OPERATIONS) {
        const code = codeFor(operation, kind);
        const message = messageFor(code, kind);
        if (code === "VALIDATION_FAILED") expect(message.length, kind).toBeGreaterThan(0);
        else expect(message).toBe(PLATFORM_MESSAGES[code]);
      }
    }
    expect(messageFor("SUBSCRIBER_1027", "ParentPlanNotAllowed")).toBe(
      "You are not allowed to attach parent customer plans to your own SIM cards",
    );
  });
});
