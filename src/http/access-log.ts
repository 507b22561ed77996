/**
 * One structured log line per HTTP request (README "Operability"): request id, operation
 * name, requester id, duration and outcome. Never the API key, never variables (they carry
 * subscriber identifiers), never the query text.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "../graphql/context";

/** What the GraphQL layer learns about a request, for its log line. */
export interface RequestTrace {
  operationName?: string;
  operationType?: string;
  requesterId?: string;
  /** extensions.code of each error in the answer, in order. */
  errorCodes: string[];
  /** The code of each operation answered with an error type (a refusal, or ServiceUnavailable), in order. */
  refusalCodes: string[];
  /** How many items of bulk operations were refused, by code. */
  itemRefusals: Record<string, number>;
}

export function newTrace(): RequestTrace {
  return { errorCodes: [], refusalCodes: [], itemRefusals: {} };
}

/** Notes what an operation answered: its error type's code, or its refused bulk items' codes. */
export function traceAnswer(trace: RequestTrace, answered: unknown): void {
  const code = codeOf(answered);
  if (code) return void trace.refusalCodes.push(code);
  const results = (answered as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return;
  for (const item of results) {
    const itemCode = codeOf((item as { error?: unknown }).error);
    if (itemCode) trace.itemRefusals[itemCode] = (trace.itemRefusals[itemCode] ?? 0) + 1;
  }
}

function codeOf(value: unknown): string | undefined {
  const code = (value as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Fills the trace from Apollo's view of the request. */
export const traceOperations: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation, request }) {
        const { trace } = contextValue;
        trace.operationName = request.operationName ?? operation?.name?.value ?? "anonymous";
        trace.operationType = operation?.operation;
      },
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== "single") return;
        for (const error of response.body.singleResult.errors ?? []) {
          contextValue.trace.errorCodes.push(String(error.extensions?.code ?? "UNKNOWN"));
        }
      },
    };
  },
};

/** The outcome word of a finished request. */
export function outcomeOf(status: number, trace: RequestTrace): string {
  if (status === 401) return "unauthenticated";
  if (status >= 500) return "fault";
  if (status >= 400) return "rejected";
  if (trace.errorCodes.includes("GLOBAL_1001") || trace.refusalCodes.includes("GLOBAL_1001")) return "fault";
  if (trace.errorCodes.length) return "partial";
  return trace.refusalCodes.length ? "refused" : "ok";
}
