import type { RunResult } from "better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema";

/** The database or a transaction on it: repositories accept either. */
export type Executor = BaseSQLiteDatabase<"sync", RunResult, typeof schema>;
