/** Text limits shared by the API and the world loader, so both refuse the same input. */
import type { InputIssue } from "../refusals";

export const CUSTOMER_NAME_MAX = 200;
export const OFFER_NAME_MAX = 200;
export const PARAM_NAME_MAX = 200;
export const PARAM_DESCRIPTION_MAX = 1000;
export const PARAM_VALUE_MAX = 1000;
export const API_KEY_LABEL_MAX = 100;

/** A required name: trimmed, not empty, at most max characters. Records an issue or returns it. */
export function readName(value: string, path: string, max: number, issues: InputIssue[]): string {
  const name = value.trim();
  if (name.length === 0) issues.push({ path, message: "must not be empty" });
  else if (name.length > max) issues.push({ path, message: `must be at most ${max} characters` });
  return name;
}

/** An optional text: null when absent or blank, at most max characters. */
export function readOptionalText(
  value: string | null | undefined,
  path: string,
  max: number,
  issues: InputIssue[],
): string | null {
  const text = value?.trim() || null;
  if (text && text.length > max) issues.push({ path, message: `must be at most ${max} characters` });
  return text;
}
