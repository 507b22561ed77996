/**
 * Lookups by id (node, nodes): at most as many ids per call as a page holds (SPEC section 5:
 * at most 100), so that one call costs no more than one page of a list.
 */
import { accept, invalid, refuse, type Reading } from "../refusals";
import { MAX_PAGE_SIZE } from "./pagination";

export const MAX_LOOKUP_IDS = MAX_PAGE_SIZE;

/** The ids as given, in order (repeats included), or ValidationFailed at `path` when there are too many. */
export function readLookupIds(ids: readonly string[], path = "ids"): Reading<readonly string[]> {
  if (ids.length > MAX_LOOKUP_IDS) {
    return refuse(invalid([{ path, message: `at most ${MAX_LOOKUP_IDS} ids per call, got ${ids.length}: split them over several calls` }]));
  }
  return accept(ids);
}
