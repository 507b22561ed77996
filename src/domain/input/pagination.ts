/**
 * Cursor connections (SPEC section 5): `first` defaults to 10 and is at most 100; `after` is
 * an opaque cursor. Lists are ordered by creation time, then id, so a cursor is that pair:
 * pages stay stable while rows are added.
 */
import type { InputIssue } from "../refusals";

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

export interface Position {
  createdAt: number;
  id: string;
}

export interface PageRequest {
  first: number;
  after: Position | null;
}

export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt}:${position.id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): Position | null {
  if (cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  // The id is a UUID: any letter case names the same row (SPEC section 4).
  const match = /^(\d{1,15}):([0-9a-f-]{36})$/i.exec(decoded);
  if (!match) return null;
  return { createdAt: Number(match[1]), id: match[2]!.toLowerCase() };
}

/** Checks `first` and `after`; the paths name the arguments in the caller's terms. */
export function readPage(
  first: number | null | undefined,
  after: string | null | undefined,
  paths: { first: string; after: string } = { first: "first", after: "after" },
): { ok: true; page: PageRequest } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    issues.push({ path: paths.first, message: `first must be between 0 and ${MAX_PAGE_SIZE}` });
  }
  let position: Position | null = null;
  if (after !== null && after !== undefined) {
    position = decodeCursor(after);
    if (!position) issues.push({ path: paths.after, message: "after is not a cursor returned by this API" });
  }
  return issues.length ? { ok: false, issues } : { ok: true, page: { first: size, after: position } };
}

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/** Cuts a list fetched with one extra row into a page and whether more follow. */
export function toPage<T>(rows: T[], first: number): Page<T> {
  return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
}
