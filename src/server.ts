/**
 * Apollo wiring and the HTTP front: routes, body limit, authentication, request ids, the
 * offline GraphiQL page, health checks and graceful shutdown.
 */
import "reflect-metadata";
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { getOperationAST, GraphQLError, parse, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "./config";
import type { CustomerRow, ReadStore, Storage } from "./app/ports";
import type { Engine } from "./db/engine";
import { PLATFORM_MESSAGES } from "./domain/error-codes";
import type { Context } from "./graphql/context";
import { createLoaders } from "./graphql/loaders";
import { buildApiSchema } from "./graphql/schema";
import { newTrace, outcomeOf, traceOperations, type RequestTrace } from "./http/access-log";
import { bearerKey, isIntrospectionDocument, requireApiKey, unauthenticatedBody } from "./http/auth";
import { DocumentCache } from "./http/document-cache";
import { graphiqlAsset, graphiqlPage } from "./http/graphiql";
import { startReadThreads, startWriteThread, type AppOnThread } from "./http/write-thread";
import { limitExceeded, MAX_NESTING, measureOperation, nestingDepth, queryLimits } from "./http/limits";

const ASSET_BASE = "/graphiql/assets";

/** On every answer: no content sniffing, and no page of ours inside another site's frame. */
const SECURITY_HEADERS: [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["content-security-policy", "frame-ancestors 'none'"],
  ["x-frame-options", "DENY"],
  ["referrer-policy", "no-referrer"],
];
const JSON_TYPE = "application/json; charset=utf-8";
/** How long a browser may reuse a preflight's answer. */
const CORS_MAX_AGE_SECONDS = 600;
const TEXT_TYPE = "text/plain; charset=utf-8";


export interface App {
  server: Server;
  /** Resolves once mutations can run (on SQLite, once the write thread serves this app's database). */
  ready: Promise<void>;
  apollo: ApolloServer<Context>;
  config: Config;
  /** The parsed documents kept for requests with a key (null when turned off). */
  documentCache: DocumentCache | null;
  /** Listens on the port (0 picks a free one) and resolves with the URL of /graphql. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, finishes in-flight requests, then stops Apollo. */
  close(): Promise<void>;
}

/** One GraphQL request as plain data: what execution needs, on this thread or the write thread. */
export interface GraphQLCall {
  /** No API key: only introspection reaches here (checked before). */
  keyless: boolean;
  requester: CustomerRow | null;
  requestId: string;
  method: string;
  headers: [string, string][];
  search: string;
  /** The parsed JSON body, or its text to parse where the call runs (a large text crosses threads cheaply). */
  body: { parsed: unknown } | { text: string };
}

/** A GraphQL request's HTTP answer, and what the access log needs of it. */
export interface GraphQLAnswer {
  status: number;
  headers: [string, string][];
  text: string;
  trace: RequestTrace;
  /** The execution ran past the time budget of queries. */
  overBudget: boolean;
}

export interface Execution {
  schema: GraphQLSchema;
  /** The read port this execution serves queries from (also the key lookup). */
  reads: ReadStore;
  apollo: ApolloServer<Context>;
  /** The parsed documents kept for requests with a key (null when turned off). */
  documentCache: DocumentCache | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  execute(call: GraphQLCall): Promise<GraphQLAnswer>;
}

/**
 * Apollo over one database's ports: the main thread runs calls with the engine's, and on
 * SQLite the write thread (src/http/write-thread.ts) runs mutations with ports of its own.
 */
export function createExecution(options: {
  config: Config;
  storage: Storage;
  reads: ReadStore;
  log: Logger;
  schema?: GraphQLSchema;
}): Execution {
  const { config, storage, reads, log } = options;
  const schema = options.schema ?? buildApiSchema();
  const common = {
    schema,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts handles SIGTERM/SIGINT: it stops accepting, drains, then stops Apollo once.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError: (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, error, log),
  } as const;
  const plugins = [
    // No field declares a cache hint, and the plugin would run on every field of every answer.
    ApolloServerPluginCacheControlDisabled(),
    traceOperations,
    requireApiKey,
    config.graphiql ? landingPage() : ApolloServerPluginLandingPageDisabled(),
  ];
  const documentCache = config.documentCacheBytes > 0 ? new DocumentCache(config.documentCacheBytes) : null;
  /** Serves requests that carry a valid key. */
  const apollo = new ApolloServer<Context>({
    ...common,
    introspection: config.introspection,
    documentStore: documentCache,
    persistedQueries: config.persistedQueries ? {} : false,
    plugins: [...plugins, queryLimits(config.limits, config.bulkItemLimit)],
  });
  /**
   * Serves requests without a key: the GraphiQL page and introspection-only documents, already
   * measured before validation (checkKeylessDocument), so not measured again. Nothing such a request sends is kept: no document cache, no persisted queries.
   */
  const anonymous = new ApolloServer<Context>({
    ...common,
    introspection: config.introspection,
    documentStore: null,
    persistedQueries: false,
    plugins,
  });

  return {
    schema,
    reads,
    apollo,
    documentCache,
    start: async () => void (await Promise.all([apollo.start(), anonymous.start()])),
    stop: async () => void (await Promise.all([apollo.stop(), anonymous.stop()])),
    async execute(call) {
      const trace: RequestTrace = { ...newTrace(), requesterId: call.requester?.id };
      const headers = new HeaderMap();
      for (const [name, value] of call.headers) headers.set(name, value);
      const body = "parsed" in call.body ? call.body.parsed : JSON.parse(call.body.text);
      const deadline = performance.now() + config.limits.executionBudgetMs;
      const response = await (call.keyless ? anonymous : apollo).executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: call.method, headers, search: call.search, body },
        context: async () => ({
          requester: call.requester,
          reads,
          storage,
          loaders: createLoaders(reads, () => checkBudget(deadline, config.limits.executionBudgetMs, trace)),
          config,
          log: log.child({ requestId: call.requestId }),
          trace,
        }),
      });
      let text = "";
      if (response.body.kind === "complete") text = response.body.string;
      else for await (const chunk of response.body.asyncIterator) text += chunk;
      return { status: response.status ?? 200, headers: [...response.headers], text, trace, overBudget: performance.now() > deadline };
    },
  };
}

export function createApp(options: { config: Config; engine: Engine; log: Logger }): App {
  const { config, engine, log } = options;
  const local = createExecution({ config, storage: engine.storage, reads: engine.reads, log });
  const { schema, reads } = local;
  // Where the engine asks for it, mutations run on the write thread; else here, like queries.
  const writes = engine.writeThread ? startWriteThread(config, log) : null;
  // And queries on the read threads too, beside this one (READ_THREADS).
  const readers = engine.writeThread && config.readThreads > 0 ? startReadThreads(config, log, config.readThreads) : [];
  // Queries are served at once; a mutation waits for the write thread to be up (so does /readyz).
  const started = local.start();
  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = readRequestId(req.headers["x-request-id"]);
    const trace = newTrace();
    res.setHeader("x-request-id", requestId);
    for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
    res.on("finish", () => {
      log.info(
        {
          requestId,
          method: req.method,
          path: pathOf(req)?.pathname ?? "(malformed)",
          status: res.statusCode,
          operationName: trace.operationName,
          operationType: trace.operationType,
          requesterId: trace.requesterId,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          outcome: outcomeOf(res.statusCode, trace),
          errorCodes: trace.errorCodes.length ? trace.errorCodes : undefined,
          refusalCodes: trace.refusalCodes.length ? trace.refusalCodes : undefined,
          itemRefusals: Object.keys(trace.itemRefusals).length ? trace.itemRefusals : undefined,
        },
        "request",
      );
    });
    handle_(req, res, requestId, trace).catch((error) => {
      log.error({ err: error, requestId }, "request failed unexpectedly");
      if (!res.headersSent) send(res, 500, JSON_TYPE, serviceUnavailableBody());
      else res.end();
    });
  });

  async function handle_(req: IncomingMessage, res: ServerResponse, requestId: string, trace: RequestTrace) {
    const url = pathOf(req);
    if (!url) return send(res, 400, JSON_TYPE, errorBody("Malformed request path", "BAD_REQUEST"));
    if (url.pathname === "/healthz") return send(res, 200, JSON_TYPE, '{"status":"ok"}');
    if (url.pathname === "/readyz") return readiness(res);
    if (url.pathname.startsWith(`${ASSET_BASE}/`) && config.graphiql) {
      const asset = graphiqlAsset(url.pathname.slice(ASSET_BASE.length + 1));
      if (!asset) return send(res, 404, TEXT_TYPE, "Not found");
      res.setHeader("cache-control", "public, max-age=86400");
      return send(res, 200, asset.contentType, asset.body);
    }
    if (url.pathname !== "/graphql" || (wantsPage(req) && !config.graphiql)) return send(res, 404, TEXT_TYPE, "Not found");
    const preflight = req.method === "OPTIONS" && !!header(req, "origin") && !!header(req, "access-control-request-method");
    if (!allowCrossOrigin(req, res, preflight)) {
      return send(res, 403, JSON_TYPE, errorBody("This origin may not call the API (CORS_ORIGINS)", "CORS_ORIGIN_NOT_ALLOWED"));
    }
    if (preflight) {
      res.statusCode = 204;
      return res.end();
    }
    // Every answer here depends on the key that asked: no shared cache may keep one.
    res.setHeader("cache-control", "no-store");
    await started;

    // The key first: a request without a valid one gets nothing costly (README "Facing the internet").
    const key = bearerKey(header(req, "authorization"));
    let requester: CustomerRow | null = null;
    try {
      requester = key ? ((await reads.customers.byApiKey(key)) ?? null) : null;
    } catch (error) {
      // The database did not answer (a lost connection, a timeout): nothing was done, retry.
      log.error({ err: error, requestId }, "API key lookup failed");
      trace.errorCodes = ["GLOBAL_1001"];
      res.setHeader("retry-after", "1");
      return send(res, 503, JSON_TYPE, serviceUnavailableBody());
    }
    trace.requesterId = requester?.id;
    if (key === null || (key && !requester)) return unauthenticated(res);
    const keyless = !requester;
    if (keyless && !config.introspection && !wantsPage(req)) return unauthenticated(res);

    const maxBytes = keyless ? config.limits.maxUnauthenticatedBodyBytes : config.limits.maxBodyBytes;
    const body = await readBody(req, maxBytes);
    if (body === "too large") {
      res.setHeader("connection", "close");
      if (keyless) return unauthenticated(res);
      return send(res, 413, JSON_TYPE, errorBody(`Request body over ${maxBytes} bytes`, "BAD_REQUEST"));
    }
    let parsed: unknown = undefined;
    if (body.length && /json/i.test(header(req, "content-type") ?? "")) {
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        return send(res, 400, JSON_TYPE, errorBody("The request body is not valid JSON", "BAD_REQUEST"));
      }
    }
    // The parser recurses per nesting level: refuse a pathological document before it runs.
    const request = (parsed ?? {}) as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
    const query = request.query ?? url.searchParams.get("query");
    if (typeof query === "string" && nestingDepth(query) > MAX_NESTING) {
      return send(res, 400, JSON_TYPE, errorBody(`The document is nested more than ${MAX_NESTING} levels deep`, "GRAPHQL_PARSE_FAILED"));
    }
    if (keyless && typeof query === "string") {
      const refusal = checkKeylessDocument(query, request, url);
      if (refusal === "unauthenticated") return unauthenticated(res);
      if (refusal) return send(res, 400, JSON_TYPE, JSON.stringify({ errors: [refusal.toJSON()] }));
    }

    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.push([name, Array.isArray(value) ? value.join(", ") : value]);
    }
    const call = { keyless, requester, requestId, method: req.method ?? "GET", headers, search: url.search };
    // On SQLite mutations run on the write thread: their synchronous work (coercing thousands
    // of bulk items, the writes) never holds up the reads this thread serves.
    const answer = writes && runsOnWriteThread(req.method, request)
      ? await writes.execute({ ...call, body: { text: body.toString("utf8") } })
      : await executeQuery(call, parsed, request);
    if (!answer) return send(res, 503, JSON_TYPE, serviceUnavailableBody());
    Object.assign(trace, answer.trace);
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.statusCode = answer.status;
    // A mutation's answer is always sent: its changes are made, and the bulk item limit bounds it.
    if (trace.operationType !== "mutation") {
      if (answer.overBudget && trace.operationType) {
        trace.errorCodes = ["QUERY_TIME_BUDGET_EXCEEDED"];
        res.setHeader("retry-after", "1");
        return send(res, 503, JSON_TYPE, errorBody(budgetMessage(config.limits.executionBudgetMs), "QUERY_TIME_BUDGET_EXCEEDED"));
      }
      if (Buffer.byteLength(answer.text) > config.limits.maxResponseBytes) {
        trace.errorCodes = ["RESPONSE_TOO_LARGE"];
        return send(
          res,
          400,
          JSON_TYPE,
          errorBody(
            `The answer is over ${config.limits.maxResponseBytes} bytes and was not sent: ask for fewer fields or smaller pages (lower first)`,
            "RESPONSE_TOO_LARGE",
          ),
        );
      }
    }
    res.end(answer.text);
  }

  /**
   * What a request without a key may send: one introspection-only document within the limits,
   * parsed and measured here, before any validation; null when it may go on.
   */
  function checkKeylessDocument(
    query: string,
    request: { operationName?: unknown; variables?: unknown },
    url: URL,
  ): GraphQLError | "unauthenticated" | null {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: config.limits.maxTokens, noLocation: true });
    } catch {
      return null; // Apollo answers the syntax error, parsing again a document of at most a few KB
    }
    if (!isIntrospectionDocument(document)) return "unauthenticated";
    const operationName = typeof request.operationName === "string" ? request.operationName : url.searchParams.get("operationName");
    const operation = getOperationAST(document, operationName || undefined);
    if (!operation) return null; // Apollo names the problem
    let variables = request.variables;
    if (variables === undefined && url.searchParams.has("variables")) {
      try {
        variables = JSON.parse(url.searchParams.get("variables")!);
      } catch {
        return null;
      }
    }
    const vars = variables && typeof variables === "object" && !Array.isArray(variables) ? (variables as Record<string, unknown>) : {};
    return limitExceeded(measureOperation(schema, document, operation, vars), config.limits, config.bulkItemLimit);
  }

  const corsOrigins = new Set(config.corsOrigins);
  /**
   * CORS for the origins of CORS_ORIGINS: their preflights are answered, and their calls carry
   * the headers a browser needs to hand the answer to the page. A preflight from any other
   * origin is refused (false); other requests go on without CORS headers, so the browser keeps
   * the answer from the page. Apollo's CSRF protection still applies to every call.
   */
  function allowCrossOrigin(req: IncomingMessage, res: ServerResponse, preflight: boolean): boolean {
    const origin = header(req, "origin");
    res.setHeader("vary", "Origin");
    if (!origin || !corsOrigins.has(origin)) return !preflight;
    res.setHeader("access-control-allow-origin", origin);
    res.setHeader("access-control-expose-headers", "x-request-id, retry-after");
    if (preflight) {
      res.setHeader("access-control-allow-methods", "POST, GET");
      res.setHeader("access-control-allow-headers", "authorization, content-type, x-request-id, apollo-require-preflight");
      res.setHeader("access-control-max-age", String(CORS_MAX_AGE_SECONDS));
    }
    return true;
  }

  // A persisted mutation's text is kept by the write thread's Apollo: its hash alone goes there too.
  const persistedMutations = new Set<string>();
  function runsOnWriteThread(method: string | undefined, request: { query?: unknown; operationName?: unknown; extensions?: unknown }) {
    const hash = config.persistedQueries ? persistedHash(request) : undefined;
    if (hash && request.query === undefined) return method === "POST" && persistedMutations.has(hash);
    const mutation = isMutation(method, request.query, request.operationName, config.limits.maxTokens);
    if (mutation && hash) {
      if (persistedMutations.size >= PERSISTED_MUTATIONS_MAX) persistedMutations.clear();
      persistedMutations.add(hash);
    }
    return mutation;
  }

  /**
   * A query (or anything that is not a mutation) on the read thread with the fewest calls
   * running, or on this thread where there is none (READ_THREADS=0, PostgreSQL, a keyless
   * call). A query with a persisted hash goes to one thread chosen by the hash, the one whose
   * Apollo keeps its text. A read thread that is starting again, or that died under the call,
   * leaves the call to this thread: a query changes nothing.
   */
  async function executeQuery(call: Omit<GraphQLCall, "body">, parsed: unknown, request: { extensions?: unknown }) {
    let reader: AppOnThread | undefined;
    if (!call.keyless && readers.length) {
      const hash = config.persistedQueries ? persistedHash(request) : undefined;
      if (hash) reader = readers[hashSlot(hash, readers.length)];
      else for (const candidate of readers) if (candidate.isReady() && (!reader || candidate.running() < reader.running())) reader = candidate;
    }
    if (reader?.isReady()) {
      const answer = await reader.execute({ ...call, body: { parsed } });
      if (answer) return answer;
    }
    return local.execute({ ...call, body: { parsed } });
  }

  function unauthenticated(res: ServerResponse) {
    res.setHeader("www-authenticate", "Bearer");
    // The body may still be arriving: close the connection rather than read it.
    if (!res.req.complete) res.setHeader("connection", "close");
    send(res, 401, JSON_TYPE, unauthenticatedBody());
  }

  async function readiness(res: ServerResponse) {
    if (writes && !writes.isReady()) return send(res, 503, JSON_TYPE, '{"status":"starting"}');
    try {
      await engine.check();
      send(res, 200, JSON_TYPE, '{"status":"ready"}');
    } catch (error) {
      log.error({ err: error }, "readiness check failed");
      send(res, 503, JSON_TYPE, '{"status":"unavailable"}');
    }
  }

  return {
    server,
    ready: Promise.all([started, writes?.ready, ...readers.map((r) => r.ready)]).then(() => undefined),
    apollo: local.apollo,
    config,
    documentCache: local.documentCache,
    listen: (port, host = config.host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
          resolve(`http://${shown}:${actual}/graphql`);
        });
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.all([local.stop(), writes?.stop(), ...readers.map((r) => r.stop())]);
    },
  };
}

/** GraphiQL from local assets (no CDN), shown to browsers that GET /graphql. */
function landingPage(): ApolloServerPlugin<Context> {
  return {
    async serverWillStart() {
      const html = graphiqlPage({ endpoint: "/graphql", assetBase: ASSET_BASE, title: "Connectivity GraphQL API" });
      return { async renderLandingPage() { return { html }; } };
    },
  };
}

/**
 * Errors the GraphQL machinery raised on purpose (parse, validation, limits, input) reach the
 * client as they are. An error thrown by code (a resolver, the database) is a fault: it becomes
 * GLOBAL_1001 with no stack, SQL or path, and is logged here.
 */
function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const original = unwrap(error);
  const raisedOnPurpose = original instanceof GraphQLError || !(original instanceof Error);
  if (raisedOnPurpose) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    // Apollo leaves some of its own refusals (an unsupported subscription, a persisted-query
    // mismatch) without a code, or with INTERNAL_SERVER_ERROR: they are the caller's to fix.
    const known = typeof code === "string" && code !== "INTERNAL_SERVER_ERROR";
    return { ...formatted, extensions: { ...extensions, code: known ? code : "BAD_REQUEST" } };
  }
  log.error({ err: unwrap(error), path: formatted.path }, "resolver failed unexpectedly");
  return {
    message: PLATFORM_MESSAGES.GLOBAL_1001,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: "GLOBAL_1001" },
  };
}

function unwrap(error: unknown): unknown {
  return error instanceof GraphQLError && error.originalError ? error.originalError : error;
}

function pathOf(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? "/", "http://localhost");
  } catch {
    return null;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function wantsPage(req: IncomingMessage): boolean {
  return req.method === "GET" && /text\/html/.test(header(req, "accept") ?? "");
}

/**
 * A POSTed document whose chosen operation is a mutation. Anything else (a query, a document
 * that does not parse) runs on this thread, where Apollo answers it or names its problem.
 */
function isMutation(method: string | undefined, query: unknown, operationName: unknown, maxTokens: number): boolean {
  if (method !== "POST" || typeof query !== "string" || !/\bmutation\b/.test(query)) return false;
  try {
    const document = parse(query, { maxTokens, noLocation: true });
    return getOperationAST(document, typeof operationName === "string" ? operationName : undefined)?.operation === "mutation";
  } catch {
    return false;
  }
}

/** The most persisted mutations remembered (their hashes, to send a hash alone to the write thread). */
const PERSISTED_MUTATIONS_MAX = 10_000;

function persistedHash(request: { extensions?: unknown }): string | undefined {
  const hash = (request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === "string" ? hash : undefined;
}

/** One of `slots`, the same for the same hash. */
function hashSlot(hash: string, slots: number): number {
  let sum = 0;
  for (let i = 0; i < hash.length; i++) sum = (sum * 31 + hash.charCodeAt(i)) >>> 0;
  return sum % slots;
}

/** Honours a caller's request id when it is short and plain, else makes one. */
function readRequestId(value: string | string[] | undefined): string {
  const given = Array.isArray(value) ? value[0] : value;
  return given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

/** Reads the body up to the limit; past it, stops reading and answers "too large" at once. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off("data", onData);
      req.pause();
      resolve("too large");
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer) {
  res.statusCode = status;
  res.setHeader("content-type", contentType);
  res.end(body);
}

function errorBody(message: string, code: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

function budgetMessage(ms: number): string {
  return `The query ran past its time budget of ${ms} ms and was stopped: ask for less (fewer fields, smaller pages) or retry later`;
}

/** Stops a query's further reads once its time budget is spent. */
function checkBudget(deadline: number, budgetMs: number, trace: RequestTrace): void {
  if (trace.operationType === "mutation" || performance.now() <= deadline) return;
  throw new GraphQLError(budgetMessage(budgetMs), { extensions: { code: "QUERY_TIME_BUDGET_EXCEEDED" } });
}

function serviceUnavailableBody(): string {
  return errorBody(PLATFORM_MESSAGES.GLOBAL_1001, "GLOBAL_1001");
}

