import { writeSync } from "node:fs";
import pino, { type DestinationStream, type Logger } from "pino";

/** Structured JSON logs on stdout; credentials are redacted wherever they might be attached. */
export function createLogger(level: string, destination: DestinationStream = lineWriter(1)): Logger {
  return pino(
    {
      level,
      base: { service: "connectivity-graphql-api" },
      redact: { paths: ["authorization", "*.authorization", "apiKey", "*.apiKey", "key", "*.key"], censor: "[redacted]" },
    },
    destination,
  );
}

/** How long one log line may wait on a full output pipe (a reader alive but not reading) before it is dropped. */
export const STALLED_OUTPUT_WAIT_MS = 1_000;

/** Errors after which the descriptor will never take a write again: its reader or device is gone. */
const GONE = new Set(["EPIPE", "EBADF", "EIO", "ECONNRESET", "EINVAL"]);

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleep = (ms: number) => void Atomics.wait(pause, 0, 0, ms);

/**
 * Writes each log line to a file descriptor at once (write(2), no buffer), and never lets the
 * output decide whether the process lives:
 * - the reader has gone (EPIPE: the parent that held the pipe died) or the descriptor is
 *   unusable: logging stops for good, silently; requests are still served and a shutdown still
 *   exits 0;
 * - a full pipe (EAGAIN: a reader alive but not reading): the line waits at most
 *   STALLED_OUTPUT_WAIT_MS, then is dropped, and later lines are dropped without waiting until
 *   the pipe takes a write again, so a stuck reader slows nothing down for long;
 * - any other write error (a full disk behind a redirection) drops that line only.
 * Nothing is held back, so nothing has to be flushed at exit: process.exit() never waits on
 * output. (pino's default destination buffers and flushes synchronously on exit, retrying a
 * write to a dead pipe forever, which keeps a stopping process alive.)
 */
export function lineWriter(fd: number): DestinationStream {
  let gone = false;
  let stalled = false;
  // A line was cut short by a drop: the next one starts on a line of its own.
  let torn = false;
  return {
    write(line: string) {
      if (gone) return;
      const bytes = Buffer.from(torn ? `\n${line}` : line);
      const deadline = stalled ? 0 : Date.now() + STALLED_OUTPUT_WAIT_MS;
      let offset = 0;
      while (offset < bytes.length) {
        try {
          offset += writeSync(fd, bytes, offset);
          stalled = false;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? "";
          if (GONE.has(code)) {
            gone = true;
            return;
          }
          if (code !== "EAGAIN" || Date.now() >= deadline) {
            if (code === "EAGAIN") stalled = true;
            if (offset > 0) torn = true;
            return;
          }
          sleep(5);
        }
      }
      torn = false;
    },
  };
}

/**
 * A stdout or stderr whose reader has gone reports EPIPE as an 'error' event, which would crash
 * the process as an uncaught exception: such errors are ignored (nothing more can be said there).
 */
export function ignoreOutputErrors(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
}
