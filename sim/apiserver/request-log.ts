// The last requests the server saw, for tests that assert what a client sent (impersonation headers, field
// managers, user agents). Tokens are never recorded, only the Authorization scheme.
import type { IncomingMessage } from "node:http";

export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  user?: string;
  groups?: string[];
  impersonatedUser?: string;
  impersonatedGroups?: string[];
  headers: Record<string, string | string[]>;
  userAgent?: string;
  status?: number;
}

const RECORDED_HEADERS = ["accept", "content-type", "user-agent"];

export function requestHeadersForLog(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  // From the raw name/value pairs: `headersDistinct` builds an array for every header of every request, and
  // only a few are kept.
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!RECORDED_HEADERS.includes(name) && !name.startsWith("impersonate-")) continue;
    const seen = out[name];
    out[name] = seen === undefined ? raw[i + 1] : [...(Array.isArray(seen) ? seen : [seen]), raw[i + 1]];
  }
  const auth = req.headers.authorization;
  if (auth) out.authorization = auth.split(/\s+/)[0];
  return out;
}

export function queryForLog(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const all = query.getAll(key);
    out[key] = all.length === 1 ? all[0] : all;
  }
  return out;
}

/** The last `capacity` requests, in a ring so recording one costs O(1) on the hot path. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private next = 0;
  constructor(private readonly capacity = 2000) {}

  add(entry: RequestLogEntry): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  list(): RequestLogEntry[] {
    if (this.entries.length < this.capacity) return [...this.entries];
    return [...this.entries.slice(this.next), ...this.entries.slice(0, this.next)];
  }

  clear(): void {
    this.entries = [];
    this.next = 0;
  }
}
