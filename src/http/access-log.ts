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
}

export function newTrace(): RequestTrace {
  return { errorCodes: [] };
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
  if (trace.errorCodes.includes("GLOBAL_1001")) return "fault";
  return trace.errorCodes.length ? "partial" : "ok";
}
