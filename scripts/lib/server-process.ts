/**
 * Starts the built server (dist/main.js) as a child process on 127.0.0.1 with a port of its
 * own choosing, for checks that need real processes: several servers on one database file,
 * SIGKILL, SIGTERM.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
export const MAIN = resolve(ROOT, "dist/main.js");

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServerProcessOptions {
  /**
   * Options for node itself, before the script: e.g. ["--cpu-prof", "--cpu-prof-dir", dir]
   * writes a CPU profile of the server when it exits (stop it with SIGTERM, not SIGKILL).
   */
  execArgv?: readonly string[];
}

export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [...(options.execArgv ?? []), MAIN], {
    cwd: ROOT,
    env: { ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const look = () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output) ?? /GraphQL API on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off("data", look);
        child.stderr!.off("data", look);
        done(match[1]!);
      }
    };
    // The log line on stdout, or the banner on stderr when the log level hides info lines.
    child.stdout!.on("data", look);
    child.stderr!.on("data", look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    exited,
    stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** POSTs one GraphQL operation with a key; answers status and parsed body. */
export async function graphql(
  url: string,
  key: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text };
}
