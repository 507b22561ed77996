import type { NodePgDatabase } from "drizzle-orm/node-postgres";

/**
 * Drizzle on the pool (reads, each statement on whichever connection is free) or on one pooled
 * connection (a unit of work, every statement inside its transaction): repositories accept either.
 */
export type Executor = NodePgDatabase;
