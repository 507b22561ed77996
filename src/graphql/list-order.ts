/**
 * The direction of a list's order, shared by every connection that takes an `orderBy`
 * (`{ field, direction }`, as GitHub's API orders its lists).
 */
import { registerEnumType } from "type-graphql";

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Which way a list runs along its order field.",
  valuesConfig: {
    ASC: { description: "Ascending: by creation time, oldest first." },
    DESC: { description: "Descending: by creation time, newest first." },
  },
});
