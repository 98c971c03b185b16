import "server-only";

// A streaming parser of the Prometheus text exposition format (version 0.0.4), as cAdvisor writes it. It keeps only
// the sample names it is asked for: the rest of a line is skipped after reading its name, so a node's full cAdvisor
// text (dozens of families) costs little more than the families the collector needs. Text arrives in chunks of any
// size; a line split across chunks is joined before it is read.

export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The sample's own timestamp (ms since the epoch) when the exporter wrote one. */
  timestampMs: number | null;
}

export class PrometheusParseError extends Error {}

function parseValue(text: string): number {
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

/** Where the next backslash of a text is, found once per text rather than once per label value. */
interface BackslashCursor {
  at: number;
}

function nextBackslash(text: string, from: number, cursor: BackslashCursor): number {
  if (cursor.at < from) {
    const found = text.indexOf("\\", from);
    cursor.at = found < 0 ? Infinity : found;
  }
  return cursor.at;
}

function isKept(text: string, from: number, to: number, keep: readonly string[] | null): boolean {
  if (!keep) return true;
  for (const name of keep) if (name.length === to - from && text.startsWith(name, from)) return true;
  return false;
}

/**
 * Reads `{a="x",b="y\"z"}` in `text` starting at `start` (the "{"); returns the labels and the index after "}".
 * Only the labels named in `keep` are copied out (all when it is null).
 */
function parseLabels(text: string, start: number, lineEnd: number, keep: readonly string[] | null, backslash: BackslashCursor): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    let code = text.charCodeAt(i);
    while (code === 32 || code === 44) code = text.charCodeAt(++i); // spaces and commas between labels
    if (code === 125) return [labels, i + 1]; // "}"
    const eq = text.indexOf("=", i);
    if (eq < 0 || eq >= lineEnd) throw new PrometheusParseError(`a label without a value in: ${text.slice(start, Math.min(lineEnd, start + 80))}`);
    let nameEnd = eq;
    while (text.charCodeAt(nameEnd - 1) === 32) nameEnd--;
    if (text.charCodeAt(eq + 1) !== 34) throw new PrometheusParseError(`label ${text.slice(i, nameEnd)} is not quoted in: ${text.slice(start, Math.min(lineEnd, start + 80))}`);
    const kept = isKept(text, i, nameEnd, keep);
    const nameStart = i;
    i = eq + 2;
    const close = text.indexOf('"', i);
    if (close >= 0 && close < lineEnd && nextBackslash(text, i, backslash) > close) {
      // the common case: no escapes in the value
      if (kept) labels[text.slice(nameStart, nameEnd)] = text.slice(i, close);
      i = close + 1;
      continue;
    }
    let value = "";
    let from = i;
    for (;;) {
      if (i >= lineEnd) throw new PrometheusParseError(`an unterminated label value in: ${text.slice(start, Math.min(lineEnd, start + 80))}`);
      const c = text.charCodeAt(i);
      if (c === 34) break; // closing quote
      if (c === 92) {
        // backslash escapes: \\ \" \n
        value += text.slice(from, i);
        const next = text[i + 1];
        value += next === "n" ? "\n" : next;
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    if (kept) labels[text.slice(nameStart, nameEnd)] = value + text.slice(from, i);
    i++;
  }
}

/** Splits `text[from, to)` at runs of spaces and tabs, without a regular expression. */
function fieldsOf(text: string, from: number, to: number): string[] {
  const fields: string[] = [];
  let i = from;
  for (;;) {
    let code = text.charCodeAt(i);
    while (i < to && (code === 32 || code === 9)) code = text.charCodeAt(++i);
    if (i >= to) return fields;
    const begin = i;
    while (i < to && code !== 32 && code !== 9) code = text.charCodeAt(++i);
    fields.push(text.slice(begin, i));
  }
}

/** Reads the sample line `text[start, end)`. The name decision of the previous line is reused when it repeats. */
class LineReader {
  private lastName = "";
  private lastWanted = false;

  constructor(
    private readonly wanted: ReadonlySet<string> | null,
    private readonly onSample: (sample: PrometheusSample) => void,
    private readonly keepLabels: readonly string[] | null,
  ) {}

  private readonly backslash: BackslashCursor = { at: -1 };

  /** A new text (chunk) is about to be read: forget where the last one's next backslash was. */
  startText(): void {
    this.backslash.at = -1;
  }

  read(text: string, start: number, end: number): void {
    if (start >= end) return; // empty line
    const first = text.charCodeAt(start);
    if (first === 35) return; // a # HELP / # TYPE / comment line
    let name: string;
    let nameEnd: number;
    const last = this.lastName;
    const after = start + last.length;
    const next = text.charCodeAt(after);
    if (last !== "" && after <= end && (after === end || next === 123 || next === 32 || next === 9) && text.startsWith(last, start)) {
      name = last;
      nameEnd = after;
      if (!this.lastWanted) return;
    } else {
      nameEnd = start;
      for (; nameEnd < end; nameEnd++) {
        const code = text.charCodeAt(nameEnd);
        if (code === 123 || code === 32 || code === 9) break; // "{", space, tab
      }
      name = text.slice(start, nameEnd);
      this.lastName = name;
      this.lastWanted = !this.wanted || this.wanted.has(name);
      if (!this.lastWanted) return;
    }
    let labels: Record<string, string> = {};
    let i = nameEnd;
    if (text.charCodeAt(i) === 123) [labels, i] = parseLabels(text, i, end, this.keepLabels, this.backslash);
    const rest = fieldsOf(text, i, end);
    const value = parseValue(rest[0] ?? "");
    const timestampMs = rest.length > 1 ? Number(rest[1]) : null;
    if (timestampMs !== null && !Number.isFinite(timestampMs)) throw new PrometheusParseError(`not a timestamp in: ${text.slice(start, Math.min(end, start + 80))}`);
    this.onSample({ name, labels, value, timestampMs });
  }
}

/**
 * Feed it chunks as they arrive (`push`), then `end()`. `wanted`: the sample names to keep (null keeps all);
 * `options.labels`: the label names to keep on them (all unless given), so a reader that needs four of cAdvisor's
 * nine labels does not copy the long ones (id, image, name) out of every line.
 */
export class PrometheusTextParser {
  private carry = "";
  private readonly reader: LineReader;

  constructor(wanted: ReadonlySet<string> | null, onSample: (sample: PrometheusSample) => void, options: { labels?: ReadonlySet<string> } = {}) {
    this.reader = new LineReader(wanted, onSample, options.labels ? [...options.labels] : null);
  }

  push(chunk: string): void {
    const text = this.carry === "" ? chunk : this.carry + chunk;
    this.reader.startText();
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf("\n", start)) >= 0) {
      const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.reader.read(text, start, end);
      start = newline + 1;
    }
    this.carry = start < text.length ? text.slice(start) : "";
  }

  end(): void {
    this.reader.startText();
    if (this.carry) this.reader.read(this.carry, 0, this.carry.length);
    this.carry = "";
  }
}

/** The whole text at once. */
export function parsePrometheusText(text: string, wanted: ReadonlySet<string> | null, onSample: (sample: PrometheusSample) => void): void {
  const parser = new PrometheusTextParser(wanted, onSample);
  parser.push(text);
  parser.end();
}
