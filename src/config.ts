/** Runtime configuration, read once from the environment; every knob has a safe default. */
import { availableParallelism } from "node:os";

export interface Config {
  port: number;
  host: string;
  /** Origins whose pages may call the API from a browser (CORS); none by default. */
  corsOrigins: string[];
  /** The SQLite file, used when no databaseUrl is given. */
  databasePath: string;
  /** A postgres:// URL: the server and db:load use PostgreSQL instead of the SQLite file. */
  databaseUrl: string | null;
  /** Most connections one process opens to PostgreSQL (its pool). */
  databasePoolSize: number;
  /** Largest number of items one bulk call may carry. */
  bulkItemLimit: number;
  /**
   * The longest a shutdown waits for the requests in flight; past it the process exits 1,
   * cutting them off. Long enough for the largest bulk call on a busy machine, shorter than
   * the 30 s Kubernetes allows before SIGKILL, so the process still closes the database itself.
   */
  shutdownGraceMs: number;
  /** SQLite busy timeout: how long a writer waits for another process's lock. */
  busyTimeoutMs: number;
  /**
   * Threads that run queries, each on connections of its own, while the main thread serves
   * HTTP (SQLite only; README "Storage"): as many as the machine has cores by default; 0 runs
   * queries on the main thread.
   */
  readThreads: number;
  /** Introspection and GraphiQL: on by default for exploration, off by default with NODE_ENV=production. */
  introspection: boolean;
  graphiql: boolean;
  /** Automatic persisted queries (a shared cache of query texts): off unless configured. */
  persistedQueries: boolean;
  /** Bytes of parsed documents kept for reuse (sized by their source text). */
  documentCacheBytes: number;
  limits: QueryLimits;
  /** How long an idempotency key is remembered. */
  idempotencyTtlHours: number;
  /** Load the demo world into an empty database on start. */
  seedDemoWorld: boolean;
  logLevel: string;
  /** How long Requests are kept, in days (never less than the idempotency key retention). */
  requestRetentionDays: number;
  /** The largest outcome remembered under an idempotency key, in bytes of JSON. */
  idempotencyOutcomeMaxBytes: number;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
  maxBodyBytes: number;
  /** Body cap for a request without an API key, applied before its JSON is parsed. */
  maxUnauthenticatedBodyBytes: number;
  /** An answer longer than this is refused instead of sent. */
  maxResponseBytes: number;
  /** A query still executing after this long is stopped and refused. */
  executionBudgetMs: number;
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

/** pino's levels, most to least severe; silent logs nothing. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${raw}"`);
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false (or 1/0, yes/no, on/off), got "${raw}"`);
}

/** A comma-separated list of origins, each exactly scheme://host[:port] as a browser sends it. */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return [];
  return raw.split(",").map((entry) => {
    const origin = entry.trim();
    let parsed: URL | null = null;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(
        `${name} must be a comma-separated list of origins such as https://console.example.com or http://localhost:5173 (scheme, host, optional port; no path, no trailing slash), got "${origin}"`,
      );
    }
    return origin;
  });
}

/**
 * A setting the process cannot work with, found when it is used (a database that cannot be
 * opened as configured): the message names the variable and its value (never a password), then
 * why. Shown as that one line, not as a fault.
 */
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingError";
  }
}

/** The URL with its password hidden: what may be printed or logged of a database URL. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    // libpq and node-postgres also take the password as a parameter of the URL.
    if (parsed.searchParams.has("password")) parsed.searchParams.set("password", "***");
    return parsed.toString();
  } catch {
    // Not a URL: hide whatever sits between "user:" and "@", as a URL would hold a password there.
    return url.replace(/(\/\/[^/:@]*:)[^@]*@/, "$1***@");
  }
}

/** A PostgreSQL URL (postgres:// or postgresql://, with a host), or null when unset. */
function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(raw);
  } catch {
    // reported below
  }
  if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol) || !parsed.hostname) {
    throw new Error(
      `${name} must be a PostgreSQL URL such as postgres://user:password@host:5432/database (scheme postgres:// or postgresql://, with a host), got "${withoutPassword(raw)}"`,
    );
  }
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === "production";
  return {
    port: integer(env, "PORT", 4000),
    host: env.HOST || "0.0.0.0",
    corsOrigins: origins(env, "CORS_ORIGINS"),
    databasePath: env.DATABASE_PATH || "./data/connectivity.db",
    databaseUrl: postgresUrl(env, "DATABASE_URL"),
    databasePoolSize: integer(env, "DATABASE_POOL_SIZE", 10, 1),
    bulkItemLimit: integer(env, "BULK_ITEM_LIMIT", 10_000, 1),
    busyTimeoutMs: integer(env, "SQLITE_BUSY_TIMEOUT_MS", 5_000),
    readThreads: integer(env, "READ_THREADS", availableParallelism(), 0),
    shutdownGraceMs: integer(env, "SHUTDOWN_GRACE_MS", 20_000, 100),
    introspection: flag(env, "GRAPHQL_INTROSPECTION", !production),
    graphiql: flag(env, "GRAPHIQL", !production),
    persistedQueries: flag(env, "PERSISTED_QUERIES", false),
    documentCacheBytes: integer(env, "DOCUMENT_CACHE_MAX_BYTES", 32 * 1024 * 1024, 0),
    limits: {
      maxDepth: integer(env, "QUERY_MAX_DEPTH", 12, 1),
      maxAliases: integer(env, "QUERY_MAX_ALIASES", 30, 0),
      maxCost: integer(env, "QUERY_MAX_COST", 50_000, 1),
      maxTokens: integer(env, "QUERY_MAX_TOKENS", 5_000, 1),
      maxBodyBytes: integer(env, "REQUEST_MAX_BYTES", 5 * 1024 * 1024, 1024),
      maxUnauthenticatedBodyBytes: integer(env, "UNAUTHENTICATED_MAX_BYTES", 64 * 1024, 1024),
      maxResponseBytes: integer(env, "RESPONSE_MAX_BYTES", 16 * 1024 * 1024, 1024),
      executionBudgetMs: integer(env, "QUERY_TIME_BUDGET_MS", 5_000, 1),
    },
    idempotencyTtlHours: integer(env, "IDEMPOTENCY_TTL_HOURS", 48, 24),
    seedDemoWorld: flag(env, "SEED_DEMO_WORLD", true),
    logLevel: oneOf(env, "LOG_LEVEL", LOG_LEVELS, "info"),
    requestRetentionDays: integer(env, "REQUEST_RETENTION_DAYS", 30, 1),
    idempotencyOutcomeMaxBytes: integer(env, "IDEMPOTENCY_OUTCOME_MAX_BYTES", 8 * 1024 * 1024, 64 * 1024),
  };
}
