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
 * "sqlite" and "processes" projects' run of every file: they open their databases themselves.
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

/**
 * The files that run server processes, threads or a browser, or measure time or memory: they
 * run one at a time ("processes"), after the other SQLite files, which run two at a time
 * ("sqlite"), and before the PostgreSQL half.
 */
const PROCESS_FILES = [
  "test/hardening/crash.test.ts",
  "test/hardening/concurrency.test.ts",
  "test/hardening/shutdown.test.ts",
  "test/hardening/facing-the-internet.test.ts",
  "test/hardening/fuzz.test.ts",
  "test/http/startup.test.ts",
  "test/http/log-stream.test.ts",
  "test/http/postgres-server.test.ts",
  "test/http/postgres-startup.test.ts",
  "test/http/write-thread.test.ts",
  "test/http/read-threads.test.ts",
  "test/browser/**/*.test.ts",
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
      {
        ...shared,
        test: {
          ...shared.test,
          name: "sqlite",
          include: ["test/**/*.test.ts"],
          exclude: PROCESS_FILES,
          env: { TEST_ENGINE: "sqlite" },
          // In-process files: two at a time even on two cores, as they wait on the database too.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        ...shared,
        test: {
          ...shared.test,
          name: "processes",
          include: PROCESS_FILES,
          env: { TEST_ENGINE: "sqlite" },
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
        },
      },
      {
        ...shared,
        test: {
          ...shared.test,
          name: "pg",
          include: PG_FILES,
          env: { TEST_ENGINE: "pg" },
          // Last, with a worker more than vitest's default (the cores less one): these files
          // spend much of their time waiting on PostgreSQL, and the "processes" files, which
          // time what they measure, are not running then.
          sequence: { groupOrder: 2 },
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
    ],
  },
});
