import "server-only";

// A streaming parser of the Prometheus text exposition format (version 0.0.4), as cAdvisor writes it, over the
// bytes as they come off the socket. A node's cAdvisor text is ~0.7 MB of which the collector needs a tenth, so the
// body is never decoded into a string: a line's name is compared byte for byte with the names wanted (and with the
// previous line's, which it almost always repeats), an unwanted line is skipped with one native search for its
// newline, and only the label values asked for and the sample value are read out of a wanted line. Numbers are
// read from the bytes when they have at most 15 significant digits (exactly what Number() gives: one correctly
// rounded multiplication or division of two exact doubles), else through Number(). Chunks may split a line (or a
// UTF-8 character) anywhere; a split line is joined before it is read.

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The sample's own timestamp (ms since the epoch) when the exporter wrote one. */
  timestampMs: number | null;
}

/**
 * A wanted sample line handed over without decoding anything but its numbers (PrometheusTextParser's `onRawSample`):
 * `family` is the name's index in the wanted set's order; for the i-th label of the `labels` option,
 * `labels.start[i]`/`labels.end[i]` are its value's bytes in `buf` (start -1 when the line has no such label) and
 * `labels.escaped[i]` says the value holds backslash escapes (read it with labelValue). Valid during the call only.
 */
export type RawSampleVisitor = (family: number, buf: Buffer, labels: LabelRanges, value: number, timestampMs: number | null) => void;

export interface LabelRanges {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly escaped: Uint8Array;
  /**
   * With the `labelEnds` option: true when only the line's first label and its last two were read, so a kept label
   * between them shows start -1 as if absent; `readAll()` then reads the whole label set into these ranges.
   */
  partial: boolean;
  readAll(): void;
}

export class PrometheusParseError extends Error {}

const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const EQUALS = 61;
const OPEN = 123;
const CLOSE = 125;
const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;

/** Exact powers of ten as doubles (10^0 … 10^22 are all exactly representable). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

function parseValueText(text: string): number {
  switch (text) {
    case "+Inf":
    case "Inf":
      return Infinity;
    case "-Inf":
      return -Infinity;
    case "NaN":
      return NaN;
    default: {
      const value = Number(text);
      if (text === "" || Number.isNaN(value)) throw new PrometheusParseError(`not a sample value: ${JSON.stringify(text.slice(0, 40))}`);
      return value;
    }
  }
}

/**
 * The decimal number `buf[from, to)` when it is plain (sign, digits, one point, an exponent) with at most 15
 * significant digits and a small enough exponent that one exact operation rounds it correctly; NaN otherwise, and
 * the caller falls back to Number() on the text.
 */
function fastNumber(buf: Buffer, from: number, to: number): number {
  let i = from;
  let negative = false;
  let c = buf[i];
  if (c === MINUS || c === PLUS) {
    negative = c === MINUS;
    c = buf[++i];
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seenDigit = false;
  while (i < to && c >= ZERO && c <= NINE) {
    seenDigit = true;
    if (mantissa !== 0 || c !== ZERO) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
    }
    c = buf[++i];
  }
  if (i < to && c === DOT) {
    c = buf[++i];
    while (i < to && c >= ZERO && c <= NINE) {
      seenDigit = true;
      if (mantissa !== 0 || c !== ZERO) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
      }
      scale--;
      c = buf[++i];
    }
  }
  if (!seenDigit || digits > 15) return NaN;
  if (i < to && (c === 101 || c === 69)) {
    // e / E
    c = buf[++i];
    let expNegative = false;
    if (c === MINUS || c === PLUS) {
      expNegative = c === MINUS;
      c = buf[++i];
    }
    let exponent = 0;
    let expDigits = 0;
    while (i < to && c >= ZERO && c <= NINE && expDigits < 5) {
      exponent = exponent * 10 + (c - ZERO);
      expDigits++;
      c = buf[++i];
    }
    if (expDigits === 0) return NaN;
    scale += expNegative ? -exponent : exponent;
  }
  if (i !== to) return NaN;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (scale === 0) value = mantissa;
  else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale];
  else if (scale > 0 && scale <= 22) value = mantissa * POW10[scale];
  else return NaN;
  return negative ? -value : value;
}

/** Buffer's own decoder, without toString()'s argument checks (it is what toString calls). */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice(this: Buffer, from: number, to: number): string }).utf8Slice;

function decode(buf: Buffer, from: number, to: number): string {
  return utf8Slice.call(buf, from, to);
}

/** A label value's text: `buf[from, to)` decoded, with its backslash escapes (\\\\ \\" \\n) undone when `escaped`. */
export function labelValue(buf: Buffer, from: number, to: number, escaped: boolean): string {
  const text = decode(buf, from, to);
  return escaped ? text.replace(/\\(.)/gs, (_, next: string) => (next === "n" ? "\n" : next)) : text;
}

/** Whether `buf[from, to)` holds exactly the bytes of `name`. */
function bytesEqual(buf: Buffer, from: number, to: number, name: Buffer): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[from + i] !== name[i]) return false;
  return true;
}

/** Label names shorter than this are told apart by (length, first byte). */
const SHAPES = 32;
/** A label value's closing quote is looked for this far byte by byte before one native search finds it. */
const SHORT_VALUE = 24;

function isNameEnd(c: number): boolean {
  return c === OPEN || c === SPACE || c === TAB;
}

/** [a-zA-Z0-9_]: the bytes of a label name. */
function isLabelNameByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= ZERO && c <= NINE) || c === 95;
}

/** Reads sample lines out of a Buffer; one instance per parser, holding the previous line's name decision. */
class LineReader {
  private lastName: Buffer | null = null;
  private lastFamily = -1;
  /** The previous line's name, decoded when every name is wanted. */
  private lastNameText = "";
  private readonly wantedBytes: { bytes: Buffer; text: string }[] | null;
  private readonly keepBytes: { bytes: Buffer; text: string }[] | null;
  /** The kept labels' value bytes on the current line (when the labels to keep are given). */
  private readonly ranges: LabelRanges | null;

  constructor(
    wanted: ReadonlySet<string> | null,
    private readonly onSample: ((sample: PrometheusSample) => void) | null,
    keepLabels: ReadonlySet<string> | null,
    private readonly onRawSample: RawSampleVisitor | null = null,
    private readonly labelEnds = false,
  ) {
    this.wantedBytes = wanted ? [...wanted].map((text) => ({ bytes: Buffer.from(text, "utf8"), text })) : null;
    this.keepBytes = keepLabels ? [...keepLabels].map((text) => ({ bytes: Buffer.from(text, "utf8"), text })) : null;
    const kept = this.keepBytes?.length ?? 0;
    this.ranges = keepLabels ? { start: new Int32Array(kept), end: new Int32Array(kept), escaped: new Uint8Array(kept), partial: false, readAll: () => this.readAllLabels() } : null;
    // A label name's length and first byte pick the one kept name it can be (checked byte for byte); two kept names
    // of the same shape, or a name too long for the table, are found by comparing with every kept name.
    this.keepByShape = new Int8Array(SHAPES * 256);
    this.keepBytes?.forEach(({ bytes }, k) => {
      if (bytes.length === 0 || bytes.length >= SHAPES) this.keepLong = true;
      else {
        const shape = bytes.length * 256 + bytes[0];
        this.keepByShape[shape] = this.keepByShape[shape] === 0 ? k + 1 : -1;
      }
    });
  }

  /** By a label name's (length, first byte): 0 no kept name, k + 1 the kept name k, -1 several. */
  private readonly keepByShape: Int8Array;
  /** A kept name of SHAPES bytes or more (or empty): looked for among every kept name. */
  private keepLong = false;
  /** By a label name's (length, first byte): 1 when that label's value was long (SHORT_VALUE bytes or more) last time. */
  private readonly longValue = new Uint8Array(SHAPES * 256);

  /** The index of the kept label named `buf[from, to)`, or -1. */
  private keptIndex(buf: Buffer, from: number, to: number): number {
    const keep = this.keepBytes!;
    const length = to - from;
    if (length > 0 && length < SHAPES) {
      const k = this.keepByShape[length * 256 + buf[from]];
      if (k === 0) return -1;
      if (k > 0) return bytesEqual(buf, from, to, keep[k - 1].bytes) ? k - 1 : -1;
    } else if (!this.keepLong) return -1;
    for (let k = 0; k < keep.length; k++) if (bytesEqual(buf, from, to, keep[k].bytes)) return k;
    return -1;
  }

  /** Where the next backslash of the current buffer is: found once per buffer rather than once per label value. */
  private backslashBuf: Buffer | null = null;
  private backslashAt = -1;

  private nextBackslash(buf: Buffer, from: number): number {
    if (this.backslashBuf !== buf || this.backslashAt < from) {
      const found = buf.indexOf(BACKSLASH, from);
      this.backslashBuf = buf;
      this.backslashAt = found < 0 ? Infinity : found;
    }
    return this.backslashAt;
  }

  private context(buf: Buffer, start: number, end: number): string {
    return buf.toString("utf8", start, Math.min(end, start + 80));
  }

  /** The sample line `buf[start, end)` (no newline, no carriage return). */
  read(buf: Buffer, start: number, end: number): void {
    if (start >= end) return; // empty line
    if (buf[start] === HASH) return; // a # HELP / # TYPE / comment line
    let nameEnd: number;
    let family: number;
    const last = this.lastName;
    if (last !== null && start + last.length <= end && (start + last.length === end || isNameEnd(buf[start + last.length])) && bytesEqual(buf, start, start + last.length, last)) {
      if (this.lastFamily < 0) return;
      nameEnd = start + last.length;
      family = this.lastFamily;
    } else {
      nameEnd = start;
      while (nameEnd < end && !isNameEnd(buf[nameEnd])) nameEnd++;
      this.lastName = Buffer.from(buf.subarray(start, nameEnd));
      family = -1;
      if (this.wantedBytes === null) {
        family = 0;
        this.lastNameText = decode(buf, start, nameEnd);
      } else for (let w = 0; w < this.wantedBytes.length; w++) if (bytesEqual(buf, start, nameEnd, this.wantedBytes[w].bytes)) family = w;
      this.lastFamily = family;
      if (family < 0) return;
    }
    const ranges = this.ranges;
    // Every sample gets its own labels object; with the labels to keep given, their values' bytes are noted first.
    const labels: Record<string, string> | null = this.onRawSample === null ? {} : null;
    if (ranges !== null) {
      this.forgetRanges();
      ranges.partial = false;
    }
    let i = nameEnd;
    if (buf[i] === OPEN) {
      if (this.labelEnds) {
        this.lineBuf = buf;
        this.lineOpen = i;
        this.lineStart = start;
        this.lineEnd = end;
        const after = this.readLabelEnds(buf, i, end);
        if (after >= 0) {
          ranges!.partial = this.unread;
          i = after;
        } else {
          this.forgetRanges(); // what the ends gave
          i = this.readLabels(buf, i, start, end, labels);
        }
      } else i = this.readLabels(buf, i, start, end, labels);
    }
    // The value, then an optional timestamp, separated by spaces or tabs.
    while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
    const valueStart = i;
    while (i < end && buf[i] !== SPACE && buf[i] !== TAB) i++;
    const valueEnd = i;
    while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
    let timestampMs: number | null = null;
    if (i < end) {
      const tsStart = i;
      while (i < end && buf[i] !== SPACE && buf[i] !== TAB) i++;
      timestampMs = fastNumber(buf, tsStart, i);
      if (Number.isNaN(timestampMs)) timestampMs = Number(buf.toString("latin1", tsStart, i));
      if (!Number.isFinite(timestampMs)) throw new PrometheusParseError(`not a timestamp in: ${this.context(buf, start, end)}`);
    }
    let value = valueStart < valueEnd ? fastNumber(buf, valueStart, valueEnd) : NaN;
    if (Number.isNaN(value)) value = parseValueText(decode(buf, valueStart, valueEnd));
    if (this.onRawSample !== null) {
      this.onRawSample(family, buf, ranges!, value, timestampMs);
      return;
    }
    if (ranges !== null) {
      const keep = this.keepBytes!;
      for (let k = 0; k < keep.length; k++) if (ranges.start[k] >= 0) labels![keep[k].text] = labelValue(buf, ranges.start[k], ranges.end[k], ranges.escaped[k] === 1);
    }
    const name = this.wantedBytes === null ? this.lastNameText : this.wantedBytes[family].text;
    this.onSample!({ name, labels: labels!, value, timestampMs });
  }

  /** The line being read with `labelEnds`, for readAllLabels. */
  private lineBuf: Buffer | null = null;
  private lineOpen = 0;
  private lineStart = 0;
  private lineEnd = 0;
  /** readLabelEnds left labels between the first and the last two unread. */
  private unread = false;

  /** Every kept label as absent on the current line, until a read finds it. */
  private forgetRanges(): void {
    const start = this.ranges!.start;
    for (let k = 0; k < start.length; k++) start[k] = -1;
  }

  /** The current line's whole label set into this.ranges, after readLabelEnds read only its ends. */
  private readAllLabels(): void {
    const ranges = this.ranges!;
    if (!ranges.partial || this.lineBuf === null) return;
    this.forgetRanges();
    this.readLabels(this.lineBuf, this.lineOpen, this.lineStart, this.lineEnd, null);
    ranges.partial = false;
  }

  /**
   * Reads the label set starting at `open` by its ends only: the last two labels backwards from the "}", then the
   * first one forwards, each plainly written (`name="value"`, no escape, no space). Prometheus clients write labels
   * sorted by name, so cAdvisor's container comes first and its namespace and pod last, and the long values between
   * (id, image, name) are never scanned. Returns the index after "}", or -1 for a line not written that way (read
   * whole instead). Sets this.unread when labels lie between the three read; they are not checked.
   */
  private readLabelEnds(buf: Buffer, open: number, end: number): number {
    let close = end - 1;
    while (close > open && buf[close] !== CLOSE) close--;
    if (close <= open + 1 || buf[close - 1] !== QUOTE) return -1;
    // The last label, then the one before it: `,name="value"` read from its closing quote back.
    let at = close - 1;
    let labelsRead = 0;
    let firstEnd = -1;
    for (; labelsRead < 2; labelsRead++) {
      const valueEnd = at;
      let quote = valueEnd - 1;
      let c = 0;
      while (quote > open && (c = buf[quote]) !== QUOTE && c !== BACKSLASH) quote--;
      if (quote <= open || c !== QUOTE || buf[quote - 1] !== EQUALS) return -1;
      const nameEnd = quote - 1;
      let nameStart = nameEnd;
      while (nameStart > open && isLabelNameByte(buf[nameStart - 1])) nameStart--;
      if (nameStart === nameEnd) return -1;
      this.keepRange(buf, nameStart, nameEnd, quote + 1, valueEnd);
      const separator = buf[nameStart - 1];
      if (nameStart - 1 === open) {
        this.unread = false;
        return close + 1;
      }
      if (separator !== COMMA || buf[nameStart - 2] !== QUOTE) return -1;
      firstEnd = nameStart - 2;
      at = firstEnd;
    }
    // The first label, forwards.
    let i = open + 1;
    const nameStart = i;
    while (i < firstEnd && isLabelNameByte(buf[i])) i++;
    if (i === nameStart || buf[i] !== EQUALS || buf[i + 1] !== QUOTE) return -1;
    const nameEnd = i;
    const valueStart = i + 2;
    i = valueStart;
    let c = 0;
    while (i <= firstEnd && (c = buf[i]) !== QUOTE && c !== BACKSLASH) i++;
    if (i > firstEnd || c !== QUOTE) return -1;
    this.keepRange(buf, nameStart, nameEnd, valueStart, i);
    this.unread = i !== firstEnd;
    if (this.unread && buf[i + 1] !== COMMA) return -1;
    return close + 1;
  }

  /** Notes `buf[valueStart, valueEnd)` (no escapes) as the value of the label named `buf[nameStart, nameEnd)` if kept. */
  private keepRange(buf: Buffer, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const kept = this.keptIndex(buf, nameStart, nameEnd);
    if (kept < 0) return;
    const ranges = this.ranges!;
    ranges.start[kept] = valueStart;
    ranges.end[kept] = valueEnd;
    ranges.escaped[kept] = 0;
  }

  /**
   * Reads `{a="x",b="y\"z"}` starting at `open` (the "{"); returns the index after "}". Every label goes into `labels`
   * when no labels to keep were given; otherwise the kept ones' value bytes go into this.ranges.
   */
  private readLabels(buf: Buffer, open: number, lineStart: number, end: number, labels: Record<string, string> | null): number {
    const keep = this.keepBytes;
    const ranges = this.ranges;
    let i = open + 1;
    for (;;) {
      let c = buf[i];
      while (i < end && (c === SPACE || c === COMMA)) c = buf[++i]; // spaces and commas between labels
      if (i < end && c === CLOSE) return i + 1;
      const nameStart = i;
      while (i < end && buf[i] !== EQUALS) i++;
      if (i >= end) throw new PrometheusParseError(`a label without a value in: ${this.context(buf, lineStart, end)}`);
      let nameEnd = i;
      while (nameEnd > nameStart && buf[nameEnd - 1] === SPACE) nameEnd--;
      if (buf[i + 1] !== QUOTE) throw new PrometheusParseError(`label ${buf.toString("utf8", nameStart, nameEnd)} is not quoted in: ${this.context(buf, lineStart, end)}`);
      const kept = keep === null ? -1 : this.keptIndex(buf, nameStart, nameEnd);
      i += 2;
      const valueStart = i;
      let escaped = false;
      // Most values are short (container, cpu, namespace, pod): their end is found by hand, cheaper than a native
      // search; a long one (id, image, name) by one search for its quote and the buffer's next backslash. A label
      // whose value was long last time is searched for at once, without the first bytes by hand.
      const nameLength = nameEnd - nameStart;
      const shape = nameLength < SHAPES ? nameLength * 256 + buf[nameStart] : -1;
      const shortEnd = shape >= 0 && this.longValue[shape] === 1 ? valueStart : Math.min(end, valueStart + SHORT_VALUE);
      c = 0;
      while (i < shortEnd && (c = buf[i]) !== QUOTE && c !== BACKSLASH) i++;
      if (i >= shortEnd || c === BACKSLASH) {
        // A long value, or one with escapes: past its first bytes, on by the native search when it has no escape.
        const close = i < end && c !== BACKSLASH ? buf.indexOf(QUOTE, i) : -1;
        if (close >= 0 && close < end && this.nextBackslash(buf, i) > close) i = close;
        else {
          for (;;) {
            if (i >= end) throw new PrometheusParseError(`an unterminated label value in: ${this.context(buf, lineStart, end)}`);
            c = buf[i];
            if (c === QUOTE) break;
            if (c === BACKSLASH) escaped = true;
            i += c === BACKSLASH ? 2 : 1;
          }
        }
      }
      if (shape >= 0) this.longValue[shape] = i - valueStart >= SHORT_VALUE ? 1 : 0;
      if (keep === null) labels![decode(buf, nameStart, nameEnd)] = labelValue(buf, valueStart, i, escaped);
      else if (kept >= 0) {
        ranges!.start[kept] = valueStart;
        ranges!.end[kept] = i;
        ranges!.escaped[kept] = escaped ? 1 : 0;
      }
      i++;
    }
  }
}

/**
 * Feed it chunks as they arrive (`push`, Buffers as the socket gives them, or strings), then `end()`. `wanted`: the
 * sample names to keep (null keeps all); `options.labels`: the label names to keep on them (all unless given), so
 * a reader that needs four of cAdvisor's nine labels does not copy the long ones (id, image, name) out of a line.
 * With `options.onRawSample` (which needs both `wanted` and `options.labels`), nothing is decoded at all: the visitor
 * gets the family's index and the kept labels' bytes, and `onSample` is not called. `options.labelEnds` (with
 * onRawSample) reads a plainly written line's labels by its ends only (see LabelRanges.partial): the labels in between
 * are then neither read nor checked.
 */
export class PrometheusTextParser {
  /** The start of a line split by the end of the previous chunk. */
  private carry: Buffer | null = null;
  private readonly reader: LineReader;

  constructor(wanted: ReadonlySet<string> | null, onSample: ((sample: PrometheusSample) => void) | null, options: { labels?: ReadonlySet<string>; onRawSample?: RawSampleVisitor; labelEnds?: boolean } = {}) {
    if (options.onRawSample && (!wanted || !options.labels)) throw new Error("onRawSample reads the wanted families' kept labels: give both");
    if (!options.onRawSample && !onSample) throw new Error("onSample or options.onRawSample is needed");
    if (options.labelEnds && !options.onRawSample) throw new Error("labelEnds hands partly read lines to onRawSample: give it");
    this.reader = new LineReader(wanted, onSample, options.labels ?? null, options.onRawSample ?? null, options.labelEnds ?? false);
  }

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let start = 0;
    if (this.carry !== null) {
      const newline = buf.indexOf(NEWLINE);
      if (newline < 0) {
        this.carry = Buffer.concat([this.carry, buf]);
        return;
      }
      // Only the split line is joined; the rest of the chunk is read where it is.
      const line = Buffer.concat([this.carry, buf.subarray(0, newline)]);
      this.carry = null;
      this.readLine(line, 0, line.length);
      start = newline + 1;
    }
    let newline: number;
    while ((newline = buf.indexOf(NEWLINE, start)) >= 0) {
      this.readLine(buf, start, newline);
      start = newline + 1;
    }
    // Copied: the socket may reuse the chunk's memory once this returns.
    if (start < buf.length) this.carry = Buffer.from(buf.subarray(start));
  }

  end(): void {
    const carry = this.carry;
    this.carry = null;
    if (carry !== null) this.readLine(carry, 0, carry.length);
  }

  private readLine(buf: Buffer, start: number, end: number): void {
    this.reader.read(buf, start, end > start && buf[end - 1] === CR ? end - 1 : end);
  }
}

/** The whole text at once. */
export function parsePrometheusText(text: string | Buffer, wanted: ReadonlySet<string> | null, onSample: (sample: PrometheusSample) => void): void {
  const parser = new PrometheusTextParser(wanted, onSample);
  parser.push(text);
  parser.end();
}
