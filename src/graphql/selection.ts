/** What a field's selection asks for, read from the query (fragments and inline fragments followed). */
import type { FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/** Whether the field being resolved selects `path` below it (e.g. nodes → package), through any fragments. */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => node.selectionSet !== undefined && below(node.selectionSet, path, 0, info.fragments));
}

function below(set: SelectionSetNode, path: readonly string[], at: number, fragments: Record<string, FragmentDefinitionNode>): boolean {
  for (const selection of set.selections) {
    if (selection.kind === "Field") {
      if (selection.name.value !== path[at]) continue;
      if (at === path.length - 1) return true;
      if (selection.selectionSet && below(selection.selectionSet, path, at + 1, fragments)) return true;
    } else {
      const inner = selection.kind === "InlineFragment" ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
      if (inner && below(inner, path, at, fragments)) return true;
    }
  }
  return false;
}
