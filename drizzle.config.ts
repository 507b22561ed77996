import { defineConfig } from "drizzle-kit";

// drizzle-kit generates the SQL migrations in drizzle/sqlite/ from the TypeScript schema.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/sqlite/schema.ts",
  out: "./drizzle/sqlite",
});
