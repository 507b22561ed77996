/**
 * Storage: the connection pragmas are the documented ones, and the
 * committed migrations are exactly what drizzle-kit makes of src/db/sqlite/schema.ts.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../../src/db/sqlite/connection";

const ROOT = resolve(__dirname, "../..");

describe("database", () => {
  it("opens with WAL, foreign keys, a busy timeout and synchronous FULL", () => {
    const dir = mkdtempSync(join(tmpdir(), "connectivity-pragmas-"));
    const handle = openDatabase(join(dir, "p.db"), { busyTimeoutMs: 1234 });
    try {
      expect(handle.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(handle.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(handle.sqlite.pragma("busy_timeout", { simple: true })).toBe(1234);
      expect(handle.sqlite.pragma("synchronous", { simple: true })).toBe(2);
      migrateDatabase(handle);
      migrateDatabase(handle); // idempotent
      const tables = handle.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(["customers", "subscribers", "subscriber_offers", "requests", "idempotency_keys"]));
    } finally {
      handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has migrations in drizzle/sqlite/ that match src/db/sqlite/schema.ts (run `npm run db:generate` when this fails)", () => {
    // drizzle-kit takes its output folder relative to the project: use a git-ignored one.
    const out = join("test-output", `migrations-check-${process.pid}`);
    try {
      cpSync(join(ROOT, "drizzle/sqlite"), join(ROOT, out), { recursive: true });
      const before = readdirSync(join(ROOT, out)).sort();
      const printed = execFileSync(
        process.execPath,
        [join(ROOT, "node_modules/drizzle-kit/bin.cjs"), "generate", "--dialect", "sqlite", "--schema", "src/db/sqlite/schema.ts", "--out", out],
        { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
      );
      expect(printed).toContain("No schema changes");
      expect(readdirSync(join(ROOT, out)).sort()).toEqual(before);
    } finally {
      rmSync(join(ROOT, out), { recursive: true, force: true });
    }
  }, 60_000);
});
