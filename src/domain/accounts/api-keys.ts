/**
 * API keys: a customer creates and revokes its own keys and those of its direct sub-accounts
 * (so that a sub-account created through the API can be given its first key).
 */
import { API_KEY_LABEL_MAX, readOptionalText } from "../input/limits";
import { accept, invalid, refuse, type InputIssue, type Reading } from "../refusals";
import { canSeeApiKey, type TreeNode } from "./visibility";

export function readApiKeyLabel(label: string | null | undefined, path = "input.label"): Reading<string | null> {
  const issues: InputIssue[] = [];
  const value = readOptionalText(label, path, API_KEY_LABEL_MAX, issues);
  return issues.length ? refuse(invalid(issues)) : accept(value);
}

/** A key the requester manages (canSeeApiKey): its own, or a direct sub-account's. Anything else is not found. */
export function checkManagedApiKey<K extends { customerId: string }>(
  requester: TreeNode,
  key: K | null,
  holder: TreeNode | null,
  apiKeyId: string,
) {
  const managed = key && holder && canSeeApiKey(requester, { holder });
  return managed ? accept(key) : refuse({ type: "ApiKeyNotFound", apiKeyId });
}
