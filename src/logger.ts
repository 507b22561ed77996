import pino, { type Logger } from "pino";

/** Structured JSON logs; credentials are redacted wherever they might be attached. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "connectivity-graphql-api" },
    redact: { paths: ["authorization", "*.authorization", "apiKey", "*.apiKey", "key", "*.key"], censor: "[redacted]" },
  });
}
