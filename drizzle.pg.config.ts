import { defineConfig } from "drizzle-kit";

// drizzle-kit generates the PostgreSQL migrations in drizzle/pg/ from the TypeScript schema.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/pg/schema.ts",
  out: "./drizzle/pg",
});
