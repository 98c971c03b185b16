// `npm run bench -- <name> [args…]`: runs bench/<name>.bench.ts, whose default export returns the measured
// figures; writes bench/results/<name>.json and a short markdown table (figure, value, target, machine).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The target, e.g. { op: "<=", value: 20 }. */
  target?: { op: "<=" | ">="; value: number };
}

export interface BenchResult {
  figures: BenchFigure[];
  /** What was measured and how, in a sentence or two. */
  notes?: string;
  parameters?: Record<string, unknown>;
}

const name = process.argv[2];
const benchDir = import.meta.dirname;
const available = fs.readdirSync(benchDir).filter((f) => f.endsWith(".bench.ts")).map((f) => f.replace(/\.bench\.ts$/, ""));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(", ") || "(none yet)"}`);
  process.exit(2);
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
const started = new Date();
const benchModule = await import(pathToFileURL(path.join(benchDir, `${name}.bench.ts`)).href);
const result: BenchResult = await benchModule.default(process.argv.slice(3));

const met = (f: BenchFigure) => (f.target ? (f.target.op === "<=" ? f.value <= f.target.value : f.value >= f.target.value) : undefined);
const record = { name, startedAt: started.toISOString(), finishedAt: new Date().toISOString(), machine, ...result, figures: result.figures.map((f) => ({ ...f, met: met(f) })) };
fs.mkdirSync(path.join(benchDir, "results"), { recursive: true });
fs.writeFileSync(path.join(benchDir, "results", `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
const rows = result.figures.map((f) => {
  const target = f.target ? `${f.target.op} ${f.target.value} ${f.unit}` : "—";
  const verdict = met(f) === undefined ? "" : met(f) ? "met" : "**missed**";
  return `| ${f.name} | ${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)} ${f.unit} | ${target} | ${verdict} |`;
});
const markdown = [`# Benchmark: ${name}`, "", `Machine: ${machine}. Run ${started.toISOString()}.`, "", ...(result.notes ? [result.notes, ""] : []), "| figure | value | target | |", "|---|---|---|---|", ...rows, ""].join("\n");
fs.writeFileSync(path.join(benchDir, "results", `${name}.md`), markdown);
console.log(markdown);
