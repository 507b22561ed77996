/**
 * `npm run db:load -- <world.json>` (SPEC section 6): loads a world file into the configured
 * database (DATABASE_URL, else DATABASE_PATH), migrating first; all or nothing. Exit codes: 0 loaded; 1 the world has problems (each
 * printed as "<JSON path>: <message>", nothing changed); 2 the command could not run (no file,
 * unreadable, not JSON, bad configuration, database unavailable).
 */
import { readFileSync } from "node:fs";
import { loadConfig, SettingError } from "../config";
import { databaseLocation, openWorldTarget, type WorldTarget } from "../db/engine";
import { checkWorld, type WorldProblem } from "../domain/world/world";

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = "usage: npm run db:load -- <world.json>";

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs the command with argv as in process.argv (the file is argv[2]); returns the exit code. */
export async function runDbLoad(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const file = argv[2];
  if (!file) {
    io.err(USAGE);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    io.err(`cannot read ${file}: ${reasonOf(error)}`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.err(`${file} is not valid JSON: ${jsonErrorPlace(text)}: ${reasonOf(error)}`);
    return 2;
  }

  // The file is checked before the database is even opened: a bad file creates nothing.
  const checked = checkWorld(json);
  if (!checked.ok) return reportProblems(io, file, checked.problems);

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    io.err(reasonOf(error));
    return 2;
  }
  const where = databaseLocation(config);
  let target: WorldTarget | undefined;
  try {
    target = await openWorldTarget(config);
    const loaded = await target.loadWorld(checked.world);
    if (!loaded.ok) return reportProblems(io, file, loaded.problems);
    io.out(`loaded ${file} into ${where}`);
    for (const [name, count] of Object.entries(loaded.counts)) io.out(`  ${name}: ${count}`);
    return 0;
  } catch (error) {
    // A setting that cannot be used already names the variable and its value.
    io.err(error instanceof SettingError ? error.message : `cannot load into ${where}: ${reasonOf(error)}`);
    return 2;
  } finally {
    await target?.close();
  }
}

function reportProblems(io: CliIo, file: string, problems: WorldProblem[]): number {
  for (const problem of problems) io.err(`${problem.path}: ${problem.message}`);
  io.err(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was loaded`);
  return 1;
}

/**
 * Where JSON.parse gave up, as "line L, column C (position P)". Node's own messages do not
 * always say, so the text is scanned again to find the first character that breaks the grammar.
 */
export function jsonErrorPlace(text: string): string {
  const offset = jsonErrorOffset(text);
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column} (position ${offset})`;
}

class JsonStop {
  constructor(readonly offset: number) {}
}

/** The offset of the first character that is not valid JSON (the text's length if it ends early). */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const expect = (char: string) => (text[i] === char ? i++ : fail());
  const string = () => {
    expect('"');
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') return void i++;
      if (char === "\\") {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else {
          i++;
          fail();
        }
      } else if (char.charCodeAt(0) < 0x20) fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        string();
        space();
        expect(":");
        value();
        space();
        if (text[i] === ",") i++;
        else return void expect("}");
      }
    }
    if (char === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ",") i++;
        else return void expect("]");
      }
    }
    if (char === '"') return string();
    const number = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    number.lastIndex = i;
    if (number.test(text)) return void (i = number.lastIndex);
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, i)) return void (i += literal.length);
    }
    fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return text.length;
  } catch (stop) {
    if (stop instanceof JsonStop) return stop.offset;
    return 0;
  }
}

if (require.main === module) {
  void runDbLoad(process.argv, process.env, {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  }).then((code) => (process.exitCode = code));
}
