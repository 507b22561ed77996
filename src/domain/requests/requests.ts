/**
 * Requests (SPEC section 2, request(id)): a Request record is seen only by the requester that
 * caused it; any other id answers as if it named nothing.
 */

/** The requester caused this request. */
export function isRequestOwner(requester: { id: string }, request: { requesterId: string }): boolean {
  return request.requesterId === requester.id;
}
