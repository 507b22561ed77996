/**
 * Every module of src/domain/ has its unit tests in test/domain/<module>.test.ts, and that file
 * imports the module: a new rule cannot land without tests of its own.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const DOMAIN = resolve(__dirname, "../../src/domain");

/**
 * Modules that hold no logic (only type declarations or constant tables) and so need no test
 * file, each with the reason. The test below checks that each still exports no function.
 */
const WITHOUT_LOGIC: Record<string, string> = {
  // None today: every module of src/domain/ holds a reader, a rule or a lookup.
};

/** Module names relative to src/domain/, without ".ts", with "/" between folders. */
function domainModules(): string[] {
  return readdirSync(DOMAIN, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map((file) => file.slice(0, -".ts".length).split(sep).join("/"))
    .sort();
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("test/domain covers src/domain", () => {
  const modules = domainModules();

  it("finds the domain's modules", () => {
    expect(modules).toContain("accounts/visibility");
    expect(modules).toContain("refusals");
  });

  it("has a test file for every module with logic, importing that module", () => {
    const untested = modules
      .filter((module) => !(module in WITHOUT_LOGIC))
      .filter((module) => {
        const file = join(__dirname, `${module}.test.ts`);
        if (!existsSync(file)) return true;
        const imports = new RegExp(`from\\s+["'](?:\\.\\./)+src/domain/${escape(module)}["']`);
        return !imports.test(readFileSync(file, "utf8"));
      });
    expect(untested, "modules of src/domain/ without test/domain/<module>.test.ts importing them").toEqual([]);
  });

  it("excepts only existing modules that export no function", async () => {
    for (const module of Object.keys(WITHOUT_LOGIC)) {
      expect(modules, `${module} is excepted but is not a module of src/domain/`).toContain(module);
      const exported: Record<string, unknown> = await import(join(DOMAIN, module));
      const functions = Object.entries(exported).filter(([, value]) => typeof value === "function").map(([name]) => name);
      expect(functions, `${module} is excepted as holding no logic but exports functions`).toEqual([]);
    }
  });
});
