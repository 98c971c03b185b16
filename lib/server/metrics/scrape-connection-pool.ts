import "server-only";
import net from "node:net";
import tls from "node:tls";

// A minimal HTTP/1.1 GET client for the scrape cycle, on kept-alive connections to one API server. node:https costs
// the cycle more than the parse does: every TLS record comes up as a new Buffer, llhttp copies each body piece into
// another, and a stream pushes and emits it, so a cycle's 330 MiB are allocated twice over and the GC follows them.
// Here each connection reads into one buffer of its own (the socket's `onread`), the status line, headers and the
// chunked framing are read by hand, and the body's bytes go straight to the caller's sink, valid during the call only.

/** Where a response's body goes: `push` gets views of the connection's read buffer, which is reused after it returns. */
export interface BodySink {
  push(chunk: Buffer): void;
}

export interface PoolTarget {
  protocol: "http:" | "https:";
  host: string;
  port: number;
  /** TLS settings as https.request takes them (ca, cert, key, pfx, passphrase, servername, rejectUnauthorized, …). */
  tls: tls.ConnectionOptions;
}

export interface GetResult {
  status: number;
}

/** The whole answer did not arrive within the request's time. */
export class AnswerTimeout extends Error {}

/** A connection's failure before a response began: on a reused connection, the server may have closed it idle. */
class ConnectionLost extends Error {}

const READ_BUFFER_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
const CR = 13;
const LF = 10;
const HEAD_END = Buffer.from("\r\n\r\n");

const enum State {
  Idle,
  Head,
  Body,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
}

interface Exchange {
  /** The sink for a response of this status, called once its head is read. */
  sinkFor(status: number): BodySink;
  resolve(result: GetResult): void;
  reject(error: Error): void;
}

/** One kept-alive connection and the response it is reading. */
class Connection {
  readonly socket: net.Socket;
  state = State.Idle;
  private exchange: Exchange | null = null;
  private sink: BodySink | null = null;
  /** Whether the current exchange has received any byte (a failure before that may be retried). */
  private answered = false;
  /** Requests completed on this connection. */
  served = 0;
  private head: Buffer | null = null;
  private headUsed = 0;
  private status = 0;
  private keepAlive = true;
  private remaining = 0;
  /** The chunk-size line being read (its hex digits so far; extensions are skipped). */
  private chunkSize = 0;
  private chunkSizeDigits = 0;
  private inExtension = false;
  /** Bytes of the current trailer line (0 at its start). */
  private trailerLine = 0;
  private sawCR = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    target: PoolTarget,
    secureContext: tls.SecureContext | undefined,
    private readonly onClose: (connection: Connection) => void,
  ) {
    const onread = { buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES), callback: (length: number, buffer: Buffer) => this.onData(buffer, length) };
    if (target.protocol === "https:") {
      const servername = target.tls.servername ?? (net.isIP(target.host) ? undefined : target.host);
      this.socket = tls.connect({ ...target.tls, host: target.host, port: target.port, servername, secureContext, ALPNProtocols: ["http/1.1"], onread } as tls.ConnectionOptions);
    } else {
      this.socket = net.connect({ host: target.host, port: target.port, onread });
    }
    this.socket.setNoDelay(true);
    this.socket.on("error", (error) => this.lost(error));
    this.socket.on("close", () => this.lost(null));
    this.socket.on("end", () => this.onEnd());
  }

  get reusable(): boolean {
    return !this.closed && this.state === State.Idle && this.keepAlive;
  }

  /** Sends the request; the exchange settles once the whole body has gone to the sink. */
  start(request: Buffer, exchange: Exchange): void {
    this.clearIdleTimer();
    this.exchange = exchange;
    this.answered = false;
    this.keepAlive = true;
    this.state = State.Head;
    this.headUsed = 0;
    this.socket.write(request);
  }

  /** Closes it after `ms` unless a request reuses it first. */
  park(ms: number): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => this.close(), ms);
    this.idleTimer.unref();
  }

  /** Ends the exchange in flight (if any) with `error`, which is not retried, and closes the connection. */
  abort(error: Error): void {
    this.settle(error, false);
    this.close();
  }

  /** Closes the connection (idempotent); the pool forgets it. */
  close(): void {
    this.clearIdleTimer();
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.onClose(this);
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private onEnd(): void {
    // A body read until the server closes ends here; anything else cut short is a failure.
    if (this.state === State.UntilClose) this.complete(false);
    else this.lost(null);
  }

  /** The socket failed or closed under us. Before any byte of the answer, on a connection that served before, the
   *  server most likely closed it while it sat idle: that one is worth one more try on a new connection. */
  private lost(error: Error | null): void {
    this.settle(error ?? new Error("the connection closed before the response ended"), !this.answered && this.served > 0);
    this.close();
  }

  private settle(error: Error, retryable: boolean): void {
    const exchange = this.exchange;
    this.exchange = null;
    this.sink = null;
    this.state = State.Idle;
    if (exchange) exchange.reject(retryable ? new ConnectionLost(error.message) : error);
  }

  private onData(buffer: Buffer, length: number): boolean {
    if (this.exchange === null) {
      // Bytes with no request in flight: the server is not speaking HTTP/1.1 as expected.
      this.close();
      return false;
    }
    this.answered = true;
    try {
      this.read(buffer, 0, length);
    } catch (error) {
      this.abort(error instanceof Error ? error : new Error(String(error)));
    }
    return true;
  }

  private read(buf: Buffer, at: number, end: number): void {
    while (at < end) {
      switch (this.state) {
        case State.Head:
          at = this.readHead(buf, at, end);
          break;
        case State.Body: {
          const n = Math.min(this.remaining, end - at);
          this.sink!.push(buf.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) this.complete(this.keepAlive);
          break;
        }
        case State.ChunkSize:
          at = this.readChunkSize(buf, at, end);
          break;
        case State.ChunkData: {
          const n = Math.min(this.remaining, end - at);
          this.sink!.push(buf.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = State.ChunkDataEnd;
            this.sawCR = false;
          }
          break;
        }
        case State.ChunkDataEnd: {
          const c = buf[at++];
          if (c === CR && !this.sawCR) this.sawCR = true;
          else if (c === LF) {
            this.state = State.ChunkSize;
            this.chunkSize = 0;
            this.chunkSizeDigits = 0;
            this.inExtension = false;
          } else throw new Error("a malformed chunk: no CRLF after its data");
          break;
        }
        case State.Trailers:
          at = this.readTrailers(buf, at, end);
          break;
        case State.UntilClose:
          this.sink!.push(buf.subarray(at, end));
          at = end;
          break;
        case State.Idle:
          throw new Error("bytes after the end of the response");
      }
    }
  }

  /** Reads the status line and headers up to the empty line; a head split across reads is collected (copied) first. */
  private readHead(buf: Buffer, at: number, end: number): number {
    if (this.headUsed === 0) {
      const found = buf.indexOf(HEAD_END, at);
      // The read buffer holds stale bytes past `end`: a match there is not one.
      if (found >= 0 && found + 4 <= end) {
        this.parseHead(buf.toString("latin1", at, found));
        return found + 4;
      }
    }
    const take = Math.min(end - at, MAX_HEAD_BYTES - this.headUsed);
    const head = this.head !== null && this.head.length >= this.headUsed + take ? this.head : Buffer.allocUnsafe(MAX_HEAD_BYTES);
    if (head !== this.head && this.head !== null) this.head.copy(head, 0, 0, this.headUsed);
    this.head = head;
    buf.copy(head, this.headUsed, at, at + take);
    // The end of the head may straddle the reads: searched from three bytes back.
    const found = head.subarray(0, this.headUsed + take).indexOf(HEAD_END, Math.max(0, this.headUsed - 3));
    if (found < 0) {
      this.headUsed += take;
      if (this.headUsed >= MAX_HEAD_BYTES) throw new Error(`a response head longer than ${MAX_HEAD_BYTES} bytes`);
      return at + take;
    }
    const consumed = at + (found + 4 - this.headUsed);
    this.headUsed = 0;
    this.parseHead(head.toString("latin1", 0, found));
    return consumed;
  }

  private parseHead(text: string): void {
    const lines = text.split("\r\n");
    const status = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0]);
    if (!status) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(lines[0].slice(0, 80))}`);
    const code = Number(status[2]);
    let contentLength = -1;
    let chunked = false;
    let keepAlive = status[1] === "1";
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(":");
      if (colon <= 0) throw new Error(`a malformed header line: ${JSON.stringify(lines[i].slice(0, 80))}`);
      const name = lines[i].slice(0, colon).trim().toLowerCase();
      const value = lines[i].slice(colon + 1).trim();
      if (name === "content-length") {
        if (!/^\d+$/.test(value) || (contentLength >= 0 && Number(value) !== contentLength)) throw new Error(`an invalid Content-Length: ${value}`);
        contentLength = Number(value);
      } else if (name === "transfer-encoding") {
        const codings = value.toLowerCase().split(",").map((s) => s.trim());
        if (codings[codings.length - 1] !== "chunked" || codings.length > 1) throw new Error(`an unsupported Transfer-Encoding: ${value}`);
        chunked = true;
      } else if (name === "connection") {
        const tokens = value.toLowerCase().split(",").map((s) => s.trim());
        if (tokens.includes("close")) keepAlive = false;
        else if (tokens.includes("keep-alive")) keepAlive = true;
      }
    }
    if (code >= 100 && code < 200) {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      this.state = State.Head;
      return;
    }
    this.status = code;
    this.keepAlive = keepAlive;
    this.sink = this.exchange!.sinkFor(code);
    if (code === 204 || code === 304) this.complete(keepAlive);
    else if (chunked) {
      this.state = State.ChunkSize;
      this.chunkSize = 0;
      this.chunkSizeDigits = 0;
      this.inExtension = false;
    } else if (contentLength >= 0) {
      this.remaining = contentLength;
      this.state = State.Body;
      if (contentLength === 0) this.complete(keepAlive);
    } else {
      this.keepAlive = false;
      this.state = State.UntilClose;
    }
  }

  /** A chunk's size line: hex digits, optional `;extensions`, CRLF. Size 0 ends the body (trailers follow). */
  private readChunkSize(buf: Buffer, at: number, end: number): number {
    while (at < end) {
      const c = buf[at++];
      if (c === LF) {
        if (this.chunkSizeDigits === 0) throw new Error("a malformed chunk size line");
        if (this.chunkSize === 0) {
          this.state = State.Trailers;
          this.trailerLine = 0;
        } else {
          this.remaining = this.chunkSize;
          this.state = State.ChunkData;
        }
        return at;
      }
      if (this.inExtension || c === CR) continue;
      if (c === 59 /* ; */ || c === 32 || c === 9) {
        this.inExtension = true;
        continue;
      }
      const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (digit < 0 || this.chunkSizeDigits >= 12) throw new Error("a malformed chunk size");
      this.chunkSize = this.chunkSize * 16 + digit;
      this.chunkSizeDigits++;
    }
    return at;
  }

  /** Trailer lines after the last chunk, skipped, up to the empty line that ends the response. */
  private readTrailers(buf: Buffer, at: number, end: number): number {
    while (at < end) {
      const c = buf[at++];
      if (c === LF) {
        if (this.trailerLine === 0) {
          this.complete(this.keepAlive);
          return at;
        }
        this.trailerLine = 0;
      } else if (c !== CR) this.trailerLine++;
    }
    return at;
  }

  private complete(keepAlive: boolean): void {
    const exchange = this.exchange!;
    this.exchange = null;
    this.sink = null;
    this.state = State.Idle;
    this.served++;
    this.keepAlive = keepAlive;
    exchange.resolve({ status: this.status });
  }
}

/**
 * Kept-alive connections to one origin, reused from request to request and cycle to cycle. At most `maxIdle` wait
 * between requests; each is closed after `idleMs` unused, so a collector that lost its lease soon holds nothing.
 */
export class ScrapeConnectionPool {
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();
  private target: PoolTarget | null = null;
  private targetKey = "";
  private secureContext: tls.SecureContext | undefined;

  constructor(
    private readonly maxIdle: number,
    private readonly idleMs: number,
  ) {}

  /**
   * GET `path` from `target`, the body to `sink`; resolves with the status once the body has ended. A connection
   * the server closed while it sat idle is met by one more try on a new connection.
   */
  async get(target: PoolTarget, path: string, headers: Record<string, string>, sinkFor: (status: number) => BodySink, timeoutMs: number, signal?: AbortSignal): Promise<GetResult> {
    this.use(target);
    let request = `GET ${path} HTTP/1.1\r\nHost: ${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}\r\n`;
    for (const [name, value] of Object.entries(headers)) {
      if (/[\r\n]/.test(name + value)) throw new Error(`header ${name} holds a line break`);
      request += `${name}: ${value}\r\n`;
    }
    const bytes = Buffer.from(request + "\r\n", "latin1");
    const reused = this.idle.pop();
    try {
      return await this.exchange(reused ?? this.connect(), bytes, sinkFor, timeoutMs, signal);
    } catch (error) {
      if (!(error instanceof ConnectionLost)) throw error;
      return this.exchange(this.connect(), bytes, sinkFor, timeoutMs, signal);
    }
  }

  /** Closes every connection. */
  destroy(): void {
    for (const connection of [...this.open]) connection.close();
    this.open.clear();
    this.idle.length = 0;
  }

  /** New credentials or another server: the connections made for the old ones are closed. */
  private use(target: PoolTarget): void {
    if (target === this.target) return;
    const t = target.tls;
    const key = JSON.stringify([target.protocol, target.host, target.port, String(t.ca), String(t.cert), String(t.key), String(t.pfx), t.passphrase, t.servername, t.rejectUnauthorized]);
    if (key === this.targetKey && this.target) {
      this.target = target;
      return;
    }
    this.destroy();
    this.target = target;
    this.targetKey = key;
    // One secure context for every connection: the CA bundle and client certificate are parsed once.
    this.secureContext = target.protocol === "https:" ? tls.createSecureContext(target.tls) : undefined;
  }

  private connect(): Connection {
    const connection = new Connection(this.target!, this.secureContext, (c) => this.forget(c));
    this.open.add(connection);
    return connection;
  }

  private forget(connection: Connection): void {
    this.open.delete(connection);
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
  }

  private exchange(connection: Connection, request: Buffer, sinkFor: (status: number) => BodySink, timeoutMs: number, signal: AbortSignal | undefined): Promise<GetResult> {
    return new Promise<GetResult>((resolve, reject) => {
      if (signal?.aborted) {
        this.release(connection);
        reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
        return;
      }
      let settled = false;
      const settle = () => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const timer = setTimeout(() => {
        if (settled) return;
        connection.abort(new AnswerTimeout(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const onAbort = () => connection.abort(signal!.reason instanceof Error ? signal!.reason : new Error("aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      connection.start(request, {
        sinkFor,
        resolve: (result) => {
          settle();
          this.release(connection);
          resolve(result);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
    });
  }

  private release(connection: Connection): void {
    if (connection.reusable && this.idle.length < this.maxIdle) {
      connection.park(this.idleMs);
      this.idle.push(connection);
    } else connection.close();
  }
}
