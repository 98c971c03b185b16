// `npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--from s] [--to s] [--top n] [--timeline regex]`
// Where a process's time went, from the .cpuprofile `node --cpu-prof` writes (the sim benchmark passes it to the
// simulator with BENCH_SIM_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"). --from/--to cut a window in seconds since
// the process started, so one phase of a run (creation, lists, watch fan-out) can be read on its own. Prints
// self time by function, inclusive time by function and self time by source file; with --timeline, the busy
// milliseconds of each second and how many of them were spent under a function or file matching the regex.
import fs from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: "string", default: "0" }, to: { type: "string", default: "1e9" }, top: { type: "string", default: "30" }, timeline: { type: "string" } },
});
if (positionals.length !== 1) {
  console.error("usage: npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--from s] [--to s] [--top n] [--timeline regex]");
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(positionals[0], "utf8")) as Profile;
const from = Number(values.from);
const to = Number(values.to);
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const shortUrl = (url: string) => url.replace(/^.*\/(sim|bench|node_modules)\//, "$1/");
const label = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"} ${shortUrl(n.callFrame.url)}`.trim();
const fileOf = (n: ProfileNode) => (n.callFrame.url ? shortUrl(n.callFrame.url).replace(/^node:internal\/.*/, "node:internal") : n.callFrame.functionName.startsWith("(") ? n.callFrame.functionName : `native ${n.callFrame.functionName}`);

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
const byFile = new Map<string, number>();
const timelinePattern = values.timeline ? new RegExp(values.timeline) : undefined;
const underPattern = new Map<number, boolean>();
const isUnder = (id: number): boolean => {
  let hit = underPattern.get(id);
  if (hit === undefined) {
    const n = byId.get(id)!;
    const parent = parentOf.get(id);
    hit = timelinePattern!.test(`${n.callFrame.functionName} ${n.callFrame.url}`) || (parent !== undefined && isUnder(parent));
    underPattern.set(id, hit);
  }
  return hit;
};
const seconds: { busy: number; matched: number }[] = [];
let busy = 0;
let idle = 0;
let t = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  const at = t / 1e6;
  if (at < from || at > to) continue;
  const ms = profile.timeDeltas[i] / 1000;
  const node = byId.get(profile.samples[i])!;
  if (node.callFrame.functionName === "(idle)") {
    idle += ms;
    continue;
  }
  busy += ms;
  add(self, label(node), ms);
  add(byFile, fileOf(node), ms);
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
    const l = label(byId.get(id)!);
    if (!seen.has(l)) add(inclusive, l, ms);
    seen.add(l);
  }
  if (timelinePattern) {
    const s = (seconds[Math.floor(at)] ??= { busy: 0, matched: 0 });
    s.busy += ms;
    if (isUnder(node.id)) s.matched += ms;
  }
}

const print = (title: string, m: Map<string, number>) => {
  console.log(`--- ${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(0).padStart(8)} ms  ${k}`);
};
console.log(`profile spans ${(t / 1e6).toFixed(1)} s; window ${from}–${Math.min(to, t / 1e6).toFixed(1)} s: busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms`);
print("self time by function", self);
print("inclusive time by function", inclusive);
print("self time by file", byFile);
if (timelinePattern) {
  console.log(`--- per second: busy ms / ms under /${values.timeline}/`);
  seconds.forEach((s, i) => s && console.log(`${String(i).padStart(4)} s  ${s.busy.toFixed(0).padStart(5)} / ${s.matched.toFixed(0)}`));
}
