import "server-only";
import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { getEnv } from "./env";

// JSON lines in production (for log shippers), readable lines in development. pino-pretty runs in-process
// rather than as a worker transport because Next's server bundle cannot resolve transport workers.
function createLogger(): Logger {
  const env = getEnv();
  const options: pino.LoggerOptions = {
    level: env.NODE_ENV === "test" && !process.env.LOG_LEVEL ? "silent" : env.LOG_LEVEL,
    base: { service: "apiary" },
    // Secrets must never reach a log line, whatever a caller passes in.
    redact: {
      paths: ["password", "*.password", "token", "*.token", "key", "*.key", "authorization", "*.authorization", "headers.cookie", "*.headers.cookie"],
      censor: "[redacted]",
    },
  };
  return env.NODE_ENV === "production" ? pino(options) : pino(options, pretty({ sync: true, colorize: process.stdout.isTTY ?? false }));
}

let instance: Logger | undefined;

/** The process logger; request handlers use `logger().child({ requestId })`. */
export function logger(): Logger {
  instance ??= createLogger();
  return instance;
}
