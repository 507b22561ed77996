/** Writes schema.graphql at the repository root from the type-graphql code (`npm run schema`). */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { printApiSchema } from "../graphql/schema";

export const SCHEMA_FILE = resolve(__dirname, "../../schema.graphql");

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, printApiSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
