/** API keys: a customer creates and revokes its own keys; nobody else's. */
import { API_KEY_LABEL_MAX, readOptionalText } from "./limits";
import { accept, invalid, refuse, type Decision, type InputIssue } from "./refusals";
import type { TreeNode } from "./visibility";

export function readApiKeyLabel(label: string | null | undefined, path = "input.label"): Decision<string | null> {
  const issues: InputIssue[] = [];
  const value = readOptionalText(label, path, API_KEY_LABEL_MAX, issues);
  return issues.length ? refuse(invalid(issues)) : accept(value);
}

export function checkOwnApiKey<K extends { customerId: string }>(requester: TreeNode, key: K | null, apiKeyId: string): Decision<K> {
  return key && key.customerId === requester.id ? accept(key) : refuse({ type: "ApiKeyNotFound", apiKeyId });
}
