/**
 * The server's output as a log shipper reads it: every stdout line is JSON, including those of
 * the start and the shutdown; what is meant for a person at the terminal (the banner, the
 * demo keys) goes to stderr.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

it("writes only JSON lines to stdout, and the banner and demo keys to stderr", async () => {
  const dir = mkdtempSync(join(tmpdir(), "connectivity-logs-"));
  try {
    const child = spawn(process.execPath, [join(ROOT, "dist/main.js")], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "", HOST: "127.0.0.1", PORT: "0", DATABASE_PATH: join(dir, "db.sqlite"), SEED_DEMO_WORLD: "true", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no banner:\n${stdout}\n${stderr}`)), 30_000);
      child.stderr.on("data", () => {
        const match = /GraphQL API on (http:\/\/\S+)/.exec(stderr);
        if (match) {
          clearTimeout(timer);
          done(match[1]!);
        }
      });
    });
    const answer = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer demo-orbit-operator-key-0001" },
      body: JSON.stringify({ query: "{ viewer { name } }" }),
    });
    expect(answer.status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);

    const lines = stdout.split("\n").filter((line) => line !== "");
    expect(lines.length).toBeGreaterThanOrEqual(3); // listening, the request, stopping
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(expect.arrayContaining(["listening", "request", "stopped"]));
    expect(stderr).toContain("Demo API keys");
    expect(stderr).toContain("demo-orbit-operator-key-0001");
    expect(stdout).not.toContain("demo-orbit-operator-key-0001");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
