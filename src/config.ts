/** Runtime configuration, read once from the environment; every knob has a safe default. */
export interface Config {
  port: number;
  host: string;
  databasePath: string;
  /** Largest number of items one bulk call may carry. */
  bulkItemLimit: number;
  /** SQLite busy timeout: how long a writer waits for another process's lock. */
  busyTimeoutMs: number;
  /** Introspection and GraphiQL: on by default for exploration, turn off in production. */
  introspection: boolean;
  graphiql: boolean;
  limits: QueryLimits;
  /** How long an idempotency key is remembered. */
  idempotencyTtlHours: number;
  /** Load the demo world into an empty database on start. */
  seedDemoWorld: boolean;
  logLevel: string;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
  maxBodyBytes: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, "PORT", 4000),
    host: env.HOST || "0.0.0.0",
    databasePath: env.DATABASE_PATH || "./data/connectivity.db",
    bulkItemLimit: integer(env, "BULK_ITEM_LIMIT", 10_000, 1),
    busyTimeoutMs: integer(env, "SQLITE_BUSY_TIMEOUT_MS", 5_000),
    introspection: flag(env, "GRAPHQL_INTROSPECTION", true),
    graphiql: flag(env, "GRAPHIQL", true),
    limits: {
      maxDepth: integer(env, "QUERY_MAX_DEPTH", 12, 1),
      maxAliases: integer(env, "QUERY_MAX_ALIASES", 30, 0),
      maxCost: integer(env, "QUERY_MAX_COST", 50_000, 1),
      maxTokens: integer(env, "QUERY_MAX_TOKENS", 5_000, 1),
      maxBodyBytes: integer(env, "REQUEST_MAX_BYTES", 5 * 1024 * 1024, 1024),
    },
    idempotencyTtlHours: integer(env, "IDEMPOTENCY_TTL_HOURS", 48, 24),
    seedDemoWorld: flag(env, "SEED_DEMO_WORLD", true),
    logLevel: env.LOG_LEVEL || "info",
  };
}
