/**
 * Before the suite (vitest.config.mts runs this for each project):
 * - builds dist/ once: the process-level checks (two servers on one file, SIGKILL, SIGTERM)
 *   run the built server, as `npm start` does;
 * - for the "pg" project, migrates a template database on the local PostgreSQL server, which
 *   every test server of the project copies (test/helpers/server.ts); it and its copies are
 *   dropped after the run. When PostgreSQL cannot be reached, the reason is handed to the tests, so
 *   that each PostgreSQL test fails saying so while the SQLite project runs as usual.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { dropCopiesOf, migratedTemplate } from "./db/pg/fresh-database";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template database of the "pg" project, or why there is none. */
    pgTemplate: { name: string } | { error: string };
  }
}

const built = Symbol.for("connectivity-tests:dist-built");

export default async function setup(project: TestProject) {
  const state = globalThis as { [built]?: boolean };
  if (!state[built]) {
    const root = resolve(__dirname, "..");
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
    state[built] = true;
  }
  if (project.config.env?.TEST_ENGINE !== "pg") return;
  try {
    const template = await migratedTemplate();
    project.provide("pgTemplate", { name: template.name });
    return async () => {
      // Copies a test left behind (a worker keeps its idle ones for its next test servers).
      await dropCopiesOf(template.name);
      await template.drop();
    };
  } catch (error) {
    project.provide("pgTemplate", { error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
