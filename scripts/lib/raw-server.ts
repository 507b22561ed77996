/**
 * The raw baseline of the READS benchmark: a bare node:http server, in a child process of its
 * own like the API, that answers every POST with the bytes (and content-type) the API gave for
 * the query being measured. Driven by the same load generator, it tells what the machine, Node's
 * HTTP stack and the generator itself can do, so that the API's req/s reads as a ratio.
 *
 * The parent sets the answer over IPC before each measurement (setAnswer).
 */
import { fork, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type ToChild = { answer: { body: string; contentType: string } };
type FromChild = { listening: string } | { answerSet: true };

export interface RawServer {
  url: string;
  pid: number;
  setAnswer(body: Buffer, contentType: string): Promise<void>;
  stop(): Promise<void>;
}

/** Forks this file as the raw server; resolves once it listens on 127.0.0.1. */
export function startRawServer(timeoutMs = 10_000): Promise<RawServer> {
  const child: ChildProcess = fork(__filename, ["--raw-server"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const next = () =>
    new Promise<FromChild>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("raw server did not answer over IPC")), timeoutMs);
      child.once("message", (message: FromChild) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  return next().then((message) => {
    if (!("listening" in message)) throw new Error(`raw server: unexpected message ${JSON.stringify(message)}`);
    return {
      url: message.listening,
      pid: child.pid!,
      async setAnswer(body, contentType) {
        const answered = next();
        child.send({ answer: { body: body.toString("base64"), contentType } } satisfies ToChild);
        await answered;
      },
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await exited;
      },
    };
  });
}

function serve(): void {
  let body = Buffer.alloc(0);
  let headers: Record<string, string> = {};
  const server = createServer((req, res) => {
    // The request body is read to its end, as the API must, before the answer goes out.
    req.resume();
    req.on("end", () => {
      res.writeHead(200, headers);
      res.end(body);
    });
  });
  process.on("message", (message: ToChild) => {
    body = Buffer.from(message.answer.body, "base64");
    headers = { "content-type": message.answer.contentType, "content-length": String(body.length) };
    process.send!({ answerSet: true } satisfies FromChild);
  });
  process.on("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
  // Idle keep-alive connections do not hold the process once the parent is gone.
  process.on("disconnect", () => process.exit(0));
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    process.send!({ listening: `http://127.0.0.1:${port}/graphql` } satisfies FromChild);
  });
}

if (require.main === module && process.argv.includes("--raw-server")) serve();
