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

/** Reads `{a="x",b="y\"z"}` starting at `start` (the "{"); returns the labels and the index after "}". */
function parseLabels(line: string, start: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = start + 1;
  for (;;) {
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 44) i++; // spaces and commas between labels
    if (line[i] === "}") return [labels, i + 1];
    const eq = line.indexOf("=", i);
    if (eq < 0) throw new PrometheusParseError(`a label without a value in: ${line.slice(0, 80)}`);
    const name = line.slice(i, eq).trim();
    if (line[eq + 1] !== '"') throw new PrometheusParseError(`label ${name} is not quoted in: ${line.slice(0, 80)}`);
    i = eq + 2;
    let value = "";
    let from = i;
    for (;;) {
      const code = line.charCodeAt(i);
      if (Number.isNaN(code)) throw new PrometheusParseError(`an unterminated label value in: ${line.slice(0, 80)}`);
      if (code === 34) break; // closing quote
      if (code === 92) {
        // backslash escapes: \\ \" \n
        value += line.slice(from, i);
        const next = line[i + 1];
        value += next === "n" ? "\n" : next;
        i += 2;
        from = i;
        continue;
      }
      i++;
    }
    labels[name] = value + line.slice(from, i);
    i++;
  }
}

function parseLine(line: string, wanted: ReadonlySet<string> | null, onSample: (sample: PrometheusSample) => void): void {
  const first = line.charCodeAt(0);
  if (Number.isNaN(first) || first === 35) return; // empty, or a # HELP / # TYPE / comment line
  let nameEnd = 0;
  for (; nameEnd < line.length; nameEnd++) {
    const code = line.charCodeAt(nameEnd);
    if (code === 123 || code === 32 || code === 9) break; // "{", space, tab
  }
  const name = line.slice(0, nameEnd);
  if (wanted && !wanted.has(name)) return;
  let labels: Record<string, string> = {};
  let i = nameEnd;
  if (line[i] === "{") [labels, i] = parseLabels(line, i);
  const rest = line.slice(i).trim().split(/[ \t]+/);
  const value = parseValue(rest[0] ?? "");
  const timestampMs = rest.length > 1 ? Number(rest[1]) : null;
  if (timestampMs !== null && !Number.isFinite(timestampMs)) throw new PrometheusParseError(`not a timestamp in: ${line.slice(0, 80)}`);
  onSample({ name, labels, value, timestampMs });
}

/** Feed it chunks as they arrive (`push`), then `end()`. `wanted`: the sample names to keep (null keeps all). */
export class PrometheusTextParser {
  private carry = "";

  constructor(
    private readonly wanted: ReadonlySet<string> | null,
    private readonly onSample: (sample: PrometheusSample) => void,
  ) {}

  push(chunk: string): void {
    let text = this.carry + chunk;
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf("\n", start)) >= 0) {
      const end = text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      parseLine(text.slice(start, end), this.wanted, this.onSample);
      start = newline + 1;
    }
    this.carry = text.slice(start);
    text = "";
  }

  end(): void {
    if (this.carry) parseLine(this.carry, this.wanted, this.onSample);
    this.carry = "";
  }
}

/** The whole text at once. */
export function parsePrometheusText(text: string, wanted: ReadonlySet<string> | null, onSample: (sample: PrometheusSample) => void): void {
  const parser = new PrometheusTextParser(wanted, onSample);
  parser.push(text);
  parser.end();
}
