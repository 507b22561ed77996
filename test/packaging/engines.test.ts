/**
 * `engines` tells the truth: every Node version package.json names runs every installed
 * package (so `npm ci` prints no engine warning there), and this machine's Node is one of them.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const manifest = JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(resolve(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The locked packages whose own Node range does not hold every version of `range`. */
function narrowerThan(range: string): string[] {
  return Object.entries(lock.packages)
    .filter(([path]) => path !== "")
    .flatMap(([path, entry]) => {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return node && !semver.subset(range, node) ? [`${path.replace(/^.*node_modules\//, "")}@${entry.version}: ${node}`] : [];
    });
}

describe("engines", () => {
  it("every installed package supports every Node version package.json names", () => {
    expect(narrowerThan(manifest.engines.node)).toEqual([]);
  });

  it("this machine's Node is one package.json names", () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
  });

  it("the check finds a package that wants a newer Node than package.json names", () => {
    expect(narrowerThan(">=18")).not.toEqual([]);
  });
});
