/** The filter of a list of Requests: a status, an operation, or both. */
import { describe, expect, it } from "vitest";
import { readRequestFilter, REQUEST_STATUSES } from "../../../src/domain/requests/request-filter";

describe("readRequestFilter", () => {
  it("keeps every Request when the filter is omitted or empty", () => {
    expect(readRequestFilter(undefined)).toEqual({ ok: true, filter: {} });
    expect(readRequestFilter(null)).toEqual({ ok: true, filter: {} });
    expect(readRequestFilter({ status: null, operation: null })).toEqual({ ok: true, filter: {} });
  });

  it.each(REQUEST_STATUSES)("reads the status %s", (status) => {
    expect(readRequestFilter({ status })).toEqual({ ok: true, filter: { status } });
  });

  it("reads an operation by its mutation's name, and both together", () => {
    expect(readRequestFilter({ operation: "bulkReplacePackage" })).toEqual({ ok: true, filter: { operation: "bulkReplacePackage" } });
    expect(readRequestFilter({ operation: "attachOffer", status: "FAILED" })).toEqual({ ok: true, filter: { status: "FAILED", operation: "attachOffer" } });
  });

  it("refuses a status and an operation this API does not have, each at its path", () => {
    expect(readRequestFilter({ status: "DONE", operation: "dropTables" }, "where")).toEqual({
      ok: false,
      issues: [
        { path: "where.status", message: "status must be one of IN_PROGRESS, SUCCEEDED, FAILED" },
        { path: "where.operation", message: "operation is not an operation of this API" },
      ],
    });
    // The GraphQL enum's name is not the stored operation.
    expect(readRequestFilter({ operation: "ATTACH_OFFER" })).toMatchObject({ ok: false });
  });
});
