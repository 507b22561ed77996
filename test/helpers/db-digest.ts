/**
 * A digest of everything a SQLite database holds: for every table, its columns and all its rows
 * in a fixed order. Two equal digests mean "nothing changed", which is how tests prove that a
 * refused operation or a failed load wrote nothing. Under a test server, `t.db.digest()`
 * (test-db.ts) does the same on either engine.
 */
import type Database from "better-sqlite3";
import { createHash } from "node:crypto";

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function databaseDigest(sqlite: Database.Database): string {
  const hash = createHash("sha256");
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const columns = sqlite.prepare("SELECT name FROM pragma_table_info(?) ORDER BY cid").pluck().all(table) as string[];
    const order = columns.map((_, i) => i + 1).join(", ");
    const rows = sqlite.prepare(`SELECT * FROM ${quote(table)} ORDER BY ${order}`).raw().all();
    hash.update(JSON.stringify([table, columns, rows]));
    hash.update("\n");
  }
  return hash.digest("hex");
}
