/**
 * Which of the requester's Requests a list shows: those of one status, of one operation, or
 * both. The list is the requester's own (isRequestOwner), so a filter only narrows it.
 */
import { OPERATIONS, type Operation } from "../error-codes";
import type { InputIssue } from "../refusals";

export const REQUEST_STATUSES = ["IN_PROGRESS", "SUCCEEDED", "FAILED"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface RequestFilter {
  status?: RequestStatus;
  operation?: Operation;
}

/** A filter as received (`RequestFilter` of the API): the operation as the mutation's name. */
export interface RequestFilterInput {
  status?: string | null;
  operation?: string | null;
}

/** Reads a request list's filter; an omitted or empty filter shows every Request. */
export function readRequestFilter(
  input: RequestFilterInput | null | undefined,
  path = "filter",
): { ok: true; filter: RequestFilter } | { ok: false; issues: InputIssue[] } {
  if (!input) return { ok: true, filter: {} };
  const issues: InputIssue[] = [];
  const filter: RequestFilter = {};
  if (input.status !== null && input.status !== undefined) {
    const status = REQUEST_STATUSES.find((s) => s === input.status);
    if (status) filter.status = status;
    else issues.push({ path: `${path}.status`, message: `status must be one of ${REQUEST_STATUSES.join(", ")}` });
  }
  if (input.operation !== null && input.operation !== undefined) {
    const operation = OPERATIONS.find((o) => o === input.operation);
    if (operation) filter.operation = operation;
    else issues.push({ path: `${path}.operation`, message: "operation is not an operation of this API" });
  }
  return issues.length ? { ok: false, issues } : { ok: true, filter };
}
