/**
 * Apollo wiring and the HTTP front: routes, body limit, authentication, request ids, the
 * offline GraphiQL page, health checks and graceful shutdown.
 */
import "reflect-metadata";
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "./config";
import type { DbHandle } from "./db/connection";
import { findCustomerByApiKey } from "./db/repositories/api-keys";
import { PLATFORM_MESSAGES } from "./domain/error-codes";
import type { Context } from "./graphql/context";
import { createLoaders } from "./graphql/loaders";
import { buildApiSchema } from "./graphql/schema";
import { newTrace, outcomeOf, traceOperations, type RequestTrace } from "./http/access-log";
import { bearerKey, requireApiKey, unauthenticatedBody } from "./http/auth";
import { graphiqlAsset, graphiqlPage } from "./http/graphiql";
import { MAX_NESTING, nestingDepth, queryLimits } from "./http/limits";

const ASSET_BASE = "/graphiql/assets";
const JSON_TYPE = "application/json; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";


export interface App {
  server: Server;
  apollo: ApolloServer<Context>;
  /** Listens on the port (0 picks a free one) and resolves with the URL of /graphql. */
  listen(port: number, host?: string): Promise<string>;
  /** Stops accepting, finishes in-flight requests, then stops Apollo. */
  close(): Promise<void>;
}

export function createApp(options: {
  config: Config;
  handle: DbHandle;
  log: Logger;
  schema?: GraphQLSchema;
}): App {
  const { config, handle, log } = options;
  const schema = options.schema ?? buildApiSchema();
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // main.ts handles SIGTERM/SIGINT: it stops accepting, drains, then stops Apollo once.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    plugins: [
      traceOperations,
      requireApiKey,
      queryLimits(config.limits),
      config.graphiql ? landingPage() : ApolloServerPluginLandingPageDisabled(),
    ],
    formatError: (formatted, error) => formatError(formatted, error, log),
  });
  const started = apollo.start();

  const server = createServer((req, res) => {
    const started = performance.now();
    const requestId = readRequestId(req.headers["x-request-id"]);
    const trace = newTrace();
    res.setHeader("x-request-id", requestId);
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
    await started;

    const body = await readBody(req, config.limits.maxBodyBytes);
    if (body === "too large") {
      res.setHeader("connection", "close");
      return send(res, 413, JSON_TYPE, errorBody(`Request body over ${config.limits.maxBodyBytes} bytes`, "BAD_REQUEST"));
    }
    const key = bearerKey(header(req, "authorization"));
    let requester = null;
    if (key) requester = findCustomerByApiKey(handle.db, key) ?? null;
    trace.requesterId = requester?.id;
    if (key === null || (key && !requester) || (key === undefined && !config.introspection && !wantsPage(req))) {
      res.setHeader("www-authenticate", "Bearer");
      return send(res, 401, JSON_TYPE, unauthenticatedBody());
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
    const query = (parsed as { query?: unknown } | undefined)?.query ?? url.searchParams.get("query");
    if (typeof query === "string" && nestingDepth(query) > MAX_NESTING) {
      return send(res, 400, JSON_TYPE, errorBody(`The document is nested more than ${MAX_NESTING} levels deep`, "GRAPHQL_PARSE_FAILED"));
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body: parsed },
      context: async () => ({ requester, handle, loaders: createLoaders(handle.db), config, log: log.child({ requestId }), trace }),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") return void res.end(response.body.string);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  function readiness(res: ServerResponse) {
    try {
      handle.sqlite.prepare("select 1").get();
      send(res, 200, JSON_TYPE, '{"status":"ready"}');
    } catch (error) {
      log.error({ err: error }, "readiness check failed");
      send(res, 503, JSON_TYPE, '{"status":"unavailable"}');
    }
  }

  return {
    server,
    apollo,
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
      await apollo.stop();
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

function serviceUnavailableBody(): string {
  return errorBody(PLATFORM_MESSAGES.GLOBAL_1001, "GLOBAL_1001");
}

