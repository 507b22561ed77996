/**
 * Builds dist/ once before the suite: the process-level checks (two servers on one file,
 * SIGKILL, SIGTERM) run the built server, as `npm start` does.
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

export default function setup() {
  const root = resolve(__dirname, "..");
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
