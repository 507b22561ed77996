import { GraphQLError } from "graphql";
import type { InputIssue } from "../../domain/refusals";

/** An input error on a field that has no result union: a GraphQL error naming the paths. */
export function inputError(issues: InputIssue[]): GraphQLError {
  return new GraphQLError(issues.map((i) => `${i.path}: ${i.message}`).join("; "), {
    extensions: { code: "VALIDATION_FAILED", issues },
  });
}
