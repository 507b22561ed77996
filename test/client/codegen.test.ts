/**
 * Codegen: the example operations validate against schema.graphql, one
 * per query and mutation, and the committed generated client is what `npm run codegen` makes.
 */
import { generate } from "@graphql-codegen/cli";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  buildSchema,
  Kind,
  NoUnusedFragmentsRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
} from "graphql";
import { describe, expect, it } from "vitest";
import config from "../../codegen";

const ROOT = resolve(__dirname, "../..");
const OPERATIONS = join(ROOT, "examples/operations");
const schema = buildSchema(readFileSync(join(ROOT, "schema.graphql"), "utf8"));
const files = readdirSync(OPERATIONS).filter((f) => f.endsWith(".graphql"));
const fragments = parse(readFileSync(join(OPERATIONS, "fragments.graphql"), "utf8")).definitions as FragmentDefinitionNode[];

function withFragments(file: string): DocumentNode {
  const document = parse(readFileSync(join(OPERATIONS, file), "utf8"));
  const own = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => (d as FragmentDefinitionNode).name.value);
  return { ...document, definitions: [...document.definitions, ...fragments.filter((f) => !own.includes(f.name.value))] };
}

describe("example operations", () => {
  it.each(files.filter((f) => f !== "fragments.graphql"))("%s validates against schema.graphql", (file) => {
    const rules = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
    expect(validate(schema, withFragments(file), rules).map((e) => e.message)).toEqual([]);
  });

  it("cover every query and mutation, one operation each", () => {
    const used = new Map<string, string[]>();
    for (const file of files) {
      for (const definition of parse(readFileSync(join(OPERATIONS, file), "utf8")).definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        for (const selection of definition.selectionSet.selections) {
          if (selection.kind !== Kind.FIELD) continue;
          const name = `${definition.operation}.${selection.name.value}`;
          used.set(name, [...(used.get(name) ?? []), file]);
        }
      }
    }
    const expected = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `mutation.${f}`),
    ].sort();
    expect([...used.keys()].sort()).toEqual(expected);
  });

  it("uses fragments on ErrorResult", () => {
    for (const file of files.filter((f) => f !== "fragments.graphql" && !["viewer.graphql", "customer.graphql", "subscriber.graphql", "request.graphql", "node.graphql", "nodes.graphql"].includes(f))) {
      expect(readFileSync(join(OPERATIONS, file), "utf8"), file).toContain("... on ErrorResult");
    }
  });
});

describe("generated client", () => {
  it("is up to date (run `npm run codegen` when this fails)", async () => {
    const outputs = await generate({ ...config, cwd: ROOT, silent: true }, false);
    expect(outputs.length).toBeGreaterThanOrEqual(4);
    for (const output of outputs) {
      const committed = readFileSync(resolve(ROOT, output.filename), "utf8");
      expect(committed, output.filename).toBe(output.content);
    }
  }, 60_000);
});
