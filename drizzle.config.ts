import { defineConfig } from "drizzle-kit";

// drizzle-kit generates the SQL migrations in drizzle/ from the TypeScript schema.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./drizzle",
});
