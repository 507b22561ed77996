/**
 * A small HTTP load generator for the READS benchmark: C keep-alive connections, each POSTing
 * GraphQL requests back to back. It runs in a worker thread, so that the benchmark's own
 * bookkeeping (parsing answers, starting processes) never delays a send or a receive; the same
 * code drives the API and the raw baseline.
 *
 * Two modes:
 * - for a duration: after a warm-up, every answer that arrives within the window counts
 *   (req/s = answers / window);
 * - for a count: each connection sends warmUpCount, then count requests, per target.
 * With several targets a connection cycles through them, so that targets compared with each
 * other share the same moments of machine load.
 */
import { Agent, request } from "node:http";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

export interface LoadTarget {
  url: string;
  key: string;
  /** The JSON body, sent as is. */
  body: string;
}

export type LoadMode = { durationMs: number; warmUpMs: number } | { count: number; warmUpCount: number };

export interface LoadOptions {
  targets: LoadTarget[];
  connections: number;
  mode: LoadMode;
}

export interface LoadStats {
  /** Answers counted (those in the window, or the count after warm-up). */
  count: number;
  /** Answers counted per second of the window (or of the time the counted requests took). */
  perSecond: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-200 answers, answers with "errors", failed connections: warm-up included. */
  errors: number;
  /** The first error's status and body (or message), if any. */
  firstError?: string;
}

interface LoadData extends LoadOptions {
  loadGenerator: true;
}

const ERRORS_KEY = Buffer.from('"errors":');

interface Answer {
  status: number;
  body: Buffer;
}

function send(agent: Agent, url: URL, headers: Record<string, string>, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function summarize(latencies: number[], errors: number, firstError: string | undefined, seconds: number): LoadStats {
  latencies.sort((a, b) => a - b);
  const at = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : NaN);
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    count: latencies.length,
    perSecond: seconds > 0 ? latencies.length / seconds : NaN,
    meanMs: latencies.length ? sum / latencies.length : NaN,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

async function generate(data: LoadOptions): Promise<LoadStats[]> {
  const { connections, mode } = data;
  // One socket per connection loop: each loop has at most one request in flight.
  const agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const targets = data.targets.map((t) => {
    const body = Buffer.from(t.body);
    return {
      url: new URL(t.url),
      body,
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${t.key}`,
        "content-length": String(body.length),
      },
      latencies: [] as number[],
      errors: 0,
      firstError: undefined as string | undefined,
    };
  });

  const started = performance.now();
  const windowStart = "durationMs" in mode ? started + mode.warmUpMs : 0;
  const windowEnd = "durationMs" in mode ? windowStart + mode.durationMs : 0;
  let countedFrom = Infinity;
  let countedTo = 0;

  const loop = async (connection: number) => {
    const perTarget = "count" in mode ? (mode.warmUpCount + mode.count) * targets.length : Infinity;
    // Connections start on different targets, so that each target is sent about as often.
    for (let i = 0; i < perTarget; i++) {
      const t = targets[(connection + i) % targets.length]!;
      const sentAt = performance.now();
      if ("durationMs" in mode && sentAt >= windowEnd) break;
      let error: string | undefined;
      try {
        const answer = await send(agent, t.url, t.headers, t.body);
        if (answer.status !== 200 || answer.body.includes(ERRORS_KEY)) {
          error = `HTTP ${answer.status}: ${answer.body.toString("utf8", 0, Math.min(answer.body.length, 2000))}`;
        }
      } catch (e) {
        error = `request failed: ${(e as Error).message}`;
      }
      const doneAt = performance.now();
      if (error !== undefined) {
        t.errors++;
        t.firstError ??= error;
        continue;
      }
      const counted =
        "durationMs" in mode ? doneAt >= windowStart && doneAt <= windowEnd : Math.floor(i / targets.length) >= mode.warmUpCount;
      if (counted) {
        t.latencies.push(doneAt - sentAt);
        countedFrom = Math.min(countedFrom, sentAt);
        countedTo = Math.max(countedTo, doneAt);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, c) => loop(c)));
  agent.destroy();
  const seconds = "durationMs" in mode ? mode.durationMs / 1000 : Math.max(0, countedTo - countedFrom) / 1000;
  return targets.map((t) => summarize(t.latencies, t.errors, t.firstError, seconds));
}

/** Runs the load in a worker thread; resolves with one LoadStats per target. */
export function runLoad(options: LoadOptions): Promise<LoadStats[]> {
  if (options.targets.length === 0) throw new Error("runLoad: no targets");
  if (!(options.connections >= 1)) throw new Error(`runLoad: connections must be at least 1, got ${options.connections}`);
  const worker = new Worker(__filename, { workerData: { ...options, loadGenerator: true } satisfies LoadData });
  return new Promise<LoadStats[]>((resolve, reject) => {
    worker.once("message", (stats: LoadStats[]) => {
      resolve(stats);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`load generator exited (${code}) before answering`)));
  });
}

if (!isMainThread && (workerData as LoadData | undefined)?.loadGenerator) {
  generate(workerData as LoadData).then(
    (stats) => parentPort!.postMessage(stats),
    (error) => {
      throw error;
    },
  );
}
