import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { defineConfig, type ViteUserConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * The end-to-end files that run a second time with the server on PostgreSQL (TEST_ENGINE=pg,
 * test/helpers/server.ts): every file whose tests go through startTestServer and mean the same
 * on both engines. Left out, because they are about SQLite itself: the page plans and the
 * connection pragmas (test/db/), the write thread, the key cache shared through the file and
 * the process-level tests on one file (test/http/, test/hardening/); and the files about HTTP
 * alone (CORS, GraphiQL, headers, the internet-facing limits), whose answers no database
 * decides. PostgreSQL's own adapter tests (test/db/pg/, test/http/postgres-*) are in the
 * "sqlite" project's run of every file: they open their databases themselves.
 */
const PG_FILES = [
  "test/operations/**/*.test.ts",
  "test/graphql/read-api.test.ts",
  "test/graphql/list-order-filters.test.ts",
  "test/graphql/loaders.test.ts",
  "test/client/apollo-client.test.ts",
  "test/client/console-client.test.ts",
  "test/client/external-params-cache.test.ts",
  "test/client/readme-examples.test.ts",
  "test/client/urql-client.test.ts",
  "test/http/auth.test.ts",
  "test/hardening/isolation.test.ts",
  "test/hardening/bad-input.test.ts",
  "test/hardening/limits.test.ts",
  "test/hardening/query-cost.test.ts",
];

// type-graphql loads graphql's CommonJS build; pin every import of "graphql" to the same
// file so the schema and the executor share one module realm.
const shared = {
  resolve: { alias: { graphql: require.resolve("graphql") } },
  test: {
    setupFiles: ["test/setup.ts"],
    // Builds dist/ (once), and for "pg" the migrated template database every test server copies.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
} satisfies ViteUserConfig;

export default defineConfig({
  test: {
    projects: [
      { ...shared, test: { ...shared.test, name: "sqlite", include: ["test/**/*.test.ts"], env: { TEST_ENGINE: "sqlite" } } },
      {
        ...shared,
        test: {
          ...shared.test,
          name: "pg",
          include: PG_FILES,
          env: { TEST_ENGINE: "pg" },
          // After the "sqlite" files, with a worker more than vitest's default (the cores less
          // one): these files spend much of their time waiting on PostgreSQL, and the process-level
          // tests of "sqlite", which time what they measure, are not running then.
          sequence: { groupOrder: 1 },
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
    ],
  },
});
