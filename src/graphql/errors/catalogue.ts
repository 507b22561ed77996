/**
 * The error catalogue: one GraphQL type per refusal kind, each implementing ErrorResult, and
 * the result unions, all built from the domain's one declaration of refusal kinds and codes
 * (src/domain/error-codes.ts); the README's "Error catalogue" lists them all.
 */
import { createUnionType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import {
  BULK_ITEM_REFUSALS,
  codeFor,
  codeSentence,
  messageFor,
  OPERATION_REFUSALS,
  REFUSAL_KINDS,
  type Operation,
  type RefusalFieldType,
  type RefusalKind,
  type RefusalType,
} from "../../domain/error-codes";
import type { Refusal } from "../../domain/refusals";
import { ExternalParamEntity } from "../external-params/external-param.type";
import { UUID } from "../scalars";
import { SubscriberIdentifier } from "../subscribers/subscriber.type";
import { ErrorResult } from "./error-result";

@ObjectType({ description: "One problem with the input." })
export class InputIssue {
  @Field({ description: 'Where in the input, e.g. "input.items[2].subscriber.value".' })
  path!: string;

  @Field({ description: "What is wrong there." })
  message!: string;
}

/** The GraphQL type of each field type the domain catalogue declares. */
const FIELD_TYPES: Record<RefusalFieldType, () => unknown> = {
  UUID: () => UUID,
  "UUID?": () => UUID,
  "[UUID]": () => [UUID],
  String: () => String,
  Int: () => Int,
  SubscriberIdentifier: () => SubscriberIdentifier,
  "[InputIssue]": () => [InputIssue],
  ExternalParamEntity: () => ExternalParamEntity,
};

/**
 * The GraphQL error type of a refusal kind, built from its declaration: its fields with their
 * descriptions, and a description that ends with the codes it carries where it is answered.
 */
function errorType(type: RefusalType): ClassType<ErrorResult> {
  const kind: RefusalKind = REFUSAL_KINDS[type];
  const Type = { [type]: class extends ErrorResult {} }[type]!;
  for (const [name, field] of Object.entries(kind.fields)) {
    Field(FIELD_TYPES[field.type] as () => never, { description: field.description, nullable: field.type.endsWith("?") })(Type.prototype, name);
  }
  ObjectType(type, { implements: ErrorResult, description: `${kind.description} ${codeSentence(type)}` })(Type);
  return Type;
}

/** Every refusal kind's GraphQL type, by name. */
export const ERROR_TYPES = Object.fromEntries(
  (Object.keys(REFUSAL_KINDS) as RefusalType[]).map((type) => [type, errorType(type)]),
) as Record<RefusalType, ClassType<ErrorResult>>;

/** The result union of an operation: its success type(s), then every refusal it may answer. */
export function resultUnion(operation: Operation, name: string, description: string, success: () => ClassType[]) {
  return createUnionType({
    name,
    description,
    types: () => [...success(), ...OPERATION_REFUSALS[operation].map((type) => ERROR_TYPES[type])] as unknown as readonly [ClassType],
  });
}

/** The error union of one item of a bulk operation. */
export function itemErrorUnion(operation: keyof typeof BULK_ITEM_REFUSALS, name: string, description: string) {
  return createUnionType({
    name,
    description,
    types: () => BULK_ITEM_REFUSALS[operation].map((type) => ERROR_TYPES[type]) as unknown as readonly [ClassType],
  });
}

/** The refusal kinds an operation may answer, whole or per item. */
const ANSWERABLE = new Map<Operation, Set<RefusalType>>(
  (Object.keys(OPERATION_REFUSALS) as Operation[]).map((operation) => [
    operation,
    new Set<RefusalType>([
      ...OPERATION_REFUSALS[operation],
      ...((BULK_ITEM_REFUSALS as Partial<Record<Operation, readonly RefusalType[]>>)[operation] ?? []),
    ]),
  ]),
);

/**
 * The error type instance for a refusal, with the code it carries in this operation. A kind
 * the catalogue does not declare for the operation is a fault (its union could not hold it):
 * thrown, so that it is logged and answered as ServiceUnavailable, and fails the tests.
 */
export function toErrorResult(operation: Operation, refusal: Refusal): ErrorResult {
  if (!ANSWERABLE.get(operation)?.has(refusal.type)) {
    throw new Error(`${operation} answered ${refusal.type}, which the refusal catalogue does not declare for it`);
  }
  const { type, ...fields } = refusal;
  const code = codeFor(operation, type);
  return Object.assign(new ERROR_TYPES[type](), fields, { code, message: messageFor(code, type) });
}
