/**
 * Start-up failures: a setting the server cannot work with stops it at once with exit code 1 and
 * one line on stderr naming the environment variable and its value (no stack trace), before
 * anything is created or served.
 *
 * The built server (dist/main.js) runs as a real process. Read-only files are made read-only for
 * whoever runs the tests: chmod is enough for a user, root needs the immutable attribute (chattr),
 * and a case is skipped when neither makes the file refuse writes here.
 */
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openWritableDatabase } from "../../src/db/sqlite/connection";
import { MAIN, ROOT } from "../../scripts/lib/server-process";

const dirs: string[] = [];
const immutable: string[] = [];
const servers: Server[] = [];

afterEach(async () => {
  for (const file of immutable.splice(0)) execFileSync("chattr", ["-i", file]);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
});

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "connectivity-startup-"));
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the server with these settings and waits for it to end (it should fail at once). */
async function start(env: Record<string, string>, timeoutMs = 20_000): Promise<Run> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "", HOST: "127.0.0.1", PORT: "0", SEED_DEMO_WORLD: "false", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise<Run>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`the server did not stop within ${timeoutMs} ms:\n${stdout}${stderr}`));
    }, timeoutMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** Exit code 1 and exactly this one line on stderr. */
function expectFailure(run: Run, line: string) {
  expect({ code: run.code, signal: run.signal, stderr: run.stderr }).toEqual({ code: 1, signal: null, stderr: `${line}\n` });
}

/** Makes a file refuse writes, even to root; false when that cannot be done here. */
function makeReadOnly(file: string): boolean {
  if (process.getuid?.() === 0) {
    try {
      execFileSync("chattr", ["+i", file], { stdio: "ignore" });
      immutable.push(file);
    } catch {
      return false;
    }
  } else {
    chmodSync(file, 0o444);
  }
  try {
    closeSync(openSync(file, "r+"));
    return false;
  } catch {
    return true;
  }
}

describe("start-up failures name the variable and its value in one line, and exit 1", () => {
  it("DATABASE_PATH: a new, empty file that cannot be written", async (ctx) => {
    const path = join(newDir(), "readonly.db");
    writeFileSync(path, "");
    if (!makeReadOnly(path)) ctx.skip("no way to make a file read-only here");
    expectFailure(await start({ DATABASE_PATH: path }), `DATABASE_PATH=${path}: cannot open the database for writing (attempt to write a readonly database)`);
  });

  it("DATABASE_PATH: an existing database that can be read but not written", async (ctx) => {
    // SQLite opens it read-only without a word, and nothing at start needs a write (migrations
    // applied, no demo world to load): the server would start and fail every mutation.
    const path = join(newDir(), "existing.db");
    openWritableDatabase(path).close();
    if (!makeReadOnly(path)) ctx.skip("no way to make a file read-only here");
    expectFailure(await start({ DATABASE_PATH: path }), `DATABASE_PATH=${path}: cannot open the database for writing (attempt to write a readonly database)`);
  });

  it("DATABASE_PATH: a folder that cannot be created, a file being in the way", async () => {
    const dir = newDir();
    writeFileSync(join(dir, "file"), "");
    const direct = join(dir, "file", "connectivity.db");
    expectFailure(
      await start({ DATABASE_PATH: direct }),
      `DATABASE_PATH=${direct}: cannot create the folder ${join(dir, "file")}: ${join(dir, "file")} is a file, not a folder`,
    );
    const deeper = join(dir, "file", "data", "connectivity.db");
    expectFailure(
      await start({ DATABASE_PATH: deeper }),
      `DATABASE_PATH=${deeper}: cannot create the folder ${join(dir, "file", "data")}: ${join(dir, "file")} is a file, not a folder`,
    );
  });

  it("DATABASE_PATH: a folder", async () => {
    const path = join(newDir(), "connectivity.db");
    mkdirSync(path);
    expectFailure(await start({ DATABASE_PATH: path }), `DATABASE_PATH=${path}: is a folder, not a database file`);
  });

  it("DATABASE_PATH: a file that is not a database", async () => {
    const path = join(newDir(), "notes.txt");
    writeFileSync(path, "not a database, but a text long enough to fill a SQLite header and then some more.\n".repeat(10));
    expectFailure(await start({ DATABASE_PATH: path }), `DATABASE_PATH=${path}: is not a SQLite database (file is not a database)`);
  });

  it("DATABASE_PATH: a place where no file can be created, even by root (/proc)", async (ctx) => {
    if (!existsSync("/proc/self")) ctx.skip("no /proc here");
    const path = "/proc/connectivity.db";
    expectFailure(await start({ DATABASE_PATH: path }), `DATABASE_PATH=${path}: cannot create the database file (unable to open database file)`);
  });

  it("a malformed number or switch: the variable, the value and what is allowed", async () => {
    expectFailure(await start({ PORT: "abc" }), `PORT must be an integer of at least 0, got "abc"`);
    expectFailure(await start({ SEED_DEMO_WORLD: "maybe" }), `SEED_DEMO_WORLD must be true or false (or 1/0, yes/no, on/off), got "maybe"`);
    expectFailure(await start({ LOG_LEVEL: "verbose" }), `LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"`);
  });

  it("PORT: a port already in use, and a number that is no port", async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = (taken.address() as { port: number }).port;
    const dir = newDir();
    expectFailure(await start({ PORT: String(port), DATABASE_PATH: join(dir, "a.db") }), `PORT=${port}: address already in use`);
    expectFailure(await start({ PORT: "70000", DATABASE_PATH: join(dir, "b.db") }), `PORT=70000: not a port number (0 to 65535)`);
  });

  it("HOST: an address this machine does not have", async () => {
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): never a local address.
    const dir = newDir();
    expectFailure(await start({ HOST: "192.0.2.1", DATABASE_PATH: join(dir, "c.db") }), `HOST=192.0.2.1: address not available on this machine`);
  });
});
