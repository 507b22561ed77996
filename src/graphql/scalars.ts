import { GraphQLScalarType, type ValueNode } from "graphql";
import { UUIDResolver } from "graphql-scalars";

const uuid = UUIDResolver.toConfig();
const lowerCase = (value: unknown): string => (value as string).toLowerCase();

/**
 * Every id is the platform's UUID (SPEC section 4). UUIDs are case-insensitive (RFC 9562):
 * every id that enters the API, as an argument, an input field or a variable, is checked and
 * lower-cased here, so an upper- or mixed-case UUID names the same object as its lower-case
 * form; ids always leave in lower case.
 */
export const UUID = new GraphQLScalarType<string, string>({
  ...uuid,
  description:
    "A Universally Unique Identifier (RFC 9562), the platform's id. Accepted in any letter case; always answered in lower case.",
  serialize: (value) => lowerCase(uuid.serialize(value)),
  parseValue: (value) => lowerCase(uuid.parseValue!(value)),
  parseLiteral: (ast: ValueNode, variables) => lowerCase(uuid.parseLiteral!(ast, variables)),
});
