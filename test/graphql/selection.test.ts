/** `selects`: whether a field's selection asks for a path below it, through fragments. */
import { graphql, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { describe, expect, it } from "vitest";
import { selects } from "../../src/graphql/selection";

/** A tiny schema whose `list` field records what `selects` answers for each path. */
function probe(paths: string[][]) {
  const seen: boolean[] = [];
  const Item: GraphQLObjectType = new GraphQLObjectType({ name: "Item", fields: () => ({ name: { type: GraphQLString }, child: { type: Item } }) });
  const Page = new GraphQLObjectType({ name: "Page", fields: { nodes: { type: new GraphQLList(Item) }, edges: { type: new GraphQLList(Item) } } });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: "Query",
      fields: {
        list: {
          type: Page,
          resolve: (_root, _args, _ctx, info) => {
            for (const path of paths) seen.push(selects(info, path));
            return { nodes: [], edges: [] };
          },
        },
      },
    }),
  });
  return { schema, seen };
}

async function answers(document: string, paths: string[][]): Promise<boolean[]> {
  const { schema, seen } = probe(paths);
  const result = await graphql({ schema, source: document });
  expect(result.errors).toBeUndefined();
  return seen;
}

describe("selects", () => {
  const paths = [["nodes", "child"], ["nodes", "child", "name"], ["edges", "child"], ["nodes", "name"]];

  it("finds a path of fields", async () => {
    expect(await answers(`{ list { nodes { child { name } } } }`, paths)).toEqual([true, true, false, false]);
  });

  it("follows inline fragments and named fragments, nested", async () => {
    const document = `{ list { ... on Page { nodes { ...Child } } } }
      fragment Child on Item { ... on Item { child { ...Name } } }
      fragment Name on Item { name }`;
    expect(await answers(document, paths)).toEqual([true, true, false, false]);
  });

  it("answers false for fields of the same name elsewhere, or under an alias's other field", async () => {
    expect(await answers(`{ list { edges { name } renamed: nodes { name } } }`, paths)).toEqual([false, false, false, true]);
  });

  it("reads every field node of a field asked for twice", async () => {
    expect(await answers(`{ list { nodes { name } } list { edges { child { name } } } }`, paths)).toEqual([false, false, true, true]);
  });
});
