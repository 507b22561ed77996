/**
 * The customers of live API keys, remembered between requests on PostgreSQL (README
 * "Authentication"). Every process serving one database keeps its own memory, so a change
 * that makes a remembered answer wrong (a key revoked, a customer renamed or changed) is
 * announced to all of them: the unit of work that makes it sends a NOTIFY on KEY_CHANGES
 * (repositories/key-changes.ts), delivered when it commits, and each process LISTENs on a
 * connection of its own and forgets everything it remembered when one arrives. Without a listening
 * connection (not yet open, lost, opening again) nothing is remembered: every request asks
 * the database, as a revoked key must never be taken for longer than the notice takes to come.
 */
import type { Client } from "pg";
import type { Logger } from "pino";
import type { CustomerRow } from "../../app/ports";
import type { PgHandle } from "./connection";
import { hashApiKey } from "./repositories/api-keys";
import { KEY_CHANGES } from "./repositories/key-changes";

/** The most live keys remembered per process; past it the memory starts again empty. */
const REMEMBERED_KEYS_MAX = 10_000;
/** The first wait before opening a lost listening connection again; it doubles up to the most. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MOST_MS = 5_000;
/**
 * How often the listening connection is asked a trivial query: a connection cut without a word
 * (a network partition) is found out by the failed query, not only by TCP keepalive.
 */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 2_000;

export interface KeyCache {
  /** The customer of a live key: remembered while the listening connection is up, else asked. */
  lookup(key: string): Promise<CustomerRow | undefined>;
  /** The listening connection is up: answers may be remembered. */
  listening(): boolean;
  /** Forgets every remembered key now (this process's own commits need not wait for their notice). */
  forget(): void;
  /** Resolves once the first attempt to listen has ended, whatever its outcome. */
  started: Promise<void>;
  close(): Promise<void>;
}

/**
 * `lookup` with the customers of live keys remembered until the next notice on KEY_CHANGES.
 * An answer read while a notice arrived is not kept (it may predate the change), and unknown
 * or revoked keys are never remembered.
 */
export function rememberingKeyLookup(
  handle: PgHandle,
  lookup: (key: string) => Promise<CustomerRow | undefined>,
  log: Pick<Logger, "info" | "warn">,
): KeyCache {
  const remembered = new Map<string, CustomerRow>();
  /** Moves at every forget: an answer read across a move is not kept. */
  let generation = 0;
  let client: Client | null = null;
  let up = false;
  let closed = false;
  let retryMs = RECONNECT_FIRST_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const forget = () => {
    generation++;
    remembered.clear();
  };

  const lost = (which: Client, error?: unknown) => {
    if (which !== client) return;
    client = null;
    up = false;
    forget();
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    which.end().catch(() => undefined);
    if (closed) return;
    log.warn({ err: error, retryInMs: retryMs }, "API key cache: the listening connection was lost; keys are looked up every time until it is back");
    retryTimer = setTimeout(() => void listen(), retryMs);
    retryTimer.unref();
    retryMs = Math.min(retryMs * 2, RECONNECT_MOST_MS);
  };

  const listen = async () => {
    retryTimer = null;
    if (closed) return;
    const next = handle.newClient();
    client = next;
    next.on("error", (error) => lost(next, error));
    next.on("end", () => lost(next));
    next.on("notification", () => forget());
    try {
      await next.connect();
      await next.query(`LISTEN ${KEY_CHANGES}`);
    } catch (error) {
      lost(next, error);
      return;
    }
    if (client !== next) return;
    // What was read before the LISTEN took effect may predate a change no notice will tell of.
    forget();
    up = true;
    retryMs = RECONNECT_FIRST_MS;
    heartbeat = setInterval(() => {
      const timeout = setTimeout(() => lost(next, new Error("the listening connection did not answer")), HEARTBEAT_TIMEOUT_MS);
      next.query("select 1").then(
        () => clearTimeout(timeout),
        (error: unknown) => {
          clearTimeout(timeout);
          lost(next, error);
        },
      );
    }, HEARTBEAT_MS);
    heartbeat.unref();
    log.info("API key cache: listening for key changes");
  };

  const started = listen();

  return {
    started,
    listening: () => up,
    forget,
    async lookup(key) {
      if (!up) return lookup(key);
      const hash = hashApiKey(key);
      const known = remembered.get(hash);
      if (known) return known;
      const asked = generation;
      const customer = await lookup(key);
      if (customer && up && generation === asked) {
        if (remembered.size >= REMEMBERED_KEYS_MAX) remembered.clear();
        remembered.set(hash, customer);
      }
      return customer;
    },
    async close() {
      closed = true;
      up = false;
      forget();
      if (retryTimer) clearTimeout(retryTimer);
      if (heartbeat) clearInterval(heartbeat);
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}
