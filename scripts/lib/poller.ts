/**
 * Sends a small query on a fixed schedule from a worker thread and measures each answer's
 * latency. In a thread of its own, the figures are the server's: the benchmark's main thread
 * building and parsing multi-megabyte bulk bodies cannot delay a send or an answer's handling.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { graphql } from "./server-process";

export interface Polled {
  latencies: number[];
  failed: number;
  /** When the longest-waiting query was sent, in ms after polling started. */
  longestSentAt: number;
}

interface PollerData {
  poller: true;
  url: string;
  key: string;
  query: string;
  everyMs: number;
  /** Stop after this many sends (0: until stopped). */
  count: number;
  /** Int32 flag, set to 1 by stop(). */
  stop: SharedArrayBuffer;
}

/** Untimed queries sent one after another before the schedule: a new thread's first fetch loads its HTTP client. */
const WARM_UP_QUERIES = 5;

async function poll(data: PollerData, ready: () => void): Promise<Polled> {
  for (let i = 0; i < WARM_UP_QUERIES; i++) await graphql(data.url, data.key, data.query);
  ready();
  const stopped = new Int32Array(data.stop);
  const polled: Polled = { latencies: [], failed: 0, longestSentAt: 0 };
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  let longest = -1;
  for (let sent = 0; Atomics.load(stopped, 0) === 0 && (data.count === 0 || sent < data.count); ) {
    const sentAt = performance.now();
    inFlight.push(
      graphql(data.url, data.key, data.query).then(
        (res) => {
          if (res.status !== 200 || res.body?.errors) return void polled.failed++;
          const waited = performance.now() - sentAt;
          polled.latencies.push(waited);
          if (waited > longest) [longest, polled.longestSentAt] = [waited, sentAt - started];
        },
        () => void polled.failed++,
      ),
    );
    sent++;
    await sleep(Math.max(0, started + sent * data.everyMs - performance.now()));
  }
  await Promise.all(inFlight);
  polled.latencies.sort((a, b) => a - b);
  return polled;
}

/**
 * Starts polling in a worker thread: `ready` resolves when its warm-up is done and the timed
 * schedule starts (`longestSentAt` counts from then); `stop()` ends the schedule, `result` has
 * the figures.
 */
export function startPoller(options: Omit<PollerData, "poller" | "stop">): { ready: Promise<void>; stop(): void; result: Promise<Polled> } {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(__filename, { workerData: { ...options, poller: true, stop } satisfies PollerData });
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const result = new Promise<Polled>((resolve, reject) => {
    worker.on("message", (message: "ready" | Polled) => {
      if (message === "ready") return started();
      resolve(message);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
  return { ready, stop: () => Atomics.store(new Int32Array(stop), 0, 1), result };
}

if (!isMainThread && (workerData as PollerData | undefined)?.poller) {
  poll(workerData as PollerData, () => parentPort!.postMessage("ready")).then((polled) => parentPort!.postMessage(polled));
}
