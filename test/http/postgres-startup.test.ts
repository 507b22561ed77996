/**
 * Start-up failures on PostgreSQL: a DATABASE_URL the server cannot work with stops it at once
 * with exit code 1 and one line on stderr naming the variable and its value (its password
 * hidden), with the reason, no stack trace. The built server (dist/main.js) runs as a process.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadConfig, withoutPassword } from "../../src/config";
import { MAIN, ROOT } from "../../scripts/lib/server-process";
import { ADMIN_URL, freshDatabase } from "../db/pg/fresh-database";

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the server with these settings and waits for it to end (it should fail at once). */
async function start(env: Record<string, string>, timeoutMs = 20_000): Promise<Run> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "", HOST: "127.0.0.1", PORT: "0", SEED_DEMO_WORLD: "false", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise<Run>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`the server did not stop within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

function expectFailure(run: Run, line: string | RegExp) {
  expect({ code: run.code, signal: run.signal }).toEqual({ code: 1, signal: null });
  if (typeof line === "string") expect(run.stderr).toBe(`${line}\n`);
  else {
    expect(run.stderr.split("\n")).toHaveLength(2);
    expect(run.stderr.trimEnd()).toMatch(line);
  }
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

const ACCEPTS = "must be a PostgreSQL URL such as postgres://user:password@host:5432/database (scheme postgres:// or postgresql://, with a host)";

describe("start-up failures on PostgreSQL name DATABASE_URL in one line, and exit 1", () => {
  it("a value that is no URL, or a URL of another scheme or without a host: what is accepted, the password hidden", async () => {
    expectFailure(await start({ DATABASE_URL: "localhost:5432/app" }), `DATABASE_URL ${ACCEPTS}, got "localhost:5432/app"`);
    expectFailure(await start({ DATABASE_URL: "mysql://root:s3cret@db.internal/app" }), `DATABASE_URL ${ACCEPTS}, got "mysql://root:***@db.internal/app"`);
    expectFailure(await start({ DATABASE_URL: "postgres:///app" }), `DATABASE_URL ${ACCEPTS}, got "postgres:///app"`);
    const run = await start({ DATABASE_URL: "sqlite://user:hunter2@x/y" });
    expect(run.stderr).not.toContain("hunter2");
  });

  it("a server that cannot be reached, and a database that does not exist", async () => {
    expectFailure(
      await start({ DATABASE_URL: "postgres://postgres:s3cret@127.0.0.1:1/app" }),
      /^DATABASE_URL=postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/app: cannot connect to the database \(.*ECONNREFUSED.*\)$/,
    );
    const missing = new URL(ADMIN_URL);
    missing.pathname = "/connectivity_no_such_database";
    expectFailure(
      await start({ DATABASE_URL: missing.toString() }),
      `DATABASE_URL=${missing.toString()}: cannot connect to the database (database "connectivity_no_such_database" does not exist)`,
    );
  });

  it("a pool size that is not a positive integer", async () => {
    const db = await freshDatabase();
    try {
      expectFailure(await start({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: "0" }), `DATABASE_POOL_SIZE must be an integer of at least 1, got "0"`);
      expectFailure(await start({ DATABASE_URL: db.url, DATABASE_POOL_SIZE: "many" }), `DATABASE_POOL_SIZE must be an integer of at least 1, got "many"`);
    } finally {
      await db.drop();
    }
  });

  it("reads DATABASE_URL (either scheme) and DATABASE_POOL_SIZE, SQLite staying the default", () => {
    expect(loadConfig({})).toMatchObject({ databaseUrl: null, databasePath: "./data/connectivity.db", databasePoolSize: 10 });
    expect(loadConfig({ DATABASE_URL: "postgresql://app@db:5432/c", DATABASE_POOL_SIZE: "4" })).toMatchObject({
      databaseUrl: "postgresql://app@db:5432/c",
      databasePoolSize: 4,
    });
    expect(loadConfig({ DATABASE_URL: "  " }).databaseUrl).toBeNull();
    expect(withoutPassword("postgres://app:pw@db/c?sslmode=require")).toBe("postgres://app:***@db/c?sslmode=require");
    expect(withoutPassword("postgres://app@db/c?password=pw")).toBe("postgres://app@db/c?password=***");
    expect(withoutPassword("not a url://app:pw@db")).not.toContain("pw@");
  });
});
